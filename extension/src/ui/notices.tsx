import { removeRejected, type RejectedItem, type SyncStatus } from "../lib/storage";
import { useT } from "./i18n-context";
import { Icon } from "./icons";

/** Why the data may be old or a write was refused: said plainly, with what to do next. */
export function Notices({ status, stale, rejected }: { status: SyncStatus; stale: boolean; rejected: RejectedItem[] }) {
  const t = useT();
  const kind = status.error?.kind;
  const problem =
    kind === "unauthorized" || kind === "bad-url"
      ? { text: t("authProblem"), tone: "error", settings: true }
      : kind === "forbidden"
        ? { text: t("forbiddenProblem"), tone: "error", settings: false }
        : kind
          ? { text: t("serviceUnreachable"), tone: "warning", settings: false }
          : stale
            ? { text: t("staleData"), tone: "warning", settings: false }
            : null;
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
