import { applySnapshotDelta, type SnapshotDelta, SnapshotDeltaMismatch, SnapshotDeltaSchema, SnapshotSchema } from "@rete-urp/shared";
import { type Connection, fetchSnapshot, fetchSnapshotAnswer } from "../lib/api";
import { forgetCalendarFeed } from "../lib/calendar-feed-storage";
import { accessLostBy, ServiceError } from "../lib/service-error";
import {
  type CachedSnapshot,
  forgetNetworkData,
  readCachedEtag,
  readCachedSnapshot,
  readPreferences,
  readSyncStatus,
  type SyncStatus,
  writeCachedSnapshot,
  writeSyncStatus,
} from "../lib/storage";
import { flushOutbox } from "./outbox";

/**
 * One refresh (features/refresh.ts calls it): revalidates the cached snapshot with its ETag (304
 * when nothing changed) and asks for what changed since its version (`?since=`, the ETag's
 * value). A delta is applied to the cached snapshot; one that does not fit (made from another
 * version, or a list that does not come out as the service's: the outbox's guesses) is dropped
 * for the full snapshot. A failed refresh keeps the cache and records why, so the popup can say
 * "servizio non raggiungibile" beside the old data.
 *
 * Except when the service no longer lets this browser in: 401 `unauthorized` (the token was
 * revoked, or is unknown) or 403 `forbidden` (its owner is no longer an active referent). Then the
 * network's data is forgotten, not only hidden (lib/storage.ts, forgetNetworkData), right after
 * the status is written, so that open pages turn to the notice first; the outbox waits, unsent
 * (outbox.ts, flushOutbox), and the popup lists it. The refusal stands until the service answers
 * again: an unreachable service or a 429 meanwhile says nothing about the access, and must not
 * bring back forms whose writes could not be sent. A refresh that succeeds after it sends what
 * waited at once.
 */
export async function refreshOnce(): Promise<SyncStatus> {
  const preferences = await readPreferences();
  const previous = await readSyncStatus();
  if (!preferences.serviceUrl || !preferences.token) return previous;
  const now = Date.now();
  const refusedBefore = accessLostBy(previous.error?.code) ? previous.error : null;
  let status: SyncStatus;
  try {
    const latest = await latestSnapshot(preferences, await readCachedEtag());
    // With the snapshot a delta was applied to, practices it left alone are not written again.
    if (latest) await writeCachedSnapshot(latest.next, latest.from);
    status = { lastSuccessAt: now, lastAttemptAt: now, error: null };
  } catch (error) {
    const failure = error instanceof ServiceError ? error : new ServiceError("bad_response", String(error));
    const refusedNow = accessLostBy(failure.code) !== undefined;
    const recorded = refusedNow || !refusedBefore ? { code: failure.code, message: failure.message } : refusedBefore;
    status = { ...previous, lastAttemptAt: now, error: recorded };
  }
  await writeSyncStatus(status);
  const lost = accessLostBy(status.error?.code);
  if (lost) {
    // Every time, not only the first: whatever was written meanwhile (a delivered write's guess) goes too.
    await forgetNetworkData();
    // The feed's address was made with this token: no other would be shown it.
    if (lost === "revoked") await forgetCalendarFeed();
  } else if (refusedBefore && !status.error) {
    // Access is back: what waited is sent now, not at the next alarm.
    void flushOutbox().catch(() => undefined);
  }
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
