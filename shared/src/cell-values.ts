import { DAY_MS, SERIAL_EPOCH_UTC as EPOCH_UTC } from "./time-constants.ts";

/**
 * Reading dates and times out of sheet cells. Both stores hand the codecs the same cell values:
 * dates and times as spreadsheet serial numbers (days since 1899-12-30, the fraction being the
 * time of day, as Google's SERIAL_NUMBER and Excel store them), everything else as text, numbers
 * or booleans. All of it is Europe/Rome wall-clock time: no time zone is applied here.
 */

export type CellValue = string | number | boolean | null;

/** A calendar date without a time zone. */
export interface PlainDate {
  year: number;
  month: number; // 1-12
  day: number;
}

/** Minutes after midnight, wall-clock. */
export type MinutesOfDay = number;

export function serialToPlainDate(serial: number): PlainDate {
  const date = new Date(EPOCH_UTC + Math.floor(serial + 1e-9) * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function plainDateToSerial(date: PlainDate): number {
  return Math.round((Date.UTC(date.year, date.month - 1, date.day) - EPOCH_UTC) / DAY_MS);
}

/** Minutes of the fractional part of a serial (0.4166… → 600), rounded to the minute. */
export function serialToMinutes(serial: number): MinutesOfDay {
  const fraction = serial - Math.floor(serial);
  return Math.round(fraction * 1440) % 1440;
}

export function minutesToSerialFraction(minutes: MinutesOfDay): number {
  return minutes / 1440;
}

export function isValidPlainDate({ year, month, day }: PlainDate): boolean {
  if (!Number.isInteger(year) || year < 1900 || year > 2200) return false;
  if (!Number.isInteger(month) || month < 1 || month > 12) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return Number.isInteger(day) && day >= 1 && day <= days;
}

export function formatPlainDate({ year, month, day }: PlainDate): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** "2027-01-20" → its serial number, for a date cell. */
export function isoDateToSerial(iso: string): number {
  const [year, month, day] = iso.split("-").map(Number) as [number, number, number];
  return plainDateToSerial({ year, month, day });
}

export function formatMinutes(minutes: MinutesOfDay): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/**
 * A date cell: a serial number, "20/01/2027" (also 20-01-2027, 20.01.2027, 20/1/27) or ISO
 * "2027-01-20" (a time part is ignored). Undefined when the cell holds no valid date.
 */
export function parseDateCell(value: CellValue): PlainDate | undefined {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 1 || value > 150_000) return undefined;
    const date = serialToPlainDate(value);
    return isValidPlainDate(date) ? date : undefined;
  }
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(text);
  if (match) {
    const year = match[3]!.length === 2 ? 2000 + Number(match[3]) : Number(match[3]);
    const date = { year, month: Number(match[2]), day: Number(match[1]) };
    return isValidPlainDate(date) ? date : undefined;
  }
  match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (match) {
    const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
    return isValidPlainDate(date) ? date : undefined;
  }
  return undefined;
}

/**
 * A time cell: a serial fraction (0.4166…), a full serial with a time part, or "10:00" / "10.00"
 * / "9:30". Undefined when the cell holds no valid time.
 */
export function parseTimeCell(value: CellValue): MinutesOfDay | undefined {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) return undefined;
    return serialToMinutes(value);
  }
  if (typeof value !== "string") return undefined;
  const match = /^(\d{1,2})[:.](\d{2})(?::\d{2})?$/.exec(value.trim());
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return undefined;
  return hours * 60 + minutes;
}

/** Any cell as trimmed text: numbers as written, booleans as TRUE/FALSE, empty as "". */
export function cellText(value: CellValue): string {
  if (value === null) return "";
  if (typeof value === "string") return value.trim();
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return String(value);
}

export function isBlankCell(value: CellValue | undefined): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}
