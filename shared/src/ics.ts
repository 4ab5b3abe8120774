import { TZDate } from "@date-fns/tz";
import { lightFormat } from "date-fns/lightFormat";
import type { Action } from "./records/action.ts";
import type { Meeting } from "./records/meeting.ts";
import type { Project } from "./records/project.ts";
import { ROME } from "./time-constants.ts";

/**
 * iCalendar (RFC 5545) for meetings, written here rather than with a library because the popup
 * needs it too and the whole format we use is a few lines: a VTIMEZONE for Europe/Rome and one
 * VEVENT per meeting, times as Rome wall-clock with TZID.
 */

const VTIMEZONE_ROME = [
  "BEGIN:VTIMEZONE",
  `TZID:${ROME}`,
  "BEGIN:DAYLIGHT",
  "TZOFFSETFROM:+0100",
  "TZOFFSETTO:+0200",
  "TZNAME:CEST",
  "DTSTART:19700329T020000",
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
  "END:DAYLIGHT",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:+0200",
  "TZOFFSETTO:+0100",
  "TZNAME:CET",
  "DTSTART:19701025T030000",
  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
  "END:STANDARD",
  "END:VTIMEZONE",
];

function escapeText(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

/** Lines longer than 75 octets are folded with CRLF + space (RFC 5545 §3.1). */
function fold(line: string): string {
  const bytes = new TextEncoder().encode(line);
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = "";
  let size = 0;
  for (const char of line) {
    const charSize = new TextEncoder().encode(char).length;
    if (size + charSize > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = "";
      size = 0;
    }
    current += char;
    size += charSize;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

const romeLocal = (iso: string) => lightFormat(new TZDate(Date.parse(iso), ROME), "yyyyMMdd'T'HHmmss");
const utcStamp = (instant: Date) =>
  instant
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");

export interface IcsOptions {
  /** DTSTAMP of every event. */
  now: Date;
  calendarName?: string;
  /** UID domain part. */
  domain?: string;
  /** Actions whose Scadenza becomes an all-day event (the caller picks them: the open ones of one ente). */
  actions?: readonly Action[];
  /** Projects whose next step has a Scadenza: each an all-day event on that day (projectStepEvent). */
  projectSteps?: readonly Project[];
}

const compactDate = (iso: string) => iso.replace(/-/g, "");
/** The day after an ISO date, for an all-day event's exclusive DTEND. */
const dayAfter = (iso: string) => new Date(Date.parse(iso) + 86_400_000).toISOString().slice(0, 10);

/**
 * An action's deadline as an all-day event: its UID from the action's ID, so a moved deadline
 * replaces the event and a done action (left out by the caller) leaves the calendar.
 */
export function actionEventLines(action: Action, options: IcsOptions): string[] {
  const description = [action.enti.length > 0 ? `Enti: ${action.enti.join(", ")}` : "", "Da fare per la Rete URP"]
    .filter(Boolean)
    .join("\n");
  return [
    "BEGIN:VEVENT",
    `UID:azione-${action.id}@${options.domain ?? UID_DOMAIN}`,
    `DTSTAMP:${utcStamp(options.now)}`,
    "SEQUENCE:0",
    `DTSTART;VALUE=DATE:${compactDate(action.deadline)}`,
    `DTEND;VALUE=DATE:${compactDate(dayAfter(action.deadline))}`,
    `SUMMARY:${escapeText(`Scadenza: ${action.text}`)}`,
    "STATUS:CONFIRMED",
    "TRANSP:TRANSPARENT",
    `DESCRIPTION:${escapeText(description)}`,
    "END:VEVENT",
  ];
}

export const UID_DOMAIN = "rete-urp.bassaromagna";

/**
 * A meeting's UID, from the meeting alone (the popup's download has nothing else): the
 * ordinary meeting of a month is `ordinaria-YYYY-MM` whether it still comes from the rule or the
 * coordinator's non-cancelled `Ordinaria` row has replaced it, so a calendar updates the event
 * "da confermare" instead of showing two; every other meeting (urgent, or an ordinary one
 * cancelled) is its sheet row's ID. So a cancelled meeting and its postponed replacement in the
 * same month are two events: the cancellation and the new date both reach calendars.
 */
export function meetingUid(meeting: Meeting, domain = UID_DOMAIN): string {
  const monthly = meeting.kind === "ordinary" && (meeting.source === "rule" || meeting.status !== "cancelled");
  return `${monthly ? `ordinaria-${meeting.start.slice(0, 7)}` : meeting.id}@${domain}`;
}

/**
 * The UID of each meeting of a calendar, never twice: a second non-cancelled ordinary row in
 * the same month (or a row ID typed twice) would otherwise share a UID with the first, and a
 * calendar app keeps only one of two events with one UID. The first in calendar order (by
 * start) keeps `meetingUid`; the others fall back to their ID, then to a numbered ID.
 */
export function meetingUids(meetings: readonly Meeting[], domain = UID_DOMAIN): Map<Meeting, string> {
  const uids = new Map<Meeting, string>();
  const taken = new Set<string>();
  for (const meeting of meetings) {
    let uid = meetingUid(meeting, domain);
    if (taken.has(uid)) uid = `${meeting.id}@${domain}`;
    for (let n = 2; taken.has(uid); n++) uid = `${meeting.id}-${n}@${domain}`;
    taken.add(uid);
    uids.set(meeting, uid);
  }
  return uids;
}

const SUMMARY: Record<Meeting["kind"], string> = {
  ordinary: "Riunione Rete URP",
  urgent: "Riunione urgente Rete URP",
};

/**
 * What a calendar shows of a meeting: the VEVENT's lines but UID, DTSTAMP and SEQUENCE (unfolded).
 * sheets-sync bumps SEQUENCE exactly when these change (meeting-history.ts), so a change the
 * calendar cannot see (Pianificata → Confermata) bumps nothing. A held meeting's minutes
 * (Verbale) are what its event is for once it is over: its URL, and the first line of its
 * description, so a calendar that shows only one of the two still leads to them.
 */
export function eventContent(meeting: Meeting): string[] {
  const minutes = meeting.status === "held" ? meeting.minutesUrl : "";
  const description = [minutes && `Verbale: ${minutes}`, meeting.agendaUrl && `Ordine del giorno: ${meeting.agendaUrl}`, meeting.notes]
    .filter(Boolean)
    .join("\n");
  const lines = [
    `DTSTART;TZID=${ROME}:${romeLocal(meeting.start)}`,
    `DTEND;TZID=${ROME}:${romeLocal(meeting.end)}`,
    `SUMMARY:${escapeText(meeting.source === "rule" ? `${SUMMARY[meeting.kind]} (da confermare)` : SUMMARY[meeting.kind])}`,
    `STATUS:${meeting.status === "cancelled" ? "CANCELLED" : meeting.source === "rule" ? "TENTATIVE" : "CONFIRMED"}`,
  ];
  if (meeting.location) lines.push(`LOCATION:${escapeText(meeting.location)}`);
  const url = minutes || meeting.videoUrl;
  if (url) lines.push(`URL:${escapeText(url)}`);
  if (description) lines.push(`DESCRIPTION:${escapeText(description)}`);
  return lines;
}

/**
 * The meetings as one VCALENDAR. UID from `meetingUids`, SEQUENCE from the meeting's own
 * `sequence` (what sheets-sync remembers; 0 when absent), so the feed and the popup's download
 * of one meeting carry the same pair.
 */
export function meetingsToIcs(meetings: readonly Meeting[], options: IcsOptions): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Rete URP Bassa Romagna//sheets-sync//IT",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(options.calendarName ?? "Rete URP")}`,
    `X-WR-TIMEZONE:${ROME}`,
    ...VTIMEZONE_ROME,
  ];
  const uids = meetingUids(meetings, options.domain);
  for (const meeting of meetings) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${uids.get(meeting)}`,
      `DTSTAMP:${utcStamp(options.now)}`,
      `SEQUENCE:${meeting.sequence ?? 0}`,
      ...eventContent(meeting),
      "END:VEVENT",
    );
  }
  for (const project of options.projectSteps ?? []) {
    if (project.deadline === "") continue;
    lines.push(
      "BEGIN:VEVENT",
      `UID:passo-${project.id}@${options.domain ?? UID_DOMAIN}`,
      `DTSTAMP:${utcStamp(options.now)}`,
      // No history of the steps is kept: a subscribed calendar takes the feed as it now is.
      "SEQUENCE:0",
      ...projectStepEvent(project),
      "END:VEVENT",
    );
  }
  for (const action of options.actions ?? []) if (action.deadline !== "") lines.push(...actionEventLines(action, options));
  lines.push("END:VCALENDAR");
  return `${lines.map(fold).join("\r\n")}\r\n`;
}

const allDay = (isoDate: string) => isoDate.replace(/-/g, "");

/**
 * A project's next step as an all-day event on its Scadenza (DTEND the day after, RFC 5545
 * §3.6.1). One UID per project, so a calendar moves the event when the coordinator changes the
 * step or its date instead of keeping the old one beside it.
 */
export function projectStepEvent(project: Project): string[] {
  const next = new Date(`${project.deadline}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  const summary = project.nextStep ? `${project.title}: ${project.nextStep}` : `${project.title}: scadenza del prossimo passo`;
  const description = [`Progetto della Rete URP: ${project.title}`, project.lead && `Capofila: ${project.lead}`, project.url]
    .filter(Boolean)
    .join("\n");
  return [
    `DTSTART;VALUE=DATE:${allDay(project.deadline)}`,
    `DTEND;VALUE=DATE:${allDay(next.toISOString().slice(0, 10))}`,
    `SUMMARY:${escapeText(summary)}`,
    "STATUS:CONFIRMED",
    "TRANSP:TRANSPARENT",
    `DESCRIPTION:${escapeText(description)}`,
  ];
}
