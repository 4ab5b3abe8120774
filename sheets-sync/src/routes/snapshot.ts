import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { formatPlainDate, type Me, nextMeeting, romePlainDate, sortPracticesNewestFirst } from "@rete-urp/shared";
import { networkJobsFor } from "../network-jobs.ts";
import type { CacheState } from "../sheet-cache.ts";
import type { RoutesPlugin } from "./plugin.ts";

interface CachedBody {
  key: string;
  /** UTF-8 bytes, encoded once: a 4 MB snapshot is not re-encoded for every 200. */
  body: Buffer;
  /** The same bytes gzipped, made on first demand (about 12× smaller for a large sheet). */
  gzipped?: Buffer;
  etag: string;
}

/** Bodies smaller than this go out as they are: gzip would save little and cost a call. */
const GZIP_MIN_BYTES = 2048;

/**
 * GET /api/v1/snapshot: all the popup needs in one answer, with an ETag. Bodies are built once
 * per (data version, caller, next meeting, staleness) and reused, so a poll that changes nothing
 * costs a map lookup and a 304. Referents only.
 */
export const snapshotRoutes: RoutesPlugin = async (app, { service }) => {
  const bodies = new Map<string, CachedBody>();

  function build(me: Me, state: CacheState): CachedBody {
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
      practices: sortPracticesNewestFirst(state.data.practices),
      settings: state.data.settings,
      ...networkJobsFor(state, me, now),
      stale,
    };
    // The ETag covers the content, not generatedAt: a refresh that changes nothing stays a 304.
    // Weak, because the same content goes out gzipped or not (RFC 9110 §8.8.3).
    const etag = `W/"${createHash("sha1").update(JSON.stringify(content)).digest("base64url")}"`;
    const body = Buffer.from(JSON.stringify({ ...content, generatedAt: service.cache.lastRefreshAt?.toISOString() ?? null }), "utf8");
    const entry = { key, body, etag };
    bodies.set(me.email, entry);
    return entry;
  }

  app.get("/api/v1/snapshot", async (request, reply) => {
    const cached = build(request.me, request.sheet);
    reply.header("etag", cached.etag).header("cache-control", "private, no-cache").header("vary", "Accept-Encoding");
    const ifNoneMatch = request.headers["if-none-match"];
    // Weak comparison: W/"x" and "x" name the same content.
    const bare = (tag: string) => tag.trim().replace(/^W\//, "");
    if (ifNoneMatch?.split(",").some((tag) => bare(tag) === bare(cached.etag))) return reply.code(304).send();
    reply.type("application/json; charset=utf-8");
    const acceptsGzip = /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
    if (acceptsGzip && cached.body.length >= GZIP_MIN_BYTES) {
      cached.gzipped ??= gzipSync(cached.body);
      return reply.header("content-encoding", "gzip").send(cached.gzipped);
    }
    return reply.send(cached.body);
  });
};
