import type { Action } from "@rete-urp/shared";
import { useEffect, useRef, useState } from "react";
import type { DeliveryOutcome } from "../../features/outbox";
import { formatDate, formatDeadline, isPastDate } from "../../lib/format";
import { useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import { LiveRegions } from "../../ui/live-regions";
import { Pending } from "../../ui/pending";
import type { MarkDoneAction } from "./mark-done";
import "./action-item.css";

/** A row still without an ID in the sheet has a provisional one: nothing to mark done yet. */
const PROVISIONAL = "nuovo-";

/**
 * One action a meeting left to my ente: its text, the meeting that decided it, its deadline and
 * "Fatto" while it is to do; once done, who did it and when, and "in attesa di invio" while the
 * outbox still holds it. "Fatto" needs no confirmation: the coordinator can reopen it in the sheet.
 *
 * The focus never falls to the page: "Fatto" stays focusable while it works (busy is
 * `aria-disabled`, repeats ignored), and once it is done the line saying so takes the focus from
 * the button it replaces. The item's two live regions say what became of it.
 */
export function ActionItem({
  action,
  project = action.projectId,
  pending,
  now,
  onDone,
}: {
  action: Action;
  /** The project it belongs to, by its title when the Progetto cell names one of Progetti; the cell as written otherwise. */
  project?: string;
  pending: boolean;
  now: Date;
  onDone: MarkDoneAction;
}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const [outcome, setOutcome] = useState<DeliveryOutcome | null>(null);
  const doneLine = useRef<HTMLParagraphElement>(null);
  // Marked done here: the line that replaced "Fatto" takes the focus once React has rendered it.
  const [focusDone, setFocusDone] = useState(false);
  const done = action.status === "done" || pending || outcome?.kind === "delivered" || outcome?.kind === "queued";
  const overdue = !done && action.deadline !== "" && isPastDate(action.deadline, now);
  const error = outcome?.kind === "rejected" ? outcome.message : outcome?.kind === "not_sent" ? t("errorNotSent") : "";
  const textId = `action-text-${action.id}`;

  useEffect(() => {
    if (focusDone && done) doneLine.current?.focus();
    setFocusDone(false);
  }, [focusDone, done]);

  async function markDone() {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      const answer = await onDone(action.id, action.text);
      setOutcome(answer);
      if (answer?.kind === "delivered" || answer?.kind === "queued") setFocusDone(true);
    } finally {
      running.current = false;
      setBusy(false);
    }
  }

  return (
    <li className={overdue ? "list-item action action-overdue" : "list-item action"} data-testid="action">
      <h3 className="list-title" id={textId}>
        {action.text}
      </h3>
      {action.meetingDate || project ? (
        <p className="muted action-meeting">
          {[
            action.meetingDate ? t("actionFromMeeting", formatDate(action.meetingDate, t.locale)) : "",
            // A cell naming no project of Progetti is shown as the coordinator wrote it.
            project ? t("actionProject", project) : "",
          ]
            .filter(Boolean)
            .join(" · ")}
        </p>
      ) : null}
      {done ? (
        <p className="action-state" ref={doneLine} tabIndex={-1}>
          <span className="pill pill-confirmed">
            <Icon name="check" />
            {action.status === "done" && action.doneAt
              ? t("actionDoneOn", action.doneBy || "—", formatDate(action.doneAt, t.locale))
              : t("actionDoneShort")}
          </span>
          {pending || outcome?.kind === "queued" ? <Pending /> : null}
        </p>
      ) : (
        <div className="action-todo">
          {action.deadline ? (
            <span className={overdue ? "deadline deadline-overdue" : "deadline"} data-testid="action-deadline">
              <Icon name={overdue ? "alert" : "clock"} />
              {formatDeadline(action.deadline, now, t)}
            </span>
          ) : (
            <span className="muted">{t("actionNoDeadline")}</span>
          )}
          {action.id.startsWith(PROVISIONAL) ? null : (
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => void markDone()}
              aria-disabled={busy || undefined}
              aria-describedby={textId}
            >
              <Icon name="check" />
              {t("actionDoneButton")}
            </button>
          )}
        </div>
      )}
      <LiveRegions
        status={
          done && outcome ? <span className="visually-hidden">{t(outcome.kind === "queued" ? "resultQueued" : "resultSaved")}</span> : null
        }
        alert={error ? <p className="field-error">{error}</p> : undefined}
        testId={`action-outcome-${action.id}`}
      />
    </li>
  );
}
