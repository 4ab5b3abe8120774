import { mkdir } from "node:fs/promises";
import { userInfo } from "node:os";
import { ACCESS_LOG_SERVED, type AccessLogKind, CLI_ACTOR, DAY_MS } from "@rete-urp/shared";
import { StateDatabase } from "../state/database.ts";

/**
 * The access log (Registro accessi, shown to the coordinators in Coordinamento): one row for each
 * change of who may use the service — an invitation made, used or revoked, a person's access
 * revoked, a token made or revoked from the CLI — with when (ISO, UTC, from the clock of the
 * service or command that made the change), what, who did it and whose access it was.
 *
 * Personal data kept to the minimum that answers "who gave or took whose access, and when": two
 * emails (or "CLI (user)" for IT's commands), a kind and a time. Never the browser, the IP address
 * or anything else of a redeem: the link is a bearer secret, so who pasted it cannot be known
 * anyway, and the entry "Invito usato" under the invitee's name is the control, for the
 * coordinators and the invitee to notice (docs/coordinator.md).
 *
 * Each row is written inside the transaction of the change it records (`recordAccess`, from
 * invitations.ts and tokens.ts), so neither is ever without the other. Rows are kept
 * ACCESS_LOG_KEEP_DAYS days, then deleted: on every write, and when the service starts.
 *
 * Every statement of the table is in this module, the erasure of a person's entries included
 * (`forgetAccessLogEmail`, `AccessLog.forgetEmail`).
 */

/** How long an entry is kept: a year, enough to answer "who invited whom" at the next review. */
export const ACCESS_LOG_KEEP_DAYS = 365;

/** What an erased person's email becomes where they were the one who acted. */
export const FORGOTTEN_ACTOR = "persona cancellata";

export interface AccessLogRecord {
  /** ISO 8601, UTC: "2026-11-23T09:00:00.000Z". */
  at: string;
  kind: AccessLogKind;
  /** Who did it: an email in lower case, or "CLI (user)". */
  by: string;
  /** Whose access changed, in lower case. */
  email: string;
}

/** Who a command of the CLI is: "CLI (root)", the OS user running it; "CLI" when the system cannot say. */
export function cliActor(): string {
  let user = "";
  try {
    user = userInfo().username;
  } catch {
    // No entry in the password database (a container's arbitrary uid): the environment may know.
    user = process.env.USER ?? process.env.LOGNAME ?? "";
  }
  return user ? `${CLI_ACTOR} (${user})` : CLI_ACTOR;
}

/**
 * The table, made if missing. Run before every statement rather than once per connection: it
 * costs a look at the schema, and a first change that rolled back would otherwise leave a
 * connection believing in a table its rollback removed.
 */
function ensureTable(database: StateDatabase): void {
  database.db.exec(`CREATE TABLE IF NOT EXISTS access_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    email TEXT NOT NULL
  )`);
  database.db.exec("CREATE INDEX IF NOT EXISTS access_log_at ON access_log (at)");
}

/**
 * Records a change of access, inside the caller's transaction (the change's own), and trims
 * what is older than ACCESS_LOG_KEEP_DAYS on the way.
 */
export function recordAccess(database: StateDatabase, now: Date, entry: { kind: AccessLogKind; by: string; email: string }): void {
  ensureTable(database);
  database.db
    .prepare("INSERT INTO access_log (at, kind, actor, email) VALUES (?, ?, ?, ?)")
    .run(now.toISOString(), entry.kind, entry.by, entry.email.trim().toLowerCase());
  trimAccessLog(database, now);
}

/** Deletes the entries older than ACCESS_LOG_KEEP_DAYS before `now`; returns how many. */
export function trimAccessLog(database: StateDatabase, now: Date): number {
  ensureTable(database);
  const horizon = new Date(now.getTime() - ACCESS_LOG_KEEP_DAYS * DAY_MS).toISOString();
  // Every `at` is toISOString()'s UTC form, so text order is time order.
  return Number(database.db.prepare("DELETE FROM access_log WHERE at < ?").run(horizon).changes);
}

/** The latest `limit` entries, newest first (in the order they were committed). */
export function latestAccess(database: StateDatabase, limit: number): AccessLogRecord[] {
  ensureTable(database);
  return database.db
    .prepare("SELECT at, kind, actor, email FROM access_log ORDER BY id DESC LIMIT ?")
    .all(limit)
    .map((row) => ({ at: String(row.at), kind: String(row.kind) as AccessLogKind, by: String(row.actor), email: String(row.email) }));
}

/**
 * Erases `email` from the log, inside the caller's transaction: the entries about their access
 * are deleted; where they were the one who acted (a coordinator who invited someone), the entry
 * stays, as it is about the other person's access, and names FORGOTTEN_ACTOR instead. Returns how
 * many entries were deleted or changed. The caller checkpoints the WAL afterwards
 * (`StateDatabase.eraseAndCheckpoint`), as `AccessLog.forgetEmail` does.
 */
export function forgetAccessLogEmail(database: StateDatabase, email: string): number {
  ensureTable(database);
  const address = email.trim().toLowerCase();
  const deleted = Number(database.db.prepare("DELETE FROM access_log WHERE email = ?").run(address).changes);
  const renamed = Number(database.db.prepare("UPDATE access_log SET actor = ? WHERE actor = ?").run(FORGOTTEN_ACTOR, address).changes);
  return deleted + renamed;
}

/** The access log of a state dir, for the route that shows it, the service's start and the erasure of a person. */
export class AccessLog {
  constructor(readonly stateDir: string) {}

  static inStateDir(stateDir: string): AccessLog {
    return new AccessLog(stateDir);
  }

  /** The latest entries, newest first: what Coordinamento shows. */
  async latest(limit = ACCESS_LOG_SERVED): Promise<AccessLogRecord[]> {
    return withAccessLog(this.stateDir, (database) => latestAccess(database, limit));
  }

  /** Deletes what is older than ACCESS_LOG_KEEP_DAYS before `now` (the service's start does). */
  async trim(now: Date): Promise<number> {
    return withAccessLog(this.stateDir, (database) => database.transaction(() => trimAccessLog(database, now)));
  }

  /** `forgetAccessLogEmail` in a transaction of its own, then the WAL emptied of what it erased. */
  async forgetEmail(email: string): Promise<number> {
    return withAccessLog(this.stateDir, (database) => {
      const changed = database.transaction(() => forgetAccessLogEmail(database, email));
      database.eraseAndCheckpoint();
      return changed;
    });
  }
}

async function withAccessLog<T>(stateDir: string, use: (database: StateDatabase) => T): Promise<T> {
  await mkdir(stateDir, { recursive: true });
  const database = StateDatabase.openIn(stateDir);
  try {
    return use(database);
  } finally {
    database.close();
  }
}
