import { type FormEvent, useRef, useState } from "react";
import type { Connection } from "../../lib/api";
import type { ExtensionPreferences } from "../../lib/storage";
import {
  type ConnectionField,
  connectAndSave,
  errorAfterEdit,
  type FieldErrors,
  fieldErrors,
  notSavedLine,
  trackPermission,
} from "./connect";
import { originPattern } from "./connection-check";
import type { Feedback } from "./feedback-line";

/**
 * The connection card's state: the two fields, their errors, and "Collega e salva" (connect.ts
 * says what it does). `saved` is the connection in use, which the calendar feed asks with: what
 * is typed but not yet accepted is nobody's connection.
 */
export function useConnectionForm(initial: ExtensionPreferences) {
  const [values, setValues] = useState<Connection>({ serviceUrl: initial.serviceUrl, token: initial.token });
  const [showToken, setShowToken] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<Connection | null>(
    initial.serviceUrl && initial.token ? { serviceUrl: initial.serviceUrl, token: initial.token } : null,
  );
  const inputs = { serviceUrl: useRef<HTMLInputElement>(null), token: useRef<HTMLInputElement>(null) };

  function edit(field: ConnectionField, value: string) {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => errorAfterEdit(current, field, value));
  }

  function focus(field: ConnectionField) {
    // After React has rendered the error the field is described by, so it is read with it.
    setTimeout(() => inputs[field].current?.focus());
  }

  function connect(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const problems = fieldErrors(values);
    const first = (["serviceUrl", "token"] as const).find((field) => problems[field]);
    if (first) {
      setErrors(problems);
      setFeedback({ tone: "error", text: notSavedLine(saved !== null) });
      focus(first);
      return;
    }
    // Asked first, synchronously inside the click: Chrome and Firefox grant it only during a
    // user gesture, and an await before it would end the gesture. Its answer is read when the
    // check is over (connect.ts says why it is not waited for).
    const permission = trackPermission(requestHostPermission(values.serviceUrl));
    setErrors({});
    setBusy(true);
    setFeedback({ tone: "busy", text: (t) => t("connecting") });
    void connectAndSave(values, permission)
      .then((outcome) => {
        if (outcome.saved) {
          setSaved(outcome.connection);
          setValues(outcome.connection);
          const who = `${outcome.me.firstName} ${outcome.me.lastName}`;
          setFeedback({ tone: "ok", text: (t) => t("connectedAndSaved", t("meLabel", who, outcome.me.ente)) });
          return;
        }
        if (outcome.field) {
          setErrors({ [outcome.field]: outcome.problem });
          setFeedback({ tone: "error", text: notSavedLine(outcome.keptPrevious) });
          focus(outcome.field);
        } else {
          setFeedback({ tone: "error", text: notSavedLine(outcome.keptPrevious, outcome.problem) });
        }
      })
      .catch(() => setFeedback({ tone: "error", text: notSavedLine(saved !== null, (t) => t("errorBadResponse")) }))
      .finally(() => setBusy(false));
  }

  return { values, edit, showToken, setShowToken, errors, inputs, connect, busy, feedback, saved };
}

function requestHostPermission(serviceUrl: string): Promise<boolean> {
  try {
    return chrome.permissions.request({ origins: [originPattern(serviceUrl)] });
  } catch {
    return Promise.resolve(false);
  }
}
