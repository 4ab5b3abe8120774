import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { ROME } from "./meeting-rule.ts";
import type { Meeting } from "./records/meeting.ts";

/**
 * iCalendar (RFC 5545) for meetings, written here rather than with a library because the popup
 * needs it too and the whole format we use is a few lines: a VTIMEZONE for Europe/Rome and one
 * VEVENT per meeting, times as Rome wall-clock with TZID.
 */

const VTIMEZONE_ROME = [
  "BEGIN:VTIMEZONE",
  "TZID:Europe/Rome",
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

const romeLocal = (iso: string) => format(new TZDate(Date.parse(iso), ROME), "yyyyMMdd'T'HHmmss");
const utcStamp = (instant: Date) => instant.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

export interface IcsOptions {
  /** DTSTAMP of every event. */
  now: Date;
  calendarName?: string;
  /** UID domain part. */
  domain?: string;
  /** SEQUENCE of an event by its UID (default 0): bumped by the feed when a meeting changes. */
  sequence?: (uid: string) => number;
}

/**
 * A meeting's UID, stable for its whole life: the ordinary meeting of a month keeps the same UID
 * whether it still comes from the rule or the coordinator has confirmed it in the sheet, so a
 * subscribed calendar updates the event instead of showing two.
 */
export function meetingUid(meeting: Meeting, domain = "rete-urp.bassaromagna"): string {
  const local = meeting.kind === "ordinary" ? `ordinaria-${meeting.start.slice(0, 7)}` : meeting.id;
  return `${local}@${domain}`;
}

const SUMMARY: Record<Meeting["kind"], string> = {
  ordinary: "Riunione Rete URP",
  urgent: "Riunione urgente Rete URP",
};

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
  for (const meeting of meetings) {
    const description = [meeting.agendaUrl && `Ordine del giorno: ${meeting.agendaUrl}`, meeting.notes]
      .filter(Boolean)
      .join("\n");
    const uid = meetingUid(meeting, options.domain);
    lines.push(
      "BEGIN:VEVENT",
      `UID:${uid}`,
      `DTSTAMP:${utcStamp(options.now)}`,
      `SEQUENCE:${options.sequence?.(uid) ?? 0}`,
      `DTSTART;TZID=${ROME}:${romeLocal(meeting.start)}`,
      `DTEND;TZID=${ROME}:${romeLocal(meeting.end)}`,
      `SUMMARY:${escapeText(meeting.source === "rule" ? `${SUMMARY[meeting.kind]} (da confermare)` : SUMMARY[meeting.kind])}`,
      `STATUS:${meeting.status === "cancelled" ? "CANCELLED" : meeting.source === "rule" ? "TENTATIVE" : "CONFIRMED"}`,
    );
    if (meeting.location) lines.push(`LOCATION:${escapeText(meeting.location)}`);
    if (meeting.videoUrl) lines.push(`URL:${escapeText(meeting.videoUrl)}`);
    if (description) lines.push(`DESCRIPTION:${escapeText(description)}`);
    lines.push("END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return lines.map(fold).join("\r\n") + "\r\n";
}
