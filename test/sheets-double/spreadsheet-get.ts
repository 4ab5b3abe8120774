import type { A1Range } from "./a1-notation.ts";
import { toCellData } from "./cell-formats.ts";
import { pickFields, readMask, SPREADSHEET, selects } from "./field-masks.ts";
import type { Spreadsheet } from "./spreadsheet-state.ts";
import type { Tab } from "./tab-grid.ts";

/**
 * spreadsheets.get (https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets/get):
 * - properties: title, locale, autoRecalc, timeZone (#SpreadsheetProperties);
 * - each sheet's properties and protected ranges; grid data ("By default, data within grids is
 *   not returned… Specify a field mask listing your desired fields using the fields URL parameter
 *   in HTTP, or set the includeGridData URL parameter to true. If a field mask is set, the
 *   includeGridData parameter is ignored");
 * - `ranges` limits the answer to the sheets they name, with their data when asked (as Google's
 *   answers show; the reference says only "The ranges to retrieve from the spreadsheet");
 * - `fields` selects what the answer carries, and names a field the Spreadsheet lacks → 400
 *   (field-masks.ts).
 */

/** GridData of a range: per cell its CellData (empty cells as {}, trailing empties trimmed). */
function gridData(tab: Tab, a1: A1Range | undefined) {
  const startRow = a1?.startRow ?? 0;
  const startColumn = a1?.startColumn ?? 0;
  const endRow = a1?.endRow ?? tab.rowCount;
  const endColumn = a1?.endColumn ?? tab.columnCount;
  const rowData: { values?: unknown[] }[] = [];
  for (let r = startRow; r < Math.min(endRow, tab.rows.length); r++) {
    const values: Record<string, unknown>[] = [];
    for (let c = startColumn; c < endColumn; c++) values.push(toCellData(tab.rows[r]?.[c]));
    while (values.length > 0 && Object.keys(values[values.length - 1]!).length === 0) values.pop();
    rowData.push(values.length ? { values } : {});
  }
  while (rowData.length > 0 && rowData[rowData.length - 1]!.values === undefined) rowData.pop();
  return { startRow, startColumn, ...(rowData.length ? { rowData } : {}) };
}

export function getSpreadsheet(sheet: Spreadsheet, query: URLSearchParams) {
  const fields = query.get("fields");
  const paths = fields === null ? undefined : readMask(SPREADSHEET, fields);
  const ranges = query.getAll("ranges").map((range) => {
    const { tab, a1 } = sheet.resolve(range);
    const rect = { r0: a1.startRow ?? 0, r1: a1.endRow ?? tab.rowCount, c0: a1.startColumn ?? 0, c1: a1.endColumn ?? tab.columnCount };
    sheet.checkGrid(tab, rect, range);
    return { tab, a1 };
  });
  const withData = paths ? selects(paths, "sheets.data") : query.get("includeGridData") === "true";
  const tabs = sheet.sortedTabs.filter((tab) => ranges.length === 0 || ranges.some((range) => range.tab === tab));
  const { state } = sheet;
  const answer = {
    spreadsheetId: sheet.spreadsheetId,
    properties: { title: state.title, locale: state.locale, autoRecalc: "ON_CHANGE", timeZone: state.timeZone },
    sheets: tabs.map((tab) => {
      const protectedRanges = state.protectedRanges.filter((range) => range.range.sheetId === tab.sheetId);
      const data = () =>
        ranges.length ? ranges.filter((range) => range.tab === tab).map(({ a1 }) => gridData(tab, a1)) : [gridData(tab, undefined)];
      return {
        properties: {
          sheetId: tab.sheetId,
          title: tab.title,
          index: tab.index,
          sheetType: "GRID",
          gridProperties: {
            rowCount: tab.rowCount,
            columnCount: tab.columnCount,
            ...(tab.frozenRowCount ? { frozenRowCount: tab.frozenRowCount } : {}),
          },
        },
        ...(protectedRanges.length ? { protectedRanges: structuredClone(protectedRanges) } : {}),
        ...(withData ? { data: data() } : {}),
      };
    }),
    spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${sheet.spreadsheetId}/edit`,
  };
  return paths ? pickFields(answer, paths) : answer;
}
