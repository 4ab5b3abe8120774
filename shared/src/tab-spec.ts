import type { CellValue } from "./cell-values.ts";
import { foldKey } from "./text.ts";

/**
 * What a tab of the sheet is, generically: its columns, how row 1 maps onto them, and how a
 * problem names a cell. The tabs themselves are listed in sheet-contract.ts, each beside the
 * record it holds (records/).
 */

/** "datetime": a moment (when an answer was given), a date-time cell in Rome wall-clock time. */
export type ColumnType = "text" | "date" | "time" | "datetime";

/**
 * What a derived column shows of the record another column of the row refers to by ID: the
 * meeting's date beside a meeting's ID, the publication's title beside a publication's ID.
 */
export type DerivedShow = "meetingDate" | "publicationTitle";

export interface ColumnSpec<Key extends string = string> {
  /** The code's name of the column: typed per tab (`ColumnKey`), so a typo does not compile. */
  key: Key;
  header: string;
  required?: boolean;
  type?: ColumnType;
  /** The words the column accepts: a dropdown in the sheet (not strict: variants stay allowed). */
  choices?: readonly string[];
  /**
   * An Ente column: its dropdown offers the Enti tab's Ente column (a range, so it follows the
   * tab as the coordinator edits it), and its cells are read with enteCell (records/ente.ts).
   */
  choicesFromEnti?: true;
  /**
   * A column sheets-sync keeps up to date so that a person needs no ID to know what the row is
   * about: it shows `show` of the record whose ID is in column `from`. Written with every row
   * and refreshed when that record changes (records/companions.ts); never decoded, so a stale
   * or hand-edited cell is no problem, and a sheet without the column reads the same.
   */
  derived?: { from: Key; show: DerivedShow };
}

export interface TabSpec<Key extends string = string> {
  name: string;
  /** One row of the tab as a message names it, with its article: "una buona prassi". */
  noun: string;
  columns: readonly ColumnSpec<Key>[];
}

/** The column keys of a tab spec: `ColumnKey<typeof BUONE_PRASSI>` is "id" | "date" | "title" | … */
export type ColumnKey<Spec extends TabSpec> = Spec["columns"][number]["key"];

/**
 * A row to write, keyed by the tab's column keys (never by header, which the coordinator may
 * reword or move); a key missing here stays an empty cell.
 */
export type RowOf<Spec extends TabSpec> = Partial<Record<ColumnKey<Spec>, CellValue>>;

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
