import { type FormEvent, useState } from "react";
import type { DeliveryOutcome } from "../features/outbox";
import { useT } from "./i18n-context";
import { fieldErrorsOf } from "./outcome";

type Parsed<Input> = { success: true; data: Input } | { success: false; error: { issues: { path: PropertyKey[]; code: string }[] } };

/**
 * A form that writes through the outbox (quick-add, proposal): validate with zod, show the errors
 * in the chosen language, send, then start over with a new UUID. The UUID is made with the form
 * and kept until the write is delivered or queued, so a double click or a retry after a failure
 * is the same write (its outbox key is the UUID: docs/extension.md, "Data flow").
 */
export function useOutboxForm<Input>({
  parse,
  send,
  reset,
}: {
  /** The form's values with this UUID, through the schema's safeParse. */
  parse: (id: string) => Parsed<Input>;
  send: (input: Input) => Promise<DeliveryOutcome>;
  /** Clears the fields once the write is delivered or safely queued. */
  reset: () => void;
}) {
  const t = useT();
  const [id, setId] = useState(() => crypto.randomUUID());
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<DeliveryOutcome | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const parsed = parse(id);
    if (!parsed.success) {
      const keys = fieldErrorsOf(parsed.error.issues);
      setErrors(Object.fromEntries(Object.entries(keys).map(([field, key]) => [field, t(key)])));
      setOutcome(null);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const result = await send(parsed.data);
      setOutcome(result);
      if (result.kind === "rejected") {
        setErrors(result.fields);
        // The id names another record on the service: the same form, sent again, needs a new one.
        if (result.code === "id_conflict") setId(crypto.randomUUID());
      } else {
        // Delivered or safely queued: the next one is a new write, with a new id.
        setId(crypto.randomUUID());
        reset();
      }
    } finally {
      setBusy(false);
    }
  }

  return { errors, busy, outcome, submit };
}
