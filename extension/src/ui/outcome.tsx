import type { ReactNode } from "react";
import type { DeliveryOutcome } from "../features/outbox";
import type { MessageKey } from "../lib/i18n";
import { knownCode, type ServiceErrorCode } from "../lib/service-error";
import { useT } from "./i18n-context";
import { Icon } from "./icons";
import { LiveRegions } from "./live-regions";
import "./outcome.css";

/**
 * The schema's issues (zod's, as the background worker sends them back: features/submit.ts) → our
 * own words, in the chosen language (the schemas' messages are Italian).
 */
export function fieldErrorsOf(issues: readonly { path: readonly PropertyKey[]; code: string }[]): Record<string, MessageKey> {
  const errors: Record<string, MessageKey> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "");
    if (errors[field]) continue;
    if (field === "title") errors[field] = issue.code === "too_big" ? "errorTooLong" : "errorTitleRequired";
    else if (field === "url") errors[field] = issue.code === "too_big" ? "errorTooLong" : "errorUrlHttp";
    else if (field === "text") errors[field] = issue.code === "too_big" ? "errorTooLong" : "errorTextRequired";
    else errors[field] = issue.code === "too_big" ? "errorTooLong" : "errorFieldInvalid";
  }
  return errors;
}

/**
 * What became of a write: saved, waiting in the outbox, refused (with the service's reason), or
 * not sent at all (the background worker could not take it: nothing stored, the form keeps it).
 * Said in the form's two live regions (LiveRegions): saved and waiting politely, refused and not
 * sent as an alert. `problem` is the form's own alert when there is no outcome to tell: the
 * errors of the fields to correct, after a press that sent nothing ("Non salvata · Scrivi un
 * titolo."); `problemKey` changes at each such press, so the same words are said again.
 */
export function Outcome({
  outcome,
  savedDetail,
  testId,
  problem,
  problemKey,
}: {
  outcome: DeliveryOutcome | null;
  savedDetail: string;
  testId: string;
  problem?: string | undefined;
  problemKey?: number;
}) {
  const t = useT();
  const said = outcomeLine(outcome, savedDetail, t);
  const alert =
    said?.alert ??
    (problem ? (
      <p className="outcome outcome-error">
        <Icon name="alert" />
        <span>
          <strong>{t("resultRejected")}</strong> · {problem}
        </span>
      </p>
    ) : null);
  return <LiveRegions testId={testId} status={said?.status} alert={alert} alertKey={problemKey} />;
}

function outcomeLine(
  outcome: DeliveryOutcome | null,
  savedDetail: string,
  t: ReturnType<typeof useT>,
): { status?: ReactNode; alert?: ReactNode } | null {
  if (!outcome) return null;
  if (outcome.kind === "delivered") {
    return {
      status: (
        <p className="outcome outcome-ok">
          <Icon name="check" />
          <span>
            <strong>{t("resultSaved")}</strong> · {savedDetail}
          </span>
        </p>
      ),
    };
  }
  if (outcome.kind === "queued") {
    return {
      status: (
        <p className="outcome outcome-queued">
          <Icon name="hourglass" />
          <span>
            <strong>{t("resultQueued")}</strong> · {t(queuedDetail(outcome.code))}
          </span>
        </p>
      ),
    };
  }
  if (outcome.kind === "not_sent") {
    return {
      alert: (
        <p className="outcome outcome-error">
          <Icon name="alert" />
          <span>
            <strong>{t("resultNotSent")}</strong> · {t("resultNotSentDetail")}
          </span>
        </p>
      ),
    };
  }
  return {
    alert: (
      <p className="outcome outcome-error">
        <Icon name="alert" />
        <span>
          {/* The service's reason names what is wrong; an id taken is ours to explain (a new one is ready). */}
          <strong>{t("resultRejected")}</strong> · {knownCode(outcome.code) === "id_conflict" ? t("resultIdConflict") : outcome.message}
        </span>
      </p>
    ),
  };
}

/** Why a write waits, by the code it failed with: what (if anything) the user should do. */
const QUEUED_DETAIL: Partial<Record<ServiceErrorCode, MessageKey>> = {
  network: "resultQueuedDetail",
  not_configured: "resultQueuedSettingsDetail",
  bad_url: "resultQueuedSettingsDetail",
  insecure_url: "resultQueuedSettingsDetail",
  unauthorized: "resultQueuedSettingsDetail",
  wrong_host: "resultQueuedSettingsDetail",
  forbidden: "resultQueuedForbiddenDetail",
};

/** The line for a queued write's code: any other code, or one this version does not know, waits for later. */
function queuedDetail(code: string): MessageKey {
  const known = knownCode(code);
  return (known && QUEUED_DETAIL[known]) ?? "resultQueuedLaterDetail";
}
