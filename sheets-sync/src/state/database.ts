import { rename, stat } from "node:fs/promises";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";

/**
 * The service's own state (journal, dead letters, tokens, feed keys, invitations, meeting
 * history, the workbook's reconciliation ledger) in ONE SQLite database in the state dir, through
 * Node's built-in node:sqlite: no native build, no download. The settings are stated once, here:
 * - WAL with synchronous=FULL: a commit is on disk when it returns, so an answer given after a
 *   commit survives kill -9 and a power cut (https://www.sqlite.org/pragma.html#pragma_synchronous);
 * - a busy timeout, so the CLI and the running service share the file: a writer waits for the
 *   other's transaction instead of failing (https://www.sqlite.org/pragma.html#pragma_busy_timeout);
 * - secure_delete, so erased personal data is overwritten, not left in free pages
 *   (https://www.sqlite.org/pragma.html#pragma_secure_delete); eraseAndCheckpoint() also empties the WAL;
 * - BEGIN IMMEDIATE for every change, so two processes never both read, then both write.
 * A full disk is SQLITE_FULL (isDatabaseFull): the journal answers it as 503 with Retry-After.
 *
 * One connection per state dir and process, shared by the modules that open it; closed with the
 * last of them.
 */

export const DATABASE_FILE = "rete-urp.sqlite";

/** How long a transaction waits for another process's to end before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 10_000;

export class StateDatabase {
  private refs = 1;

  private constructor(
    readonly path: string,
    readonly db: DatabaseSync,
  ) {}

  private static readonly open = new Map<string, StateDatabase>();

  /** The state dir's database, opened (and created) with the settings above; the dir must exist. */
  static openIn(stateDir: string): StateDatabase {
    const path = join(stateDir, DATABASE_FILE);
    const shared = StateDatabase.open.get(path);
    if (shared) {
      shared.refs++;
      return shared;
    }
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = FULL");
    db.exec("PRAGMA secure_delete = ON");
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("CREATE TABLE IF NOT EXISTS legacy_imports (file TEXT PRIMARY KEY, imported_at TEXT NOT NULL, renamed_to TEXT NOT NULL)");
    const database = new StateDatabase(path, db);
    StateDatabase.open.set(path, database);
    return database;
  }

  /**
   * Runs `change` in one write transaction (BEGIN IMMEDIATE): all of it is committed, durable,
   * or none of it. Synchronous on purpose: nothing else of this process runs in between.
   */
  transaction<T>(change: () => T): T {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = change();
      this.db.exec("COMMIT");
      return result;
    } catch (error) {
      // Some failures end the transaction themselves (SQLITE_FULL at COMMIT may): then there is
      // nothing left to roll back. (No isTransaction: Node 22 has it only from 22.16.)
      try {
        this.db.exec("ROLLBACK");
      } catch {}
      throw error;
    }
  }

  /**
   * After personal data was deleted: the WAL copied back into the database and truncated, so the
   * deleted text (overwritten in the database by secure_delete) is not left in the WAL either.
   * False when another connection kept it from finishing (a reader longer than the busy timeout):
   * the WAL is then emptied by a later checkpoint.
   */
  eraseAndCheckpoint(): boolean {
    const result = this.db.prepare("PRAGMA wal_checkpoint(TRUNCATE)").get() as { busy: number } | undefined;
    return result?.busy === 0;
  }

  close(): void {
    if (--this.refs > 0) return;
    StateDatabase.open.delete(this.path);
    this.db.close();
  }
}

/** SQLITE_FULL (13): the disk or the quota is full; nothing of the transaction was kept. */
export function isDatabaseFull(error: unknown): boolean {
  const candidate = error as { errcode?: number; code?: string } | undefined;
  return candidate?.errcode === 13 || (candidate?.errcode !== undefined && (candidate.errcode & 0xff) === 13);
}

/**
 * A state file of an earlier version, read into the database once, then renamed
 * `<file>.importato` (kept, so nothing is lost if the import was wrong): `load` gets the file's
 * text and writes what it holds inside the same transaction that records the import. Nothing to
 * do when the file is absent or was imported already.
 */
export async function importLegacyFile(
  database: StateDatabase,
  stateDir: string,
  file: string,
  load: (text: string) => void,
  read: (path: string) => Promise<string>,
): Promise<boolean> {
  const path = join(stateDir, file);
  const exists = await stat(path).then(
    (stats) => stats.isFile(),
    () => false,
  );
  if (!exists) return false;
  const done = database.db.prepare("SELECT 1 FROM legacy_imports WHERE file = ?").get(file);
  const renamedTo = `${file}.importato`;
  if (!done) {
    const text = await read(path);
    database.transaction(() => {
      if (database.db.prepare("SELECT 1 FROM legacy_imports WHERE file = ?").get(file)) return;
      load(text);
      database.db
        .prepare("INSERT INTO legacy_imports (file, imported_at, renamed_to) VALUES (?, ?, ?)")
        .run(file, new Date().toISOString(), renamedTo);
    });
  }
  // Renamed after the commit: a crash in between leaves the file, and the record says it is done.
  // The CLI and the service opening an upgraded state dir together may both get here: the
  // second finds the file gone, which is the outcome it wanted.
  await rename(path, join(stateDir, renamedTo)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
  return !done;
}
