import { buildCalendar, nextMeeting } from "@rete-urp/shared";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { sendValidationError } from "../http-errors.ts";
import type { Service } from "../service.ts";
import { authenticate } from "./auth.ts";

const MAX_MONTHS = 60;

const MeetingsQuery = z
  .object({
    from: z.iso.date("data non valida: usa AAAA-MM-GG").optional(),
    to: z.iso.date("data non valida: usa AAAA-MM-GG").optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from deve precedere to", path: ["to"] });

export function meetingRoutes(app: FastifyInstance, service: Service): void {
  const auth = { preHandler: authenticate(service) };

  app.get("/api/v1/meetings/next", auth, async () => {
    return { meeting: nextMeeting(service.cache.current!.calendar, service.clock.now()) };
  });

  app.get("/api/v1/meetings", auth, async (request, reply) => {
    const parsed = MeetingsQuery.safeParse(request.query);
    if (!parsed.success) return sendValidationError(reply, parsed.error, "Richiesta");
    const { from, to } = parsed.data;
    const state = service.cache.current!;
    let meetings = state.calendar;
    if (from || to) {
      // A window of its own, so that rule occurrences outside the default one are there too.
      const start = from ?? state.calendar[0]?.start.slice(0, 10) ?? to!;
      const end = to ?? state.calendar.at(-1)?.start.slice(0, 10) ?? from!;
      const [fy, fm] = start.split("-").map(Number) as [number, number];
      const [ty, tm] = end.split("-").map(Number) as [number, number];
      const months = Math.min(MAX_MONTHS, (ty - fy) * 12 + (tm - fm) + 1);
      meetings = buildCalendar(state.data.sheetMeetings, state.data.settings, { year: fy, month: fm }, months).filter(
        (meeting) => meeting.start.slice(0, 10) >= start && meeting.start.slice(0, 10) <= end,
      );
    }
    return { meetings, stale: service.cache.stale };
  });
}
