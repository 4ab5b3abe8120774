import type { CellValue } from "@rete-urp/shared";

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
