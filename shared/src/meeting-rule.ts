import { TZDate } from "@date-fns/tz";
import { addMinutes } from "date-fns/addMinutes";
import { formatISO } from "date-fns/formatISO";
import { formatPlainDate, type MinutesOfDay, type PlainDate } from "./cell-values.ts";
import type { Meeting, SheetMeeting } from "./records/meeting.ts";
import type { Settings } from "./records/settings.ts";
import { DAY_MS, ROME } from "./time-constants.ts";

export { ROME };

/**
 * The meeting rule (docs/architecture.md, "The meeting rule"): the network meets on the third Tuesday of each month listed
 * in `Mesi riunioni`; the sheet overrides it. Every time is Europe/Rome wall-clock.
 */

export interface YearMonth {
  year: number;
  month: number; // 1-12
}

export function thirdTuesday({ year, month }: YearMonth): PlainDate {
  const firstWeekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay(); // 0 = Sunday
  const firstTuesday = 1 + ((2 - firstWeekday + 7) % 7);
  return { year, month, day: firstTuesday + 14 };
}

export function addMonths({ year, month }: YearMonth, count: number): YearMonth {
  const index = year * 12 + (month - 1) + count;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

export function monthKey({ year, month }: YearMonth): string {
  return `${year}-${String(month).padStart(2, "0")}`;
}

/** The Rome calendar month containing `instant`. */
export function romeYearMonth(instant: Date): YearMonth {
  const rome = new TZDate(instant.getTime(), ROME);
  return { year: rome.getFullYear(), month: rome.getMonth() + 1 };
}

/** The Rome calendar date containing `instant`. */
export function romePlainDate(instant: Date): PlainDate {
  const rome = new TZDate(instant.getTime(), ROME);
  return { year: rome.getFullYear(), month: rome.getMonth() + 1, day: rome.getDate() };
}

/** "2026-11-03": the Rome calendar date containing `instant`, as the API writes dates. */
export function romeIsoDate(instant: Date): string {
  return formatPlainDate(romePlainDate(instant));
}

export function romeDateTime(date: PlainDate, minutes: MinutesOfDay): TZDate {
  return new TZDate(date.year, date.month - 1, date.day, Math.floor(minutes / 60), minutes % 60, ROME);
}

/** "2027-01-19T10:00:00+01:00" */
export function toIsoRome(instant: Date): string {
  return formatISO(new TZDate(instant.getTime(), ROME));
}

function parseClock(value: string): MinutesOfDay {
  const [hours, minutes] = value.split(":").map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** The rule's occurrences in `months` consecutive calendar months from `from`. */
export function ruleOccurrences(settings: Settings, from: YearMonth, months: number): PlainDate[] {
  const dates: PlainDate[] = [];
  for (let i = 0; i < months; i++) {
    const ym = addMonths(from, i);
    if (settings.meetingMonths.includes(ym.month)) dates.push(thirdTuesday(ym));
  }
  return dates;
}

function meetingFromSheet(row: SheetMeeting, settings: Settings): Meeting {
  const startMinutes = row.startMinutes ?? parseClock(settings.startTime);
  const start = romeDateTime(row.date, startMinutes);
  const end =
    row.endMinutes !== undefined && row.endMinutes > startMinutes
      ? romeDateTime(row.date, row.endMinutes)
      : addMinutes(start, settings.durationMinutes);
  return {
    id: row.id,
    start: toIsoRome(start),
    end: toIsoRome(end),
    kind: row.kind,
    status: row.status,
    // The settings' place and link are the ordinary meetings' own: an urgent meeting with no
    // Luogo is not in Lugo's usual room, and saying so would send people to the wrong place.
    location: row.kind === "ordinary" ? row.location || settings.defaultLocation : row.location,
    videoUrl: row.kind === "ordinary" ? row.videoUrl || settings.defaultVideoUrl : row.videoUrl,
    agendaUrl: row.agendaUrl,
    minutesUrl: row.minutesUrl,
    notes: row.notes,
    source: "sheet",
  };
}

/**
 * The Riunioni row the rule stands for on `date`: what `schedule` writes into the sheet, and what
 * a month without a row shows ("da confermare"). The end stays within the day.
 */
export function ruleSheetMeeting(date: PlainDate, settings: Settings, id = `rule-${monthKey(date)}`): SheetMeeting {
  const startMinutes = parseClock(settings.startTime);
  return {
    id,
    date,
    startMinutes,
    endMinutes: Math.min(startMinutes + settings.durationMinutes, 24 * 60 - 1),
    kind: "ordinary",
    status: "planned",
    location: settings.defaultLocation,
    videoUrl: settings.defaultVideoUrl,
    agendaUrl: "",
    minutesUrl: "",
    notes: "",
  };
}

function meetingFromRule(date: PlainDate, settings: Settings): Meeting {
  return { ...meetingFromSheet(ruleSheetMeeting(date, settings), settings), source: "rule" };
}

/**
 * The calendar: every sheet row, plus the rule's occurrences in the window for the months that
 * have no `Ordinaria` row (a row in a rule month replaces that month's occurrence even when
 * moved to another day; an `Annullata` one removes it). Sorted by start.
 */
export function buildCalendar(sheet: readonly SheetMeeting[], settings: Settings, from: YearMonth, months: number): Meeting[] {
  const coveredMonths = new Set(sheet.filter((row) => row.kind === "ordinary").map((row) => monthKey(row.date)));
  const meetings = sheet.map((row) => meetingFromSheet(row, settings));
  for (const date of ruleOccurrences(settings, from, months)) {
    if (!coveredMonths.has(monthKey(date))) meetings.push(meetingFromRule(date, settings));
  }
  return meetings.sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || a.id.localeCompare(b.id));
}

/** The meeting that is on now or comes next; cancelled meetings are skipped. */
export function nextMeeting(meetings: readonly Meeting[], now: Date): Meeting | null {
  let best: Meeting | null = null;
  for (const meeting of meetings) {
    if (meeting.status === "cancelled" || Date.parse(meeting.end) <= now.getTime()) continue;
    if (!best || Date.parse(meeting.start) < Date.parse(best.start)) best = meeting;
  }
  return best;
}

/**
 * How many days ahead the extension's badge counts down to the next meeting; a meeting further
 * away gets no count (its day is in the tooltip), an urgent one always does.
 */
export const BADGE_DAYS = 14;

/** Whole Rome calendar days from `now` to `start`: 0 today, 1 tomorrow. */
export function romeDaysUntil(start: Date, now: Date): number {
  const a = romePlainDate(now);
  const b = romePlainDate(start);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY_MS);
}
