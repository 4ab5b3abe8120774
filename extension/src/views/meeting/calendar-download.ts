import { type Meeting, meetingsToIcs } from "@rete-urp/shared";

/**
 * "Aggiungi al calendario": an .ics file (TZID Europe/Rome) that Outlook, Google Calendar and
 * Thunderbird all import. A blob download needs no permission and works offline from the cache.
 * The UID comes from the meeting (meetingUid) and the SEQUENCE from the meeting's `sequence`,
 * which sheets-sync raises at each change: the same pair as in the calendar feed, so importing
 * the file again after a move or a cancellation updates the event instead of adding a second.
 */
export function downloadIcs(meeting: Meeting, now = new Date()): void {
  const ics = meetingsToIcs([meeting], { now, calendarName: "Rete URP Bassa Romagna" });
  const url = URL.createObjectURL(new Blob([ics], { type: "text/calendar;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `rete-urp-${meeting.start.slice(0, 10)}.ics`;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: Chrome starts reading the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
