import { formatInstantDate, formatTime } from "../../lib/format";
import type { Translator } from "../../lib/i18n";
import { type AccessLost, accessLostBy, knownCode } from "../../lib/service-error";
import { type OutboxItem, outboxKey, type RejectedItem, removeRejected, type SyncStatus } from "../../lib/storage";
import { useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import "./notices.css";

/**
 * Why the data may be old or a write was refused: said plainly, with what to do next. `outbox`:
 * what waits to be sent, listed when the service refuses access, since it will not be sent then.
 */
export function Notices({
  status,
  stale,
  rejected,
  outbox = [],
}: {
  status: SyncStatus;
  stale: boolean;
  rejected: RejectedItem[];
  outbox?: OutboxItem[];
}) {
  const t = useT();
  // Access refused: said as what happened and what to do, in place of the popup's views, which
  // popup.tsx leaves out meanwhile (the data is gone from storage: features/refresh-here.ts).
  const lost = accessLost(status);
  if (lost) {
    return (
      <>
        <AccessLostNotice lost={lost} />
        {outbox.length > 0 ? <UnsentItems outbox={outbox} /> : null}
      </>
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

/**
 * 403: the referent was deactivated in the sheet (Attivo = No), and may be reactivated. 401: the
 * token was revoked (or the service does not know it): a new invitation, pasted in the options.
 */
function AccessLostNotice({ lost }: { lost: AccessLost }) {
  const t = useT();
  return (
    <section className="notice notice-error access-removed" role="alert" aria-labelledby="access-removed-title" data-testid="sync-notice">
      <Icon name="alert" />
      <div>
        {lost === "removed" ? (
          <>
            <h2 id="access-removed-title">{t("accessRemovedTitle")}</h2>
            <p>{t("forbiddenProblem")}</p>
            <p>{t("accessRemovedHidden")}</p>
          </>
        ) : (
          <>
            <h2 id="access-removed-title">{t("accessRevokedTitle")}</h2>
            <p>{t("accessRevokedProblem")}</p>
            <p>{t("accessRevokedForgotten")}</p>
            <p>
              <button type="button" className="link-button" onClick={() => chrome.runtime.openOptionsPage()}>
                {t("accessRevokedOpenSettings")}
              </button>
            </p>
          </>
        )}
      </div>
    </section>
  );
}

/**
 * My writes that wait in the outbox, as plain text to read and copy: while access is refused they
 * are not sent (features/outbox.ts), and once it is back they go. Nothing here is a link: these
 * are records of what was written, not ways to act on it.
 */
function UnsentItems({ outbox }: { outbox: OutboxItem[] }) {
  const t = useT();
  return (
    <section className="card unsent" aria-labelledby="unsent-title" data-testid="unsent-items">
      <h2 id="unsent-title">{t("unsentTitle")}</h2>
      <p>{t("unsentExplained")}</p>
      <ul>
        {outbox.map((item) => {
          const { kind, lines } = describeUnsent(item, t);
          return (
            <li key={outboxKey(item)} data-testid="unsent-item">
              <p className="unsent-kind">
                <strong>{kind}</strong>
                {" · "}
                <span className="muted">
                  {t("unsentWrittenAt", formatInstantDate(item.queuedAt, t.locale), formatTime(item.queuedAt, t.locale))}
                </span>
              </p>
              {lines.map((line, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one item, fixed in number and order.
                <p key={index}>{line}</p>
              ))}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** What an unsent write is, and its own words: title, text, address, answer. */
function describeUnsent(item: OutboxItem, t: Translator): { kind: string; lines: string[] } {
  const present = (...lines: (string | undefined)[]) => lines.filter((line): line is string => Boolean(line?.trim()));
  switch (item.kind) {
    case "practice":
      return { kind: t("addKindPractice"), lines: present(item.input.title, item.input.url, item.input.description, item.input.excerpt) };
    case "proposal":
      return { kind: t("addKindProposal"), lines: present(item.input.title, item.input.description, item.input.url, item.input.excerpt) };
    case "attendance": {
      const { answer, delegate } = item.input;
      const said = answer === "yes" ? t("attendanceYes") : answer === "no" ? t("attendanceNo") : t("unsentDelegate", delegate ?? "");
      return { kind: t("attendanceHeading"), lines: [said] };
    }
    case "published":
      return { kind: t("unsentPublished"), lines: present(item.title, item.input.url) };
    case "action-done":
      return { kind: t("unsentActionDone"), lines: present(item.title) };
    case "project":
      return { kind: t("unsentProject"), lines: present(item.input.title, item.input.description, item.input.url) };
    case "project-update":
      return { kind: t("unsentProjectUpdate"), lines: present(item.projectTitle, item.input.text, item.input.url) };
  }
}

/** The last refresh was refused with 403: the token's owner is no longer an active referent. */
export function isAccessRemoved(status: SyncStatus): boolean {
  return knownCode(status.error?.code) === "forbidden";
}

/**
 * The last refresh was refused access: `removed` (403, not an active referent) or `revoked` (401,
 * the token revoked or unknown); undefined otherwise. The popup then shows the notice alone.
 */
export function accessLost(status: SyncStatus): AccessLost | undefined {
  return accessLostBy(status.error?.code);
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
    // know (undefined); `forbidden` and `unauthorized` are said by the notice in place of the
    // views (accessLost), so they do not reach here.
    case "internal":
    case "store_unavailable":
    case "journal_unavailable":
    case "forbidden":
    case "unauthorized":
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
