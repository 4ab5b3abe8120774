import { type Action, type Meeting, meetingsToIcs } from "@rete-urp/shared";

/**
 * The calendar feed's body: the cache's calendar as iCalendar. Nothing is remembered here any
 * more: the UID of each event comes from the meeting (meetingUids in shared/src/ics.ts), its
 * SEQUENCE from the meeting history applied when the cache built the calendar
 * (meeting-history.ts), so serving the feed twice gives the same events and SEQUENCEs, and the
 * popup's download of one meeting carries the same UID and SEQUENCE as the feed. `actions`: the
 * open actions of the feed owner's ente, each deadline an all-day event.
 */
export function renderCalendarFeed(meetings: readonly Meeting[], now: Date, actions: readonly Action[] = []): string {
  return meetingsToIcs(meetings, { now, calendarName: "Rete URP Bassa Romagna", actions });
}
