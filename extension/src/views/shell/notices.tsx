import type { Translator } from "../../lib/i18n";
import { knownCode } from "../../lib/service-error";
import { type RejectedItem, removeRejected, type SyncStatus } from "../../lib/storage";
import { useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import "./notices.css";

/** Why the data may be old or a write was refused: said plainly, with what to do next. */
export function Notices({ status, stale, rejected }: { status: SyncStatus; stale: boolean; rejected: RejectedItem[] }) {
  const t = useT();
  // Access removed (403): the referent was deactivated in the sheet. Said as what happened and
  // what to do, in place of the popup's views, which popup.tsx leaves out meanwhile.
  if (isAccessRemoved(status)) {
    return (
      <section className="notice notice-error access-removed" role="alert" aria-labelledby="access-removed-title" data-testid="sync-notice">
        <Icon name="alert" />
        <div>
          <h2 id="access-removed-title">{t("accessRemovedTitle")}</h2>
          <p>{t("forbiddenProblem")}</p>
          <p>{t("accessRemovedHidden")}</p>
        </div>
      </section>
    );
  }
  const problem = syncProblem(status.error?.code, stale, t);
  return (
    <>
      {problem ? (
        <div className={`notice notice-${problem.tone}`} role="status" data-testid="sync-notice">
          <Icon name="alert" />
          <span>{problem.text}</span>
          {problem.settings ? (
            <button type="button" className="link-button" onClick={() => chrome.runtime.openOptionsPage()}>
              {t("openSettings")}
            </button>
          ) : null}
        </div>
      ) : null}
      {rejected.map((item) => (
        <div key={item.input.id} className="notice notice-error" role="alert">
          <Icon name="alert" />
          <span>{t("rejectedNotice", item.input.title || t("attendanceHeading"), item.message)}</span>
          <button type="button" className="link-button" onClick={() => void removeRejected(item.input.id)}>
            {t("dismiss")}
          </button>
        </div>
      ))}
    </>
  );
}

/** The last refresh was refused with 403: the token's owner is no longer an active referent. */
export function isAccessRemoved(status: SyncStatus): boolean {
  return knownCode(status.error?.code) === "forbidden";
}

type Problem = { text: string; tone: "error" | "warning"; settings: boolean } | null;

/**
 * The last refresh's error code in words, with the settings button when they are the fix. Every
 * code is decided here: a new one does not compile until it is.
 */
function syncProblem(stored: string | undefined, stale: boolean, t: Translator): Problem {
  if (stored === undefined) return stale ? { text: t("staleData"), tone: "warning", settings: false } : null;
  const code = knownCode(stored);
  switch (code) {
    case "unauthorized":
    case "bad_url":
      return { text: t("authProblem"), tone: "error", settings: true };
    case "wrong_host":
      return { text: t("wrongHostProblem"), tone: "error", settings: true };
    case "insecure_url":
      return { text: t("insecureUrlProblem"), tone: "error", settings: true };
    case "too_many_attempts":
      return { text: t("tooManyAttemptsProblem"), tone: "warning", settings: false };
    case "network":
    case "bad_response":
      return { text: t("serviceUnreachable"), tone: "warning", settings: false };
    // The service's own trouble, an answer a refresh should not get, a code this version does not
    // know (undefined); `forbidden` is said by the notice in place of the views (isAccessRemoved).
    case "internal":
    case "store_unavailable":
    case "journal_unavailable":
    case "forbidden":
    case "not_configured":
    case "invalid_request":
    case "not_coordinator":
    case "not_allowed_for_delegate":
    case "not_found":
    case "invitation_unknown":
    case "meeting_cancelled":
    case "not_addressed":
    case "id_conflict":
    case "invitation_used":
    case "invitation_expired":
    case "invitation_revoked":
    case "payload_too_large":
    case "write_rejected":
    case undefined:
      return { text: t("serviceTrouble"), tone: "warning", settings: false };
    default:
      return code satisfies never;
  }
}
