import { BASSA_ROMAGNA, ENTI_TAB, quoteTab, type TabSpec } from "@rete-urp/shared";
import type ExcelJS from "exceljs";

/**
 * What makes the workbook comfortable for the person who edits it, as on Google: the header row
 * frozen, and a dropdown on every column whose words are fixed (Tipo, Stato, Ente, Ruolo,
 * Attivo, Risposta…). `init` adds what a tab lacks; the store's own writes keep them (new rows
 * take the dropdowns of the row above, as Google and Excel tables do) and save them as a few
 * plain ranges that Excel, LibreOffice and exceljs all read.
 *
 * exceljs reads a validation range as one entry per cell, and every write of the store reads
 * and saves the whole file: so a dropdown covers a bounded number of rows (DROPDOWN_ROWS, or
 * down to the last row in use), never a whole column of a million. The tabs people type into
 * (Referenti, Riunioni, Pubblicazioni) stay far below it; the ones that grow (Buone prassi,
 * Presenze…) grow by the store's appends, whose rows inherit the dropdowns.
 */

/** Rows 2 to this one get the dropdowns at `init`; rows appended below them inherit them. */
export const DROPDOWN_ROWS = 300;

type Validations = Record<string, ExcelJS.DataValidation | undefined>;

/** exceljs keeps a sheet's data validations keyed by cell address ("E7") or range ("E2:E1000"). */
function validationsOf(sheet: ExcelJS.Worksheet): { model: Validations } {
  // exceljs's typings leave out Worksheet.dataValidations, which it has (lib/doc/data-validations.js).
  return (sheet as unknown as { dataValidations: { model: Validations } }).dataValidations;
}

/** A list validation that offers `choices` and, like Google's non-strict one, still lets a variant in. */
export function dropdownRule(choices: readonly string[]): ExcelJS.DataValidation {
  return {
    type: "list",
    allowBlank: true,
    formulae: [`"${choices.join(",")}"`],
    showErrorMessage: true,
    // "warning": the person may confirm another value ("Comune di Lugo" reads as Lugo).
    errorStyle: "warning",
    errorTitle: "Valore non in elenco",
    error: "Il valore non è tra quelli dell'elenco.",
  };
}

/** How many rows of the Enti tab the Ente dropdowns offer: a network of a hundred enti fits. */
export const ENTI_DROPDOWN_ROWS = 101;

/**
 * Where the Ente dropdowns take their words: the Enti tab's Ente column below its header, so a
 * comune added to the tab is offered at once. `column`: its 0-based index (A in a tab init made).
 */
export function entiRange(tabTitle: string = ENTI_TAB.name, column = 0): string {
  const letters = columnLetters(column + 1);
  return `${quoteTab(tabTitle)}!$${letters}$2:$${letters}$${ENTI_DROPDOWN_ROWS}`;
}

/** An Ente column's dropdown: the Enti tab's list (entiRange), as lenient as the others. */
export function entiDropdownRule(range: string): ExcelJS.DataValidation {
  return { ...dropdownRule([]), formulae: [range] };
}

/** The Ente dropdown init made before the Enti tab existed (the ten names written out): init's own, so replaced by the tab's. */
const FIXED_ENTI_FORMULA = `"${BASSA_ROMAGNA.map((ente) => ente.name).join(",")}"`;

const ADDRESS = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/;

function columnNumber(letters: string): number {
  let n = 0;
  for (const letter of letters) n = n * 26 + (letter.charCodeAt(0) - 64);
  return n;
}

function columnLetters(n: number): string {
  let letters = "";
  for (; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** Every cell an address or range key covers, as [column, row] (1-based); none for a key it cannot read. */
function* cellsOf(key: string): Generator<[number, number]> {
  const match = ADDRESS.exec(key.replace(/\$/g, ""));
  if (!match) return;
  const [left, right] = [columnNumber(match[1]!), columnNumber(match[3] ?? match[1]!)].sort((a, b) => a - b) as [number, number];
  const [top, bottom] = [Number(match[2]), Number(match[4] ?? match[2])].sort((a, b) => a - b) as [number, number];
  for (let column = left; column <= right; column++) for (let row = top; row <= bottom; row++) yield [column, row];
}

/**
 * True when some cell of the (1-based) column below the header has a validation; `ignore`: one
 * that does not count (init's own, to be replaced).
 */
function columnHasValidation(model: Validations, column: number, ignore?: (rule: ExcelJS.DataValidation) => boolean): boolean {
  for (const [key, rule] of Object.entries(model)) {
    if (!rule || ignore?.(rule)) continue;
    const match = ADDRESS.exec(key.replace(/\$/g, ""));
    if (!match) continue;
    const left = columnNumber(match[1]!);
    const right = columnNumber(match[3] ?? match[1]!);
    const bottom = Math.max(Number(match[2]), Number(match[4] ?? match[2]));
    if (Math.min(left, right) <= column && column <= Math.max(left, right) && bottom >= 2) return true;
  }
  return false;
}

/**
 * Gives each column of `spec` that has choices and no validation yet a dropdown from row 2 down
 * to DROPDOWN_ROWS (or the last row in use, if lower). Columns the person gave a validation of
 * their own keep it. An Ente column gets the Enti tab's list (`range`, entiRange), and loses the
 * ten names init wrote there before the tab existed. `columns`: key → 0-based index, from the
 * header row. True when it added any.
 */
export function addMissingDropdowns(
  sheet: ExcelJS.Worksheet,
  spec: TabSpec,
  columns: ReadonlyMap<string, number>,
  range: string = entiRange(),
): boolean {
  const validations = validationsOf(sheet);
  const lastRow = Math.max(DROPDOWN_ROWS, sheet.rowCount);
  const fixedEnti = (rule: ExcelJS.DataValidation) => rule.type === "list" && rule.formulae?.[0] === FIXED_ENTI_FORMULA;
  let added = false;
  for (const column of spec.columns) {
    const index = columns.get(column.key);
    if ((!column.choices && !column.choicesFromEnti) || index === undefined) continue;
    if (columnHasValidation(validations.model, index + 1, column.choicesFromEnti ? fixedEnti : undefined)) continue;
    const rule = column.choicesFromEnti ? entiDropdownRule(range) : dropdownRule(column.choices ?? []);
    // One entry per cell, as exceljs holds a loaded file's validations; compactValidations() saves them as a range.
    const letters = columnLetters(index + 1);
    if (column.choicesFromEnti) {
      for (const [key, old] of Object.entries(validations.model)) {
        if (old && fixedEnti(old) && parseCell(key.replace(/\$/g, ""))?.[0] === index + 1) delete validations.model[key];
      }
    }
    for (let row = 2; row <= lastRow; row++) validations.model[`${letters}${row}`] = rule;
    added = true;
  }
  return added;
}

/**
 * New rows written at `rowNumber` (1-based) take the validation of the cell above in each column
 * where they have none: a tab that grew past its dropdowns' range keeps them on new rows.
 */
export function inheritValidations(sheet: ExcelJS.Worksheet, rowNumber: number, columnCount: number): void {
  if (rowNumber <= 2) return;
  const { model } = validationsOf(sheet);
  for (let column = 1; column <= columnCount; column++) {
    const letters = columnLetters(column);
    const above = model[`${letters}${rowNumber - 1}`];
    if (above && !model[`${letters}${rowNumber}`]) model[`${letters}${rowNumber}`] = above;
  }
}

const COMMON_VIEW_KEYS = [
  "rightToLeft",
  "activeCell",
  "showRuler",
  "showRowColHeaders",
  "showGridLines",
  "zoomScale",
  "zoomScaleNormal",
] as const satisfies readonly (keyof ExcelJS.WorksheetViewCommon)[];

/**
 * The header row frozen, unless the person froze or split the view another way (a frozen header
 * is kept; columns frozen on the left keep their split). True when it changed the view.
 */
export function freezeHeader(sheet: ExcelJS.Worksheet): boolean {
  // A loaded sheet without <sheetViews> has none at all.
  const [view, ...others] = sheet.views ?? [];
  if (view?.state === "split") return false;
  if (view?.state === "frozen" && (view.ySplit ?? 0) >= 1) return false;
  const xSplit = view?.state === "frozen" ? (view.xSplit ?? 0) : 0;
  const topLeftCell = `${columnLetters(xSplit + 1)}2`;
  // What the person set that a frozen view keeps: zoom, grid lines, the selected cell…
  const common = Object.fromEntries(
    COMMON_VIEW_KEYS.flatMap((key) => (view?.[key] === undefined ? [] : [[key, view[key]]])),
  ) as Partial<ExcelJS.WorksheetViewCommon>;
  sheet.views = [{ ...common, state: "frozen", xSplit, ySplit: 1, topLeftCell }, ...others];
  return true;
}

/** True when the sheet's first view keeps at least the header row frozen. */
export function headerFrozen(sheet: ExcelJS.Worksheet): boolean {
  const view = sheet.views?.[0];
  return view?.state === "frozen" && (view.ySplit ?? 0) >= 1;
}

/**
 * Rewrites the sheet's validations as non-overlapping ranges, one per run of rows of a column
 * with the same rule. exceljs reads every range as single cells and, left to itself, writes
 * them back as overlapping ranges (it orders addresses as text: E10 before E2), which Excel
 * reports as a damaged file. Runs before every save, so it is written for speed: a loaded
 * workbook holds one entry per cell (about 12 000 for the contract's dropdowns).
 */
export function compactValidations(sheet: ExcelJS.Worksheet): void {
  const validations = validationsOf(sheet);
  const entries = Object.entries(validations.model);
  if (entries.length === 0) return;
  // Rules compared by content, each content once: a loaded range's cells share one object.
  const idOf = new Map<ExcelJS.DataValidation, number>();
  const idByContent = new Map<string, number>();
  const rules: ExcelJS.DataValidation[] = [];
  // column → row → rule id; a later entry for a cell wins, as when exceljs reads a file.
  const byColumn = new Map<number, Map<number, number>>();
  const put = (column: number, row: number, id: number) => {
    let rows = byColumn.get(column);
    if (!rows) {
      rows = new Map();
      byColumn.set(column, rows);
    }
    rows.set(row, id);
  };
  for (const [address, rule] of entries) {
    if (!rule) continue;
    let id = idOf.get(rule);
    if (id === undefined) {
      const content = JSON.stringify(rule);
      id = idByContent.get(content);
      if (id === undefined) {
        id = rules.push(rule) - 1;
        idByContent.set(content, id);
      }
      idOf.set(rule, id);
    }
    const cell = parseCell(address);
    if (cell) put(cell[0], cell[1], id);
    else for (const [column, row] of cellsOf(address)) put(column, row, id);
  }
  const compact: Validations = {};
  for (const column of [...byColumn.keys()].sort((a, b) => a - b)) {
    const rows = byColumn.get(column)!;
    const letters = columnLetters(column);
    const sorted = Uint32Array.from(rows.keys()).sort();
    let start = sorted[0]!;
    for (let i = 0; i < sorted.length; i++) {
      const row = sorted[i]!;
      const next = sorted[i + 1];
      if (next === row + 1 && rows.get(next) === rows.get(row)) continue;
      compact[start === row ? `${letters}${row}` : `${letters}${start}:${letters}${row}`] = rules[rows.get(row)!]!;
      if (next !== undefined) start = next;
    }
  }
  validations.model = compact;
}

/** "E7" → [5, 7] (1-based column, row); undefined for anything else (a range, a $). */
function parseCell(address: string): [number, number] | undefined {
  let column = 0;
  let i = 0;
  for (; i < address.length; i++) {
    const code = address.charCodeAt(i);
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  if (i === 0 || i === address.length) return undefined;
  let row = 0;
  for (; i < address.length; i++) {
    const code = address.charCodeAt(i);
    if (code < 48 || code > 57) return undefined;
    row = row * 10 + (code - 48);
  }
  return [column, row];
}
