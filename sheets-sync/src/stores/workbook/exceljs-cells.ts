import type { CellValue } from "@rete-urp/shared";
import { DAY_MS, SERIAL_EPOCH_UTC } from "@rete-urp/shared";
import type ExcelJS from "exceljs";

/** exceljs cell values → the plain cell values the codecs read (dates as serial numbers). */

export function dateToSerial(date: Date): number {
  // exceljs hands date cells over as UTC instants whose UTC fields are the wall-clock time.
  return (date.getTime() - SERIAL_EPOCH_UTC) / DAY_MS;
}

export function serialToExcelDate(serial: number): Date {
  return new Date(SERIAL_EPOCH_UTC + Math.round(serial * DAY_MS));
}

export function fromExcelValue(value: ExcelJS.CellValue | undefined): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return dateToSerial(value);
  if (typeof value === "object") {
    if ("richText" in value && Array.isArray(value.richText)) return value.richText.map((part) => part.text).join("");
    if ("hyperlink" in value) {
      const text = (value as { text?: unknown }).text;
      if (typeof text === "string") return text;
      if (text && typeof text === "object" && "richText" in text) {
        return (text as ExcelJS.CellRichTextValue).richText.map((part) => part.text).join("");
      }
      return String(value.hyperlink);
    }
    if ("formula" in value || "sharedFormula" in value) {
      // A formula the coordinator typed: use the value it last computed.
      const result = (value as ExcelJS.CellFormulaValue).result;
      if (result instanceof Date) return dateToSerial(result);
      // An error result (#DIV/0!) or one exceljs cannot type: no value to use.
      if (result && typeof result === "object") return null;
      return result ?? null;
    }
    if ("error" in value) return null;
  }
  return null;
}
