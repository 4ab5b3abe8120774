import { createHash } from "node:crypto";
import { type Me, formatPlainDate, nextMeeting, romePlainDate } from "@rete-urp/shared";
import type { FastifyInstance } from "fastify";
import { networkJobsFor } from "../network-jobs.ts";
import { sortNewestFirst } from "../practices.ts";
import type { Service } from "../service.ts";
import { authenticate } from "./auth.ts";

interface CachedBody {
  key: string;
  body: string;
  etag: string;
}

/**
 * GET /api/v1/snapshot: all the popup needs in one answer, with an ETag. Bodies are built once
 * per (data version, caller, next meeting, staleness) and reused, so a poll that changes nothing
 * costs a map lookup and a 304.
 */
export function snapshotRoutes(app: FastifyInstance, service: Service): void {
  const bodies = new Map<string, CachedBody>();

  function build(me: Me): CachedBody {
    const state = service.cache.current!;
    const now = service.clock.now();
    const next = nextMeeting(state.calendar, now);
    const stale = service.cache.stale;
    // The day is part of the key: what is overdue changes at midnight without any edit.
    const key = `${state.version}|${next?.id ?? ""}|${stale}|${formatPlainDate(romePlainDate(now))}`;
    const cached = bodies.get(me.email);
    if (cached?.key === key) return cached;
    const content = {
      me,
      nextMeeting: next,
      meetings: state.calendar,
      roster: state.data.referents.filter((referent) => referent.active),
      practices: sortNewestFirst(state.data.practices),
      settings: state.data.settings,
      ...networkJobsFor(state, me, now),
      stale,
    };
    // The ETag covers the content, not generatedAt: a refresh that changes nothing stays a 304.
    const etag = `"${createHash("sha1").update(JSON.stringify(content)).digest("base64url")}"`;
    const body = JSON.stringify({ ...content, generatedAt: service.cache.lastRefreshAt?.toISOString() ?? null });
    const entry = { key, body, etag };
    bodies.set(me.email, entry);
    return entry;
  }

  app.get("/api/v1/snapshot", { preHandler: authenticate(service) }, async (request, reply) => {
    const { body, etag } = build(request.me);
    reply.header("etag", etag).header("cache-control", "private, no-cache");
    const ifNoneMatch = request.headers["if-none-match"];
    if (ifNoneMatch && ifNoneMatch.split(",").some((tag) => tag.trim() === etag)) return reply.code(304).send();
    return reply.type("application/json; charset=utf-8").send(body);
  });
}
