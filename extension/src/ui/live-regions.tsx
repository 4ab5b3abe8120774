import type { ReactNode } from "react";
import "./live-regions.css";

/**
 * What a form says about its last action, as screen readers hear it: one `role=status` region
 * (polite: saved, queued, busy) and one `role=alert` region (assertive: refused, not sent, a field
 * to correct), both always in the page; only their text changes. A region that appears with its
 * text already in it, or an element whose role turns from status to alert, is missed by some
 * screen readers. Empty regions take no room. `testId` names the pair, so a test reads whichever
 * speaks. `alertKey` changes when the same alert must be said again (the same error after
 * another press): its text is put in anew, which screen readers announce.
 */
export function LiveRegions({
  status,
  alert,
  alertKey,
  testId,
  className,
}: {
  status?: ReactNode;
  alert?: ReactNode;
  alertKey?: string | number;
  testId?: string;
  className?: string;
}) {
  return (
    <div className={className ? `live-regions ${className}` : "live-regions"} data-testid={testId}>
      <div className="live-region" role="status">
        {status || null}
      </div>
      <div className="live-region" role="alert">
        {alert ? <div key={alertKey}>{alert}</div> : null}
      </div>
    </div>
  );
}
