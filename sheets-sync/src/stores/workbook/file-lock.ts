import lockfile from "proper-lockfile";

/**
 * The one cross-process lock of sheets-sync, for every read-modify-write of a file that the
 * service and the CLI may both change: the workbook (workbook-lock.ts), the tokens and the feed
 * keys (tokens.ts). Whoever holds it re-reads the file, changes it and replaces it; nobody else
 * writes in between, so nobody saves a copy that lacks another's change.
 *
 * proper-lockfile makes the lock an atomic mkdir, kept fresh while held; a lock whose holder died
 * (kill -9) goes stale after STALE_MS and is taken over.
 */

const STALE_MS = 10_000;
/** How long to wait for another process's hold: longer than STALE_MS, so a dead holder's lock is always outlived. */
const DEFAULT_WAIT_MS = 30_000;

/**
 * Why the lock failed: `busy`, still held by another process after the wait; `unlockable`, the
 * lock cannot be made at all (a missing or read-only folder); `lost`, taken from us while held
 * (the process stalled past STALE_MS).
 */
export type LockFailure = "busy" | "unlockable" | "lost";

export class FileLockError extends Error {
  constructor(
    readonly failure: LockFailure,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: lock ${failure}${options?.cause instanceof Error ? ` (${options.cause.message})` : ""}`, options);
    this.name = "FileLockError";
  }
}

export interface HeldLock {
  /** Throws (the `lost` failure) when the lock was lost while held: check it before replacing the file. */
  assertHeld(): void;
}

export interface FileLockOptions {
  /** The lock directory; proper-lockfile's `<path>.lock` by default. */
  lockPath?: string;
  /** How long to wait while another process holds the lock; 30 s by default. */
  waitMs?: number;
  /** The error each failure is reported as (a FileLockError by default), so each caller speaks its own terms. */
  error?: (failure: LockFailure, cause: unknown) => Error;
}

/** Runs `run` holding the lock on `path`, waiting for another process's hold up to `waitMs`. */
export async function withFileLock<T>(path: string, run: (lock: HeldLock) => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const fail = options.error ?? ((failure, cause) => new FileLockError(failure, path, { cause }));
  let lost: Error | undefined;
  const release = await acquire(path, options, fail, (error) => {
    lost = error;
  });
  const held: HeldLock = {
    assertHeld() {
      if (lost) throw fail("lost", lost);
    },
  };
  try {
    return await run(held);
  } finally {
    // A lock lost meanwhile is no longer ours to remove.
    if (!lost) await release().catch(() => {});
  }
}

/**
 * Takes the lock, waiting while another process holds it. Only "held by someone" is waited
 * for: the library's own retries would also retry a missing or read-only folder for as long.
 */
async function acquire(
  path: string,
  { lockPath, waitMs = DEFAULT_WAIT_MS }: FileLockOptions,
  fail: (failure: LockFailure, cause: unknown) => Error,
  onLost: (error: Error) => void,
): Promise<() => Promise<void>> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await lockfile.lock(path, {
        realpath: false,
        ...(lockPath ? { lockfilePath: lockPath } : {}),
        stale: STALE_MS,
        // The library's default throws from a timer and would crash the service.
        onCompromised: onLost,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw fail("unlockable", error);
      if (Date.now() >= deadline) throw fail("busy", error);
      // Short waits first (a hold lasts a fraction of a second), jittered so two waiters do not
      // keep colliding, never past the deadline.
      const wait = Math.min(20 * 1.3 ** Math.min(attempt, 12), 400) * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, Math.max(deadline - Date.now(), 0))));
    }
  }
}
