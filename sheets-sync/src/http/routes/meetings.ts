import { buildCalendar, MeetingsResponseSchema, NextMeetingResponseSchema, nextMeeting } from "@rete-urp/shared";
import { z } from "zod";
import { invalidRequest } from "../http-errors.ts";
import { type RoutesPlugin, responses } from "./plugin.ts";

/** The longest range one request may ask for, in calendar months counted inclusively. */
const MAX_MONTHS = 60;

const DATE_MESSAGE = "data non valida: usa AAAA-MM-GG";
const TOO_LONG = `al massimo ${MAX_MONTHS} mesi dopo from`;

/** Calendar months from `from`'s month to `to`'s, both counted: 2027-01-31 → 2027-02-01 is 2. */
function monthsSpanned(from: string, to: string): number {
  const [fy, fm] = from.split("-").map(Number) as [number, number];
  const [ty, tm] = to.split("-").map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
}

const MeetingsQuery = z
  .object({
    from: z.iso.date(DATE_MESSAGE).optional(),
    to: z.iso.date(DATE_MESSAGE).optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from deve precedere to", path: ["to"] })
  // A longer range used to be cut at 60 months with a 200 that did not say so (issue 12.9).
  .refine((q) => !q.from || !q.to || q.from > q.to || monthsSpanned(q.from, q.to) <= MAX_MONTHS, { message: TOO_LONG, path: ["to"] });

/** GET /api/v1/meetings/next and /api/v1/meetings?from&to. Referents only. */
export const meetingRoutes: RoutesPlugin = async (app, { service }) => {
  app.get("/api/v1/meetings/next", { schema: { response: responses({ 200: NextMeetingResponseSchema }) } }, async (request) => {
    return { meeting: nextMeeting(request.sheet.calendar, service.clock.now()) };
  });

  const rangeSchema = { querystring: MeetingsQuery, response: responses({ 200: MeetingsResponseSchema }) };
  app.get("/api/v1/meetings", { schema: rangeSchema }, async (request) => {
    const { from, to } = request.query;
    const { sheet } = request;
    let meetings = sheet.calendar;
    const bound = from ?? to;
    if (bound) {
      // A window of its own, so that rule occurrences outside the default one are there too.
      const start = from ?? sheet.calendar[0]?.start.slice(0, 10) ?? bound;
      const end = to ?? sheet.calendar.at(-1)?.start.slice(0, 10) ?? bound;
      // One bound given: the other is the calendar's first or last meeting, which can be years
      // away (every sheet row is in the calendar); the range is refused rather than cut short.
      if (monthsSpanned(start, end) > MAX_MONTHS) {
        throw from
          ? invalidRequest("Richiesta non valida: to", { to: `${TOO_LONG}: indica to` })
          : invalidRequest("Richiesta non valida: from", { from: `al massimo ${MAX_MONTHS} mesi prima di to: indica from` });
      }
      const [fy, fm] = start.split("-").map(Number) as [number, number];
      // The cache's calendar carries what the service remembers of each meeting (SEQUENCE, a
      // move, a cancellation): the same meeting in this window is served with it.
      const remembered = new Map(sheet.calendar.map((meeting) => [meeting.id, meeting]));
      meetings = buildCalendar(
        sheet.data.sheetMeetings,
        sheet.data.settings,
        { year: fy, month: fm },
        Math.max(1, monthsSpanned(start, end)),
      )
        .filter((meeting) => meeting.start.slice(0, 10) >= start && meeting.start.slice(0, 10) <= end)
        .map((meeting) => remembered.get(meeting.id) ?? meeting);
    }
    return { meetings, stale: service.cache.stale };
  });
};
