import { actionConcerns, CalendarFeedSchema, servedAction } from "@rete-urp/shared";
import { z } from "zod";
import { FailedAuthLimiter } from "../../access/failed-auth-limiter.ts";
import type { TokenStore } from "../../access/tokens.ts";
import { renderCalendarFeed } from "../../sheet/calendar-feed.ts";
import { assertValidInput, HttpError } from "../http-errors.ts";
import { publicBaseUrl } from "../public-url.ts";
import { currentSheet } from "./auth.ts";
import { type RoutesPlugin, responses } from "./plugin.ts";

const FeedQuery = z.object({ key: z.string().regex(/^cal_[A-Za-z0-9_-]{43}$/, "chiave del calendario non valida") }).strict();

/** The feed keys: each check reads the state database, so a key rotated by either plugin, or the CLI, holds at once. */
type FeedKeys = { feedKeys: TokenStore };

/**
 * GET /api/v1/calendar.ics?key=…, public: the meetings for calendar apps, which cannot send a
 * Bearer token; each referent has a feed key of their own, separate from the token and revocable.
 */
export const calendarFeedRoutes: RoutesPlugin<FeedKeys> = async (app, { service, feedKeys }) => {
  const limiter = new FailedAuthLimiter();

  // 200: the iCalendar text, sent as text/calendar (never serialized).
  const schema = { querystring: FeedQuery, response: responses({ 200: z.string() }) };
  // attachValidation: a malformed key is refused (400) only after the limiter had its say, so
  // a client guessing gets its 429 whatever it sends; a valid key is never limited by others'
  // bad ones from the same address.
  app.get("/api/v1/calendar.ics", { schema, attachValidation: true }, async (request, reply) => {
    const email = request.validationError ? undefined : await feedKeys.verify(request.query.key);
    if (!email) {
      const retryAfter = limiter.retryAfterMs(request.ip);
      if (retryAfter > 0) {
        throw new HttpError(429, "too_many_attempts", "Troppe chiavi non valide da questo indirizzo: riprova tra un minuto", {
          retryAfterSeconds: Math.ceil(retryAfter / 1000),
        });
      }
      assertValidInput(request);
      limiter.recordFailure(request.ip);
      throw new HttpError(401, "unauthorized", "Chiave del calendario non valida o revocata: creane una nuova dall'estensione");
    }
    const sheet = currentSheet(service);
    const owner = sheet.data.referents.find((r) => r.email === email && r.active);
    if (!owner) {
      throw new HttpError(403, "forbidden", `${email} non è un referente attivo della rete`);
    }
    // What the meetings left to the owner's ente, by their deadlines, and the next steps of the
    // projects it takes part in, come with the meetings.
    const actions = sheet.data.actions.filter((action) => action.status === "open" && actionConcerns(action, owner.ente)).map(servedAction);
    const body = renderCalendarFeed(sheet.calendar, service.clock.now(), actions, sheet.data.projects, owner.ente);
    return reply
      .header("content-type", "text/calendar; charset=utf-8")
      .header("content-disposition", 'inline; filename="rete-urp.ics"')
      .header("cache-control", "private, max-age=300")
      .send(body);
  });
};

/** POST /api/v1/calendar-feed: a new feed key for me (the old ones stop working), as a ready URL. Referents only. */
export const calendarKeyRoutes: RoutesPlugin<FeedKeys> = async (app, { service, feedKeys }) => {
  app.post("/api/v1/calendar-feed", { schema: { response: responses({ 200: CalendarFeedSchema }) } }, async (request) => {
    const key = await feedKeys.rotate(request.me.email, service.clock.now());
    return { url: `${publicBaseUrl(service.config, request.socket)}/api/v1/calendar.ics?key=${key}` };
  });
};
