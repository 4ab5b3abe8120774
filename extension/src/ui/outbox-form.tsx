import type { FormEvent, ReactNode } from "react";
import type { DeliveryOutcome } from "../features/outbox";
import { useT } from "./i18n-context";
import { Outcome } from "./outcome";
import "./outbox-form.css";

/**
 * The frame of a form that writes through the outbox (quick-add, proposal): its fields, then the
 * submit button and what became of the last write. State and submit come from useOutboxForm.
 */
export function OutboxForm({
  labelledBy,
  testId,
  onSubmit,
  busy,
  submitLabel,
  outcome,
  savedDetail,
  outcomeTestId,
  children,
}: {
  labelledBy: string;
  testId?: string;
  onSubmit: (event: FormEvent) => void;
  busy: boolean;
  submitLabel: string;
  outcome: DeliveryOutcome | null;
  savedDetail: string;
  outcomeTestId: string;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <form className="outbox-form" onSubmit={onSubmit} noValidate aria-labelledby={labelledBy} data-testid={testId}>
      {children}
      <div className="form-footer">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t("formSubmitting") : submitLabel}
        </button>
        <Outcome outcome={outcome} savedDetail={savedDetail} testId={outcomeTestId} />
      </div>
    </form>
  );
}
