import { basename, dirname, join } from "node:path";
import lockfile from "proper-lockfile";
import { StoreError } from "./store.ts";

/**
 * The lock every sheets-sync process takes around a read-modify-write of one workbook: the
 * service and the CLI (`schedule`, `init`) on the same file never interleave their writes, so
 * neither saves a copy that lacks the other's rows.
 *
 * proper-lockfile makes the lock an atomic mkdir beside the workbook, kept fresh while held; a
 * lock whose holder died (kill -9) goes stale after STALE_MS and is taken over. It is hidden
 * (`.rete-urp.xlsx.sheets-sync.lock`) so the coordinator's folder shows nothing new. Office
 * suites do not know it: their lock files are handled in office-locks.ts.
 */

const STALE_MS = 10_000;
/** How long to wait for another process's write: longer than STALE_MS, so a dead holder's lock is always outlived. */
const WAIT_MS = 30_000;

export interface HeldLock {
  /** Throws (retryable) when the lock was lost while held, e.g. the process stalled past STALE_MS. */
  assertHeld(): void;
}

/** The lock's path for a workbook (its resolved target, so every name of the file shares one lock). */
export function workbookLockPath(target: string): string {
  return join(dirname(target), `.${basename(target)}.sheets-sync.lock`);
}

/** `waitMs`: how long to wait for another process's write before failing as `workbook_busy`. */
export async function withWorkbookLock<T>(
  target: string,
  run: (lock: HeldLock) => Promise<T>,
  { waitMs = WAIT_MS }: { waitMs?: number } = {},
): Promise<T> {
  let lost: Error | undefined;
  const release = await acquire(target, waitMs, (error) => {
    lost = error;
  });
  const held: HeldLock = {
    assertHeld() {
      if (lost) {
        throw new StoreError("workbook_busy", `Il blocco di scrittura di ${basename(target)} è stato perso: nuovo tentativo`, true, {
          cause: lost,
        });
      }
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
 * for (the library's own retries would also retry a missing or read-only folder for as long).
 */
async function acquire(target: string, waitMs: number, onLost: (error: Error) => void): Promise<() => Promise<void>> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await lockfile.lock(target, {
        realpath: false,
        lockfilePath: workbookLockPath(target),
        stale: STALE_MS,
        // The library's default throws from a timer and would crash the service.
        onCompromised: onLost,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") {
        throw new StoreError("workbook_unwritable", `Il file ${target} non si può bloccare per scriverlo: ${(error as Error).message}`, true, {
          cause: error,
        });
      }
      if (Date.now() >= deadline) {
        throw new StoreError(
          "workbook_busy",
          `Il file ${basename(target)} è in scrittura da parte di un altro processo sheets-sync: nuovo tentativo più tardi`,
          true,
          { cause: error },
        );
      }
      // Short waits first (a write takes a fraction of a second), jittered so two waiters do not
      // keep colliding, never past the deadline.
      const wait = Math.min(20 * 1.3 ** Math.min(attempt, 12), 400) * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, Math.max(deadline - Date.now(), 0))));
    }
  }
}
