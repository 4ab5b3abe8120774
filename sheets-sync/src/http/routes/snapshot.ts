import { type Snapshot, type SnapshotDelta, SnapshotDeltaSchema, SnapshotSchema } from "@rete-urp/shared";
import { z } from "zod";
import { encoded, SnapshotBodies } from "../../sheet/snapshot-bodies.ts";
import { type RoutesPlugin, responses } from "./plugin.ts";

/** A version as the service makes them (an ETag's value: base64url of a SHA-1); anything else is a 400. */
const VERSION_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const SnapshotQuery = z.object({
  since: z
    .string()
    .regex(VERSION_PATTERN, "versione non valida: usa il valore dell'ETag di una risposta precedente (senza W/ e virgolette)")
    .optional(),
});

/**
 * GET /api/v1/snapshot: all the popup needs in one answer, with an ETag (the bodies, their
 * versions and deltas: sheet/snapshot-bodies.ts). Referents only.
 *
 * `?since=<version>` (the value of an ETag this referent was served): when the service still
 * remembers that version (the last 16 per referent, since the service started), the answer is a
 * delta, only what changed (shared/src/snapshot-delta.ts: `{version, since, changes, …}`);
 * otherwise the full snapshot, as without it. `If-None-Match` with the current ETag is a 304 either
 * way. A `since` that is not a version at all is a 400 naming `since`.
 */
export const snapshotRoutes: RoutesPlugin = async (app, { service }) => {
  const bodies = new SnapshotBodies(service);

  // 200: the snapshot or a delta, sent as the bytes encoded once per version (never serialized
  // again on a poll); 304: no body.
  const schema = {
    querystring: SnapshotQuery,
    response: responses({ 200: z.union([SnapshotSchema, SnapshotDeltaSchema]), 304: z.undefined() }),
  };
  app.get("/api/v1/snapshot", { schema }, async (request, reply) => {
    const current = bodies.current(request.me, request.sheet);
    reply.header("etag", current.etag).header("cache-control", "private, no-cache").header("vary", "Accept-Encoding");
    const ifNoneMatch = request.headers["if-none-match"];
    // Weak comparison: W/"x" and "x" name the same content.
    const bare = (tag: string) => tag.trim().replace(/^W\//, "");
    if (ifNoneMatch?.split(",").some((tag) => bare(tag) === bare(current.etag))) return reply.code(304).send();
    reply.type("application/json; charset=utf-8");
    const acceptsGzip = /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
    const { since } = request.query;
    const delta = since === undefined ? undefined : bodies.delta(request.me, current, since);
    const { bytes, gzip } = delta ? encoded(delta, "delta", acceptsGzip) : encoded(current, "snapshot", acceptsGzip);
    if (gzip) reply.header("content-encoding", "gzip");
    // Already the JSON of the snapshot or the delta (gzipped or not): Fastify sends bytes as they are.
    return reply.send(bytes as unknown as Snapshot | SnapshotDelta);
  });
};
