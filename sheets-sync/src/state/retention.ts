import { DAY_MS } from "@rete-urp/shared";
import { invitationState, KEEP_ENDED_DAYS } from "../access/invitations.ts";
import type { Clock } from "../clock.ts";
import { HISTORY_DAYS, trimLedgerTables } from "../stores/workbook/workbook-ledger.ts";
import { DONE_KEPT_DAYS, deleteAppliedBefore } from "../writes/journal.ts";
import { StateDatabase } from "./database.ts";

/**
 * The state that is kept for a limited time, trimmed by age by the running service every hour,
 * so a bound holds also when nobody writes (each table's own trim runs only at its next change):
 * - the workbook ledger's history, HISTORY_DAYS (workbook-ledger.ts: the newest version stays,
 *   without its rows);
 * - the journal's applied writes, DONE_KEPT_DAYS (journal.ts; pending writes are never touched);
 * - invitations that ended (used, expired, revoked) more than KEEP_ENDED_DAYS ago.
 * What was deleted is then erased from the WAL too (eraseAndCheckpoint).
 *
 * Not here, on purpose: tokens and calendar keys (valid until revoked), dead letters (writes that
 * were accepted and never applied: only the coordinator or `forget` removes them), the meetings'
 * history (bounded by the calendar window at every read, and no personal data). One person's data
 * is erased on request by forget-person.ts.
 */

export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/** What one trim deleted, per table. */
export interface TrimReport {
  ledger: number;
  appliedWrites: number;
  invitations: number;
  /** False when something was deleted and the WAL could not be emptied yet (a long reader). */
  checkpointed: boolean;
}

export function hasTable(database: StateDatabase, table: string): boolean {
  return database.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
}

/** Trims every table by age at `now`, in one transaction; tables never made (e.g. no ledger with Google) are skipped. */
export function trimByAge(database: StateDatabase, now: Date): TrimReport {
  const report = database.transaction(() => ({
    ledger: hasTable(database, "workbook_versions") ? trimLedgerTables(database, now.getTime() - HISTORY_DAYS * DAY_MS) : 0,
    appliedWrites: hasTable(database, "journal") ? deleteAppliedBefore(database, new Date(now.getTime() - DONE_KEPT_DAYS * DAY_MS)) : 0,
    invitations: hasTable(database, "invitations") ? deleteEndedInvitations(database, now) : 0,
  }));
  const deleted = report.ledger + report.appliedWrites + report.invitations > 0;
  return { ...report, checkpointed: deleted ? database.eraseAndCheckpoint() : true };
}

/** Invitations that ended before the bound (as InvitationStore prunes them at each change). */
function deleteEndedInvitations(database: StateDatabase, now: Date): number {
  const horizon = now.getTime() - KEEP_ENDED_DAYS * DAY_MS;
  const rows = database.db.prepare("SELECT id, hash, email, created_at, expires_at, used_at, revoked_at FROM invitations").all();
  const forget = database.db.prepare("DELETE FROM invitations WHERE id = ?");
  let deleted = 0;
  for (const row of rows) {
    const record = {
      hash: String(row.hash),
      email: String(row.email),
      createdAt: String(row.created_at),
      expiresAt: String(row.expires_at),
      usedAt: row.used_at === null ? null : String(row.used_at),
      revokedAt: row.revoked_at === null ? null : String(row.revoked_at),
    };
    const ended = Date.parse(record.usedAt ?? record.revokedAt ?? record.expiresAt);
    if (invitationState(record, now) !== "pending" && ended < horizon) deleted += Number(forget.run(row.id as number).changes);
  }
  return deleted;
}

export interface RetentionOptions {
  clock: Clock;
  log?: (message: string) => void;
  everyMs?: number;
  /** After each run, whatever it deleted (the service re-reads the dead letters' count: `forget` from the CLI may have changed it). */
  afterRun?: () => void;
}

export interface Retention {
  /** One trim now (the timer's, also run at start); never throws: a failure is logged and retried at the next tick. */
  run(): TrimReport | undefined;
  stop(): void;
}

/**
 * Trims the state dir's database now and then every `everyMs` (an hour), until stop(). The timer
 * is unref'd: it never keeps the process alive. It holds its own reference to the shared
 * connection, let go at stop().
 */
export function startRetention(
  stateDir: string,
  { clock, log = () => {}, everyMs = RETENTION_INTERVAL_MS, afterRun }: RetentionOptions,
): Retention {
  const database = StateDatabase.openIn(stateDir);
  let stopped = false;
  const run = (): TrimReport | undefined => {
    if (stopped) return undefined;
    let report: TrimReport | undefined;
    try {
      report = trimByAge(database, clock.now());
      const deleted = report.ledger + report.appliedWrites + report.invitations;
      if (deleted > 0) {
        log(
          `conservazione: cancellati per età ${report.ledger} voci del registro del file .xlsx, ${report.appliedWrites} scritture applicate, ${report.invitations} inviti finiti` +
            (report.checkpointed ? "" : " (il WAL sarà svuotato più tardi)"),
        );
      }
    } catch (error) {
      // A busy or full database: nothing of this run was kept; the next tick tries again.
      log(`conservazione: pulizia per età non riuscita (${database.path}): ${(error as Error).message}`);
    }
    try {
      afterRun?.();
    } catch {}
    return report;
  };
  const timer = setInterval(run, everyMs);
  timer.unref();
  run();
  return {
    run,
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      database.close();
    },
  };
}
