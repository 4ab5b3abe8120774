import type { Attendance, AttendanceAnswer, Me, Meeting } from "@rete-urp/shared";
import { answeredBeforeMove } from "@rete-urp/shared/schema-free";
import { type FormEvent, useEffect, useRef, useState } from "react";
import type { DeliveryOutcome } from "../../features/outbox";
import { submit } from "../../features/submit";
import type { OutboxItem } from "../../lib/storage";
import { useT } from "../../ui/i18n-context";
import { Pending } from "../../ui/pending";
import { useFocusInvalid } from "../../ui/use-focus-invalid";
import "./attendance-panel.css";

type AttendanceItem = Extract<OutboxItem, { kind: "attendance" }>;

interface Answer {
  answer: AttendanceAnswer;
  delegate: string;
  pending: boolean;
  /** Given before the coordinator moved the meeting: it was for another day, so ask again. */
  beforeMove: boolean;
}

/**
 * My answer as the popup should show it: the unsent one first, then the one just delivered (the
 * cached snapshot catches up a moment later), else what the service has.
 */
function myAnswer(
  meeting: Meeting,
  me: Me,
  answers: Attendance[],
  pending: AttendanceItem | undefined,
  sent: Answer | null,
): Answer | null {
  if (pending) return { answer: pending.input.answer, delegate: pending.input.delegate ?? "", pending: true, beforeMove: false };
  if (sent) return sent;
  const email = me.email.toLowerCase();
  const stored = answers.find((answer) => answer.meetingId === meeting.id && answer.email.toLowerCase() === email);
  return stored
    ? { answer: stored.answer, delegate: stored.delegate, pending: false, beforeMove: answeredBeforeMove(meeting, stored.updatedAt) }
    : null;
}

/**
 * "La tua presenza" for the next meeting: Partecipo / Non partecipo / Delego a… (a name field
 * appears for Delego). One click sends it through the outbox, keyed by meeting, so only my
 * latest answer waits when the service is down.
 *
 * A button shows as chosen (pressed) only for the answer the service has, or has just taken:
 * not for "Delego a…" while its name is being typed (it only opens the field: expanded), nor for
 * an answer waiting in the outbox, which is marked as waiting (a dashed border in the waiting
 * colour, the button described by the line under the buttons that says "in attesa di invio")
 * until it is delivered. No icon in the button: three answers just fit the 400 px in English.
 */
export function AttendancePanel({
  meeting,
  me,
  answers,
  outbox,
}: {
  meeting: Meeting;
  me: Me;
  answers: Attendance[];
  outbox: OutboxItem[];
}) {
  const t = useT();
  const pending = outbox.find((item): item is AttendanceItem => item.kind === "attendance" && item.meetingId === meeting.id);
  const [sent, setSent] = useState<Answer | null>(null);
  const current = myAnswer(meeting, me, answers, pending, sent);
  const [choosingDelegate, setChoosingDelegate] = useState(false);
  const [delegate, setDelegate] = useState(current?.answer === "delegate" ? current.delegate : "");
  const [error, setError] = useState("");
  const [outcome, setOutcome] = useState<DeliveryOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  // Busy buttons stay enabled, so they keep the focus: presses meanwhile are ignored.
  const running = useRef(false);
  // "Invia delega" refused for its name: the field takes the focus (useFocusInvalid).
  const [refusals, setRefusals] = useState(0);
  const delegateForm = useRef<HTMLFormElement>(null);
  const delegateButton = useRef<HTMLButtonElement>(null);
  useFocusInvalid(delegateForm, refusals);
  const showDelegate = choosingDelegate || (current?.answer === "delegate" && !outcome);
  // A queued answer is shown as waiting until the outbox's item shows up; from then on the item
  // says it (and, once it is delivered, the cached snapshot, which the outbox updates).
  useEffect(() => {
    if (pending && sent?.pending) setSent(null);
  }, [pending, sent]);

  async function send(answer: AttendanceAnswer, delegateName?: string) {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      // The background worker checks it (the shared schema), queues it and sends it (features/submit.ts).
      const values = answer === "delegate" ? { answer, delegate: delegateName } : { answer };
      const result = await submit({ kind: "attendance", meetingId: meeting.id, values });
      if (result.kind === "invalid") {
        // The only answer the schema can refuse from these buttons: "Delego a…" with no name.
        setError(t("attendanceDelegateRequired"));
        setRefusals((count) => count + 1);
        return;
      }
      setError("");
      setOutcome(result);
      if (result.kind === "delivered" || result.kind === "queued") {
        // What was stored is what the schema made of it: the name trimmed, as the service keeps it.
        const delegateShown = answer === "delegate" ? (delegateName ?? "").trim() : "";
        setSent({ answer, delegate: delegateShown, pending: result.kind === "queued", beforeMove: false });
        // The name field goes away with "Invia delega", which had the focus: "Delego a…", now
        // the answer given, takes it (the status line says to whom).
        if (answer === "delegate") delegateButton.current?.focus();
        setChoosingDelegate(false);
      }
    } finally {
      running.current = false;
      setBusy(false);
    }
  }

  function submitDelegate(event: FormEvent) {
    event.preventDefault();
    void send("delegate", delegate);
  }

  // What went wrong with the last press: refused by the service, never sent, or no name to delegate to.
  const problem = error
    ? `${t("resultRejected")} · ${error}`
    : outcome?.kind === "rejected"
      ? outcome.message
      : outcome?.kind === "not_sent"
        ? t("errorNotSent")
        : "";
  const labels: Record<AttendanceAnswer, string> = { yes: t("attendanceYes"), no: t("attendanceNo"), delegate: t("attendanceDelegate") };
  // Pressed: the answer the service has. One still in the outbox is marked as waiting instead, and
  // one for the old date is shown in words, with no button pressed until it is given again.
  const stored = current && !current.pending && !current.beforeMove ? current : null;
  const waiting = current?.pending ? current.answer : null;
  const buttonState = (answer: AttendanceAnswer) => ({
    "aria-pressed": stored?.answer === answer,
    // The line under the buttons says "in attesa di invio".
    "aria-describedby": waiting === answer ? "attendance-status" : undefined,
    className: waiting === answer ? "segment segment-pending" : "segment",
  });

  return (
    <section className="attendance" aria-labelledby="attendance-heading" data-testid="attendance">
      <h3 id="attendance-heading" className="section-heading">
        {t("attendanceHeading")}
      </h3>
      {/* biome-ignore lint/a11y/useSemanticElements: a fieldset would need a legend that repeats the heading above; the group is labelled by it. */}
      <div className="segmented" role="group" aria-labelledby="attendance-heading">
        {(["yes", "no"] as const).map((answer) => (
          <button
            key={answer}
            type="button"
            {...buttonState(answer)}
            aria-disabled={busy || undefined}
            onClick={() => {
              if (running.current) return;
              setChoosingDelegate(false);
              void send(answer);
            }}
          >
            {labels[answer]}
          </button>
        ))}
        <button
          ref={delegateButton}
          type="button"
          {...buttonState("delegate")}
          // It opens the name field; the delegation is chosen once "Invia delega" sends it.
          aria-expanded={showDelegate}
          aria-controls={showDelegate ? "attendance-delegate-form" : undefined}
          aria-disabled={busy || undefined}
          onClick={() => {
            if (!running.current) setChoosingDelegate(true);
          }}
        >
          {labels.delegate}
        </button>
      </div>
      {showDelegate ? (
        <form ref={delegateForm} className="delegate-form" id="attendance-delegate-form" onSubmit={submitDelegate} noValidate>
          <div className="field">
            <label htmlFor="attendance-delegate">{t("attendanceDelegateLabel")}</label>
            <div className="input-with-button">
              <input
                id="attendance-delegate"
                name="delegate"
                value={delegate}
                autoComplete="name"
                onChange={(event) => setDelegate(event.target.value)}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? "attendance-delegate-error" : undefined}
                maxLength={200}
              />
              <button type="submit" className="button button-primary" aria-disabled={busy || undefined}>
                {t("attendanceDelegateSubmit")}
              </button>
            </div>
            {error ? (
              <p className="field-error" id="attendance-delegate-error">
                {error}
              </p>
            ) : null}
          </div>
        </form>
      ) : null}
      {/* Two live regions, always there (ui/live-regions.tsx): my answer politely, what went wrong as an alert. */}
      <p className="attendance-status" role="status" data-testid="attendance-status">
        {current ? (
          <>
            <span>
              {current.answer === "delegate"
                ? t("attendanceYoursDelegate", current.delegate)
                : t("attendanceYours", labels[current.answer])}
            </span>
            {current.pending ? <Pending /> : null}
            {current.beforeMove ? (
              <strong className="attendance-confirm" data-testid="attendance-confirm">
                {" "}
                {t("attendanceBeforeMove")}
              </strong>
            ) : null}
          </>
        ) : (
          <span className="muted">{t("attendanceNone")}</span>
        )}
      </p>
      <p className="attendance-alert" role="alert" data-testid="attendance-alert">
        {problem ? (
          <span key={refusals} className="text-error">
            {problem}
          </span>
        ) : null}
      </p>
    </section>
  );
}
