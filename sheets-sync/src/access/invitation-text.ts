import { TZDate } from "@date-fns/tz";
import { type Invitation, ROME, toIsoRome } from "@rete-urp/shared";
import { format } from "date-fns";
import { it } from "date-fns/locale";

/**
 * The invitation as the coordinator sends it: a ready Italian text and a `mailto:` that opens
 * their own mail client with it. The link is the one thing the referent needs, alone on its line;
 * the rest says who invites, what Rete URP is, what to do with the link, where the extension's
 * icon is when it is not on the toolbar, and until when the link works.
 */

export const INVITATION_SUBJECT = "Invito a Rete URP";

export interface InvitationMessageInput {
  email: string;
  link: string;
  expiresAt: Date;
  /** Who invites ("Giulia Bianchi (Unione)"); the CLI, run by whoever manages the service, has nobody to name. */
  inviter?: string;
  /** The referent's first name, for the greeting. */
  firstName?: string;
}

/**
 * Chrome and Edge put a new extension, a force-installed one too, in the puzzle-piece menu unless
 * IT pins it (docs/criteri-browser.md, `toolbar_pin`); Firefox in its "Estensioni" panel. Where
 * to find it, and how to keep it in view. The page the link opens says the same
 * (http/invitation-page.ts).
 */
export const WHERE_IS_THE_ICON =
  "Non vedi l'icona? In Chrome ed Edge fai clic sull'icona a forma di puzzle (Estensioni) a destra della barra degli indirizzi, poi sulla puntina accanto a Rete URP (in Edge è un occhio) per tenerla in vista. In Firefox è nel pulsante «Estensioni» (il pezzo di puzzle) nella barra degli strumenti.";

/** "martedì 1 dicembre 2026 alle 10:00", in Rome. */
export function romeDateInWords(instant: Date): string {
  return format(new TZDate(instant, ROME), "EEEE d MMMM yyyy 'alle' HH:mm", { locale: it });
}

export function invitationText({ link, expiresAt, inviter, firstName }: InvitationMessageInput): string {
  const who = inviter ? `${inviter} ti invita` : "Il coordinamento della rete ti invita";
  return [
    firstName ? `Ciao ${firstName},` : "Ciao,",
    "",
    `${who} a Rete URP, lo strumento della rete degli URP dell'Unione dei Comuni della Bassa Romagna: prossime riunioni, buone prassi e colleghi degli altri comuni, dal browser.`,
    "",
    "Fai clic sull'icona di Rete URP nella barra del browser, poi su «Impostazioni», e incolla questo invito:",
    link,
    "",
    WHERE_IS_THE_ICON,
    "",
    `L'invito vale fino a ${romeDateInWords(expiresAt)} e si può usare una volta sola: è personale, non inoltrarlo.`,
    "Se l'estensione non è installata, chiedi all'ufficio informatico del tuo ente.",
  ].join("\n");
}

/**
 * `mailto:` with the address, the subject and the body, each encoded with encodeURIComponent
 * (RFC 6068; the body's line breaks as CRLF). The address keeps its "@", which some clients do
 * not decode.
 */
export function invitationMailto(email: string, text: string): string {
  const to = encodeURIComponent(email).replace(/%40/g, "@");
  return `mailto:${to}?subject=${encodeURIComponent(INVITATION_SUBJECT)}&body=${encodeURIComponent(text.replace(/\r?\n/g, "\r\n"))}`;
}

/** The answer to POST /api/v1/invitations, from a new invitation's parts. */
export function invitationAnswer(input: InvitationMessageInput): Invitation {
  const text = invitationText(input);
  return {
    email: input.email,
    link: input.link,
    expiresAt: toIsoRome(input.expiresAt),
    text,
    mailto: invitationMailto(input.email, text),
  };
}
