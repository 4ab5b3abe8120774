import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { UsageError } from "../errors.ts";
import { StateDatabase } from "./database.ts";
import { processAlive } from "./local-process.ts";

/**
 * A named lease in the state database: one holder at a time across every sheets-sync process
 * that shares the state dir (the CLI, the service). For a decision taken on the sheet and written
 * back, where the store itself gives no lock: the workbook has its file lock, but the Google
 * Sheets API has no transaction spanning a read and an append, so two `schedule`s at once would
 * each find the same month missing and each add it.
 *
 * A holder that died (kill -9, a crash) does not block the others: a lease whose process is gone
 * from this machine is taken over at once, and any lease ends after `ttlMs`.
 */

const SCHEMA = `
CREATE TABLE IF NOT EXISTS leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,     -- a random id of the holding call
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL
);`;

export interface LeaseOptions {
  /** How long a lease lasts at most (a holder on another machine that died is waited out). */
  ttlMs?: number;
  /** How long to wait for another holder before giving up. */
  waitMs?: number;
  pollMs?: number;
}

/** Runs `run` holding the lease `name`; waits for another holder to finish first. */
export async function withStateLease<T>(stateDir: string, name: string, run: () => Promise<T>, options: LeaseOptions = {}): Promise<T> {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const waitMs = options.waitMs ?? 2 * 60_000;
  await mkdir(stateDir, { recursive: true });
  const database = StateDatabase.openIn(stateDir);
  const holder = randomUUID();
  try {
    database.db.exec(SCHEMA);
    const deadline = Date.now() + waitMs;
    while (!tryAcquire(database, name, holder, ttlMs)) {
      if (Date.now() > deadline) {
        throw new UsageError(`un altro "sheets-sync ${name}" sta ancora lavorando`, "riprova tra qualche minuto");
      }
      await sleep(options.pollMs ?? 100);
    }
    try {
      return await run();
    } finally {
      database.transaction(() => {
        database.db.prepare("DELETE FROM leases WHERE name = ? AND holder = ?").run(name, holder);
      });
    }
  } finally {
    database.close();
  }
}

function tryAcquire(database: StateDatabase, name: string, holder: string, ttlMs: number): boolean {
  return database.transaction(() => {
    const now = Date.now();
    const held = database.db.prepare("SELECT host, pid, expires_ms FROM leases WHERE name = ?").get(name) as
      | { host: string; pid: number; expires_ms: number }
      | undefined;
    if (held && held.expires_ms > now && !(held.host === hostname() && !processAlive(held.pid))) return false;
    database.db
      .prepare("INSERT OR REPLACE INTO leases (name, holder, host, pid, expires_ms) VALUES (?, ?, ?, ?, ?)")
      .run(name, holder, hostname(), process.pid, now + ttlMs);
    return true;
  });
}
