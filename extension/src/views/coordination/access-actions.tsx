import type { Access, Invitation, Referent } from "@rete-urp/shared";
import { useEffect, useRef, useState } from "react";
import { type Connection, createInvitation, revokeAccess } from "../../lib/api";
import { formatLongDate, formatTime } from "../../lib/format";
import type { MessageKey } from "../../lib/i18n";
import { ServiceError } from "../../lib/service-error";
import { useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import { LiveRegions } from "../../ui/live-regions";
import { describeCoordinationError } from "./coordination-error";

type Outcome = { tone: "ok" | "error"; text: string } | null;

/**
 * One referent's access: whether they hold a token and the invitation waiting for them, then
 * "Invita" ("Nuovo invito" while one waits) and "Revoca accesso" (never for myself), which asks
 * first, inline. An invitation is shown once, as the ready text to copy or to send with the
 * coordinator's own mail client; the token it leads to is never shown to anyone but its owner.
 * For a Delegato looking at a Coordinatore, neither button: a line says only the Coordinatore
 * (or IT) can invite or revoke them.
 */
export function AccessActions({
  connection,
  person,
  access,
  isMe,
  coordinatorForDelegate = false,
  onChanged,
}: {
  connection: Connection;
  person: Referent;
  access: Access | null;
  isMe: boolean;
  /** I am a Delegato and this person's Ruolo is Coordinatore: no invitation, no revocation. */
  coordinatorForDelegate?: boolean;
  onChanged: () => void;
}) {
  const t = useT();
  const name = `${person.firstName} ${person.lastName}`;
  const [busy, setBusy] = useState(false);
  // Presses while a request runs are ignored (a ref: a second press can come before React re-renders).
  const running = useRef(false);
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const confirmPanel = useRef<HTMLElement>(null);
  const revokeButton = useRef<HTMLButtonElement>(null);

  const pending = access?.invitation ?? null;
  const canRevoke = !isMe && Boolean(access?.hasToken || pending);

  useEffect(() => {
    // The question is read first when the confirmation opens; its buttons follow.
    if (confirming) confirmPanel.current?.focus();
  }, [confirming]);

  async function invite() {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setOutcome(null);
    setConfirming(false);
    try {
      setInvitation(await createInvitation(connection, person.email));
      onChanged();
    } catch (error) {
      setInvitation(null);
      setOutcome({ tone: "error", text: describeCoordinationError(asServiceError(error), t) });
    } finally {
      running.current = false;
      setBusy(false);
    }
  }

  async function revoke() {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setOutcome(null);
    try {
      const revoked = await revokeAccess(connection, person.email);
      setInvitation(null);
      setConfirming(false);
      setOutcome({
        tone: "ok",
        text: t(revoked.tokenRevoked || revoked.invitationRevoked ? "coordinationRevoked" : "coordinationRevokedNothing"),
      });
      onChanged();
    } catch (error) {
      setOutcome({ tone: "error", text: describeCoordinationError(asServiceError(error), t) });
    } finally {
      running.current = false;
      setBusy(false);
    }
  }

  function cancel() {
    setConfirming(false);
    setTimeout(() => revokeButton.current?.focus());
  }

  return (
    <div className="access" data-testid="access">
      <p className="access-state muted">
        {isMe ? `${t("coordinationYou")} · ` : ""}
        {access?.hasToken ? t("coordinationHasToken") : t("coordinationNoAccess")}
        {pending
          ? ` · ${t("coordinationInvitationPending", formatLongDate(pending.expiresAt, t.locale), formatTime(pending.expiresAt, t.locale))}`
          : ""}
      </p>
      {coordinatorForDelegate ? (
        <p className="access-limit hint muted" data-testid="access-delegate-limit">
          {t("coordinationDelegateLimit")}
        </p>
      ) : confirming ? (
        <section
          className="access-confirm"
          ref={confirmPanel}
          tabIndex={-1}
          aria-labelledby={`revoke-text-${person.email}`}
          data-testid="access-revoke-confirm"
        >
          <p id={`revoke-text-${person.email}`}>
            <Icon name="alert" />
            <span>{t("coordinationRevokeConfirmText", name)}</span>
          </p>
          <div className="button-row">
            <button
              type="button"
              className="button button-small access-danger"
              onClick={() => void revoke()}
              aria-disabled={busy || undefined}
            >
              {t("coordinationRevokeConfirm")}
            </button>
            <button
              type="button"
              className="button button-small button-secondary"
              onClick={() => {
                if (!running.current) cancel();
              }}
              aria-disabled={busy || undefined}
            >
              {t("cancel")}
            </button>
          </div>
        </section>
      ) : (
        <div className="button-row">
          <button
            type="button"
            className="button button-small button-secondary"
            onClick={() => void invite()}
            aria-disabled={busy || undefined}
          >
            {t(pending || invitation ? "coordinationInviteAgain" : "coordinationInvite")}
            <span className="visually-hidden"> {name}</span>
          </button>
          {canRevoke ? (
            <button
              ref={revokeButton}
              type="button"
              className="button button-small button-secondary access-revoke"
              onClick={() => {
                if (!running.current) setConfirming(true);
              }}
              aria-disabled={busy || undefined}
            >
              {t("coordinationRevoke")}
              <span className="visually-hidden"> {name}</span>
            </button>
          ) : null}
        </div>
      )}
      <LiveRegions
        className={outcome ? (outcome.tone === "ok" ? "outcome outcome-ok" : "outcome outcome-error") : undefined}
        // Named only once it says something: every person of the list has a pair of regions.
        testId={outcome ? "access-outcome" : undefined}
        status={
          outcome?.tone === "ok" ? (
            <>
              <Icon name="check" />
              <span>{outcome.text}</span>
            </>
          ) : null
        }
        alert={
          outcome?.tone === "error" ? (
            <>
              <Icon name="alert" />
              <span>{outcome.text}</span>
            </>
          ) : null
        }
      />
      {invitation ? <InvitationPanel invitation={invitation} name={name} /> : null}
    </div>
  );
}

/** The invitation, once: the ready text, "Copia", and "Scrivi email" to the referent's address. */
function InvitationPanel({ invitation, name }: { invitation: Invitation; name: string }) {
  const t = useT();
  const text = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<MessageKey | null>(null);
  const mailto = mailtoFor(invitation);
  const id = `invitation-${invitation.email}`;

  async function copy() {
    try {
      await navigator.clipboard.writeText(invitation.text);
      setCopied("coordinationCopied");
    } catch {
      // No clipboard (the popup lost focus, an old browser): select the text so Ctrl+C works.
      text.current?.select();
      setCopied("coordinationCopyFailed");
    }
  }

  return (
    <section className="invitation" aria-labelledby={`${id}-ready`} data-testid="invitation">
      <p id={`${id}-ready`} className="invitation-ready">
        {t("coordinationInvitationReady", name, formatLongDate(invitation.expiresAt, t.locale), formatTime(invitation.expiresAt, t.locale))}
      </p>
      <label className="visually-hidden" htmlFor={`${id}-text`}>
        {t("coordinationInvitationText", name)}
      </label>
      <textarea
        ref={text}
        id={`${id}-text`}
        className="invitation-text"
        readOnly
        rows={6}
        value={invitation.text}
        spellCheck={false}
        onFocus={(event) => event.target.select()}
        data-testid="invitation-text"
      />
      <div className="button-row">
        <button type="button" className="button button-small button-primary" onClick={() => void copy()}>
          <Icon name="copy" />
          {t("coordinationCopy")}
        </button>
        {mailto ? (
          <a className="button button-small button-secondary" href={mailto} data-testid="invitation-mailto">
            <Icon name="mail" />
            {t("coordinationWriteEmail")}
          </a>
        ) : null}
      </div>
      {copied ? (
        <p className={copied === "coordinationCopied" ? "outcome outcome-ok" : "outcome outcome-error"} role="status">
          <Icon name={copied === "coordinationCopied" ? "check" : "alert"} />
          <span>{t(copied)}</span>
        </p>
      ) : null}
    </section>
  );
}

/** The service's mailto, used only when it is one and is addressed to the invited referent. */
export function mailtoFor(invitation: Invitation): string | undefined {
  if (!/^mailto:/i.test(invitation.mailto)) return undefined;
  try {
    const recipient = decodeURIComponent(new URL(invitation.mailto).pathname);
    return recipient.toLowerCase() === invitation.email.toLowerCase() ? invitation.mailto : undefined;
  } catch {
    return undefined;
  }
}

function asServiceError(error: unknown): ServiceError {
  return error instanceof ServiceError ? error : new ServiceError("bad_response", String(error));
}
