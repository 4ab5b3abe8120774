import { randomUUID } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import type { TabName } from "@rete-urp/shared";
import { DAY_MS } from "@rete-urp/shared";
import { importLegacyFile, StateDatabase } from "../../state/database.ts";
import type { RowValues } from "../store.ts";
import { importLedgerFile, insertReconciliation, LEDGER_FILE } from "./workbook-ledger-import.ts";

/**
 * The workbook ledger: the history of the saves sheets-sync made to the workbook, so that a stale
 * copy saved over the file can be reconciled (reconcile-plan.ts). Every save is a numbered
 * version, recorded with the sha256 of the bytes written and the rows written in it (tab, ID,
 * values as written); a reconciliation is recorded with the rows it restored and the deletions
 * it respected.
 *
 * It lives in the state database (state/database.ts), shared by the service and the CLI: a
 * version is committed before the workbook is replaced, so it is on disk before any file carries
 * its marker, and every read sees the other process's commits. Versions are numbered only under
 * the workbook lock (workbook-lock.ts), so two processes never number two saves alike.
 *
 * The rows are personal data (names, emails, phones): history older than HISTORY_DAYS is
 * deleted at open, at every write and every hour by the running service (state/retention.ts, so
 * also when nobody writes), then erased from the WAL too. The newest version is kept whatever its
 * age, without its rows: its number and sha256 are what tell the service's own file from someone
 * else's. One person's rows are erased on request by state/forget-person.ts.
 */

export { LEDGER_FILE };
export const HISTORY_DAYS = 30;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS workbook_ledger (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  id TEXT NOT NULL,                  -- the ledger id the version markers carry
  created TEXT NOT NULL,
  highest_version INTEGER NOT NULL   -- the highest number ever given, aborted saves included
);
CREATE TABLE IF NOT EXISTS workbook_versions (
  version INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  sha TEXT NOT NULL,
  rows TEXT NOT NULL                 -- JSON WrittenRow[]
);
CREATE TABLE IF NOT EXISTS workbook_reconciliations (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  sha TEXT NOT NULL,
  base INTEGER NOT NULL,
  base_from TEXT NOT NULL,
  version INTEGER,
  restored TEXT NOT NULL,            -- JSON RowRef[]
  deleted TEXT NOT NULL              -- JSON RowRef[]
);`;

/** A row sheets-sync wrote in a version, with the values as written. */
export interface WrittenRow {
  tab: TabName;
  id: string;
  values: RowValues;
  mode: "append" | "upsert";
  /** Written again by a reconciliation, not by a client's write. */
  restored?: boolean;
  /**
   * An update in place: what the written cells held in the file just before (for a stale copy's
   * reconciliation, reconcile-plan.ts). Absent for a new row.
   */
  before?: RowValues;
}
/** A row as health names it. */
export interface RowRef {
  tab: TabName;
  id: string;
  title?: string;
  /** The row was in the file, and only these cells (their headers) got sheets-sync's values back. */
  cells?: string[];
}
export interface LedgerVersion {
  version: number;
  at: string;
  /** The sha256 of the bytes saved. */
  sha: string;
  rows: WrittenRow[];
}
export interface ReconciliationEvent {
  at: string;
  /** The sha256 of the file found changed by someone else. */
  sha: string;
  /** The version that file descends from, and how that was found. */
  base: number;
  baseFrom: "marker" | "rows";
  /** The save that wrote the restored rows back; null when nothing needed restoring. */
  version: number | null;
  restored: RowRef[];
  deleted: RowRef[];
}

export interface LedgerOptions {
  now?: () => Date;
  historyDays?: number;
}

/** The tables' rows: the lists are JSON text. */
type VersionRow = Omit<LedgerVersion, "rows"> & { rows: string };
type EventRow = Omit<ReconciliationEvent, "restored" | "deleted"> & { restored: string; deleted: string };

export class WorkbookLedger {
  private readonly now: () => Date;
  private readonly historyMs: number;
  /** The last trim deleted something: the WAL is to be emptied once the transaction is committed. */
  private trimmed = false;

  private constructor(
    private readonly database: StateDatabase,
    options: LedgerOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.historyMs = (options.historyDays ?? HISTORY_DAYS) * DAY_MS;
  }

  static async open(stateDir: string, options: LedgerOptions = {}): Promise<WorkbookLedger> {
    await mkdir(stateDir, { recursive: true });
    const database = StateDatabase.openIn(stateDir);
    try {
      database.db.exec(SCHEMA);
      await importLegacyFile(
        database,
        stateDir,
        LEDGER_FILE,
        (text) => importLedgerFile(database.db, text),
        (path) => readFile(path, "utf8"),
      );
      const ledger = new WorkbookLedger(database, options);
      // The id exists from the first open: markers written by any process then carry the same one.
      database.transaction(() => {
        database.db
          .prepare("INSERT OR IGNORE INTO workbook_ledger (singleton, id, created, highest_version) VALUES (1, ?, ?, 0)")
          .run(randomUUID(), ledger.now().toISOString());
        ledger.trim();
      });
      ledger.eraseIfTrimmed();
      return ledger;
    } catch (error) {
      database.close();
      throw error;
    }
  }

  /** Where the ledger lives, for messages. */
  get path(): string {
    return this.database.path;
  }

  /** What the markers of this installation's saves carry. */
  get id(): string {
    return (this.database.db.prepare("SELECT id FROM workbook_ledger").get() as { id: string }).id;
  }

  /** Ascending by version. */
  get versions(): readonly LedgerVersion[] {
    return (
      this.database.db.prepare("SELECT version, at, sha, rows FROM workbook_versions ORDER BY version").all() as unknown as VersionRow[]
    ).map(versionOf);
  }

  get events(): readonly ReconciliationEvent[] {
    const rows = this.database.db
      .prepare("SELECT at, sha, base, base_from AS baseFrom, version, restored, deleted FROM workbook_reconciliations ORDER BY seq")
      .all() as unknown as EventRow[];
    return rows.map((row) => ({ ...row, restored: JSON.parse(row.restored) as RowRef[], deleted: JSON.parse(row.deleted) as RowRef[] }));
  }

  get lastVersion(): LedgerVersion | undefined {
    const row = this.database.db.prepare("SELECT version, at, sha, rows FROM workbook_versions ORDER BY version DESC LIMIT 1").get();
    return row ? versionOf(row as unknown as VersionRow) : undefined;
  }

  /** The number the next save gets: never one used before, aborted ones included. */
  nextVersion(): number {
    const row = this.database.db
      .prepare("SELECT max(highest_version, coalesce((SELECT max(version) FROM workbook_versions), 0)) AS n FROM workbook_ledger")
      .get() as { n: number };
    return row.n + 1;
  }

  /** Rows a person deleted on purpose, as reconciliations found them (`rowKey` → when, in ms). */
  deletedRows(): Map<string, number> {
    const rows = new Map<string, number>();
    for (const event of this.events) {
      for (const row of event.deleted)
        rows.set(rowKey(row.tab, row.id), Math.max(Date.parse(event.at), rows.get(rowKey(row.tab, row.id)) ?? 0));
    }
    return rows;
  }

  async addVersion(version: LedgerVersion): Promise<void> {
    this.write(() => {
      this.database.db
        .prepare("INSERT OR REPLACE INTO workbook_versions (version, at, at_ms, sha, rows) VALUES (?, ?, ?, ?, ?)")
        .run(version.version, version.at, Date.parse(version.at), version.sha, JSON.stringify(version.rows));
      this.database.db.prepare("UPDATE workbook_ledger SET highest_version = max(highest_version, ?)").run(version.version);
    });
  }

  /** The version's save did not replace the file: it is forgotten, its number never given again. */
  async abort(version: number): Promise<void> {
    this.write(() => {
      this.database.db.prepare("DELETE FROM workbook_versions WHERE version = ?").run(version);
    });
  }

  async addEvent(event: ReconciliationEvent): Promise<void> {
    this.write(() => insertReconciliation(this.database.db, event));
  }

  close(): void {
    this.database.close();
  }

  /** One change and the trim by age, in one transaction; the trimmed text is then erased from the WAL. */
  private write(change: () => void): void {
    this.database.transaction(() => {
      change();
      this.trim();
    });
    this.eraseIfTrimmed();
  }

  private trim(): void {
    if (trimLedgerTables(this.database, this.now().getTime() - this.historyMs) > 0) this.trimmed = true;
  }

  private eraseIfTrimmed(): void {
    if (!this.trimmed) return;
    this.trimmed = false;
    this.database.eraseAndCheckpoint();
  }
}

/**
 * The trim by age, inside the caller's transaction: what is older than `cutoffMs` goes, versions
 * (but the newest), the newest's rows, reconciliations. Returns how many rows it changed. The
 * ledger runs it at open and at every write; the service's hourly timer too (state/retention.ts).
 */
export function trimLedgerTables(database: StateDatabase, cutoffMs: number): number {
  const db = database.db;
  const changes = [
    db.prepare("DELETE FROM workbook_versions WHERE at_ms < ? AND version < (SELECT max(version) FROM workbook_versions)").run(cutoffMs),
    db.prepare("UPDATE workbook_versions SET rows = '[]' WHERE at_ms < ? AND rows <> '[]'").run(cutoffMs),
    db.prepare("DELETE FROM workbook_reconciliations WHERE at_ms < ?").run(cutoffMs),
  ];
  return changes.reduce((sum, change) => sum + Number(change.changes), 0);
}

export function rowKey(tab: TabName, id: string): string {
  return `${tab}\u0000${id}`;
}

function versionOf(row: VersionRow): LedgerVersion {
  return { ...row, rows: JSON.parse(row.rows) as WrittenRow[] };
}
