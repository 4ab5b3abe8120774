import type { TransportPolicy } from "@rete-urp/shared/schema-free";
import { type FormEvent, useRef, useState } from "react";
import type { Connection } from "../../lib/api";
import type { ExtensionPreferences } from "../../lib/storage";
import {
  type ConnectOutcome,
  connectAndSave,
  errorAfterEdit,
  type FieldErrors,
  type FormField,
  fieldErrors,
  invitationTarget,
  notSavedLine,
  redeemAndSave,
  trackPermission,
} from "./connect";
import { originPattern } from "./connection-check";
import type { Feedback } from "./feedback-line";

export type ConnectionValues = Connection & { invitation: string };

/**
 * The connection card's state: the invitation, the address and token under the disclosure
 * ("Ho già un token personale"), their errors, and "Collega e salva" (connect.ts says what it
 * does). What is pasted in "Invito" is used whenever there is something there, and also when the
 * disclosure is closed (then an empty field is the error); with nothing pasted and the disclosure
 * open, the address and token are. `preset` is the address IT set by policy: shown, not edited;
 * `policy` is IT's lab switch, which lets an http:// address on another machine through.
 * `saved` is the connection in use, which the calendar feed asks with: what is typed but not yet
 * accepted is nobody's connection.
 */
export function useConnectionForm(initial: ExtensionPreferences, preset: string | undefined, policy: TransportPolicy = {}) {
  const [values, setValues] = useState<ConnectionValues>({
    invitation: "",
    serviceUrl: preset ?? initial.serviceUrl,
    token: initial.token,
  });
  const [showToken, setShowToken] = useState(false);
  // Open once a token is saved: the page then shows the connection in use, and "Collega e salva"
  // with no invitation checks it again. A browser not yet connected sees only the invitation.
  const [tokenOpen, setTokenOpen] = useState(Boolean(initial.token));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<Connection | null>(
    initial.serviceUrl && initial.token ? { serviceUrl: initial.serviceUrl, token: initial.token } : null,
  );
  const inputs = {
    invitation: useRef<HTMLInputElement>(null),
    serviceUrl: useRef<HTMLInputElement>(null),
    token: useRef<HTMLInputElement>(null),
  };

  function edit(field: FormField, value: string) {
    if (field === "serviceUrl" && preset) return;
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => errorAfterEdit(current, field, value, policy));
  }

  function focus(field: FormField) {
    // A field under the closed disclosure is opened first, so its error is seen.
    if (field !== "invitation") setTokenOpen(true);
    // After React has rendered the error the field is described by, so it is read with it.
    setTimeout(() => inputs[field].current?.focus());
  }

  function refuse(problems: FieldErrors, first: FormField) {
    setErrors(problems);
    setFeedback({ tone: "error", text: notSavedLine(saved !== null) });
    focus(first);
  }

  function connect(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    // The host permission is asked for first, synchronously inside the click: Chrome and Firefox
    // grant it only during a user gesture, and an await before it would end the gesture. Its
    // answer is read when the service has answered (connect.ts says why it is not waited for).
    let outcome: Promise<ConnectOutcome>;
    if (values.invitation.trim() || !tokenOpen) {
      const target = invitationTarget(values.invitation, { preset, typed: values.serviceUrl }, policy);
      if ("error" in target) return refuse({ invitation: target.error }, "invitation");
      const permission = trackPermission(requestHostPermission(target.serviceUrl));
      outcome = redeemAndSave(target, permission);
    } else {
      const typed = { serviceUrl: preset ?? values.serviceUrl, token: values.token };
      const problems = fieldErrors(typed, policy);
      const first = (["serviceUrl", "token"] as const).find((field) => problems[field]);
      if (first) return refuse(problems, first);
      const permission = trackPermission(requestHostPermission(typed.serviceUrl));
      outcome = connectAndSave(typed, permission);
    }
    setErrors({});
    setBusy(true);
    setFeedback({ tone: "busy", text: (t) => t("connecting") });
    void outcome
      .then((outcome) => {
        if (outcome.saved) {
          setSaved(outcome.connection);
          setValues({ ...outcome.connection, invitation: "" });
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

  return { values, edit, showToken, setShowToken, tokenOpen, setTokenOpen, errors, inputs, connect, busy, feedback, saved, preset };
}

function requestHostPermission(serviceUrl: string): Promise<boolean> {
  try {
    return chrome.permissions.request({ origins: [originPattern(serviceUrl)] });
  } catch {
    return Promise.resolve(false);
  }
}
