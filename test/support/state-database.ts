import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { DATABASE_FILE } from "../../sheets-sync/src/state/database.ts";

/**
 * The service's state database as a test reads it: through a connection of its own, as another
 * process would, so what it finds is what was committed, not what one module holds in memory.
 */

/** The rows `sql` selects; none when the database or its table was never made. */
export function stateRows<T>(stateDir: string, sql: string, ...params: (string | number)[]): T[] {
  const path = join(stateDir, DATABASE_FILE);
  if (!existsSync(path)) return [];
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } catch (error) {
    if (/no such table/.test((error as Error).message)) return [];
    throw error;
  } finally {
    db.close();
  }
}

/** Every byte the state database keeps on disk, pages not yet checkpointed included: to assert a secret is nowhere. */
export async function storedState(stateDir: string): Promise<string> {
  const files = [DATABASE_FILE, `${DATABASE_FILE}-wal`].map((file) => readFile(join(stateDir, file), "latin1").catch(() => ""));
  return (await Promise.all(files)).join("");
}
