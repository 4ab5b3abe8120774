import type { A1Range } from "./a1-notation.ts";
import { isEmpty, type StoredCell, styleOf } from "./cell-formats.ts";

/**
 * A tab: its grid size (rowCount × columnCount: the cells that exist; a range beyond them
 * "exceeds grid limits"), its cells row by row (rows past `rows.length` are empty and
 * unformatted), and the structural edits Sheets makes to it: rows and columns inserted, deleted
 * and sorted, each carrying its cells' values, formats and validations along.
 */

export interface GridRange {
  sheetId?: number;
  startRowIndex?: number;
  endRowIndex?: number;
  startColumnIndex?: number;
  endColumnIndex?: number;
}

export type Dimension = "ROWS" | "COLUMNS";

export interface Tab {
  sheetId: number;
  title: string;
  index: number;
  rowCount: number;
  columnCount: number;
  frozenRowCount: number;
  rows: (StoredCell | undefined)[][];
}

export function newTab(sheetId: number, title: string, index: number): Tab {
  // A new sheet is 1000 × 26, as the Sheets UI and addSheet without gridProperties make it.
  return { sheetId, title, index, rowCount: 1000, columnCount: 26, frozenRowCount: 0, rows: [] };
}

export function cellAt(tab: Tab, r: number, c: number): StoredCell | undefined {
  return tab.rows[r]?.[c];
}

export function setCell(tab: Tab, r: number, c: number, cell: StoredCell | undefined): void {
  if (cell === undefined && tab.rows[r]?.[c] === undefined) return;
  while (tab.rows.length <= r) tab.rows.push([]);
  tab.rows[r]![c] = cell;
}

/** Whether row `r` has a value in columns [c0, c1). */
export function rowHasData(tab: Tab, r: number, c0 = 0, c1 = Number.POSITIVE_INFINITY): boolean {
  return (tab.rows[r] ?? []).some((cell, c) => c >= c0 && c < c1 && !isEmpty(cell));
}

/** The last row with a value, or -1. */
export function lastDataRow(tab: Tab): number {
  for (let r = tab.rows.length - 1; r >= 0; r--) if (rowHasData(tab, r)) return r;
  return -1;
}

/**
 * `count` rows inserted at `index`; with `inheritFrom` (a row index before the insertion), each
 * new cell takes that row's cell's format and validation.
 */
export function insertRows(tab: Tab, index: number, count: number, inheritFrom?: number): void {
  const template = inheritFrom === undefined ? [] : (tab.rows[inheritFrom] ?? []);
  while (tab.rows.length < index) tab.rows.push([]);
  const fresh = Array.from({ length: count }, () => template.map(styleOf));
  tab.rows.splice(index, 0, ...fresh);
  tab.rowCount += count;
}

export function deleteRows(tab: Tab, start: number, end: number): void {
  tab.rows.splice(start, end - start);
  tab.rowCount -= end - start;
  tab.frozenRowCount = Math.min(tab.frozenRowCount, tab.rowCount);
}

/** As insertRows, for columns: each row gets `count` cells at `index`, styled as its cell at `inheritFrom`. */
export function insertColumns(tab: Tab, index: number, count: number, inheritFrom?: number): void {
  for (const row of tab.rows) {
    const style = inheritFrom === undefined ? undefined : styleOf(row[inheritFrom]);
    if (row.length < index && !style) continue;
    while (row.length < index) row.push(undefined);
    row.splice(index, 0, ...Array.from({ length: count }, () => (style ? structuredClone(style) : undefined)));
  }
  tab.columnCount += count;
}

export function deleteColumns(tab: Tab, start: number, end: number): void {
  for (const row of tab.rows) row.splice(start, end - start);
  tab.columnCount -= end - start;
}

/** Rows below `rowCount` are dropped with their cells; columns likewise. */
export function resize(tab: Tab, rowCount: number, columnCount: number): void {
  if (rowCount < tab.rows.length) tab.rows.length = rowCount;
  if (columnCount < tab.columnCount) for (const row of tab.rows) if (row.length > columnCount) row.length = columnCount;
  tab.rowCount = rowCount;
  tab.columnCount = columnCount;
}

export interface SortSpec {
  column: number;
  descending?: boolean;
}

function rank(cell: StoredCell | undefined): number {
  const value = cell?.value;
  return typeof value === "number" ? 0 : typeof value === "string" ? 1 : 2;
}

/**
 * Rows [r0, r1) of columns [c0, c1) sorted by `specs`, each row's cells (values, formats,
 * validations) moving together, as SortRangeRequest and the UI's "Sort range" do
 * (https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets/request#SortRangeRequest).
 * Blank cells go last whatever the order; numbers before text before booleans, text compared
 * without case (Sheets' exact collation is not confirmed offline); ties keep their order.
 */
export function sortBlock(tab: Tab, r0: number, r1: number, c0: number, c1: number, specs: readonly SortSpec[]): void {
  const block = Array.from({ length: r1 - r0 }, (_, i) => (tab.rows[r0 + i] ?? []).slice(c0, c1));
  const order = block.map((cells, i) => ({ cells, i }));
  order.sort((a, b) => {
    for (const { column, descending } of specs) {
      const x = a.cells[column - c0];
      const y = b.cells[column - c0];
      if (isEmpty(x) || isEmpty(y)) {
        if (isEmpty(x) !== isEmpty(y)) return isEmpty(x) ? 1 : -1;
        continue;
      }
      let diff = rank(x) - rank(y);
      if (diff === 0) {
        diff =
          typeof x!.value === "string"
            ? x!.value.localeCompare(String(y!.value), undefined, { sensitivity: "base" })
            : Number(x!.value) - Number(y!.value);
      }
      if (diff !== 0) return descending ? -diff : diff;
    }
    return a.i - b.i;
  });
  order.forEach(({ cells }, i) => {
    for (let c = c0; c < c1; c++) setCell(tab, r0 + i, c, cells[c - c0]);
  });
}

export interface Table {
  firstRow: number;
  lastRow: number;
  firstColumn: number;
  endColumn: number;
}

/**
 * The "table" values.append looks for in its input range
 * (https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values/append,
 * and https://developers.google.com/workspace/sheets/api/guides/values#append_values): the
 * contiguous block of rows with data that starts at the first row with data at or below the
 * range's start or, when nothing is there, the block that ends just above the range; its first
 * column is the leftmost column holding data in those rows, from the range's first column on. A blank
 * row ends the table. How Google searches exactly is not documented; this follows what its
 * answers' tableRange show in public threads, not confirmed offline.
 */
export function findTable(tab: Tab, a1: A1Range): Table | undefined {
  // From the range's first column rightwards: a single cell (A1) finds a table many columns wide.
  const c0 = a1.startColumn ?? 0;
  const c1 = tab.columnCount;
  const has = (r: number) => r >= 0 && rowHasData(tab, r, c0, c1);
  const from = a1.startRow ?? 0;
  let first = from;
  while (first < tab.rows.length && !has(first)) first++;
  let last: number;
  if (first < tab.rows.length) {
    last = first;
    while (has(last + 1)) last++;
  } else if (has(from - 1)) {
    last = from - 1;
    first = last;
    while (has(first - 1)) first--;
  } else {
    return undefined;
  }
  let firstColumn = Number.POSITIVE_INFINITY;
  let endColumn = 0;
  for (let r = first; r <= last; r++) {
    (tab.rows[r] ?? []).forEach((cell, c) => {
      if (c < c0 || c >= c1 || isEmpty(cell)) return;
      firstColumn = Math.min(firstColumn, c);
      endColumn = Math.max(endColumn, c + 1);
    });
  }
  return { firstRow: first, lastRow: last, firstColumn, endColumn };
}

/**
 * A range after `delta` rows or columns were inserted at `at` (delta > 0) or [at, at - delta)
 * deleted (delta < 0): bounds after the edit move, a range the insertion falls inside grows,
 * one the deletion empties is gone (undefined). How protected ranges follow row edits in Sheets.
 */
export function shiftRange(range: GridRange, dimension: Dimension, at: number, delta: number): GridRange | undefined {
  const [startKey, endKey] =
    dimension === "ROWS" ? (["startRowIndex", "endRowIndex"] as const) : (["startColumnIndex", "endColumnIndex"] as const);
  const start = range[startKey] ?? 0;
  const end = range[endKey];
  const move = (x: number, isEnd: boolean) => {
    if (delta > 0) return x > at || (x === at && !isEnd) ? x + delta : x;
    const deletedEnd = at - delta;
    return x <= at ? x : x >= deletedEnd ? x + delta : at;
  };
  const next: GridRange = { ...range };
  if (range[startKey] !== undefined || start > 0) next[startKey] = move(start, false);
  if (end !== undefined) next[endKey] = move(end, true);
  if (end !== undefined && (next[endKey] ?? 0) <= (next[startKey] ?? 0)) return undefined;
  return next;
}
