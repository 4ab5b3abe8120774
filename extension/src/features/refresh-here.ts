import { applySnapshotDelta, type SnapshotDelta, SnapshotDeltaMismatch, SnapshotDeltaSchema, SnapshotSchema } from "@rete-urp/shared";
import { type Connection, fetchSnapshot, fetchSnapshotAnswer } from "../lib/api";
import { ServiceError } from "../lib/service-error";
import {
  type CachedSnapshot,
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
    const cached = await readCachedSnapshot();
    const next = await latestSnapshot(preferences, cached);
    // With `cached`, practices a delta left alone are not written again.
    if (next) await writeCachedSnapshot(next, cached);
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

/** The snapshot to cache now; undefined when the cached one is current. */
async function latestSnapshot(connection: Connection, cached: CachedSnapshot | undefined): Promise<CachedSnapshot | undefined> {
  const etag = cached?.etag ?? "";
  const since = cached ? versionOf(etag) : "";
  const answer = await fetchSnapshotAnswer(connection, etag, since);
  if (!answer.changed) return undefined;
  if (!isDelta(answer.body)) return { snapshot: answer.parse((value) => SnapshotSchema.parse(value)), etag: answer.etag };
  const delta = answer.parse((value) => SnapshotDeltaSchema.parse(value));
  const applied = cached && since ? applyTo(cached, delta, since, answer.etag) : undefined;
  if (applied) return applied;
  // Anything that does not fit: the whole snapshot, as without a version.
  const full = await fetchSnapshot(connection);
  return full.changed ? { snapshot: full.snapshot, etag: full.etag } : undefined;
}
