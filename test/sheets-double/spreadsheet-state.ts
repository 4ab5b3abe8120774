import { A1Error, type A1Range, formatA1, formatTitle, isCellsOnly, parseA1 } from "./a1-notation.ts";
import { type StoredCell, type ValidationRule, violates } from "./cell-formats.ts";
import { ApiError } from "./error-info.ts";
import {
  type Dimension,
  deleteColumns,
  deleteRows,
  type GridRange,
  insertColumns,
  insertRows,
  newTab,
  shiftRange,
  type Tab,
} from "./tab-grid.ts";

/**
 * The spreadsheet behind the double: its properties, tabs and protected ranges, the lookups every
 * request needs (A1 ranges, sheetIds, grid limits), and the two checks Google makes before it
 * changes a cell:
 *
 * - Protected ranges: a range that is not warningOnly refuses any change to its cells (values,
 *   formats, validations, rows inserted inside it or deleted from it) by a caller not among its
 *   editors, with a 400 "You are trying to edit a protected cell or object. Please contact the
 *   spreadsheet owner to remove protection if you need to edit." (wording as reported in
 *   https://github.com/theoephraim/node-google-spreadsheet/pull/20, from the v3 API; the v4
 *   answer's exact text and status are not confirmed offline). warningOnly ranges "show a
 *   warning when editing" and let everyone edit
 *   (https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets/sheets#ProtectedRange).
 *   Who the caller is: the account its token belongs to once requireCallers() is on; otherwise
 *   one unnamed API client. A range added through the API counts its requester as an editor (as
 *   Apps Script's Protection documents for the user who protects; not confirmed offline for the
 *   REST API); a range a person added (protect()) has only the editors it names.
 * - Strict data validation ("Reject input", DataValidationRule.strict): a value outside a
 *   ONE_OF_LIST is refused with a 400 naming the cell (cell-formats.ts `violates`); the message
 *   is the one the Sheets UI shows on rejected input, not confirmed offline for the API.
 */

export interface RecordedFormat {
  range: GridRange;
  cell: unknown;
  fields: string;
}

export interface RecordedValidation {
  range: GridRange;
  rule: ValidationRule;
}

export interface RecordedProtectedRange {
  protectedRangeId: number;
  range: GridRange;
  description?: string;
  warningOnly?: boolean;
  editors?: { users?: string[]; groups?: string[] };
}

export interface State {
  title: string;
  locale: string;
  timeZone: string;
  tabs: Tab[];
  /** Every repeatCell applied, as sent (a log: the cells hold the formats). */
  formats: (RecordedFormat & { sheetId: number })[];
  /** setDataValidation requests applied; one entry per range (a later one on the same range replaces it). */
  validations: RecordedValidation[];
  protectedRanges: RecordedProtectedRange[];
  nextSheetId: number;
  nextProtectedRangeId: number;
}

/** Who calls when requireCallers() is off: one API client, never a person. */
export const API_CLIENT = "api-client@sheets-double.invalid";

export const PROTECTED_MESSAGE =
  "You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.";

export interface Rect {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

export class Spreadsheet {
  state: State;

  constructor(
    readonly spreadsheetId: string,
    options: { title?: string; locale?: string; timeZone?: string; tabs?: readonly string[] },
  ) {
    this.state = {
      title: options.title ?? "Rete URP (double)",
      locale: options.locale ?? "it_IT",
      timeZone: options.timeZone ?? "Europe/Rome",
      tabs: [],
      formats: [],
      validations: [],
      protectedRanges: [],
      nextSheetId: 0,
      nextProtectedRangeId: 1000,
    };
    for (const title of options.tabs ?? ["Foglio1"]) this.addTab(title);
  }

  /**
   * Runs `change`; if it throws, the spreadsheet is as it was (batchUpdate is all-or-nothing).
   * Stored cells are never changed in place (every edit puts a new cell), so the snapshot copies
   * the row arrays and shares the cells.
   */
  transaction<T>(change: () => T): T {
    const state = this.state;
    const saved: State = {
      ...state,
      tabs: state.tabs.map((tab) => ({ ...tab, rows: tab.rows.map((row) => row.slice()) })),
      formats: [...state.formats],
      validations: [...state.validations],
      protectedRanges: structuredClone(state.protectedRanges),
    };
    try {
      return change();
    } catch (error) {
      this.state = saved;
      throw error;
    }
  }

  get sortedTabs(): Tab[] {
    return [...this.state.tabs].sort((a, b) => a.index - b.index);
  }

  /** Titles are matched exactly, then without case (Sheets refuses two titles differing only in case). */
  findTab(title: string): Tab | undefined {
    return (
      this.state.tabs.find((tab) => tab.title === title) ?? this.state.tabs.find((tab) => tab.title.toLowerCase() === title.toLowerCase())
    );
  }

  requireTab(title: string): Tab {
    const tab = this.findTab(title);
    if (!tab) throw new Error(`the double has no tab "${title}" (has: ${this.sortedTabs.map((other) => other.title).join(", ")})`);
    return tab;
  }

  tabById(sheetId: unknown, where: string): Tab {
    const tab = this.state.tabs.find((candidate) => candidate.sheetId === Number(sheetId ?? 0));
    if (!tab) throw new ApiError(400, `${where}: No grid with id: ${String(sheetId ?? 0)}`);
    return tab;
  }

  addTab(title: string): Tab {
    if (this.findTab(title)) throw new Error(`tab ${title} exists`);
    const tab = newTab(this.state.nextSheetId++, title, this.state.tabs.length);
    this.state.tabs.push(tab);
    return tab;
  }

  /** An A1 range's tab and bounds; a title the spreadsheet lacks, or bad A1, is Google's 400. */
  resolve(range: string): { tab: Tab; a1: A1Range } {
    if (isCellsOnly(range) && !this.findTab(range)) {
      const first = this.sortedTabs[0]!;
      return { tab: first, a1: parseA1(`${formatTitle(first.title)}!${range}`) };
    }
    let a1: A1Range;
    try {
      a1 = parseA1(range);
    } catch (error) {
      if (error instanceof A1Error) throw new ApiError(400, `Unable to parse range: ${range}`);
      throw error;
    }
    const tab = this.findTab(a1.title);
    if (!tab) throw new ApiError(400, `Unable to parse range: ${range}`);
    return { tab, a1 };
  }

  /**
   * Cells [r0, r1) × [c0, c1) must exist: "Range (Sheet1!A3:C3) exceeds grid limits. Max rows: 2,
   * max columns: 3" (https://github.com/socialpoint-labs/sheetfu/issues/53, there after
   * "Invalid requests[0].updateCells: "; https://github.com/home-assistant/core/issues/104198 for
   * values). `shown` is the range as the message names it.
   */
  checkGrid(tab: Tab, rect: Rect, shown?: string, prefix = ""): void {
    if (rect.r1 > tab.rowCount || rect.c1 > tab.columnCount || rect.r0 >= tab.rowCount || rect.c0 >= tab.columnCount) {
      const name = shown ?? formatA1(tab.title, rect.r0, rect.c0, Math.max(rect.r1, rect.r0 + 1), Math.max(rect.c1, rect.c0 + 1));
      throw new ApiError(400, `${prefix}Range (${name}) exceeds grid limits. Max rows: ${tab.rowCount}, max columns: ${tab.columnCount}`);
    }
  }

  /** A GridRange's cells, open ends at the grid's end, checked against the grid. */
  gridRect(range: GridRange | undefined, where: string): { tab: Tab; rect: Rect } {
    const grid = range ?? {};
    const tab = this.tabById(grid.sheetId, where);
    const r0 = grid.startRowIndex ?? 0;
    const c0 = grid.startColumnIndex ?? 0;
    // An open end runs to the grid's end; a start past the grid is caught all the same.
    const rect = {
      r0,
      r1: grid.endRowIndex ?? Math.max(tab.rowCount, r0 + 1),
      c0,
      c1: grid.endColumnIndex ?? Math.max(tab.columnCount, c0 + 1),
    };
    if (rect.r1 < rect.r0 || rect.c1 < rect.c0) throw new ApiError(400, `${where}: Invalid range: end index before start index.`);
    if (rect.r1 > rect.r0 && rect.c1 > rect.c0) this.checkGrid(tab, rect, undefined, `${where}: `);
    return { tab, rect };
  }

  // ---- protection and validation ----

  private locks(tab: Tab, caller: string | undefined): RecordedProtectedRange[] {
    const who = caller ?? API_CLIENT;
    return this.state.protectedRanges.filter(
      (range) => range.range.sheetId === tab.sheetId && !range.warningOnly && !(range.editors?.users ?? []).includes(who),
    );
  }

  /** Refuses a change to any cell of `rect` a protected range locks for `caller`. */
  assertEditable(tab: Tab, rect: Rect, caller: string | undefined, prefix = ""): void {
    if (rect.r1 <= rect.r0 || rect.c1 <= rect.c0) return;
    for (const { range } of this.locks(tab, caller)) {
      const rows = Math.max(rect.r0, range.startRowIndex ?? 0) < Math.min(rect.r1, range.endRowIndex ?? Number.POSITIVE_INFINITY);
      const columns = Math.max(rect.c0, range.startColumnIndex ?? 0) < Math.min(rect.c1, range.endColumnIndex ?? Number.POSITIVE_INFINITY);
      if (rows && columns) throw new ApiError(400, `${prefix}${PROTECTED_MESSAGE}`);
    }
  }

  /** Refuses rows (or columns) inserted strictly inside a range locked for `caller`. */
  assertInsertable(tab: Tab, dimension: Dimension, index: number, caller: string | undefined, prefix = ""): void {
    for (const { range } of this.locks(tab, caller)) {
      const [start, end] =
        dimension === "ROWS" ? [range.startRowIndex ?? 0, range.endRowIndex] : [range.startColumnIndex ?? 0, range.endColumnIndex];
      if (start < index && index < (end ?? Number.POSITIVE_INFINITY)) throw new ApiError(400, `${prefix}${PROTECTED_MESSAGE}`);
    }
  }

  /** Refuses a value a strict rule rejects: `rule` is the one the cell has once written. */
  assertValid(tab: Tab, r: number, c: number, cell: StoredCell | undefined, rule: ValidationRule | undefined, prefix = ""): void {
    if (!violates(rule, cell)) return;
    const name = formatA1(tab.title, r, c, r + 1, c + 1);
    // The Sheets UI's wording for rejected input, with the cell; not confirmed offline for the API.
    throw new ApiError(400, `${prefix}The data you entered in cell ${name} violates the data validation rules set on this cell.`);
  }

  // ---- structural edits (protected ranges follow the cells) ----

  insertDimension(tab: Tab, dimension: Dimension, start: number, count: number, inheritFrom?: number): void {
    if (dimension === "ROWS") insertRows(tab, start, count, inheritFrom);
    else insertColumns(tab, start, count, inheritFrom);
    this.shiftProtections(tab, dimension, start, count);
  }

  deleteDimension(tab: Tab, dimension: Dimension, start: number, end: number): void {
    if (dimension === "ROWS") deleteRows(tab, start, end);
    else deleteColumns(tab, start, end);
    this.shiftProtections(tab, dimension, start, start - end);
  }

  private shiftProtections(tab: Tab, dimension: Dimension, at: number, delta: number): void {
    this.state.protectedRanges = this.state.protectedRanges.flatMap((item) => {
      if (item.range.sheetId !== tab.sheetId) return [item];
      const range = shiftRange(item.range, dimension, at, delta);
      return range ? [{ ...item, range }] : [];
    });
  }
}
