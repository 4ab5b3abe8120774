import type { Meeting } from "@rete-urp/shared";

/**
 * A meeting from the sheet for unit tests: a two-hour ordinary one, planned, with nothing else
 * filled in, starting at `start` ("2027-01-19T10:00:00+01:00"); `extra` says what differs.
 */
export function testMeeting(start: string, extra: Partial<Meeting> = {}): Meeting {
  return {
    id: `m-${start}`,
    start,
    end: new Date(Date.parse(start) + 2 * 60 * 60 * 1000).toISOString(),
    kind: "ordinary",
    status: "planned",
    location: "",
    videoUrl: "",
    agendaUrl: "",
    minutesUrl: "",
    notes: "",
    source: "sheet",
    ...extra,
  };
}
