import { mkdir, readFile } from "node:fs/promises";
import { TAB_NAMES, type TabName } from "@rete-urp/shared";
import { importLegacyFile, StateDatabase } from "../state/database.ts";
import type { RowValues } from "../stores/store.ts";
import { type DeadLetter, DeadLetters } from "./dead-letters.ts";
import { checkEntry, pendingOf, readLegacyJournal } from "./journal-entries.ts";
import { DiskWriteError, databaseWriteError } from "./write-errors.ts";

/**
 * The write journal: every accepted write is committed to the `journal` table of the state
 * database (synchronous=FULL, so on disk) before the client gets an answer, so a crash or a store
 * outage loses nothing; the writer applies entries to the store and marks them done.
 *
 * Memory and disk stay in step: a write is in `pendingWrites()` only once its commit returned,
 * and a write whose commit failed (SQLITE_FULL, an I/O error) is forgotten and its caller gets a
 * DiskWriteError, so a retry is journaled afresh instead of being told "already accepted" with
 * nothing on disk. A kill -9 mid-transaction leaves the database as the last commit left it.
 */

/** `seq`: arrival order; `row`, `result`: JSON; `done_at`: NULL while pending. */
const SCHEMA = `CREATE TABLE IF NOT EXISTS journal (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  tab TEXT NOT NULL,
  mode TEXT NOT NULL,
  row TEXT NOT NULL,
  result TEXT,
  at TEXT NOT NULL,
  done_at TEXT
) STRICT`;

/**
 * Applied writes kept, newest first, so a retry or an id check finds them until the cache shows
 * their rows; older ones are deleted (the store answers for them: the writer skips ids present).
 */
const DONE_KEPT = 1000;
/**
 * ...and for DONE_KEPT_DAYS at most: their rows are personal data (emails, names), and with few
 * writes the last DONE_KEPT could be months old. Deleted by the service's hourly timer
 * (state/retention.ts, deleteAppliedBefore).
 */
export const DONE_KEPT_DAYS = 30;

/** Where earlier versions kept the journal, one JSON object a line: imported once. */
const LEGACY_FILE = "journal.ndjson";

/** A write of a row to tab `Name`: the row's keys are that tab's column keys. */
export interface PendingWrite<Name extends TabName = TabName> {
  /** The write's own id: the row's UUID for an append, a fresh one for each upsert. */
  id: string;
  tab: Name;
  row: RowValues<Name>;
  result: unknown;
  at: string;
  mode: "append" | "upsert";
}

/** A write as it is handed to add(): the journal stamps it, and it is an append unless told. */
export type NewWrite<Name extends TabName = TabName> = Omit<PendingWrite<Name>, "at" | "mode"> & { mode?: PendingWrite["mode"] };

/** Tab names are a known set: the contract's. Anything else can never be applied. */
export function isContractTab(tab: string): tab is TabName {
  return (TAB_NAMES as readonly string[]).includes(tab);
}

export interface JournalOptions {
  /** Tests only: runs inside every journal transaction just before its commit; what it throws fails the commit. */
  beforeCommit?: () => void;
  /** Where the import of an earlier version's files and entries moved to the dead letters at open are reported. */
  log?: (message: string) => void;
}

/** What the import of an earlier version's `journal.ndjson` found after its last whole line: a write a crash interrupted. */
export interface TornTail {
  lines: number;
  bytes: number;
}

interface Row {
  id: string;
  tab: string;
  mode: string;
  row: string;
  result: string | null;
  at: string;
}

export class Journal {
  readonly table = "journal";
  /** Committed and not yet applied, oldest first. */
  private readonly pending = new Map<string, PendingWrite>();
  /** Being committed: a second add of the same id waits for the first one's outcome. */
  private readonly inflight = new Map<string, { write: PendingWrite; durable: Promise<void> }>();
  /** Adds waiting for the next commit: those arriving together share it (one fsync). */
  private queue: { write: PendingWrite; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private scheduled: Promise<void> | undefined;
  private closed = false;
  /** Cut off when an earlier version's journal.ndjson was imported: bytes after its last whole line. */
  tornTail: TornTail | null = null;
  /** Entries found invalid at open and moved to the dead letters. */
  deadLetteredAtOpen = 0;
  /** The last commit that failed, until one succeeds: writes are being refused (503) meanwhile. */
  writeError: DiskWriteError | null = null;

  private constructor(
    private readonly database: StateDatabase,
    /** Entries that can never be applied, with the reason; `count` and `last` are for health. */
    readonly deadLetters: DeadLetters,
    private readonly beforeCommit: (() => void) | undefined,
  ) {
    database.db.exec(SCHEMA);
  }

  /** The state database's file: the journal is its `journal` table. */
  get path(): string {
    return this.database.path;
  }

  /** Lines cut off as a torn tail when an earlier version's file was imported (the service logs them). */
  get skippedLines(): number {
    return this.tornTail?.lines ?? 0;
  }

  static async open(stateDir: string, { beforeCommit, log = (message) => console.error(message) }: JournalOptions = {}): Promise<Journal> {
    await mkdir(stateDir, { recursive: true });
    const journal = new Journal(StateDatabase.openIn(stateDir), await DeadLetters.open(stateDir, log), beforeCommit);
    try {
      await journal.importLegacy(stateDir, log);
      journal.load(log);
    } catch (error) {
      await journal.close();
      throw error;
    }
    return journal;
  }

  /** Writes not yet applied to the store, oldest first. */
  pendingWrites(): PendingWrite[] {
    return [...this.pending.values()];
  }

  /** A write by id: "journaling" while its commit runs (it may still fail); "done" for recently applied ones. */
  get(id: string): { write: PendingWrite; state: "journaling" | "pending" | "done" } | undefined {
    const flying = this.inflight.get(id);
    if (flying) return { write: flying.write, state: "journaling" };
    const pending = this.pending.get(id);
    if (pending) return { write: pending, state: "pending" };
    if (this.closed) return undefined;
    const done = this.database.db
      .prepare("SELECT id, tab, mode, row, result, at FROM journal WHERE id = ? AND done_at IS NOT NULL")
      .get(id);
    return done ? { write: writeOf(done as unknown as Row), state: "done" } : undefined;
  }

  /**
   * Records a write durably. The same id twice is recorded once: the first write wins, which is
   * what makes client retries idempotent. Rejects with a DiskWriteError when the commit failed;
   * the write is then forgotten, and so is a concurrent add of the same id.
   */
  async add<Name extends TabName>(write: NewWrite<Name>, now: Date): Promise<{ write: PendingWrite; created: boolean }> {
    // The types keep tabs to the contract's; a caller that built its tab from data may not.
    if (!isContractTab(write.tab)) throw new TypeError(`"${write.tab}" non è una scheda del contratto`);
    const existing = this.get(write.id);
    // Not "already accepted" before the first one is committed: if it fails, this one fails too.
    if (existing?.state === "journaling") await this.inflight.get(write.id)!.durable;
    // The first write of an id wins, whatever its tab (id-conflicts.ts answers a clash).
    if (existing) return { write: existing.write, created: false };
    const entry: PendingWrite = { ...write, mode: write.mode ?? "append", at: now.toISOString() };
    const durable = this.persist(entry);
    this.inflight.set(entry.id, { write: entry, durable });
    try {
      await durable;
      this.pending.set(entry.id, entry);
    } finally {
      this.inflight.delete(entry.id);
    }
    return { write: entry, created: true };
  }

  /**
   * Records writes as applied. If the commit fails the writes stay pending and this rejects:
   * they are in the store, and the writer's ID check makes the re-apply a no-op.
   */
  async markDone(ids: readonly string[], now: Date): Promise<void> {
    const live = ids.filter((id) => this.pending.has(id));
    if (live.length === 0) return;
    const markDone = this.database.db.prepare("UPDATE journal SET done_at = ? WHERE id = ? AND done_at IS NULL");
    this.commit(() => {
      for (const id of live) markDone.run(now.toISOString(), id);
      this.database.db
        .prepare(
          "DELETE FROM journal WHERE done_at IS NOT NULL AND seq NOT IN (SELECT seq FROM journal WHERE done_at IS NOT NULL ORDER BY seq DESC LIMIT ?)",
        )
        .run(DONE_KEPT);
    });
    for (const id of live) this.pending.delete(id);
  }

  /**
   * Moves writes that can never be applied to the dead letters: in one transaction they leave
   * the journal and enter the dead letters, or, when it fails, stay pending, and this rejects.
   */
  async moveToDeadLetters(writes: readonly PendingWrite[], reason: { code: string; message: string }, now: Date): Promise<void> {
    const live = writes.filter((write) => this.pending.has(write.id));
    if (live.length === 0) return;
    const at = now.toISOString();
    const letters = live.map((write) => ({
      at,
      code: reason.code,
      reason: reason.message,
      id: write.id,
      tab: write.tab,
      entry: { op: "append", ...write },
    }));
    this.moveOut(
      letters,
      live.map((write) => write.id),
    );
    for (const write of live) this.pending.delete(write.id);
  }

  async close(): Promise<void> {
    // Adds already queued get their commit (or their error) first.
    await this.scheduled;
    if (this.closed) return;
    this.closed = true;
    this.database.close();
    await this.deadLetters.close();
  }

  /**
   * Runs `change` in one transaction. A failing commit keeps nothing of it and becomes a
   * DiskWriteError, remembered as `writeError` (health) until a commit succeeds.
   */
  private commit(change: () => void): void {
    if (this.closed) throw new DiskWriteError("closed", this.path);
    try {
      this.database.transaction(() => {
        change();
        this.beforeCommit?.();
      });
    } catch (error) {
      const failure = databaseWriteError(error, this.path);
      if (!failure) throw error;
      this.writeError = failure;
      throw failure;
    }
    this.writeError = null;
  }

  /** Group commit: adds arriving in the same turn of the event loop share one transaction, and its fate. */
  private persist(write: PendingWrite): Promise<void> {
    const committed = new Promise<void>((resolve, reject) => this.queue.push({ write, resolve, reject }));
    this.scheduled ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        this.scheduled = undefined;
        const batch = this.queue;
        this.queue = [];
        try {
          this.commit(() => this.insert(batch.map(({ write }) => write)));
          for (const waiter of batch) waiter.resolve();
        } catch (error) {
          for (const waiter of batch) waiter.reject(error);
        }
        resolve();
      }),
    );
    return committed;
  }

  /** Writes `writes` as pending rows, inside the caller's transaction. */
  private insert(writes: readonly PendingWrite[], conflict: "" | "OR IGNORE" = ""): void {
    const statement = this.database.db.prepare(
      `INSERT ${conflict} INTO journal (id, tab, mode, row, result, at) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    for (const { id, tab, mode, row, result, at } of writes) {
      // `result` undefined (nothing to give back) is NULL, read back as undefined.
      statement.run(id, tab, mode, JSON.stringify(row), JSON.stringify(result) ?? null, at);
    }
  }

  /** Letters into the dead letters and `ids` out of the journal, in one transaction. */
  private moveOut(letters: readonly DeadLetter[], ids: readonly string[]): void {
    const remove = this.database.db.prepare("DELETE FROM journal WHERE id = ?");
    this.commit(() => {
      this.deadLetters.insert(letters);
      for (const id of ids) remove.run(id);
    });
    this.deadLetters.refresh();
  }

  /**
   * An earlier version's `journal.ndjson`, once: its pending writes become pending rows, its
   * done ones are dropped, the entries that can never apply become dead letters. On a full disk
   * the import waits for the next start (the file stays); the service still starts.
   */
  private async importLegacy(stateDir: string, log: (message: string) => void): Promise<void> {
    let legacy: ReturnType<typeof readLegacyJournal> | undefined;
    const load = (text: string) => {
      legacy = readLegacyJournal(text, new Date().toISOString());
      // An id already in the table (the import ran, and its rename did not) keeps its row.
      this.insert(legacy.pending, "OR IGNORE");
      this.deadLetters.insert(legacy.letters);
    };
    try {
      if (!(await importLegacyFile(this.database, stateDir, LEGACY_FILE, load, (path) => readFile(path, "utf8"))) || !legacy) return;
    } catch (error) {
      const failure = databaseWriteError(error, this.path);
      if (!failure) throw error;
      log(`${LEGACY_FILE}: importazione nel database rimandata al prossimo avvio (${failure.message})`);
      return;
    }
    this.deadLetters.refresh();
    this.deadLetteredAtOpen += legacy.letters.length;
    log(`${LEGACY_FILE}: ${legacy.pending.length} scritture in attesa importate nel database, il file è ora ${LEGACY_FILE}.importato`);
    if (legacy.letters.length > 0) log(`journal: ${legacy.letters.length} voci non applicabili spostate tra le dead letters`);
    if (legacy.tornTail) {
      const { lines, bytes } = legacy.tornTail;
      this.tornTail = legacy.tornTail;
      log(
        `${LEGACY_FILE}: tagliata una scrittura interrotta in fondo al file (${lines} righe, ${bytes} byte), mai confermata a nessun client`,
      );
    }
  }

  /**
   * Reads the pending rows into memory, checked as any entry from outside is: one that can
   * never apply (a tab this version does not know, a row edited by hand) goes to the dead letters.
   */
  private load(log: (message: string) => void): void {
    const at = new Date().toISOString();
    const letters: DeadLetter[] = [];
    const rows = this.database.db.prepare("SELECT id, tab, mode, row, result, at FROM journal WHERE done_at IS NULL ORDER BY seq").all();
    for (const row of rows as unknown as Row[]) {
      let json: unknown;
      try {
        json = { op: "append", ...writeOf(row) };
      } catch {
        letters.push({
          at,
          code: "unreadable_line",
          reason: "Voce del journal illeggibile (JSON non valido)",
          id: row.id,
          tab: row.tab,
          line: row.row,
        });
        continue;
      }
      const checked = checkEntry(json, at);
      if ("letter" in checked) letters.push(checked.letter);
      else if (checked.entry.op === "append") this.pending.set(checked.entry.id, pendingOf(checked.entry));
    }
    if (letters.length === 0) return;
    try {
      this.moveOut(
        letters,
        rows.map((row) => String(row.id)).filter((id) => !this.pending.has(id)),
      );
      this.deadLetteredAtOpen += letters.length;
      log(`journal: ${letters.length} voci non applicabili spostate tra le dead letters`);
    } catch (error) {
      if (!(error instanceof DiskWriteError)) throw error;
      log(`journal: ${letters.length} voci non applicabili restano nel journal (${error.message})`);
    }
  }
}

/**
 * Deletes, inside the caller's transaction, the applied writes marked done before `cutoff`;
 * returns how many. Pending writes are never touched.
 */
export function deleteAppliedBefore(database: StateDatabase, cutoff: Date): number {
  return Number(database.db.prepare("DELETE FROM journal WHERE done_at IS NOT NULL AND done_at < ?").run(cutoff.toISOString()).changes);
}

/** A row of the table as the write it holds; throws when its JSON does not parse. */
function writeOf(row: Row): PendingWrite {
  return {
    id: row.id,
    tab: row.tab as TabName,
    row: JSON.parse(row.row),
    result: row.result === null ? undefined : JSON.parse(row.result),
    at: row.at,
    mode: row.mode as PendingWrite["mode"],
  };
}
