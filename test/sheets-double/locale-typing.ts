/**
 * Text typed into a cell (USER_ENTERED input, or a person in the Sheets UI) as Sheets reads it:
 * "The values will be parsed as if the user typed them into the UI. Numbers will stay as numbers,
 * but strings may be converted to numbers, dates, etc."
 * (https://developers.google.com/workspace/sheets/api/reference/rest/v4/ValueInputOption), and
 * the spreadsheet's locale decides how dates and numbers read
 * (https://support.google.com/docs/answer/58515: "the locale affects formatting … such as
 * functions, dates, and currency").
 *
 * - it_IT: dates day first (03/04/2027 is 3 April), decimal comma ("1,10" is 1.1), "." groups
 *   thousands ("1.234,5"); VERO/FALSO are booleans;
 * - en_US: dates month first (03/04/2027 is 4 March), decimal point, "," groups thousands. A
 *   comma not followed by three digits ("1,10") is NOT a number here: the double keeps it as
 *   text. What Sheets does with it is not confirmed offline (it may read 110);
 * - other locales: language it/de/fr/es/pt/nl read as it_IT, en_* other than en_US day first with
 *   a decimal point (a guess from each country's conventions, not confirmed offline).
 * TRUE/FALSE are booleans in every locale; "=…" is a formula; a leading apostrophe keeps the rest
 * as text. A date, time or percentage typed into a cell without a number format gives the cell
 * one of that type (DATE, TIME, DATE_TIME, PERCENT, pattern left out), as Sheets does when it
 * recognises one (only the type: observed in https://github.com/brekkylab/backlot/pull/161;
 * Google's exact patterns are not confirmed offline).
 */

export type Scalar = string | number | boolean | null;

export interface TypedValue {
  value: Scalar;
  formula?: string;
  /** The number format Sheets gives a cell that had none, from what was recognised. */
  numberFormat?: { type: "DATE" | "TIME" | "DATE_TIME" | "PERCENT" };
}

interface Conventions {
  dayFirst: boolean;
  decimal: "," | ".";
  group: "." | ",";
  booleans: [string, string][];
}

const EPOCH_UTC = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

function conventionsOf(locale: string): Conventions {
  const [language, country] = locale.split(/[_-]/);
  if (["it", "de", "fr", "es", "pt", "nl"].includes(language ?? "")) {
    return { dayFirst: true, decimal: ",", group: ".", booleans: language === "it" ? [["VERO", "FALSO"]] : [] };
  }
  return { dayFirst: !(language === "en" && (country ?? "US") === "US"), decimal: ".", group: ",", booleans: [] };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function parseNumber(text: string, conventions: Conventions): number | undefined {
  const d = escapeRegExp(conventions.decimal);
  const g = escapeRegExp(conventions.group);
  const match = new RegExp(`^([-+]?)(\\d{1,3}(?:${g}\\d{3})+|\\d+)(?:${d}(\\d+))?$`).exec(text);
  if (!match) return undefined;
  const whole = match[2]!.split(conventions.group).join("");
  return Number(`${match[1]}${whole}${match[3] ? `.${match[3]}` : ""}`);
}

function timeFraction(text: string): number | undefined {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!match) return undefined;
  const [h, m, s] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  if (h > 23 || m > 59 || s > 59) return undefined;
  return (h * 3600 + m * 60 + s) / 86_400;
}

function dateSerial(text: string, conventions: Conventions): number | undefined {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (!match) return undefined;
  const [a, b, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const [day, month] = conventions.dayFirst ? [a, b] : [b, a];
  const utc = Date.UTC(year, month - 1, day);
  const check = new Date(utc);
  if (month < 1 || month > 12 || check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return undefined;
  return Math.round((utc - EPOCH_UTC) / DAY_MS);
}

/** What typing `text` gives in a `locale` spreadsheet; undefined for "" (the cell is cleared). */
export function typeText(text: string, locale: string): TypedValue | undefined {
  if (text === "") return undefined;
  if (text.startsWith("=")) return { value: null, formula: text };
  if (text.startsWith("'")) return { value: text.slice(1) };
  const conventions = conventionsOf(locale);
  const trimmed = text.trim();
  const [datePart, timePart, ...more] = trimmed.split(/\s+/);
  const date = more.length === 0 ? dateSerial(datePart!, conventions) : undefined;
  if (date !== undefined && timePart === undefined) return { value: date, numberFormat: { type: "DATE" } };
  if (date !== undefined) {
    const time = timeFraction(timePart!);
    if (time !== undefined) return { value: date + time, numberFormat: { type: "DATE_TIME" } };
  }
  const time = timeFraction(trimmed);
  if (time !== undefined) return { value: time, numberFormat: { type: "TIME" } };
  if (trimmed.endsWith("%")) {
    const percent = parseNumber(trimmed.slice(0, -1), conventions);
    if (percent !== undefined) return { value: percent / 100, numberFormat: { type: "PERCENT" } };
  }
  const number = parseNumber(trimmed, conventions);
  if (number !== undefined) return { value: number };
  const upper = trimmed.toUpperCase();
  for (const [yes, no] of [["TRUE", "FALSE"], ...conventions.booleans] as [string, string][]) {
    if (upper === yes) return { value: true };
    if (upper === no) return { value: false };
  }
  return { value: text };
}
