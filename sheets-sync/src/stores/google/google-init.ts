import type { sheets_v4 } from "@googleapis/sheets";
import { BASSA_ROMAGNA, type CellValue, type ColumnSpec, columnLetter, ENTI_TAB, quoteTab, type TabSpec } from "@rete-urp/shared";
import { headerColumns } from "../grid.ts";
import type { TabMeta } from "./google-grid.ts";

/**
 * What `init` has to do to one existing tab, computed from its metadata and its header row:
 * the header cells to write (to the right of the existing ones, never moving anything) and the
 * spreadsheets.batchUpdate requests that make the tab comfortable for the coordinator: bold
 * frozen header, dropdowns, date/time formats, a warning on the ID column.
 *
 * Idempotence: a tab counts as set up when its ID column is already protected (or, for
 * Impostazioni, which has no ID, when its header row is frozen); a set-up tab keeps its header
 * row as it is. Dropdowns and number formats go where row 2 shows none (`layout`, read by init):
 * a column added since, a column whose type came later (Aggiornato, a date-time), a dropdown
 * the sheet lacked; a column that has one keeps it, so a second init sends nothing and never
 * overwrites a dropdown or a date format the coordinator changed since. Without `layout`, a
 * set-up tab only gets the columns added now.
 */

const NUMBER_FORMATS = {
  date: { type: "DATE", pattern: "dd/mm/yyyy" },
  time: { type: "TIME", pattern: "hh:mm" },
  datetime: { type: "DATE_TIME", pattern: "dd/mm/yyyy hh:mm" },
} as const;

export const ID_PROTECTION_DESCRIPTION = "ID di Rete URP: non modificare né copiare (lo usa sheets-sync)";

/** What row 2 of a tab already has, per 0-based column: what init must not add again. */
export interface CellLayout {
  /** The cell's number format type (DATE, TIME, DATE_TIME, NUMBER…), when it has one. */
  numberFormat?: string;
  validated: boolean;
  /** The words of its dropdown, when it is a list (ONE_OF_LIST). */
  list?: string[];
}

/**
 * The Ente dropdown init made before the Enti tab existed: the ten names, written out. It is
 * init's own, so init replaces it with the tab's list; a list the coordinator changed stays.
 */
export function isFixedEntiList(list: readonly string[] | undefined): boolean {
  return list !== undefined && list.join("|") === BASSA_ROMAGNA.map((ente) => ente.name).join("|");
}

export interface TabPlan {
  headerWrites: { range: string; values: CellValue[][] }[];
  addedHeaders: string[];
  requests: sheets_v4.Schema$Request[];
}

function covers(range: TabMeta["protectedRanges"][number], column: number): boolean {
  return (range.startColumnIndex ?? 0) <= column && column < (range.endColumnIndex ?? Number.POSITIVE_INFINITY);
}

/**
 * Where the Ente dropdowns take their words: the Enti tab's Ente column below its header, open
 * ended, so a comune added to the tab is offered at once (Google leaves the blank cells out).
 * `column`: the Ente column's 0-based index in that tab (A in a tab init made).
 */
export function entiRangeFormula(tabTitle: string = ENTI_TAB.name, column = 0): string {
  const letter = columnLetter(column);
  return `=${quoteTab(tabTitle)}!${letter}2:${letter}`;
}

export function planTabInit(
  spec: TabSpec,
  tab: TabMeta,
  headerRow: readonly CellValue[],
  layout?: readonly (CellLayout | undefined)[],
  entiRange: string = entiRangeFormula(),
): TabPlan {
  const plan: TabPlan = { headerWrites: [], addedHeaders: [], requests: [] };
  const columns = new Map(headerColumns(spec, headerRow));
  const added: string[] = [];
  let next = headerRow.length;
  for (const column of spec.columns) {
    if (columns.has(column.key)) continue;
    columns.set(column.key, next);
    plan.headerWrites.push({ range: `${quoteTab(tab.title)}!${columnLetter(next)}1`, values: [[column.header]] });
    plan.addedHeaders.push(`${spec.name}!${column.header}`);
    added.push(column.key);
    next++;
  }
  const sheetId = tab.sheetId;
  if (next > tab.columnCount) {
    // Header cells beyond the grid would be rejected ("exceeds grid limits"): widen it first.
    plan.requests.push({ appendDimension: { sheetId, dimension: "COLUMNS", length: next - tab.columnCount } });
  }

  const idColumn = columns.get("id");
  const setUp =
    idColumn === undefined || added.includes("id")
      ? spec.columns.every((column) => column.key !== "id") && tab.frozenRowCount >= 1
      : tab.protectedRanges.some((range) => covers(range, idColumn));
  // Without the layout of row 2, a set-up tab is taken to have what it needs except on new columns.
  const missing = (key: string, has: (cell: CellLayout) => boolean) => {
    if (added.includes(key)) return true;
    if (!layout) return !setUp;
    const cell = layout[columns.get(key)!];
    return !cell || !has(cell);
  };

  if (!setUp) {
    if (tab.frozenRowCount < 1) {
      plan.requests.push({
        updateSheetProperties: { properties: { sheetId, gridProperties: { frozenRowCount: 1 } }, fields: "gridProperties.frozenRowCount" },
      });
    }
    plan.requests.push(boldHeader({ sheetId, startRowIndex: 0, endRowIndex: 1 }));
  } else {
    for (const key of added) {
      const index = columns.get(key)!;
      plan.requests.push(boldHeader({ sheetId, startRowIndex: 0, endRowIndex: 1, startColumnIndex: index, endColumnIndex: index + 1 }));
    }
  }

  for (const column of spec.columns) {
    const key = column.key;
    const index = columns.get(key)!;
    const body: sheets_v4.Schema$GridRange = { sheetId, startRowIndex: 1, startColumnIndex: index, endColumnIndex: index + 1 };
    const { userEnteredFormat, dataValidation } = dataCell(column, entiRange);
    const validated = column.choicesFromEnti
      ? (cell: CellLayout) => cell.validated && !isFixedEntiList(cell.list)
      : (cell: CellLayout) => cell.validated;
    if (dataValidation && missing(key, validated)) {
      plan.requests.push({ setDataValidation: { range: body, rule: dataValidation } });
    }
    if (userEnteredFormat.numberFormat && missing(key, (cell) => cell.numberFormat !== undefined)) {
      plan.requests.push({
        repeatCell: { range: body, cell: { userEnteredFormat }, fields: "userEnteredFormat.numberFormat" },
      });
    }
    if (key === "id" && !tab.protectedRanges.some((range) => covers(range, index))) {
      plan.requests.push({
        addProtectedRange: {
          protectedRange: {
            range: { sheetId, startColumnIndex: index, endColumnIndex: index + 1 },
            description: ID_PROTECTION_DESCRIPTION,
            // A warning, not a lock: the coordinator can still sort and delete rows.
            warningOnly: true,
          },
        },
      });
    }
  }
  return plan;
}

/**
 * How a data cell of `column` looks on a sheet set up by init: its number format (dates, times,
 * date-times) and its dropdown, nothing else (not bold). The one definition init's column formats
 * and a first data row written under the header both use. An Ente column's dropdown is the Enti
 * tab's list (`entiRange`, entiRangeFormula).
 */
export function dataCell(
  column: ColumnSpec,
  entiRange: string = entiRangeFormula(),
): {
  userEnteredFormat: sheets_v4.Schema$CellFormat;
  dataValidation?: sheets_v4.Schema$DataValidationRule;
} {
  const numberFormat =
    column.type === "date" || column.type === "time" || column.type === "datetime" ? NUMBER_FORMATS[column.type] : undefined;
  return {
    userEnteredFormat: numberFormat ? { numberFormat: { ...numberFormat } } : {},
    ...(column.choicesFromEnti
      ? {
          dataValidation: {
            condition: { type: "ONE_OF_RANGE", values: [{ userEnteredValue: entiRange }] },
            // Not strict, as the lists below: "Comune di Lugo" stays allowed.
            strict: false,
            showCustomUi: true,
          },
        }
      : {}),
    ...(column.choices
      ? {
          dataValidation: {
            condition: { type: "ONE_OF_LIST", values: column.choices.map((value) => ({ userEnteredValue: value })) },
            // Not strict: "Comune di Lugo" and other variants the codecs accept stay allowed.
            strict: false,
            showCustomUi: true,
          },
        }
      : {}),
  };
}

function boldHeader(range: sheets_v4.Schema$GridRange): sheets_v4.Schema$Request {
  return {
    repeatCell: {
      range,
      cell: { userEnteredFormat: { textFormat: { bold: true } } },
      fields: "userEnteredFormat.textFormat.bold",
    },
  };
}
