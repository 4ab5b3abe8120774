import { type CellValue, type Grid, type TabSpec, foldKey, isBlankCell, mapHeaders } from "@rete-urp/shared";
import type { RowValues } from "./store.ts";

/**
 * Pure helpers between the Sheets API's value arrays and the store's grids: no I/O, so the
 * placement rules (by header, never by position) are tested without a server.
 */

/** A tab of the spreadsheet as spreadsheets.get describes it. */
export interface TabMeta {
  sheetId: number;
  title: string;
  rowCount: number;
  columnCount: number;
  frozenRowCount: number;
  protectedRanges: { startColumnIndex?: number; endColumnIndex?: number; startRowIndex?: number; description?: string }[];
}

export function findTab<T extends { title: string }>(tabs: readonly T[], name: string): T | undefined {
  const key = foldKey(name);
  return tabs.find((tab) => foldKey(tab.title) === key);
}

/** An UNFORMATTED_VALUE cell as the codecs want it: empty strings (gaps Google fills) are null. */
export function fromApiCell(value: unknown): CellValue {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return String(value);
}

export function toGrid(values: readonly (readonly unknown[])[] | null | undefined): CellValue[][] {
  return (values ?? []).map((row) => (row ?? []).map(fromApiCell));
}

/** Column key → 0-based index from row 1, matched like the codecs (first of duplicates wins). */
export function headerColumns(spec: TabSpec, headerRow: readonly CellValue[]): Map<string, number> {
  return mapHeaders(spec, headerRow).indexOf;
}

/** One row to append: each value under its header; values without a column are dropped. */
export function rowCells(spec: TabSpec, columns: ReadonlyMap<string, number>, values: RowValues): CellValue[] {
  const cells: CellValue[] = [];
  for (const column of spec.columns) {
    const value = values[column.key];
    const index = columns.get(column.key);
    if (value === undefined || value === null || index === undefined) continue;
    cells[index] = value;
  }
  // null = "leave this cell alone" for the API: the new row's other columns stay empty.
  for (let i = 0; i < cells.length; i++) cells[i] ??= null;
  return cells;
}

/** 0-based index of the last row holding any non-blank cell (extra columns count too); -1 if none. */
export function lastDataRow(grid: Grid): number {
  for (let r = grid.length - 1; r >= 0; r--) {
    if ((grid[r] ?? []).some((cell) => !isBlankCell(cell))) return r;
  }
  return -1;
}

/**
 * 0-based indexes of the rows whose ID cell is empty although the row has content in one of
 * the contract's columns (a note in an extra column alone does not make a row).
 */
export function rowsMissingId(spec: TabSpec, grid: Grid): number[] {
  const columns = headerColumns(spec, grid[0] ?? []);
  const idColumn = columns.get("id");
  if (idColumn === undefined) return [];
  const rows: number[] = [];
  for (let r = 1; r < grid.length; r++) {
    const row = grid[r] ?? [];
    const hasContent = [...columns.entries()].some(([key, index]) => key !== "id" && !isBlankCell(row[index]));
    if (hasContent && isBlankCell(row[idColumn])) rows.push(r);
  }
  return rows;
}
