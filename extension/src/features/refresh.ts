import { fetchSnapshot } from "../lib/api";
import { ServiceError } from "../lib/service-error";
import { readCachedSnapshot, readPreferences, readSyncStatus, type SyncStatus, writeCachedSnapshot, writeSyncStatus } from "../lib/storage";

/**
 * Revalidates the cached snapshot against the service (If-None-Match → 304 when nothing
 * changed). Called by the alarm, at startup and whenever the popup opens; the popup renders
 * from the cache first and re-renders when storage changes. A failed refresh keeps the cache
 * and records why, so the popup can say "servizio non raggiungibile" beside the old data.
 */

let inFlight: Promise<SyncStatus> | undefined;

/** One refresh at a time per context: a second caller shares the first one's result. */
export function refresh(): Promise<SyncStatus> {
  inFlight ??= refreshOnce().finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}

async function refreshOnce(): Promise<SyncStatus> {
  const preferences = await readPreferences();
  const previous = await readSyncStatus();
  if (!preferences.serviceUrl || !preferences.token) return previous;
  const now = Date.now();
  let status: SyncStatus;
  try {
    const cached = await readCachedSnapshot();
    const result = await fetchSnapshot(preferences, cached?.etag ?? "");
    if (result.changed) await writeCachedSnapshot({ snapshot: result.snapshot, etag: result.etag });
    status = { lastSuccessAt: now, lastAttemptAt: now, error: null };
  } catch (error) {
    const failure = error instanceof ServiceError ? error : new ServiceError("bad_response", String(error));
    status = { ...previous, lastAttemptAt: now, error: { code: failure.code, message: failure.message } };
  }
  await writeSyncStatus(status);
  return status;
}
