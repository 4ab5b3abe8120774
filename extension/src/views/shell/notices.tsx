import type { Translator } from "../../lib/i18n";
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
  return status.error?.code === "forbidden";
}

type Problem = { text: string; tone: "error" | "warning"; settings: boolean } | null;

/** The last refresh's error code in words, with the settings button when they are the fix. */
function syncProblem(code: string | undefined, stale: boolean, t: Translator): Problem {
  switch (code) {
    case undefined:
      return stale ? { text: t("staleData"), tone: "warning", settings: false } : null;
    case "unauthorized":
    case "bad_url":
      return { text: t("authProblem"), tone: "error", settings: true };
    case "wrong_host":
      return { text: t("wrongHostProblem"), tone: "error", settings: true };
    case "too_many_attempts":
      return { text: t("tooManyAttemptsProblem"), tone: "warning", settings: false };
    case "network":
    case "bad_response":
      return { text: t("serviceUnreachable"), tone: "warning", settings: false };
    default:
      return { text: t("serviceTrouble"), tone: "warning", settings: false };
  }
}
