import type { Meeting } from "@rete-urp/shared";
import { BADGE_DAYS, ROME, romeDaysUntil } from "@rete-urp/shared/meeting-rule";
import type { Translator } from "./i18n";

/**
 * How times read in the UI. Every meeting time is a Rome wall-clock time (docs/architecture.md,
 * "The meeting rule"), so we format in Europe/Rome whatever the computer's zone: a referent on
 * holiday abroad still sees "10:00", the time printed on the agenda.
 */

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(options);
  let found = cache.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { ...options, timeZone: ROME });
    cache.set(key, found);
  }
  return found;
}

/*
 * One date style in the UI (docs/extension.md, "Copy"): in words, never in figures. A day is
 * "3 novembre 2026"; a meeting's day also names the weekday, "martedì 19 gennaio 2027"; where
 * space is short (the meeting card's one line) the same, abbreviated: "mar 19 gen".
 */

/** "martedì 19 gennaio 2027" */
export function formatLongDate(iso: string, locale: string): string {
  return formatter(locale, { weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(new Date(iso));
}

/** "mar 19 gen": formatLongDate, abbreviated, for the meeting card's one line (the year is in its details). */
export function formatCompactDate(iso: string, locale: string): string {
  return formatter(locale, { weekday: "short", day: "numeric", month: "short" }).format(new Date(iso));
}

/** "2026-11-03" → "3 novembre 2026" (a plain date: no time, no zone). */
export function formatDate(isoDate: string, locale: string): string {
  return formatter(locale, { day: "numeric", month: "long", year: "numeric" }).format(new Date(`${isoDate.slice(0, 10)}T12:00:00Z`));
}

/** An instant's day in Rome, "23 novembre 2026" (formatDate is for plain dates). */
export function formatInstantDate(instant: Date | string | number, locale: string): string {
  return formatter(locale, { day: "numeric", month: "long", year: "numeric" }).format(new Date(instant));
}

/** "10:00" */
export function formatTime(instant: Date | string | number, locale: string): string {
  return formatter(locale, { hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(instant));
}

/** "10:00–12:00" (an en dash, as in print). */
export function formatTimeRange(meeting: Meeting, locale: string): string {
  return `${formatTime(meeting.start, locale)}–${formatTime(meeting.end, locale)}`;
}

function isOngoing(meeting: Meeting, now: Date): boolean {
  return Date.parse(meeting.start) <= now.getTime() && now.getTime() < Date.parse(meeting.end);
}

/** "in corso", "oggi", "domani", "tra 5 giorni". */
export function formatWhen(meeting: Meeting, now: Date, t: Translator): string {
  if (isOngoing(meeting, now)) return t("whenOngoing");
  const days = romeDaysUntil(new Date(meeting.start), now);
  if (days <= 0) return t("whenToday");
  if (days === 1) return t("whenTomorrow");
  return t("whenInDays", days);
}

/**
 * How far ahead the badge counts the days to the next meeting. Two weeks is when the meeting
 * asks something of the referent (answer, propose a point, read the agenda); "43g" six weeks
 * ahead asks nothing, and a number always on the icon is soon a number nobody reads. Beyond it
 * the badge is empty and its tooltip gives the day. An urgent meeting is counted whatever the
 * distance: its red must show.
 */

/**
 * The badge: at most four characters. "5g", "oggi" (later today), "2h", "45m", "ora"; empty for
 * a meeting more than BADGE_DAYS away (not an urgent one).
 */
export function badgeText(meeting: Meeting, now: Date, t: Translator): string {
  if (isOngoing(meeting, now)) return t("badgeNow");
  const days = romeDaysUntil(new Date(meeting.start), now);
  if (days > BADGE_DAYS && meeting.kind !== "urgent") return "";
  if (days >= 1) return t("badgeDays", days);
  const minutes = Math.ceil((Date.parse(meeting.start) - now.getTime()) / 60_000);
  if (minutes > 3 * 60) return t("badgeToday");
  if (minutes >= 60) return t("badgeHours", Math.floor(minutes / 60));
  return t("badgeMinutes", Math.max(1, minutes));
}

/** Upcoming urgent meetings (not over, not cancelled): each gets a red banner. */
export function upcomingUrgent(meetings: readonly Meeting[], now: Date): Meeting[] {
  return meetings.filter(
    (meeting) => meeting.kind === "urgent" && meeting.status !== "cancelled" && Date.parse(meeting.end) > now.getTime(),
  );
}

/** Days from today (Rome) to a plain date: 0 today, 1 tomorrow, -3 three days ago. */
function daysUntilDate(isoDate: string, now: Date): number {
  // Noon, so the Rome day of the instant is the plain date whatever the offset.
  return romeDaysUntil(new Date(`${isoDate}T12:00:00Z`), now);
}

/** A deadline's day is past in Rome: what `formatDeadline` calls "scaduta". */
export function isPastDate(isoDate: string, now: Date): boolean {
  return daysUntilDate(isoDate, now) < 0;
}

/**
 * A publication's deadline, as the referent reads it: "entro il 3 dicembre", "entro oggi",
 * "scaduta ieri", "scaduta da 3 giorni". The year appears only when it is not this year's.
 */
export function formatDeadline(isoDate: string, now: Date, t: Translator): string {
  const days = daysUntilDate(isoDate, now);
  if (days === 0) return t("deadlineToday");
  if (days === -1) return t("deadlineOverdueOne");
  if (days < 0) return t("deadlineOverdue", -days);
  const sameYear = isoDate.slice(0, 4) === new Intl.DateTimeFormat("en-CA", { year: "numeric", timeZone: ROME }).format(now);
  const options: Intl.DateTimeFormatOptions = sameYear
    ? { day: "numeric", month: "long" }
    : { day: "numeric", month: "long", year: "numeric" };
  const date = formatter(t.locale, options).format(new Date(`${isoDate}T12:00:00Z`));
  // "entro l'8 gennaio", "entro l'11 marzo": Italian elides the article before a vowel sound.
  const day = Number(isoDate.slice(8, 10));
  return t(day === 8 || day === 11 ? "deadlineByElided" : "deadlineBy", date);
}
