import { TZDate } from "@date-fns/tz";
import { type Invitation, ROME, toIsoRome } from "@rete-urp/shared";
import { format } from "date-fns";
import { it } from "date-fns/locale";

/**
 * The invitation as the coordinator sends it: a ready Italian text and a `mailto:` that opens
 * their own mail client with it. The link is the one thing the referent needs; the rest says who
 * invites, what Rete URP is, what to do with the link, and until when it works.
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
    "Apri le Opzioni dell'estensione Rete URP e incolla questo invito:",
    link,
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
