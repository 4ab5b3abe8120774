import { applyMask, type MaskPath } from "./field-masks.ts";
import type { Scalar } from "./locale-typing.ts";

/**
 * A cell as the double stores it: its value (or formula), and its own format, data validation
 * and note. Formats and validations belong to the cell, as in Sheets, where a repeatCell or a
 * setDataValidation writes each cell of its range
 * (https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets/request#RepeatCellRequest,
 * #SetDataValidationRequest): they move with the cell when rows or columns are inserted, deleted
 * or sorted, and a range "to the end of the sheet" covers the cells the grid has at that moment.
 *
 * Cells are CellData on the wire
 * (https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets/cells#CellData):
 * userEnteredValue is an ExtendedValue (stringValue is stored literally, "=…" included;
 * formulaValue is a formula, never evaluated here), userEnteredFormat a CellFormat, dataValidation
 * a DataValidationRule. Only userEnteredValue, userEnteredFormat, dataValidation and note are kept;
 * effectiveFormat, hyperlink, textFormatRuns and the rest are not modelled.
 */

// biome-ignore lint/suspicious/noExplicitAny: CellFormat and CellData are loose JSON from the client.
export type Json = any;

export interface ValidationRule {
  condition: { type: string; values?: { userEnteredValue?: string }[] };
  strict?: boolean;
  showCustomUi?: boolean;
  inputMessage?: string;
}

export interface StoredCell {
  value: Scalar;
  formula?: string;
  /** userEnteredFormat, as CellFormat JSON. */
  format?: Json;
  validation?: ValidationRule;
  note?: string;
}

/** What a test asks of a cell: its number format, bold, and data validation. */
export interface CellFormatView {
  numberFormat?: { type: string; pattern?: string };
  bold?: boolean;
  validation?: ValidationRule;
}

export function isEmpty(cell: StoredCell | undefined): boolean {
  return cell === undefined || (cell.formula === undefined && (cell.value === null || cell.value === ""));
}

function hasContent(cell: StoredCell): boolean {
  return !isEmpty(cell) || cell.format !== undefined || cell.validation !== undefined || cell.note !== undefined;
}

/** The cell's format and validation without its value: what an inserted row inherits. */
export function styleOf(cell: StoredCell | undefined): StoredCell | undefined {
  if (!cell || (cell.format === undefined && cell.validation === undefined)) return undefined;
  return {
    value: null,
    ...(cell.format === undefined ? {} : { format: structuredClone(cell.format) }),
    ...(cell.validation === undefined ? {} : { validation: structuredClone(cell.validation) }),
  };
}

/** The cell with a new value, its format and validation kept. */
export function withValue(cell: StoredCell | undefined, value: { value: Scalar; formula?: string } | undefined): StoredCell | undefined {
  const { format, validation, note } = cell ?? {};
  const next: StoredCell = {
    value: value?.value ?? null,
    ...(value?.formula === undefined ? {} : { formula: value.formula }),
    ...(format === undefined ? {} : { format }),
    ...(validation === undefined ? {} : { validation }),
    ...(note === undefined ? {} : { note }),
  };
  return hasContent(next) ? next : undefined;
}

/** The cell with `rule` as its data validation (none: removed), the rest kept. */
export function withValidation(cell: StoredCell | undefined, rule: ValidationRule | undefined): StoredCell | undefined {
  const { validation: _, ...rest } = cell ?? { value: null };
  const next: StoredCell = rule ? { ...rest, validation: structuredClone(rule) } : rest;
  return hasContent(next) ? next : undefined;
}

/** The cell's value as an ExtendedValue. */
export function extendedValue(cell: StoredCell | undefined): Json {
  if (!cell || isEmpty(cell)) return undefined;
  if (cell.formula !== undefined) return { formulaValue: cell.formula };
  if (typeof cell.value === "number") return { numberValue: cell.value };
  if (typeof cell.value === "boolean") return { boolValue: cell.value };
  return { stringValue: String(cell.value) };
}

function effectiveValue(cell: StoredCell | undefined): Json {
  if (!cell || cell.value === null || cell.value === "") return undefined;
  if (typeof cell.value === "number") return { numberValue: cell.value };
  if (typeof cell.value === "boolean") return { boolValue: cell.value };
  return { stringValue: cell.value };
}

/** The stored cell as CellData (what spreadsheets.get gives in rowData). */
export function toCellData(cell: StoredCell | undefined): Json {
  if (!cell) return {};
  const userEnteredValue = extendedValue(cell);
  const effective = effectiveValue(cell);
  return {
    ...(userEnteredValue ? { userEnteredValue } : {}),
    ...(effective ? { effectiveValue: effective, formattedValue: formatted(cell.value) } : {}),
    ...(cell.format === undefined ? {} : { userEnteredFormat: structuredClone(cell.format) }),
    ...(cell.note === undefined ? {} : { note: cell.note }),
    ...(cell.validation === undefined ? {} : { dataValidation: structuredClone(cell.validation) }),
  };
}

/** FORMATTED_VALUE: display formats are not modelled (numbers as String(value)). */
export function formatted(value: Scalar): string {
  if (value === null) return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return String(value);
}

/** The cell after a CellData written under a field mask (repeatCell, updateCells). */
export function applyCellData(cell: StoredCell | undefined, data: Json, paths: readonly MaskPath[]): StoredCell | undefined {
  const current = {
    ...(extendedValue(cell) ? { userEnteredValue: extendedValue(cell) } : {}),
    ...(cell?.format === undefined ? {} : { userEnteredFormat: cell.format }),
    ...(cell?.validation === undefined ? {} : { dataValidation: cell.validation }),
    ...(cell?.note === undefined ? {} : { note: cell.note }),
  };
  const next = applyMask(current, data ?? {}, paths);
  const entered = next.userEnteredValue ?? {};
  const value: Pick<StoredCell, "value" | "formula"> =
    entered.formulaValue !== undefined
      ? { value: null, formula: String(entered.formulaValue) }
      : entered.numberValue !== undefined
        ? { value: Number(entered.numberValue) }
        : entered.boolValue !== undefined
          ? { value: Boolean(entered.boolValue) }
          : entered.stringValue !== undefined
            ? { value: String(entered.stringValue) }
            : { value: null };
  const format = next.userEnteredFormat && Object.keys(next.userEnteredFormat).length > 0 ? next.userEnteredFormat : undefined;
  const stored: StoredCell = {
    ...value,
    ...(format ? { format } : {}),
    ...(next.dataValidation ? { validation: next.dataValidation } : {}),
    ...(next.note !== undefined && next.note !== "" ? { note: String(next.note) } : {}),
  };
  return hasContent(stored) ? stored : undefined;
}

/** Gives the cell a number format of `type` if it has none (what typing a date does). */
export function withDetectedFormat(cell: StoredCell | undefined, numberFormat: { type: string } | undefined): StoredCell | undefined {
  if (!cell || !numberFormat || cell.format?.numberFormat) return cell;
  return { ...cell, format: { ...(cell.format ?? {}), numberFormat: { ...numberFormat } } };
}

export function viewOf(cell: StoredCell | undefined): CellFormatView {
  const numberFormat = cell?.format?.numberFormat;
  const bold = cell?.format?.textFormat?.bold;
  return {
    ...(numberFormat ? { numberFormat: structuredClone(numberFormat) } : {}),
    ...(bold === undefined ? {} : { bold: Boolean(bold) }),
    ...(cell?.validation ? { validation: structuredClone(cell.validation) } : {}),
  };
}

/**
 * Whether `value` breaks a strict ("Reject input") rule. Only ONE_OF_LIST is checked, comparing
 * the value as text with each listed value exactly (Sheets' own comparison, case included, is
 * not confirmed offline); empty values always pass.
 * https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets/other#DataValidationRule
 * ("strict: True if invalid data should be rejected").
 */
export function violates(rule: ValidationRule | undefined, cell: StoredCell | undefined): boolean {
  if (!rule?.strict || isEmpty(cell) || cell?.formula !== undefined) return false;
  if (rule.condition.type !== "ONE_OF_LIST") return false;
  const allowed = (rule.condition.values ?? []).map((item) => item.userEnteredValue ?? "");
  return !allowed.includes(formatted(cell!.value));
}
