import { randomBytes } from "node:crypto";
import { mkdir, stat, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { UsageError } from "../errors.ts";

/**
 * The state dir holds the journal, the tokens and the feed keys: a service or command that
 * cannot write there must say so in one line, with what to do, instead of a stack trace.
 */

const WHY: Record<string, string> = {
  EACCES: "permesso negato",
  EPERM: "permesso negato",
  EROFS: "file system in sola lettura",
  ENOENT: "il percorso non esiste e non si può creare",
  ENOTDIR: "nel percorso c'è un file, non una cartella",
  EEXIST: "esiste già un file con quel nome",
  ENOSPC: "disco pieno",
  EDQUOT: "quota del disco esaurita",
};

const SUGGESTION =
  "scegli con --state-dir (o SHEETS_SYNC_STATE_DIR) una cartella in cui l'utente che avvia sheets-sync può scrivere, oppure correggine i permessi";

/** The error, as the CLI prints it, for a state dir that cannot be written. */
export function stateDirError(dir: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code ?? "";
  const why = WHY[code] ?? (error as Error).message;
  return new UsageError(`la cartella di stato ${dir} non è scrivibile: ${why}${code && WHY[code] ? ` (${code})` : ""}`, SUGGESTION);
}

/** True for the file-system errors that mean "this place cannot be written". */
export function isUnwritable(error: unknown): boolean {
  return Object.hasOwn(WHY, (error as NodeJS.ErrnoException).code ?? "");
}

/**
 * mkdir -p, by hand: Node's own `recursive` loops for ever on a path such as /proc/nope, where
 * the parent exists but refuses new entries with ENOENT.
 */
async function makeDirectory(dir: string, depth = 0): Promise<void> {
  try {
    await mkdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") {
      if (!(await stat(dir)).isDirectory()) throw error;
      return;
    }
    const parent = dirname(dir);
    if (code !== "ENOENT" || parent === dir || depth > 64) throw error;
    await makeDirectory(parent, depth + 1);
    await mkdir(dir).catch(async (again: NodeJS.ErrnoException) => {
      if (again.code !== "EEXIST" || !(await stat(dir)).isDirectory()) throw again;
    });
  }
}

/** Creates the state dir if needed and proves it writable with a probe file; throws a UsageError otherwise. */
export async function ensureWritableStateDir(dir: string): Promise<void> {
  try {
    await makeDirectory(dir);
    const probe = join(dir, `.probe-${process.pid}-${randomBytes(4).toString("hex")}`);
    await writeFile(probe, "");
    await unlink(probe);
  } catch (error) {
    throw stateDirError(dir, error);
  }
}
