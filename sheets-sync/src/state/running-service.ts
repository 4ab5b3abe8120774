import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { DATABASE_FILE, StateDatabase } from "./database.ts";
import { processAlive } from "./local-process.ts";

/**
 * Where the running service listens, in the state database it shares with the CLI: a command run
 * in a second terminal (`invite create`, `feed create`) builds its links for the service that is
 * really running (`PORT=41080 npm start`), not for the default port. Recorded by `serve` once it
 * listens, removed when it stops; a record whose process is gone (kill -9) is ignored.
 */

const SCHEMA = `
CREATE TABLE IF NOT EXISTS running_service (
  pid INTEGER PRIMARY KEY,
  host TEXT NOT NULL,
  url TEXT NOT NULL,
  started_at TEXT NOT NULL
);`;

/** Records that this process serves at `url` (its public base, as its own links use it). */
export function recordRunningService(stateDir: string, url: string): void {
  withDatabase(stateDir, (database) => {
    database.transaction(() => {
      database.db.prepare("DELETE FROM running_service WHERE host = ? AND pid = ?").run(hostname(), process.pid);
      database.db
        .prepare("INSERT INTO running_service (pid, host, url, started_at) VALUES (?, ?, ?, ?)")
        .run(process.pid, hostname(), url, new Date().toISOString());
    });
  });
}

export function forgetRunningService(stateDir: string): void {
  withDatabase(stateDir, (database) => {
    database.transaction(() => database.db.prepare("DELETE FROM running_service WHERE host = ? AND pid = ?").run(hostname(), process.pid));
  });
}

/** The base URL of a service running on this machine with this state dir; undefined when none is. */
export function runningServiceUrl(stateDir: string): string | undefined {
  // A command never creates the state database just to look.
  if (!existsSync(join(stateDir, DATABASE_FILE))) return undefined;
  return withDatabase(stateDir, (database) => {
    const rows = database.db.prepare("SELECT pid, url FROM running_service WHERE host = ? ORDER BY started_at DESC").all(hostname()) as {
      pid: number;
      url: string;
    }[];
    return rows.find((row) => processAlive(row.pid))?.url;
  });
}

function withDatabase<T>(stateDir: string, use: (database: StateDatabase) => T): T {
  const database = StateDatabase.openIn(stateDir);
  try {
    database.db.exec(SCHEMA);
    return use(database);
  } finally {
    database.close();
  }
}
