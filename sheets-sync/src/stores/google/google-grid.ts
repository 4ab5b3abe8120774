import type { CellValue, Grid } from "@rete-urp/shared";

/**
 * What only the Sheets API needs between its value arrays and the store's grids: the tab list as
 * spreadsheets.get describes it, and UNFORMATTED_VALUE cells as the codecs want them. The
 * placement rules both stores share (by header, never by position) are in grid.ts.
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

/** An UNFORMATTED_VALUE cell as the codecs want it: empty strings (gaps Google fills) are null. */
export function fromApiCell(value: unknown): CellValue {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return String(value);
}

export function toGrid(values: readonly (readonly unknown[])[] | null | undefined): CellValue[][] {
  return (values ?? []).map((row) => (row ?? []).map(fromApiCell));
}

/** A row as a read gives it back: empty cells null, trailing empty cells left out. */
function asRead(cells: readonly unknown[]): CellValue[] {
  const row = cells.map(fromApiCell);
  while (row.length > 0 && row[row.length - 1] === null) row.pop();
  return row;
}

/**
 * The 0-based first row and column of an A1 range as the API answers it ("'Buone prassi'!C12:K13"
 * → row 11, column 2; quoted titles holding "!" included); undefined when it names no cell.
 */
export function rangeStart(range: string | null | undefined): { row: number; column: number } | undefined {
  if (!range) return undefined;
  const cells = range.slice(range.lastIndexOf("!") + 1);
  const match = /^\$?([A-Za-z]+)\$?(\d+)/.exec(cells);
  if (!match) return undefined;
  let column = 0;
  for (const char of match[1]!.toUpperCase()) column = column * 26 + (char.charCodeAt(0) - 64);
  return { row: Number(match[2]) - 1, column: column - 1 };
}

/**
 * The tab after new rows were inserted, as a read would give it: `grid` with `rows` inserted at
 * `at` (rows below move down; a gap before it stays empty). Rows someone else added between the
 * read and the append are missing until the next read; the cells written are where Google put them.
 */
export function gridAfterAppend(grid: Grid, at: number, rows: readonly (readonly unknown[])[]): Grid {
  const after = [...grid];
  while (after.length < at) after.push([]);
  after.splice(at, 0, ...rows.map(asRead));
  return after;
}

/** The tab after writing single cells (0-based row and column), as a read would give it. */
export function gridAfterCells(grid: Grid, cells: readonly { row: number; column: number; value: unknown }[]): Grid {
  const after = [...grid];
  for (const { row, column, value } of cells) {
    const cellsOfRow = [...(after[row] ?? [])];
    while (cellsOfRow.length <= column) cellsOfRow.push(null);
    cellsOfRow[column] = fromApiCell(value);
    after[row] = asRead(cellsOfRow);
  }
  return after;
}
