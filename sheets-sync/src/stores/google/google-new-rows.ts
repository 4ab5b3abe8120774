import type { sheets_v4 } from "@googleapis/sheets";
import type { CellValue, TabSpec } from "@rete-urp/shared";
import { dataCell } from "./google-init.ts";

/**
 * New rows as ONE spreadsheets.batchUpdate, by the tab's sheetId (a rename between the read and
 * the write changes nothing): an insertDimension of empty rows just below the last row with data,
 * then an updateCells of literal values into exactly those rows. Why not values.append:
 * - INSERT_ROWS gives the new rows the formats of the row above: under the bold header of a fresh
 *   tab the first row comes out bold, its dates as serial numbers, its dropdowns gone, and every
 *   later row copies it;
 * - its input range past the grid (a coordinator deleted the empty rows) is a 400 "exceeds grid
 *   limits", and the write would look like a bad entry;
 * - it appends "starting with the first column of the table" Google detects, so with a blank
 *   column A the values move right, under the wrong headers.
 * https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values/append
 * https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets/request#InsertDimensionRequest
 *
 * The inserted rows are empty by construction, so whatever a person did meanwhile (sorted, added
 * a row, deleted the empty ones) no one's row is overwritten: at worst the rows land above a row
 * someone added a moment ago. Values go in as userEnteredValue: a string is a stringValue, literal
 * like RAW ("=IMPORTXML(…)" stays text), a number a numberValue (dates are serial numbers).
 */

/** A cell value as updateCells writes it; null leaves the cell empty. */
export function cellData(value: CellValue): sheets_v4.Schema$CellData {
  if (value === null || value === undefined) return {};
  if (typeof value === "number") return { userEnteredValue: { numberValue: value } };
  if (typeof value === "boolean") return { userEnteredValue: { boolValue: value } };
  return { userEnteredValue: { stringValue: value } };
}

export interface NewRows {
  sheetId: number;
  /** 0-based index of the first new row: below the last row with data, never the header. */
  at: number;
  /** Each row as a dense list of cells under the tab's headers (grid.ts rowCells). */
  rows: readonly (readonly CellValue[])[];
  spec: TabSpec;
  /** Column key → 0-based index, from the tab's header row. */
  columns: ReadonlyMap<string, number>;
}

/**
 * The requests of one atomic batchUpdate that writes `rows` at `at`. Below a data row the new rows
 * inherit that row's formats and dropdowns (the coordinator's own formatting, if any). Right under
 * the header there is no data row to copy: they inherit the header's row (a row must inherit from
 * one side, and a full grid has no row below), and the same call then sets every contract column
 * to the data format init gives (dates as dates, dropdowns, not bold), replacing the header's.
 */
export function newRowsRequests({ sheetId, at, rows, spec, columns }: NewRows): sheets_v4.Schema$Request[] {
  const firstDataRow = at <= 1;
  const width = Math.max(0, ...rows.map((row) => row.length), ...(firstDataRow ? [...columns.values()].map((index) => index + 1) : []));
  const layoutOf = new Map<number, ReturnType<typeof dataCell>>();
  if (firstDataRow)
    for (const column of spec.columns) if (columns.has(column.key)) layoutOf.set(columns.get(column.key)!, dataCell(column));
  const rowData = rows.map((row) => ({
    values: Array.from({ length: width }, (_, c): sheets_v4.Schema$CellData => {
      const cell = cellData(row[c] ?? null);
      if (!firstDataRow) return cell;
      const layout = layoutOf.get(c);
      return {
        ...cell,
        userEnteredFormat: layout?.userEnteredFormat ?? {},
        ...(layout?.dataValidation ? { dataValidation: layout.dataValidation } : {}),
      };
    }),
  }));
  return [
    {
      insertDimension: {
        range: { sheetId, dimension: "ROWS", startIndex: at, endIndex: at + rows.length },
        inheritFromBefore: true,
      },
    },
    {
      updateCells: {
        start: { sheetId, rowIndex: at, columnIndex: 0 },
        rows: rowData,
        // Under the header the formats are set too; a cell left without dataValidation loses the one it inherited.
        fields: firstDataRow ? "userEnteredValue,userEnteredFormat,dataValidation" : "userEnteredValue",
      },
    },
  ];
}
