import { formatA1 } from "./a1-notation.ts";
import { formatted, isEmpty, type StoredCell, withDetectedFormat, withValue } from "./cell-formats.ts";
import { ApiError } from "./error-info.ts";
import { type Scalar, type TypedValue, typeText } from "./locale-typing.ts";
import type { Rect, Spreadsheet } from "./spreadsheet-state.ts";
import { cellAt, findTable, setCell, type Tab } from "./tab-grid.ts";

/**
 * spreadsheets.values: get, batchGet, append, batchUpdate.
 * https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values
 *
 * - Reads omit trailing empty cells and rows and give empty cells inside a row as "". A range
 *   past the grid is a 400 "exceeds grid limits".
 * - RAW input is stored as is ("=…" stays text); USER_ENTERED is read as typed, in the
 *   spreadsheet's locale (locale-typing.ts). A null value leaves the cell as it is ("Null values
 *   will be skipped"), "" empties it. Formats and validations of the written cells stay.
 * - values.batchUpdate checks every range (grid, protection, strict validation) before it writes
 *   anything; includeValuesInResponse gives each range back as it is after the write.
 * - values.append: see `append`.
 */

type Input = TypedValue | undefined | "skip";

function inputCell(value: unknown, option: string, locale: string): Input {
  if (value === null || value === undefined) return "skip";
  if (typeof value === "number" || typeof value === "boolean") return { value };
  const text = String(value);
  if (text === "") return undefined;
  if (option === "RAW") return { value: text };
  return typeText(text, locale);
}

/** Each value to write (skipped ones left out), with its row and column offsets. */
function eachInput(rows: readonly Input[][], visit: (input: TypedValue | undefined, i: number, j: number) => void): void {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    for (let j = 0; j < row.length; j++) {
      const input = row[j];
      if (input !== "skip") visit(input, i, j);
    }
  }
}

/** The cell once `input` is written into it (its format and validation kept). */
function written(cell: StoredCell | undefined, input: TypedValue | undefined): StoredCell | undefined {
  return withDetectedFormat(withValue(cell, input), input?.numberFormat);
}

export function requireInputOption(option: string | null | undefined): string {
  if (option !== "RAW" && option !== "USER_ENTERED") {
    throw new ApiError(400, "Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED");
  }
  return option;
}

function requireValues(body: unknown): unknown[][] {
  const request = (body ?? {}) as { values?: unknown; majorDimension?: string };
  const values = request.values;
  if (values === undefined) return [];
  if (!Array.isArray(values) || !values.every(Array.isArray)) throw new ApiError(400, "Invalid values: expected a list of rows");
  if (request.majorDimension !== "COLUMNS") return values as unknown[][];
  const columns = values as unknown[][];
  const height = Math.max(0, ...columns.map((column) => column.length));
  return Array.from({ length: height }, (_, r) => columns.map((column) => column[r] ?? null));
}

export function render(cell: StoredCell | undefined, option: string): Scalar {
  if (cell === undefined || isEmpty(cell)) return "";
  if (option === "FORMULA" && cell.formula !== undefined) return cell.formula;
  if (option === "FORMATTED_VALUE") return formatted(cell.value);
  return cell.value ?? "";
}

/** The cells of `rect` as a values read gives them (trailing empties trimmed). */
function readRect(tab: Tab, rect: Rect, option: string): Scalar[][] {
  const values: Scalar[][] = [];
  for (let r = rect.r0; r < rect.r1; r++) {
    const row = tab.rows[r] ?? [];
    let end = Math.min(rect.c1, row.length);
    while (end > rect.c0 && isEmpty(row[end - 1])) end--;
    const cells: Scalar[] = [];
    for (let c = rect.c0; c < end; c++) cells.push(render(row[c], option));
    values.push(cells);
  }
  while (values.length > 0 && values[values.length - 1]!.length === 0) values.pop();
  return values;
}

export function readRange(sheet: Spreadsheet, range: string, query: URLSearchParams) {
  const { tab, a1 } = sheet.resolve(range);
  const rect = { r0: a1.startRow ?? 0, r1: a1.endRow ?? tab.rowCount, c0: a1.startColumn ?? 0, c1: a1.endColumn ?? tab.columnCount };
  sheet.checkGrid(tab, rect, range);
  const values = readRect(tab, rect, query.get("valueRenderOption") ?? "FORMATTED_VALUE");
  return {
    range: formatA1(tab.title, rect.r0, rect.c0, rect.r1, rect.c1),
    majorDimension: "ROWS",
    ...(values.length ? { values } : {}),
  };
}

/** A planned write of `rows` at (r0, c0), checked before anything changes. */
interface Write {
  tab: Tab;
  r0: number;
  c0: number;
  rows: Input[][];
  width: number;
}

/** Protection and strict validation for a write into existing cells. */
function checkWrite(sheet: Spreadsheet, write: Write, caller: string | undefined): void {
  const { tab, r0, c0, rows } = write;
  eachInput(rows, (input, i, j) => {
    // A skipped (null) value is no edit: only the cells written must be editable.
    sheet.assertEditable(tab, { r0: r0 + i, r1: r0 + i + 1, c0: c0 + j, c1: c0 + j + 1 }, caller);
    const cell = cellAt(tab, r0 + i, c0 + j);
    sheet.assertValid(tab, r0 + i, c0 + j, written(cell, input), cell?.validation);
  });
}

function applyWrite({ tab, r0, c0, rows }: Write): void {
  eachInput(rows, (input, i, j) => setCell(tab, r0 + i, c0 + j, written(cellAt(tab, r0 + i, c0 + j), input)));
}

function writeSummary(sheet: Spreadsheet, write: Write, body: { includeValuesInResponse?: boolean; responseValueRenderOption?: string }) {
  const { tab, r0, c0, rows, width } = write;
  const rect = { r0, r1: r0 + rows.length, c0, c1: c0 + Math.max(width, 1) };
  const range = formatA1(tab.title, rect.r0, rect.c0, Math.max(rect.r1, rect.r0 + 1), rect.c1);
  const values = body.includeValuesInResponse ? readRect(tab, rect, body.responseValueRenderOption ?? "FORMATTED_VALUE") : undefined;
  return {
    spreadsheetId: sheet.spreadsheetId,
    updatedRange: range,
    updatedRows: rows.length,
    updatedColumns: width,
    updatedCells: rows.reduce((sum, row) => sum + row.filter((input) => input !== "skip").length, 0),
    ...(values ? { updatedData: { range, majorDimension: "ROWS", ...(values.length ? { values } : {}) } } : {}),
  };
}

/**
 * values.append (https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values/append):
 * - "The input range is used to search for existing data and find a 'table' within that range.
 *   Values will be appended to the next row of the table, starting with the first column of the
 *   table": after the table's last row, from its first column (tab-grid.ts `findTable`), so with
 *   column A blank the values start in B;
 * - INSERT_ROWS: "The new data is inserted into new rows": rows below move down, and the new rows
 *   take the formats and data validation of the row above them (reported by users, e.g.
 *   https://github.com/nithinmurali/pygsheets/issues/573 and #285: appended rows inherit the
 *   previous row's formatting, under a bold header they come out bold; not confirmed offline).
 *   OVERWRITE writes into the rows there; rows past the grid are added, styled the same way;
 * - an input range that starts past the grid is a 400 "Range ('Tab'!A1001) exceeds grid limits.
 *   Max rows: 1000, max columns: 26" (https://github.com/jroehl/gsheet.action/issues/611), and so
 *   are values wider than the grid: append adds rows, never columns
 *   (https://github.com/home-assistant/core/issues/104198: "Range (Solar!Y1) exceeds grid limits.
 *   Max rows: 981, max columns: 24"; which cell the message names is not confirmed offline).
 */
export function append(sheet: Spreadsheet, range: string, query: URLSearchParams, body: unknown, caller: string | undefined) {
  const { tab, a1 } = sheet.resolve(range);
  const option = requireInputOption(query.get("valueInputOption"));
  const insert = (query.get("insertDataOption") ?? "OVERWRITE") === "INSERT_ROWS";
  const from = a1.startRow ?? 0;
  const fromColumn = a1.startColumn ?? 0;
  sheet.checkGrid(tab, { r0: from, r1: from + 1, c0: fromColumn, c1: fromColumn + 1 }, range);
  const rows = requireValues(body).map((row) => row.map((value) => inputCell(value, option, sheet.state.locale)));
  const table = findTable(tab, a1);
  const r0 = table ? table.lastRow + 1 : from;
  const c0 = table ? table.firstColumn : fromColumn;
  const width = Math.max(0, ...rows.map((row) => row.length));
  if (c0 + width > tab.columnCount) {
    sheet.checkGrid(tab, { r0, r1: r0 + 1, c0: tab.columnCount, c1: tab.columnCount + 1 });
  }
  // The new rows (inserted, or added past the grid) are styled as the row above them: checked against that.
  const added = insert ? rows.length : Math.max(0, r0 + rows.length - tab.rowCount);
  const firstAdded = insert ? r0 : tab.rowCount;
  const inherit = firstAdded > 0 ? firstAdded - 1 : undefined;
  if (insert) sheet.assertInsertable(tab, "ROWS", r0, caller);
  eachInput(rows, (input, i, j) => {
    const r = r0 + i;
    const isNew = r >= firstAdded && r < firstAdded + added;
    // A new row is inside a locked range only when inserted inside it (assertInsertable).
    if (!isNew) sheet.assertEditable(tab, { r0: r, r1: r + 1, c0: c0 + j, c1: c0 + j + 1 }, caller);
    const before = isNew ? (inherit === undefined ? undefined : cellAt(tab, inherit, c0 + j)) : cellAt(tab, r, c0 + j);
    sheet.assertValid(tab, r, c0 + j, written(undefined, input), before?.validation);
  });
  if (added > 0) sheet.insertDimension(tab, "ROWS", firstAdded, added, inherit);
  const write = { tab, r0, c0, rows, width };
  applyWrite(write);
  return {
    spreadsheetId: sheet.spreadsheetId,
    ...(table
      ? {
          tableRange: formatA1(
            tab.title,
            table.firstRow,
            table.firstColumn,
            table.lastRow + 1,
            Math.max(table.endColumn, table.firstColumn + 1),
          ),
        }
      : {}),
    updates: writeSummary(sheet, write, {
      includeValuesInResponse: query.get("includeValuesInResponse") === "true",
      responseValueRenderOption: query.get("responseValueRenderOption") ?? undefined,
    }),
  };
}

export function valuesBatchUpdate(sheet: Spreadsheet, body: unknown, caller: string | undefined) {
  const request = (body ?? {}) as {
    valueInputOption?: string;
    data?: { range: string; values?: unknown[][]; majorDimension?: string }[];
    includeValuesInResponse?: boolean;
    responseValueRenderOption?: string;
  };
  const option = requireInputOption(request.valueInputOption);
  // Every range is checked before anything is written: the call is all-or-nothing.
  const writes: Write[] = (request.data ?? []).map((item) => {
    const { tab, a1 } = sheet.resolve(item.range);
    const rows = requireValues(item).map((row) => row.map((value) => inputCell(value, option, sheet.state.locale)));
    const r0 = a1.startRow ?? 0;
    const c0 = a1.startColumn ?? 0;
    const width = Math.max(0, ...rows.map((row) => row.length));
    sheet.checkGrid(tab, { r0, r1: r0 + Math.max(rows.length, 1), c0, c1: c0 + Math.max(width, 1) }, item.range);
    const write = { tab, r0, c0, rows, width };
    checkWrite(sheet, write, caller);
    return write;
  });
  for (const write of writes) applyWrite(write);
  const responses = writes.map((write) => writeSummary(sheet, write, request));
  return {
    spreadsheetId: sheet.spreadsheetId,
    totalUpdatedRows: responses.reduce((sum, item) => sum + item.updatedRows, 0),
    totalUpdatedColumns: Math.max(0, ...responses.map((item) => item.updatedColumns)),
    totalUpdatedCells: responses.reduce((sum, item) => sum + item.updatedCells, 0),
    totalUpdatedSheets: new Set(writes.map((write) => write.tab.sheetId)).size,
    responses,
  };
}
