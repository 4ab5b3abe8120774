import { type CellValue, type ColumnSpec, foldKey, type Grid, isBlankCell, mapHeaders, type TabSpec } from "@rete-urp/shared";

/**
 * The placement rules both stores and the writer share, on a tab as a grid (row 1 the headers,
 * 0-based indexes): which column holds a key, which IDs a tab holds, where its data ends, where
 * a new row's values go. Pure, so each rule has one definition and is tested without a file or
 * a server; the Google store reads grids from the API, the workbook store from exceljs.
 */

/** The tab titled like `name`, matched as the codecs match headers: case, accents and spaces aside. */
export function findTab<T>(tabs: readonly T[], name: string, titleOf: (tab: T) => string): T | undefined {
  const key = foldKey(name);
  return tabs.find((tab) => foldKey(titleOf(tab)) === key);
}

/** Column key → 0-based column index from row 1, matched like the codecs (the first of duplicates wins). */
export function headerColumns(spec: TabSpec, headerRow: readonly CellValue[]): Map<string, number> {
  return mapHeaders(spec, headerRow).indexOf;
}

/** The 0-based column of `key` in the tab, or undefined when row 1 lacks its header. */
export function columnIndex(spec: TabSpec, grid: Grid, key: string): number | undefined {
  return headerColumns(spec, grid[0] ?? []).get(key);
}

/**
 * Each ID in the tab → the 0-based row holding it first. IDs are trimmed text (a number in the ID
 * column is no ID of ours); undefined when the tab has no ID column.
 */
export function idRows(spec: TabSpec, grid: Grid): Map<string, number> | undefined {
  const idColumn = columnIndex(spec, grid, "id");
  if (idColumn === undefined) return undefined;
  const rows = new Map<string, number>();
  for (let r = 1; r < grid.length; r++) {
    const id = grid[r]?.[idColumn];
    if (typeof id === "string" && id.trim() !== "" && !rows.has(id.trim())) rows.set(id.trim(), r);
  }
  return rows;
}

/** A row's ID as an upsert looks it up among idRows(): a row without one is never found, so it is appended. */
export function rowId(values: Readonly<Partial<Record<string, CellValue>>>): string {
  return String(values.id ?? "");
}

/**
 * The IDs present in a tab, whatever the rows' other cells hold; undefined when the tab is missing
 * or has no ID column (so nothing can be decided about its rows).
 */
export function presentIds(spec: TabSpec, grid: Grid | undefined): Set<string> | undefined {
  const rows = grid && idRows(spec, grid);
  return rows && new Set(rows.keys());
}

/** 0-based index of the last row holding any non-blank cell (extra columns count too); -1 if none. */
export function lastDataRow(grid: Grid): number {
  for (let r = grid.length - 1; r >= 0; r--) {
    if ((grid[r] ?? []).some((cell) => !isBlankCell(cell))) return r;
  }
  return -1;
}

/**
 * 0-based index of the first row an append writes: just below the last row with data, whatever
 * blank rows lie between, and never the header row. Formatted but empty rows below do not count.
 */
export function appendRowIndex(grid: Grid): number {
  return Math.max(lastDataRow(grid), 0) + 1;
}

/** One value of a row, where it goes: under its header wherever the coordinator moved it. */
export interface PlacedCell<Key extends string> {
  index: number;
  column: ColumnSpec<Key>;
  value: CellValue;
}

/**
 * A row's values laid out under the tab's headers, in the contract's column order. Undefined
 * values are left out (the cell is not touched); null stays, for a store that clears a cell with
 * it; a value whose column is missing from the tab is dropped.
 */
export function placeRow<Key extends string>(
  spec: TabSpec<Key>,
  columns: ReadonlyMap<string, number>,
  values: Readonly<Partial<Record<Key, CellValue>>>,
): PlacedCell<Key>[] {
  const placed: PlacedCell<Key>[] = [];
  for (const column of spec.columns) {
    const value = values[column.key];
    const index = columns.get(column.key);
    if (value === undefined || index === undefined) continue;
    placed.push({ index, column, value });
  }
  return placed;
}

/** One new row as a dense list of cells: each value under its header, every other cell empty (null). */
export function rowCells<Key extends string>(
  spec: TabSpec<Key>,
  columns: ReadonlyMap<string, number>,
  values: Readonly<Partial<Record<Key, CellValue>>>,
): CellValue[] {
  const cells: CellValue[] = [];
  for (const { index, value } of placeRow(spec, columns, values)) if (value !== null) cells[index] = value;
  for (let i = 0; i < cells.length; i++) cells[i] ??= null;
  return cells;
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

/**
 * A lookup of the contract's cells of the row holding an ID, keyed by column key (a column missing
 * from the tab is left out); it answers undefined when no row has that ID or the tab has no ID
 * column. The tab's rows and headers are indexed once.
 */
export function rowCellsById(spec: TabSpec, grid: Grid): (id: string) => Record<string, CellValue> | undefined {
  const rows = idRows(spec, grid);
  const columns = headerColumns(spec, grid[0] ?? []);
  return (id) => {
    const row = rows?.get(id);
    if (row === undefined) return undefined;
    const cells: Record<string, CellValue> = {};
    for (const [key, index] of columns) cells[key] = grid[row]?.[index] ?? null;
    return cells;
  };
}
