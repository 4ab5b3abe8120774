import { type FormEvent, useRef, useState } from "react";
import type { DeliveryOutcome } from "../features/outbox";
import { type Submission, submit as send } from "../features/submit";
import { knownCode } from "../lib/service-error";
import { useT } from "./i18n-context";
import { fieldErrorsOf } from "./outcome";

/**
 * A form that writes through the outbox (quick-add, proposal): its values go to the background
 * worker (features/submit.ts), which checks them with the shared schema, queues and sends them;
 * the schema's issues come back and are shown by field in the chosen language. Then it starts
 * over with a new UUID, and the form gives way to what became of the write (`done`) until
 * "Aggiungi un'altra" (`again`) brings it back, empty. The UUID is made with the form and kept
 * until the write is delivered or queued, so a double click or a retry after a failure is the
 * same write (its outbox key is the UUID: docs/extension.md, "Data flow"). When the worker could not be asked, nothing was stored:
 * the form keeps its content and its UUID, and says so.
 */
export function useOutboxForm({
  submission,
  reset,
}: {
  /** The write the form's values make, with this UUID (unchecked: the worker checks it). */
  submission: (id: string) => Submission;
  /** Clears the fields once the write is delivered or safely queued. */
  reset: () => void;
}) {
  const t = useT();
  const [id, setId] = useState(() => crypto.randomUUID());
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<DeliveryOutcome | null>(null);
  // Presses that came back with fields to correct: each one focuses the first (OutboxForm).
  const [refusals, setRefusals] = useState(0);
  // The button stays enabled while a write runs (it keeps the focus): a press then is ignored,
  // even one that comes before React has rendered the busy state.
  const running = useRef(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      const result = await send(submission(id));
      if (result.kind === "invalid") {
        const keys = fieldErrorsOf(result.issues);
        setErrors(Object.fromEntries(Object.entries(keys).map(([field, key]) => [field, t(key)])));
        setOutcome(null);
        setRefusals((count) => count + 1);
        return;
      }
      setOutcome(result);
      if (result.kind === "rejected") {
        setErrors(result.fields);
        if (Object.keys(result.fields).length > 0) setRefusals((count) => count + 1);
        // The id names another record on the service: the same form, sent again, needs a new one.
        if (knownCode(result.code) === "id_conflict") setId(crypto.randomUUID());
      } else if (result.kind === "not_sent") {
        // Nothing stored: the same values, the same id, for the next press.
        setErrors({});
      } else {
        // Delivered or safely queued: the next one is a new write, with a new id.
        setErrors({});
        setId(crypto.randomUUID());
        reset();
      }
    } finally {
      running.current = false;
      setBusy(false);
    }
  }

  /** The confirmation is read: the empty form again, for the next one. */
  function again() {
    setOutcome(null);
  }

  // Delivered or safely queued: the fields are cleared, and what became of it takes their place.
  const done = outcome?.kind === "delivered" || outcome?.kind === "queued";
  return { errors, refusals, busy, outcome, done, submit, again };
}
