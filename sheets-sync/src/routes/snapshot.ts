import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import {
  formatPlainDate,
  type Me,
  nextMeeting,
  type Practice,
  type Referent,
  romePlainDate,
  type Snapshot,
  sortPracticesNewestFirst,
} from "@rete-urp/shared";
import { z } from "zod";
import { networkJobsFor } from "../network-jobs.ts";
import type { CacheState } from "../sheet-cache.ts";
import type { SheetData } from "../sheet-data.ts";
import { SnapshotVersions } from "../snapshot-versions.ts";
import type { RoutesPlugin } from "./plugin.ts";

interface CachedBody {
  key: string;
  /** UTF-8 bytes, encoded once: a 4 MB snapshot is not re-encoded for every 200. */
  body: Buffer;
  /** The same bytes gzipped, made on first demand (about 12× smaller for a large sheet). */
  gzipped?: Buffer;
  etag: string;
  /** The ETag's value: the version a client names in `?since=`. */
  version: string;
  /** What the body holds, for the deltas from this version. */
  snapshot: Snapshot;
  /** The last delta answered from this version, by the version it came from. */
  delta?: { since: string; body: Buffer; gzipped?: Buffer };
}

/** Bodies smaller than this go out as they are: gzip would save little and cost a call. */
const GZIP_MIN_BYTES = 2048;
/** A delta is gzipped from this size on, when that makes it smaller: every byte counts for a small answer. */
const DELTA_GZIP_MIN_BYTES = 256;

/** A version as the service makes them (an ETag's value: base64url of a SHA-1); anything else is a 400. */
const VERSION_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const SnapshotQuery = z.object({
  since: z
    .string()
    .regex(VERSION_PATTERN, "versione non valida: usa il valore dell'ETag di una risposta precedente (senza W/ e virgolette)")
    .optional(),
});

/**
 * GET /api/v1/snapshot: all the popup needs in one answer, with an ETag. Bodies are built once
 * per (data version, caller, next meeting, staleness) and reused, so a poll that changes nothing
 * costs a map lookup and a 304. Referents only.
 *
 * `?since=<version>` (the value of an ETag this referent was served): when the service still
 * remembers that version (the last 16 per referent, since the service started), the answer is a
 * delta, only what changed (shared/src/snapshot-delta.ts: `{version, since, changes, …}`);
 * otherwise the full snapshot, as without it. `If-None-Match` with the current ETag is a 304 either
 * way. A `since` that is not a version at all is a 400 naming `since`.
 */
export const snapshotRoutes: RoutesPlugin = async (app, { service }) => {
  const bodies = new Map<string, CachedBody>();
  const versions = new SnapshotVersions();
  // The lists every referent shares, made once per decoded data: one array each, so their
  // digests (snapshot-versions.ts) are made once too.
  const sharedLists = new WeakMap<SheetData, { practices: Practice[]; roster: Referent[] }>();

  function listsOf(data: SheetData) {
    let lists = sharedLists.get(data);
    if (!lists) {
      lists = { practices: sortPracticesNewestFirst(data.practices), roster: data.referents.filter((referent) => referent.active) };
      sharedLists.set(data, lists);
    }
    return lists;
  }

  function build(me: Me, state: CacheState): CachedBody {
    const now = service.clock.now();
    const next = nextMeeting(state.calendar, now);
    const stale = service.cache.stale;
    // The day is part of the key: what is overdue changes at midnight without any edit.
    const key = `${state.version}|${next?.id ?? ""}|${stale}|${formatPlainDate(romePlainDate(now))}`;
    const cached = bodies.get(me.email);
    if (cached?.key === key) return cached;
    const lists = listsOf(state.data);
    const content = {
      me,
      nextMeeting: next,
      meetings: state.calendar,
      roster: lists.roster,
      practices: lists.practices,
      settings: state.data.settings,
      ...networkJobsFor(state, me, now),
      stale,
    };
    // The ETag covers the content, not generatedAt: a refresh that changes nothing stays a 304.
    // Weak, because the same content goes out gzipped or not (RFC 9110 §8.8.3).
    const version = createHash("sha1").update(JSON.stringify(content)).digest("base64url");
    const snapshot: Snapshot = { ...content, generatedAt: service.cache.lastRefreshAt?.toISOString() ?? null };
    const body = Buffer.from(JSON.stringify(snapshot), "utf8");
    const entry: CachedBody = { key, body, etag: `W/"${version}"`, version, snapshot };
    bodies.set(me.email, entry);
    versions.remember(me.email, version, snapshot);
    return entry;
  }

  /** The delta from `since` to `cached` for `me`, encoded once per (since, current body); undefined when `since` is forgotten. */
  function deltaBody(me: Me, cached: CachedBody, since: string): CachedBody["delta"] {
    if (cached.delta?.since === since) return cached.delta;
    const delta = versions.delta(me.email, since, cached.snapshot, cached.version);
    if (!delta) return undefined;
    cached.delta = { since, body: Buffer.from(JSON.stringify(delta), "utf8") };
    return cached.delta;
  }

  app.get("/api/v1/snapshot", { schema: { querystring: SnapshotQuery } }, async (request, reply) => {
    const cached = build(request.me, request.sheet);
    reply.header("etag", cached.etag).header("cache-control", "private, no-cache").header("vary", "Accept-Encoding");
    const ifNoneMatch = request.headers["if-none-match"];
    // Weak comparison: W/"x" and "x" name the same content.
    const bare = (tag: string) => tag.trim().replace(/^W\//, "");
    if (ifNoneMatch?.split(",").some((tag) => bare(tag) === bare(cached.etag))) return reply.code(304).send();
    reply.type("application/json; charset=utf-8");
    const acceptsGzip = /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
    const { since } = request.query;
    const delta = since === undefined ? undefined : deltaBody(request.me, cached, since);
    if (delta) {
      if (acceptsGzip && delta.body.length >= DELTA_GZIP_MIN_BYTES) {
        delta.gzipped ??= gzipSync(delta.body, { level: 9 });
        if (delta.gzipped.length < delta.body.length) return reply.header("content-encoding", "gzip").send(delta.gzipped);
      }
      return reply.send(delta.body);
    }
    if (acceptsGzip && cached.body.length >= GZIP_MIN_BYTES) {
      cached.gzipped ??= gzipSync(cached.body);
      return reply.header("content-encoding", "gzip").send(cached.gzipped);
    }
    return reply.send(cached.body);
  });
};
