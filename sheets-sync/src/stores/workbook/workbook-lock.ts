import { basename, dirname, join } from "node:path";
import { StoreError } from "../store.ts";
import { type HeldLock, withFileLock } from "./file-lock.ts";

/**
 * The lock every sheets-sync process takes around a read-modify-write of one workbook: the
 * service and the CLI (`schedule`, `init`) on the same file never interleave their writes, so
 * neither saves a copy that lacks the other's rows. It is the file lock of file-lock.ts, put
 * hidden beside the workbook (`.rete-urp.xlsx.sheets-sync.lock`) so the coordinator's folder
 * shows nothing new, failing as the store's retryable errors. Office suites do not know it:
 * their lock files are handled in office-locks.ts.
 */

export type { HeldLock };

/** The lock's path for a workbook (its resolved target, so every name of the file shares one lock). */
export function workbookLockPath(target: string): string {
  return join(dirname(target), `.${basename(target)}.sheets-sync.lock`);
}

/** `waitMs`: how long to wait for another process's write before failing as `workbook_busy`. */
export function withWorkbookLock<T>(target: string, run: (lock: HeldLock) => Promise<T>, { waitMs }: { waitMs?: number } = {}): Promise<T> {
  return withFileLock(target, run, {
    lockPath: workbookLockPath(target),
    ...(waitMs === undefined ? {} : { waitMs }),
    error: (failure, cause) => {
      if (failure === "lost") {
        return new StoreError("workbook_busy", `Il blocco di scrittura di ${basename(target)} è stato perso: nuovo tentativo`, true, {
          cause,
        });
      }
      if (failure === "busy") {
        return new StoreError(
          "workbook_busy",
          `Il file ${basename(target)} è in scrittura da parte di un altro processo sheets-sync: nuovo tentativo più tardi`,
          true,
          { cause },
        );
      }
      return new StoreError(
        "workbook_unwritable",
        `Il file ${target} non si può bloccare per scriverlo: ${(cause as Error).message}`,
        true,
        { cause },
      );
    },
  });
}
