import { type Meeting, romeDaysUntil } from "@rete-urp/shared";

/**
 * The Italian the popup should show, written out independently of the extension's own code:
 * Intl in Europe/Rome, as a person in Lugo reads a date.
 */
export function italianLongDate(iso: string): string {
  return new Intl.DateTimeFormat("it-IT", {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "Europe/Rome",
  }).format(new Date(iso));
}

/** "mar 19 gen": the meeting card's one line. */
export function italianCompactDate(iso: string): string {
  return new Intl.DateTimeFormat("it-IT", { weekday: "short", day: "numeric", month: "short", timeZone: "Europe/Rome" }).format(
    new Date(iso),
  );
}

export function italianTime(iso: string): string {
  return new Intl.DateTimeFormat("it-IT", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "Europe/Rome" }).format(
    new Date(iso),
  );
}

export function italianWhen(meeting: Meeting, now = new Date()): string {
  const days = romeDaysUntil(new Date(meeting.start), now);
  return days <= 0 ? "oggi" : days === 1 ? "domani" : `tra ${days} giorni`;
}

/** "19/01/2027" for a Rome date a number of days from today. */
export function romeDateInDays(days: number, now = new Date()): { text: string; iso: string } {
  const parts = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: "Europe/Rome" }).format(
    new Date(now.getTime() + days * 86_400_000),
  );
  const [year, month, day] = parts.split("-");
  return { text: `${day}/${month}/${year}`, iso: `${year}-${month}-${day}` };
}
