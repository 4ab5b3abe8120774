import { foldKey } from "./text.ts";

export const RUOLI = ["Coordinatore", "Delegato", "Responsabile URP", "Referente", "Operatore URP", "Dirigente"] as const;
export type Ruolo = (typeof RUOLI)[number];

/** The network is coordinated by the service head "or a delegate": both see the Coordinamento view. */
export const COORDINATOR_ROLES = ["Coordinatore", "Delegato"] as const satisfies readonly Ruolo[];

export function isCoordinator(person: { role: Ruolo }): boolean {
  return (COORDINATOR_ROLES as readonly Ruolo[]).includes(person.role);
}

/** Meeting kinds and states as codes; the sheet's Italian words map onto them. */
export const MEETING_KINDS = ["ordinary", "urgent"] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_STATUSES = ["planned", "confirmed", "cancelled", "held"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const TIPO_LABELS: Record<MeetingKind, string> = { ordinary: "Ordinaria", urgent: "Urgente" };
export const STATO_LABELS: Record<MeetingStatus, string> = {
  planned: "Pianificata",
  confirmed: "Confermata",
  cancelled: "Annullata",
  held: "Svolta",
};

/**
 * How people write a role in Ruolo, beyond the six words of the dropdown (which `init` keeps
 * offering as they are). The record gets the dropdown's word; the cell stays as it was written.
 *
 * - Coordinatore and Delegato open the Coordinamento view, so only these exact forms give them:
 *   the feminine, and "della rete", "del coordinatore". "Coordinatrice dei servizi demografici"
 *   or "Delegata sindacale" say another job, not the network's: they stay a problem of the cell,
 *   for the coordinator to write as meant.
 * - The other roles grant nothing more than any referent has, so a cell that begins with one of
 *   their forms and then says more ("Referente URP di Lugo", "Operatrice dell'URP part-time") is
 *   that role.
 * - Roles of the ente rather than of the network: "Dirigente d'area", "Dirigente di settore" are
 *   Dirigente, the dropdown's word for the ente's manager; a job title (Funzionaria, Istruttore
 *   amministrativo, Impiegata) is Referente, which is what that person is in the network. Both
 *   see what every referent sees and not the Coordinamento view.
 *
 * Compared as `foldKey` folds them: case, accents, spaces, punctuation and invisible characters
 * (zero-width space, no-break space, byte-order mark, soft hyphen…) never count.
 */
const RUOLO_EXACT = new Map<string, Ruolo>();
const RUOLO_PREFIXES: [string, Ruolo][] = [];
function ruoloForms(ruolo: Ruolo, exact: readonly string[], prefixes: readonly string[] = []): void {
  for (const form of [ruolo, ...exact]) RUOLO_EXACT.set(foldKey(form), ruolo);
  for (const form of prefixes) RUOLO_PREFIXES.push([foldKey(form), ruolo]);
}
const OF_THE_NETWORK = ["della rete", "della rete URP", "rete URP"];
const OF_THE_COORDINATOR = ["della rete", "del coordinatore", "della coordinatrice", "del coordinamento"];
ruoloForms("Coordinatore", ["Coordinatrice", ...OF_THE_NETWORK.flatMap((tail) => [`Coordinatore ${tail}`, `Coordinatrice ${tail}`])]);
ruoloForms("Delegato", ["Delegata", ...OF_THE_COORDINATOR.flatMap((tail) => [`Delegato ${tail}`, `Delegata ${tail}`])]);
ruoloForms(
  "Responsabile URP",
  [],
  ["Responsabile URP", "Responsabile dell'URP", "Responsabile ufficio URP", "Responsabile Ufficio Relazioni con il Pubblico"],
);
ruoloForms("Referente", [], ["Referente", "Funzionario", "Funzionaria", "Istruttore", "Istruttrice", "Impiegato", "Impiegata"]);
ruoloForms("Operatore URP", ["Operatore", "Operatrice"], ["Operatore URP", "Operatrice URP", "Operatore dell'URP", "Operatrice dell'URP"]);
ruoloForms("Dirigente", [], ["Dirigente"]);

/** The dropdown's role for a Ruolo cell as people write it (see RUOLO_EXACT); undefined when it says no role. */
export function parseRuolo(value: string): Ruolo | undefined {
  const key = foldKey(value);
  if (key === "") return undefined;
  return RUOLO_EXACT.get(key) ?? RUOLO_PREFIXES.find(([prefix]) => key.startsWith(prefix))?.[1];
}

export function parseTipo(value: string): MeetingKind | undefined {
  const key = foldKey(value);
  if (key === "" || key === "ordinaria") return "ordinary";
  if (key === "urgente") return "urgent";
  return undefined;
}

export function parseStato(value: string): MeetingStatus | undefined {
  const key = foldKey(value);
  if (key === "" || key === "pianificata") return "planned";
  if (key === "confermata") return "confirmed";
  if (key === "annullata") return "cancelled";
  if (key === "svolta") return "held";
  return undefined;
}

/** The words of a yes/no column (Attivo), as its dropdown offers them. */
export const SI_NO = ["Sì", "No"] as const;

const YES = new Set(["", "si", "s", "yes", "y", "true", "1", "x", "vero", "attivo", "attiva"]);
const NO = new Set(["no", "n", "false", "0", "falso", "inattivo", "inattiva"]);

/** `Attivo`: empty or yes-like means active. Returns undefined for anything else. */
export function parseYesNo(value: string | boolean | number): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  const trimmed = value.trim();
  if (trimmed === "✓" || trimmed === "✔" || trimmed === "☑") return true;
  const key = foldKey(trimmed);
  if (YES.has(key)) return true;
  if (NO.has(key)) return false;
  return undefined;
}

export const MESI = [
  "gennaio",
  "febbraio",
  "marzo",
  "aprile",
  "maggio",
  "giugno",
  "luglio",
  "agosto",
  "settembre",
  "ottobre",
  "novembre",
  "dicembre",
] as const;

/** "gennaio" / "Gen" / "1" → 1..12; undefined when unknown. */
export function parseMonth(value: string): number | undefined {
  const key = foldKey(value);
  if (/^\d{1,2}$/.test(key)) {
    const n = Number(key);
    return n >= 1 && n <= 12 ? n : undefined;
  }
  if (key.length < 3) return undefined;
  const index = MESI.findIndex((mese) => mese.startsWith(key));
  return index >= 0 ? index + 1 : undefined;
}
