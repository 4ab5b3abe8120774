import type { CellValue } from "./cell-values.ts";
import { foldKey } from "./text.ts";
import { ENTI, RUOLI, STATO_LABELS, TIPO_LABELS } from "./vocabulary.ts";

/**
 * The sheet is the coordinator's interface: these tabs and headers are a contract
 * (docs/architecture.md, "The sheet contract"; docs/coordinator.md for the coordinator). Column keys are the code's names; headers are the coordinator's words.
 */

export type ColumnType = "text" | "date" | "time";

export interface ColumnSpec<Key extends string = string> {
  /** The code's name of the column: typed per tab (`ColumnKey`), so a typo does not compile. */
  key: Key;
  header: string;
  required?: boolean;
  type?: ColumnType;
  /** The words the column accepts: a dropdown in the sheet (not strict: variants stay allowed). */
  choices?: readonly string[];
}

export const RISPOSTE = ["Partecipo", "Non partecipo", "Delego"] as const;
export const STATI_PROPOSTA = ["Proposta", "Accettata", "Respinta"] as const;
export const STATI_ESITO = ["Pubblicato"] as const;
const TIPI = Object.values(TIPO_LABELS);
const STATI = Object.values(STATO_LABELS);

export interface TabSpec<Key extends string = string> {
  name: string;
  columns: readonly ColumnSpec<Key>[];
}

export const REFERENTI = {
  name: "Referenti",
  columns: [
    { key: "id", header: "ID" },
    { key: "firstName", header: "Nome", required: true },
    { key: "lastName", header: "Cognome", required: true },
    { key: "ente", header: "Ente", required: true, choices: ENTI },
    { key: "role", header: "Ruolo", required: true, choices: RUOLI },
    { key: "email", header: "Email", required: true },
    { key: "phone", header: "Telefono" },
    { key: "active", header: "Attivo" },
    { key: "notes", header: "Note" },
  ],
} as const satisfies TabSpec;

export const RIUNIONI = {
  name: "Riunioni",
  columns: [
    { key: "id", header: "ID" },
    { key: "date", header: "Data", required: true, type: "date" },
    { key: "startTime", header: "Inizio", type: "time" },
    { key: "endTime", header: "Fine", type: "time" },
    { key: "kind", header: "Tipo", choices: TIPI },
    { key: "status", header: "Stato", choices: STATI },
    { key: "location", header: "Luogo" },
    { key: "videoUrl", header: "Videoconferenza" },
    { key: "agendaUrl", header: "Ordine del giorno" },
    { key: "minutesUrl", header: "Verbale" },
    { key: "notes", header: "Note" },
  ],
} as const satisfies TabSpec;

export const BUONE_PRASSI = {
  name: "Buone prassi",
  columns: [
    { key: "id", header: "ID" },
    { key: "date", header: "Data", required: true, type: "date" },
    { key: "title", header: "Titolo", required: true },
    { key: "description", header: "Descrizione" },
    { key: "url", header: "Link" },
    { key: "excerpt", header: "Estratto" },
    { key: "tags", header: "Tag" },
    { key: "ente", header: "Ente", choices: ENTI },
    { key: "author", header: "Autore" },
    { key: "authorEmail", header: "Email autore" },
  ],
} as const satisfies TabSpec;

export const IMPOSTAZIONI = {
  name: "Impostazioni",
  columns: [
    { key: "key", header: "Chiave", required: true },
    { key: "value", header: "Valore", required: true },
  ],
} as const satisfies TabSpec;

/** Each referent's answer for a meeting: one row per (meeting, person), updated in place. */
export const PRESENZE = {
  name: "Presenze",
  columns: [
    { key: "id", header: "ID" },
    { key: "meetingId", header: "Riunione", required: true },
    { key: "email", header: "Email", required: true },
    { key: "name", header: "Nome" },
    { key: "ente", header: "Ente", choices: ENTI },
    { key: "answer", header: "Risposta", required: true, choices: RISPOSTE },
    { key: "delegate", header: "Delegato" },
    { key: "updatedAt", header: "Aggiornato" },
  ],
} as const satisfies TabSpec;

/** Agenda items proposed by referents; the coordinator sets Stato to Accettata or Respinta. */
export const PROPOSTE = {
  name: "Proposte",
  columns: [
    { key: "id", header: "ID" },
    { key: "meetingId", header: "Riunione", required: true },
    { key: "date", header: "Data", required: true, type: "date" },
    { key: "title", header: "Titolo", required: true },
    { key: "description", header: "Descrizione" },
    { key: "url", header: "Link" },
    { key: "excerpt", header: "Estratto" },
    { key: "ente", header: "Ente", choices: ENTI },
    { key: "author", header: "Autore" },
    { key: "authorEmail", header: "Email autore" },
    { key: "status", header: "Stato", choices: STATI_PROPOSTA },
  ],
} as const satisfies TabSpec;

/** What the coordinator asks every comune to publish on its website or newsletter. */
export const PUBBLICAZIONI = {
  name: "Pubblicazioni",
  columns: [
    { key: "id", header: "ID" },
    { key: "title", header: "Titolo", required: true },
    { key: "sourceUrl", header: "Link fonte" },
    { key: "deadline", header: "Scadenza", required: true, type: "date" },
    { key: "enti", header: "Enti" },
    { key: "notes", header: "Note" },
  ],
} as const satisfies TabSpec;

/** One row per (publication, ente) once a referent marks it published, with the page as proof. */
export const ESITI_PUBBLICAZIONI = {
  name: "Esiti pubblicazioni",
  columns: [
    { key: "id", header: "ID" },
    { key: "publicationId", header: "Pubblicazione", required: true },
    { key: "ente", header: "Ente", required: true, choices: ENTI },
    { key: "status", header: "Stato", choices: STATI_ESITO },
    { key: "publishedUrl", header: "Link pubblicazione" },
    { key: "author", header: "Autore" },
    { key: "authorEmail", header: "Email autore" },
    { key: "date", header: "Data", type: "date" },
  ],
} as const satisfies TabSpec;

/** The tabs in the order a new sheet gets them. */
export const TABS = [REFERENTI, RIUNIONI, BUONE_PRASSI, IMPOSTAZIONI, PRESENZE, PROPOSTE, PUBBLICAZIONI, ESITI_PUBBLICAZIONI] as const;
export type TabName = (typeof TABS)[number]["name"];
export const TAB_NAMES: readonly TabName[] = TABS.map((tab) => tab.name);

/** The contract of one tab, by name, with its column keys as literal types. */
export type TabOf<Name extends TabName> = Extract<(typeof TABS)[number], { name: Name }>;
/** The column keys of a tab spec: `ColumnKey<typeof BUONE_PRASSI>` is "id" | "date" | "title" | … */
export type ColumnKey<Spec extends TabSpec> = Spec["columns"][number]["key"];
/** The column keys of a contract tab, by name. */
export type TabKey<Name extends TabName> = ColumnKey<TabOf<Name>>;
/**
 * A row to write, keyed by the tab's column keys (never by header, which the coordinator may
 * reword or move); a key missing here stays an empty cell.
 */
export type RowValues<Name extends TabName = TabName> = Partial<Record<TabKey<Name>, CellValue>>;

export function tabSpec<Name extends TabName>(name: Name): TabSpec<TabKey<Name>> {
  // TABS holds exactly one spec per name, whose keys are TabKey<Name> by construction.
  return TABS.find((tab) => tab.name === name) as TabSpec as TabSpec<TabKey<Name>>;
}

/** A problem found in the sheet, pointing at the cell the coordinator has to fix. */
export interface SheetProblem {
  tab: string;
  /** "B7"; the tab alone when the problem is the whole tab. */
  cell?: string;
  message: string;
}

export function formatProblem(problem: SheetProblem): string {
  return problem.cell ? `${problem.tab}!${problem.cell}: ${problem.message}` : `${problem.tab}: ${problem.message}`;
}

/** 0 → "A", 25 → "Z", 26 → "AA". */
export function columnLetter(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/** The tab name as an A1 range prefix: 'Buone prassi'!A1 */
export function quoteTab(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

export interface HeaderMap {
  /** Column key → 0-based column index in the sheet. */
  indexOf: Map<string, number>;
  problems: SheetProblem[];
  /** False when a required column is missing: the tab cannot be read. */
  usable: boolean;
}

/**
 * Maps row 1 of a tab onto the contract: headers match ignoring case, accents and spaces;
 * columns may be in any order; extra columns are ignored. A duplicated known header is a
 * problem (the first one wins); a missing required column makes the tab unusable.
 */
export function mapHeaders(spec: TabSpec, headerRow: readonly unknown[]): HeaderMap {
  const byFolded = new Map(spec.columns.map((column) => [foldKey(column.header), column]));
  const indexOf = new Map<string, number>();
  const problems: SheetProblem[] = [];
  headerRow.forEach((cell, index) => {
    if (typeof cell !== "string" && typeof cell !== "number") return;
    const column = byFolded.get(foldKey(String(cell)));
    if (!column) return;
    if (indexOf.has(column.key)) {
      const first = columnLetter(indexOf.get(column.key)!);
      problems.push({
        tab: spec.name,
        cell: `${columnLetter(index)}1`,
        message: `colonna "${column.header}" ripetuta (si usa quella in ${first}1): rinomina o elimina questa`,
      });
      return;
    }
    indexOf.set(column.key, index);
  });
  let usable = true;
  for (const column of spec.columns) {
    if (column.required && !indexOf.has(column.key)) {
      usable = false;
      problems.push({
        tab: spec.name,
        message: `manca la colonna obbligatoria "${column.header}": aggiungila nella riga 1`,
      });
    }
  }
  return { indexOf, problems, usable };
}
