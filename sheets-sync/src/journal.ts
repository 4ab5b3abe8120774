import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { TAB_NAMES, type TabName } from "@rete-urp/shared";
import { z } from "zod";
import { AppendOnlyFile, DiskWriteError, type OpenAppendFile, truncateFile } from "./append-only-file.ts";
import { type DeadLetter, DeadLetters } from "./dead-letters.ts";
import { writeFileAtomic } from "./stores/atomic-file.ts";
import type { RowValues } from "./stores/store.ts";

/**
 * The write journal: every accepted write is appended here and fsynced before the client gets
 * an answer, so a crash or a store outage loses nothing; the writer applies entries to the store
 * and records them done. One JSON object per line.
 *
 * Memory and disk stay in step: a write is in `pendingWrites()` only once its line is durable,
 * and a write whose line could not be made durable (full disk, I/O error, short write, failed
 * fsync) is forgotten and its caller gets a DiskWriteError, so a retry is journaled afresh
 * instead of being told "already accepted" with nothing on disk.
 */

const AppendEntry = z.object({
  op: z.literal("append"),
  id: z.string(),
  /** One of the contract's tabs: an entry naming any other can never apply (see load()). */
  tab: z.enum(TAB_NAMES),
  row: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  /** What the client gets back: the record as accepted. */
  result: z.unknown(),
  at: z.string(),
  /** "append": a new row, idempotent by its UUID; "upsert": the row with row.id, set in place. */
  mode: z.enum(["append", "upsert"]).default("append"),
});
const DoneEntry = z.object({ op: z.literal("done"), id: z.string(), at: z.string() });
/** The write was moved to the dead letters: it will never be applied. */
const DeadEntry = z.object({ op: z.literal("dead"), id: z.string(), at: z.string() });
const Entry = z.discriminatedUnion("op", [AppendEntry, DoneEntry, DeadEntry]);

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
  /** Tests only: opens the files appended to (journal and dead letters) with a handle that fails. */
  openFile?: OpenAppendFile;
  /** Where entries moved to the dead letters at open are reported. */
  log?: (message: string) => void;
}

/** What opening found after the last whole line: a write interrupted by a crash or a full disk. */
export interface TornTail {
  lines: number;
  bytes: number;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function isNoSpace(error: unknown): boolean {
  if (error instanceof DiskWriteError) return error.failure === "no_space";
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOSPC" || code === "EDQUOT";
}

export class Journal {
  private file: AppendOnlyFile | undefined;
  /** Durable and not yet applied, oldest first. */
  private readonly pending = new Map<string, PendingWrite>();
  /** Being fsynced: a second add of the same id waits for the first one's outcome. */
  private readonly inflight = new Map<string, { write: PendingWrite; durable: Promise<void> }>();
  private readonly done = new Map<string, PendingWrite>();
  private queue: string[] = [];
  private waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private flushing: Promise<void> | undefined;
  /** Cut off at open: bytes after the last whole line (a write interrupted mid-line). */
  tornTail: TornTail | null = null;
  /** Entries found invalid at open and moved to the dead letters. */
  deadLetteredAtOpen = 0;
  /** The last append that failed, until one succeeds: writes are being refused (503) meanwhile. */
  writeError: DiskWriteError | null = null;

  private constructor(
    readonly path: string,
    /** Entries that can never be applied, with the reason; `count` and `last` are for health. */
    readonly deadLetters: DeadLetters,
  ) {}

  /** Lines cut off at open as a torn tail (the service logs them). */
  get skippedLines(): number {
    return this.tornTail?.lines ?? 0;
  }

  static async open(stateDir: string, { openFile, log = (message) => console.error(message) }: JournalOptions = {}): Promise<Journal> {
    await mkdir(stateDir, { recursive: true });
    const journal = new Journal(join(stateDir, "journal.ndjson"), await DeadLetters.open(stateDir, openFile));
    const { letters, wholeLength, size } = await journal.load();
    if (journal.tornTail) {
      const { lines, bytes } = journal.tornTail;
      log(`journal: tagliata una scrittura interrotta in fondo al file (${lines} righe, ${bytes} byte), mai confermata a nessun client`);
    }

    // Invalid entries leave the journal only once they are durable in the dead letters.
    let canCompact = true;
    if (letters.length > 0) {
      try {
        await journal.deadLetters.add(letters);
        journal.deadLetteredAtOpen = letters.length;
        log(`journal: ${letters.length} voci non applicabili spostate in ${journal.deadLetters.path}`);
      } catch (error) {
        if (!(error instanceof DiskWriteError)) throw error;
        canCompact = false;
        log(`journal: ${letters.length} voci non applicabili restano nel journal (${error.message})`);
      }
    }
    // Compacting rewrites the file from whole entries only, which also drops a torn tail. On a
    // full disk it cannot (it writes a copy): the service still starts, on the file as it is,
    // with the torn tail cut off in place, which needs no space.
    let compacted = false;
    if (canCompact) {
      try {
        await journal.compact();
        compacted = true;
      } catch (error) {
        if (!isNoSpace(error)) throw error;
        log(`journal: compattazione rimandata, disco pieno (${(error as Error).message})`);
      }
    }
    if (!compacted && wholeLength < size) await truncateFile(journal.path, wholeLength);
    journal.file = await AppendOnlyFile.open(journal.path, openFile);
    return journal;
  }

  /** Writes not yet applied to the store, oldest first. */
  pendingWrites(): PendingWrite[] {
    return [...this.pending.values()];
  }

  /** A write by id: "journaling" while its line is being fsynced (it may still fail). */
  get(id: string): { write: PendingWrite; state: "journaling" | "pending" | "done" } | undefined {
    const flying = this.inflight.get(id);
    if (flying) return { write: flying.write, state: "journaling" };
    const pending = this.pending.get(id);
    if (pending) return { write: pending, state: "pending" };
    const done = this.done.get(id);
    return done ? { write: done, state: "done" } : undefined;
  }

  /**
   * Records a write durably. The same id twice is recorded once: the first write wins, which is
   * what makes client retries idempotent. Rejects with a DiskWriteError when the line is not on
   * disk; the write is then forgotten, and so is a concurrent add of the same id.
   */
  async add<Name extends TabName>(write: NewWrite<Name>, now: Date): Promise<{ write: PendingWrite; created: boolean }> {
    // The types keep tabs to the contract's; a caller that built its tab from data may not.
    if (!isContractTab(write.tab)) throw new TypeError(`"${write.tab}" non è una scheda del contratto`);
    const existing = this.get(write.id);
    // Not "already accepted" before the first one is on disk: if it fails, this one fails too.
    if (existing?.state === "journaling") await this.inflight.get(write.id)!.durable;
    // The first write of an id wins, whatever its tab (id-conflicts.ts answers a clash).
    if (existing) return { write: existing.write, created: false };
    const entry: PendingWrite = { ...write, mode: write.mode ?? "append", at: now.toISOString() };
    const durable = this.persist({ op: "append", ...entry });
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
   * Records writes as applied. If the line cannot be made durable the writes stay pending and
   * this rejects: they are in the store, and the writer's ID check makes the re-apply a no-op.
   */
  async markDone(ids: readonly string[], now: Date): Promise<void> {
    const live = ids.filter((id) => this.pending.has(id));
    if (live.length === 0) return;
    await this.persistMany(live.map((id) => ({ op: "done" as const, id, at: now.toISOString() })));
    for (const id of live) {
      const write = this.pending.get(id);
      if (!write) continue;
      this.pending.delete(id);
      this.done.set(id, write);
    }
  }

  /**
   * Moves writes that can never be applied to the dead letters (fsynced first), then records
   * them dead here. Either step failing leaves them pending, and this rejects.
   */
  async moveToDeadLetters(writes: readonly PendingWrite[], reason: { code: string; message: string }, now: Date): Promise<void> {
    const live = writes.filter((write) => this.pending.has(write.id));
    if (live.length === 0) return;
    const at = now.toISOString();
    await this.deadLetters.add(
      live.map((write) => ({
        at,
        code: reason.code,
        reason: reason.message,
        id: write.id,
        tab: write.tab,
        entry: { op: "append", ...write },
      })),
    );
    await this.persistMany(live.map((write) => ({ op: "dead" as const, id: write.id, at })));
    for (const write of live) this.pending.delete(write.id);
  }

  async close(): Promise<void> {
    await this.flushing;
    const file = this.file;
    this.file = undefined;
    await file?.close();
    await this.deadLetters.close();
  }

  private persist(entry: object): Promise<void> {
    return this.persistMany([entry]);
  }

  /**
   * Group commit: lines queued while one fsync runs share the next one. If that append fails,
   * every waiter of the batch is rejected (and none of its lines is left in the file).
   */
  private persistMany(entries: object[]): Promise<void> {
    for (const entry of entries) this.queue.push(`${JSON.stringify(entry)}\n`);
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    if (!this.flushing) this.flushing = this.flush();
    return done;
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const data = Buffer.from(this.queue.join(""));
      const waiters = this.waiting;
      this.queue = [];
      this.waiting = [];
      try {
        if (!this.file) throw new DiskWriteError("closed", this.path);
        await this.file.append(data);
        this.writeError = null;
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        if (error instanceof DiskWriteError && error.failure !== "closed") this.writeError = error;
        for (const waiter of waiters) waiter.reject(error);
      }
    }
    this.flushing = undefined;
  }

  /**
   * Replays the file into memory. Returns the entries that can never be applied (for the dead
   * letters) and where the whole lines end: after the last newline, minus a last line that is
   * not JSON. That torn tail was never acknowledged (answers wait for the fsync of whole lines).
   */
  private async load(): Promise<{ letters: DeadLetter[]; wholeLength: number; size: number }> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { letters: [], wholeLength: 0, size: 0 };
      throw error;
    }
    let wholeLength = bytes.lastIndexOf(0x0a) + 1;
    let tornLines = wholeLength < bytes.length ? 1 : 0;
    if (wholeLength > 0) {
      const lastStart = bytes.lastIndexOf(0x0a, wholeLength - 2) + 1;
      const last = bytes.subarray(lastStart, wholeLength - 1).toString("utf8");
      if (last.trim() !== "" && !isJson(last)) {
        wholeLength = lastStart;
        tornLines++;
      }
    }
    if (tornLines > 0) this.tornTail = { lines: tornLines, bytes: bytes.length - wholeLength };

    const letters: DeadLetter[] = [];
    const at = new Date().toISOString();
    for (const line of bytes.subarray(0, wholeLength).toString("utf8").split("\n")) {
      if (line.trim() === "") continue;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        letters.push({ at, code: "unreadable_line", reason: "Riga del journal illeggibile (non è JSON)", line });
        continue;
      }
      const parsed = Entry.safeParse(json);
      if (!parsed.success) {
        // A well-formed entry whose only fault is its tab (written by hand or by an older
        // version) is told apart: its tab is what the coordinator has to look at.
        const issues = parsed.error.issues.filter((issue) => !(issue.path.length === 1 && issue.path[0] === "tab"));
        const { id, tab } = (typeof json === "object" && json !== null ? json : {}) as { id?: unknown; tab?: unknown };
        if (issues.length === 0 && typeof tab === "string" && typeof id === "string") {
          letters.push({ at, code: "tab_unknown", reason: `La scheda "${tab}" non fa parte del foglio`, id, tab, entry: json });
          continue;
        }
        const issue = issues[0] ?? parsed.error.issues[0];
        letters.push({
          at,
          code: "invalid_entry",
          reason: `Voce del journal non valida: ${issue?.path.join(".")} ${issue?.message}`,
          entry: json,
        });
        continue;
      }
      const entry = parsed.data;
      if (entry.op === "append") {
        if (!this.pending.has(entry.id) && !this.done.has(entry.id)) {
          this.pending.set(entry.id, {
            id: entry.id,
            tab: entry.tab,
            row: entry.row,
            result: entry.result,
            at: entry.at,
            mode: entry.mode,
          });
        }
      } else {
        const write = this.pending.get(entry.id);
        if (!write) continue;
        this.pending.delete(entry.id);
        if (entry.op === "done") this.done.set(entry.id, write);
      }
    }
    return { letters, wholeLength, size: bytes.length };
  }

  /**
   * Rewrites the file with the pending writes only, atomically. Done entries are in the store
   * by then, and the store is the source of truth for idempotency from there on.
   */
  private async compact(): Promise<void> {
    const lines = this.pendingWrites().map((write) => `${JSON.stringify({ op: "append", ...write })}\n`);
    await writeFileAtomic(this.path, lines.join(""));
    this.done.clear();
  }
}
