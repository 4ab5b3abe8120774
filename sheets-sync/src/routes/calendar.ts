import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { CalendarFeed } from "../calendar-feed.ts";
import { FailedAuthLimiter } from "../failed-auth-limiter.ts";
import { sendError, sendValidationError } from "../http-errors.ts";
import { publicBaseUrl } from "../public-url.ts";
import type { Service } from "../service.ts";
import { TokenStore } from "../tokens.ts";
import { authenticate } from "./auth.ts";

const FeedQuery = z.object({ key: z.string().regex(/^cal_[A-Za-z0-9_-]{43}$/, "chiave del calendario non valida") }).strict();

/**
 * GET /api/v1/calendar.ics?key=…: the meetings for calendar apps, which cannot send a Bearer
 * token; each referent has a feed key of their own, separate from the token and revocable.
 * POST /api/v1/calendar-feed: a new key for me (the old ones stop working), as a ready URL.
 */
export function calendarRoutes(app: FastifyInstance, service: Service): void {
  const keys = TokenStore.feedKeys(service.config.stateDir);
  const feed = CalendarFeed.inStateDir(service.config.stateDir);
  const limiter = new FailedAuthLimiter();

  app.get("/api/v1/calendar.ics", async (request, reply) => {
    const parsed = FeedQuery.safeParse(request.query);
    const email = parsed.success ? await keys.verify(parsed.data.key) : undefined;
    // A valid key is never limited by others' bad ones from the same address.
    if (!email) {
      const retryAfter = limiter.retryAfterMs(request.ip);
      if (retryAfter > 0) {
        reply.header("retry-after", Math.ceil(retryAfter / 1000));
        return sendError(reply, 429, "too_many_attempts", "Troppe chiavi non valide da questo indirizzo: riprova tra un minuto");
      }
      if (!parsed.success) return sendValidationError(reply, parsed.error, "Richiesta");
      limiter.recordFailure(request.ip);
      return sendError(reply, 401, "unauthorized", "Chiave del calendario non valida o revocata: creane una nuova dall'estensione");
    }
    const state = service.cache.current;
    if (!state) return sendError(reply, 503, "store_unavailable", "I dati della rete non sono ancora disponibili: riprova tra poco");
    if (!state.data.referents.some((r) => r.email === email && r.active)) {
      return sendError(reply, 403, "forbidden", `${email} non è un referente attivo della rete`);
    }
    const body = await feed.render(state.calendar, service.clock.now());
    return reply
      .header("content-type", "text/calendar; charset=utf-8")
      .header("content-disposition", 'inline; filename="rete-urp.ics"')
      .header("cache-control", "private, max-age=300")
      .send(body);
  });

  app.post("/api/v1/calendar-feed", { preHandler: authenticate(service) }, async (request) => {
    const key = await keys.rotate(request.me.email, service.clock.now());
    return { url: `${publicBaseUrl(service.config, request.socket)}/api/v1/calendar.ics?key=${key}` };
  });
}
