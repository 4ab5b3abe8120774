import { type FormEvent, type ReactNode, useEffect, useRef } from "react";
import type { DeliveryOutcome } from "../features/outbox";
import { useT } from "./i18n-context";
import { Icon } from "./icons";
import { Outcome } from "./outcome";
import { useFocusInvalid } from "./use-focus-invalid";
import "./outbox-form.css";

/**
 * The frame of a form that writes through the outbox (quick-add, proposal): its fields, then the
 * submit button and what became of the last write. State and submit come from useOutboxForm.
 *
 * The accessibility every form built on it gets (docs/extension.md, "Accessibility"): the
 * submit button is never disabled, so it keeps the focus while the write runs (busy is
 * aria-disabled, and useOutboxForm ignores the repeats); a press that comes back with fields to
 * correct focuses the first of them and says the errors in the form's alert region; the form's
 * status and alert regions (Outcome) are always in the page, the same elements before and after
 * the write, only their text changes.
 *
 * Once the write is delivered or queued (`done`), the confirmation takes the form's place, in view
 * and focused: below the form, at the end of a 600 px popup whose meeting card may be unfolded, it
 * was out of sight, and the cleared form looked as if nothing had happened. "Aggiungi un'altra"
 * (`onAgain`) brings the empty form back, its first field focused.
 */
export function OutboxForm({
  labelledBy,
  testId,
  onSubmit,
  busy,
  submitLabel,
  outcome,
  done,
  onAgain,
  savedDetail,
  outcomeTestId,
  errors,
  refusals,
  children,
}: {
  labelledBy: string;
  testId?: string;
  onSubmit: (event: FormEvent) => void;
  busy: boolean;
  submitLabel: string;
  outcome: DeliveryOutcome | null;
  done: boolean;
  onAgain: () => void;
  savedDetail: string;
  outcomeTestId: string;
  /** The fields' errors of the last press, by field: said together in the alert region. */
  errors: Partial<Record<string, string>>;
  /** How many presses came back with fields to correct (useOutboxForm): each focuses the first. */
  refusals: number;
  children: ReactNode;
}) {
  const t = useT();
  const form = useRef<HTMLFormElement>(null);
  const confirmation = useRef<HTMLDivElement>(null);
  // The form came back from the confirmation (not its first showing, which the add panel focuses).
  const returning = useRef(false);

  useEffect(() => {
    if (done) {
      returning.current = true;
      const element = confirmation.current;
      if (!element) return;
      element.focus({ preventScroll: true });
      element.scrollIntoView({ block: "nearest" });
      return keepInView(element);
    }
    if (returning.current) {
      returning.current = false;
      const first = form.current?.querySelector<HTMLElement>("input, textarea, select");
      first?.focus({ preventScroll: true });
      form.current?.scrollIntoView({ block: "nearest" });
    }
  }, [done]);

  useFocusInvalid(form, refusals);

  const problem = Object.values(errors).filter(Boolean).join(" ");
  return (
    <div className="outbox-frame">
      {done ? null : (
        <form ref={form} className="outbox-form" onSubmit={onSubmit} noValidate aria-labelledby={labelledBy} data-testid={testId}>
          {children}
          <div className="form-footer">
            {/* Not disabled: a disabled button loses the focus, which falls to the page's top. */}
            <button type="submit" className="button button-primary" aria-disabled={busy || undefined}>
              {busy ? t("formSubmitting") : submitLabel}
            </button>
          </div>
        </form>
      )}
      {/* The same element before and after the write, so its live regions stay the same too. */}
      <div
        className={done ? "outbox-done" : "outbox-result"}
        ref={confirmation}
        tabIndex={done ? -1 : undefined}
        data-testid={done ? "outbox-done" : undefined}
      >
        <Outcome outcome={outcome} savedDetail={savedDetail} testId={outcomeTestId} problem={problem} problemKey={refusals} />
        {done ? (
          <button type="button" className="button button-secondary" onClick={onAgain}>
            <Icon name="plus" />
            {t("formAddAnother")}
          </button>
        ) : null}
      </div>
    </div>
  );
}

/** What ends keepInView: the person scrolling, clicking or typing, who then decides what is in view. */
const USER_EVENTS = ["wheel", "pointerdown", "keydown", "touchstart"] as const;

/**
 * Keeps the confirmation in view while what is above it grows: the new proposal joins the
 * meeting's list, and the practice the form's check for duplicates, as the cached snapshot catches
 * up a moment after the write, and would push it out of sight again. Until the person does
 * something; returns the cleanup.
 */
function keepInView(element: HTMLElement): () => void {
  if (typeof IntersectionObserver !== "function") return () => {};
  const watch = new IntersectionObserver(
    ([entry]) => {
      if (entry && entry.intersectionRatio < 1) element.scrollIntoView({ block: "nearest" });
    },
    { threshold: 1 },
  );
  watch.observe(element);
  const stop = () => {
    watch.disconnect();
    for (const type of USER_EVENTS) window.removeEventListener(type, stop, true);
  };
  for (const type of USER_EVENTS) window.addEventListener(type, stop, { capture: true, passive: true });
  return stop;
}
