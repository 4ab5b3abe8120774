import { readSyncStatus, type SyncStatus } from "../lib/storage";

/**
 * Revalidates the cached snapshot against the service: called by the alarm, at startup and
 * whenever the popup opens; the popup renders from the cache first and re-renders when storage
 * changes. What a refresh does is in refresh-here.ts (a delta applied to the cached snapshot, or
 * the full snapshot), and only the background worker runs it (serveRefreshes): a page (the
 * popup, the options) asks the worker with a runtime message, so none of that code is in the
 * popup's bundle, and refreshes from the popup and from the alarm never run twice at once. The
 * worker sends what waits in the outbox before a page's refresh (`flushFirst`).
 */

const REFRESH_MESSAGE = "rete-urp:refresh";

let inFlight: Promise<SyncStatus> | undefined;
let runHere: (() => Promise<SyncStatus>) | undefined;
let beforePageRefresh: (() => Promise<void>) | undefined;

/** One refresh at a time: a second caller shares the first one's result. */
export function refresh(): Promise<SyncStatus> {
  inFlight ??= (runHere ? runHere() : refreshInBackground()).finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}

/**
 * For the background worker, at start: runs `run` for its own refreshes and the pages' requests.
 * `flushFirst` (the outbox's flush) runs before each page's refresh, so opening the popup sends
 * what waits as well; the worker's own refreshes do not run it: the alarm's sync flushes before
 * refreshing, and the refresh that follows a delivery (outbox.ts, showDelivered) runs inside a
 * flush, which must not wait for itself.
 */
export function serveRefreshes(run: () => Promise<SyncStatus>, { flushFirst }: { flushFirst?: () => Promise<void> } = {}): void {
  runHere = run;
  beforePageRefresh = flushFirst;
  chrome.runtime.onMessage.addListener((message: unknown, _sender, sendResponse: (answer: boolean) => void) => {
    if ((message as { type?: unknown } | null)?.type !== REFRESH_MESSAGE) return false;
    // A failed flush leaves its items for the next one (and their reasons in storage): refresh anyway.
    const flushed = beforePageRefresh ? beforePageRefresh().catch(() => undefined) : Promise.resolve();
    void flushed.then(refresh).then(
      () => sendResponse(true),
      () => sendResponse(false),
    );
    // The answer comes later: keep the channel open.
    return true;
  });
}

/** From a page: the worker refreshes; the result is in storage either way (the status says how it went). */
async function refreshInBackground(): Promise<SyncStatus> {
  try {
    await chrome.runtime.sendMessage({ type: REFRESH_MESSAGE });
  } catch {
    // No worker to answer (it failed to start): the alarm will refresh; the status stays as it was.
  }
  return readSyncStatus();
}
