import { applySnapshotDelta, type SnapshotDelta, SnapshotDeltaMismatch, SnapshotDeltaSchema, SnapshotSchema } from "@rete-urp/shared";
import { type Connection, fetchSnapshot, fetchSnapshotAnswer } from "../lib/api";
import { ServiceError } from "../lib/service-error";
import {
  type CachedSnapshot,
  readCachedEtag,
  readCachedSnapshot,
  readPreferences,
  readSyncStatus,
  type SyncStatus,
  writeCachedSnapshot,
  writeSyncStatus,
} from "../lib/storage";

/**
 * One refresh (features/refresh.ts calls it): revalidates the cached snapshot with its ETag (304
 * when nothing changed) and asks for what changed since its version (`?since=`, the ETag's
 * value). A delta is applied to the cached snapshot; one that does not fit (made from another
 * version, or a list that does not come out as the service's: the outbox's guesses) is dropped
 * for the full snapshot. A failed refresh keeps the cache and records why, so the popup can say
 * "servizio non raggiungibile" beside the old data.
 */
export async function refreshOnce(): Promise<SyncStatus> {
  const preferences = await readPreferences();
  const previous = await readSyncStatus();
  if (!preferences.serviceUrl || !preferences.token) return previous;
  const now = Date.now();
  let status: SyncStatus;
  try {
    const latest = await latestSnapshot(preferences, await readCachedEtag());
    // With the snapshot a delta was applied to, practices it left alone are not written again.
    if (latest) await writeCachedSnapshot(latest.next, latest.from);
    status = { lastSuccessAt: now, lastAttemptAt: now, error: null };
  } catch (error) {
    const failure = error instanceof ServiceError ? error : new ServiceError("bad_response", String(error));
    status = { ...previous, lastAttemptAt: now, error: { code: failure.code, message: failure.message } };
  }
  await writeSyncStatus(status);
  return status;
}

/** The version an ETag names (W/"v" → v); "" when it is none the service would know. */
export function versionOf(etag: string): string {
  const version = /^(?:W\/)?"([A-Za-z0-9_-]{1,64})"$/.exec(etag.trim())?.[1];
  return version ?? "";
}

const isDelta = (body: unknown) => typeof body === "object" && body !== null && "since" in body && "changes" in body;

/** `delta` applied to the cached snapshot; undefined when it was not made from it. */
function applyTo(cached: CachedSnapshot, delta: SnapshotDelta, since: string, etag: string): CachedSnapshot | undefined {
  if (delta.since !== since) return undefined;
  try {
    return { snapshot: applySnapshotDelta(cached.snapshot, delta), etag: etag || `W/"${delta.version}"` };
  } catch (error) {
    if (error instanceof SnapshotDeltaMismatch) return undefined;
    throw error;
  }
}

/**
 * The snapshot to cache now, and the cached one a delta was applied to; undefined when the cached
 * one is current. Only the ETag is read first: the cached practices (megabytes) only when a delta
 * must be applied to them, which a 304, the answer to most refreshes, never needs.
 */
async function latestSnapshot(connection: Connection, etag: string): Promise<{ next: CachedSnapshot; from?: CachedSnapshot } | undefined> {
  const since = versionOf(etag);
  const answer = await fetchSnapshotAnswer(connection, etag, since);
  if (!answer.changed) return undefined;
  if (!isDelta(answer.body)) return { next: { snapshot: answer.parse((value) => SnapshotSchema.parse(value)), etag: answer.etag } };
  const delta = answer.parse((value) => SnapshotDeltaSchema.parse(value));
  const cached = since ? await readCachedSnapshot() : undefined;
  const applied = cached ? applyTo(cached, delta, versionOf(cached.etag), answer.etag) : undefined;
  if (applied) return { next: applied, from: cached };
  // Anything that does not fit: the whole snapshot, as without a version.
  const full = await fetchSnapshot(connection);
  return full.changed ? { next: { snapshot: full.snapshot, etag: full.etag } } : undefined;
}
