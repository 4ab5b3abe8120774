import { buildCalendar, nextMeeting } from "@rete-urp/shared";
import { z } from "zod";
import type { RoutesPlugin } from "./plugin.ts";

const MAX_MONTHS = 60;

const MeetingsQuery = z
  .object({
    from: z.iso.date("data non valida: usa AAAA-MM-GG").optional(),
    to: z.iso.date("data non valida: usa AAAA-MM-GG").optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from deve precedere to", path: ["to"] });

/** GET /api/v1/meetings/next and /api/v1/meetings?from&to. Referents only. */
export const meetingRoutes: RoutesPlugin = async (app, { service }) => {
  app.get("/api/v1/meetings/next", async (request) => {
    return { meeting: nextMeeting(request.sheet.calendar, service.clock.now()) };
  });

  app.get("/api/v1/meetings", { schema: { querystring: MeetingsQuery } }, async (request) => {
    const { from, to } = request.query;
    const { sheet } = request;
    let meetings = sheet.calendar;
    const bound = from ?? to;
    if (bound) {
      // A window of its own, so that rule occurrences outside the default one are there too.
      const start = from ?? sheet.calendar[0]?.start.slice(0, 10) ?? bound;
      const end = to ?? sheet.calendar.at(-1)?.start.slice(0, 10) ?? bound;
      const [fy, fm] = start.split("-").map(Number) as [number, number];
      const [ty, tm] = end.split("-").map(Number) as [number, number];
      const months = Math.min(MAX_MONTHS, (ty - fy) * 12 + (tm - fm) + 1);
      meetings = buildCalendar(sheet.data.sheetMeetings, sheet.data.settings, { year: fy, month: fm }, months).filter(
        (meeting) => meeting.start.slice(0, 10) >= start && meeting.start.slice(0, 10) <= end,
      );
    }
    return { meetings, stale: service.cache.stale };
  });
};
