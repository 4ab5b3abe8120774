import type { AccessLogEntry, AccessLogKind } from "@rete-urp/shared";
import { formatInstantDate, formatTime } from "../../lib/format";
import type { MessageKey, Translator } from "../../lib/i18n";
import { useT } from "../../ui/i18n-context";

/** Each kind's words; a kind missing here does not compile. */
const KIND_LABELS: Record<AccessLogKind, MessageKey> = {
  invitation_created: "coordinationLogInvitationCreated",
  invitation_redeemed: "coordinationLogInvitationRedeemed",
  invitation_revoked: "coordinationLogInvitationRevoked",
  access_revoked: "coordinationLogAccessRevoked",
  token_created: "coordinationLogTokenCreated",
  token_revoked: "coordinationLogTokenRevoked",
};

/** "Invito creato"; a kind a newer service added, "Modifica dell'accesso". */
export function accessLogKindLabel(kind: string, t: Translator): string {
  return t(Object.hasOwn(KIND_LABELS, kind) ? KIND_LABELS[kind as AccessLogKind] : "coordinationLogOther");
}

/** Who acted: the roster's name, else the email; the CLI as "da terminale (user)". */
function actor(entry: AccessLogEntry, t: Translator): string {
  if (entry.byName) return entry.byName;
  const cli = /^CLI(?: \((.+)\))?$/.exec(entry.by);
  if (cli) return cli[1] ? t("coordinationLogByCliUser", cli[1]) : t("coordinationLogByCli");
  return entry.by;
}

/** "Giulia Bianchi → Sara Folli"; a redeem, made in the invitee's name, names the invitee alone. */
export function accessLogWho(entry: AccessLogEntry, t: Translator): string {
  const whom = entry.name ?? entry.email;
  return entry.by === entry.email ? whom : `${actor(entry, t)} → ${whom}`;
}

/**
 * "Registro accessi": the service's latest changes of access, newest first, each with what, who
 * → whom, and when in Rome. An invitation used in someone's name shows here under that name: the
 * link is a bearer secret, so this is how the coordinators and the invitee notice a redeem that
 * was not theirs (docs/coordinator.md).
 */
export function AccessLog({ entries }: { entries: AccessLogEntry[] }) {
  const t = useT();
  return (
    <section className="coordination-section" aria-labelledby="coordination-log-heading" data-testid="coordination-access-log">
      <h3 id="coordination-log-heading" className="coordination-heading">
        {t("coordinationLogHeading")}
      </h3>
      <p className="hint muted">{t("coordinationLogHint")}</p>
      {entries.length === 0 ? (
        <p className="muted">{t("coordinationLogEmpty")}</p>
      ) : (
        <ol className="plain-list coordination-list">
          {entries.map((entry, index) => (
            // Entries have no id of their own, and the list is replaced whole at each answer.
            // biome-ignore lint/suspicious/noArrayIndexKey: the position is the entry's identity here.
            <li key={index} className="coordination-log-entry" data-testid="access-log-entry">
              <span className="clamp">
                <strong>{accessLogKindLabel(entry.kind, t)}</strong> · {accessLogWho(entry, t)}
              </span>
              <time className="hint muted" dateTime={entry.at}>
                {t("coordinationLogAt", formatInstantDate(entry.at, t.locale), formatTime(entry.at, t.locale))}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
