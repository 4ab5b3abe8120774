import { type Action, type Ente, involvesEnte, isOpenProject, type Meeting, meetingsToIcs, type Project } from "@rete-urp/shared";

/**
 * The calendar feed's body: the cache's calendar as iCalendar. Nothing is remembered here any
 * more: the UID of each event comes from the meeting (meetingUids in shared/src/ics.ts), its
 * SEQUENCE from the meeting history applied when the cache built the calendar
 * (meeting-history.ts), so serving the feed twice gives the same events and SEQUENCEs, and the
 * popup's download of one meeting carries the same UID and SEQUENCE as the feed. `actions`: the
 * open actions of the feed owner's ente, each deadline an all-day event.
 *
 * With `projects`, the next steps of the open projects `ente` takes part in that have a Scadenza
 * come too, each an all-day event on that day (projectStepEvent in shared/src/ics.ts).
 */
export function renderCalendarFeed(
  meetings: readonly Meeting[],
  now: Date,
  actions: readonly Action[] = [],
  projects: readonly Project[] = [],
  ente?: Ente,
): string {
  const projectSteps = ente
    ? projects.filter((project) => project.deadline !== "" && isOpenProject(project) && involvesEnte(project, ente))
    : [];
  return meetingsToIcs(meetings, { now, calendarName: "Rete URP Bassa Romagna", actions, projectSteps });
}
