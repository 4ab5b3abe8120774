import { type FileHandle, mkdir, open, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { TabName } from "@rete-urp/shared";
import { z } from "zod";
import { writeFileAtomic } from "./stores/atomic-file.ts";
import type { RowValues } from "./stores/store.ts";

/**
 * The write journal: every accepted write is appended here and fsynced before the client gets
 * an answer, so a crash or a store outage loses nothing; the writer applies entries to the store
 * and records them done. One JSON object per line; a torn last line (a crash mid-write) is
 * ignored, since its client never got an answer.
 */

const AppendEntry = z.object({
  op: z.literal("append"),
  id: z.string(),
  tab: z.string(),
  row: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  /** What the client gets back: the record as accepted. */
  result: z.unknown(),
  at: z.string(),
  /** "append": a new row, idempotent by its UUID; "upsert": the row with row.id, set in place. */
  mode: z.enum(["append", "upsert"]).default("append"),
});
const DoneEntry = z.object({ op: z.literal("done"), id: z.string(), at: z.string() });
const Entry = z.discriminatedUnion("op", [AppendEntry, DoneEntry]);

export interface PendingWrite {
  /** The write's own id: the row's UUID for an append, a fresh one for each upsert. */
  id: string;
  tab: TabName;
  row: RowValues;
  result: unknown;
  at: string;
  mode: "append" | "upsert";
}

export class Journal {
  private handle: FileHandle | undefined;
  private readonly pending = new Map<string, PendingWrite>();
  private readonly done = new Map<string, PendingWrite>();
  private queue: string[] = [];
  private waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private flushing: Promise<void> | undefined;
  /** Lines the file could not parse when opened (a torn last line after a crash). */
  skippedLines = 0;

  private constructor(readonly path: string) {}

  static async open(stateDir: string): Promise<Journal> {
    await mkdir(stateDir, { recursive: true });
    const journal = new Journal(join(stateDir, "journal.ndjson"));
    await journal.load();
    await journal.compact();
    journal.handle = await open(journal.path, "a");
    return journal;
  }

  /** Writes not yet applied to the store, oldest first. */
  pendingWrites(): PendingWrite[] {
    return [...this.pending.values()];
  }

  get(id: string): { write: PendingWrite; state: "pending" | "done" } | undefined {
    const pending = this.pending.get(id);
    if (pending) return { write: pending, state: "pending" };
    const done = this.done.get(id);
    return done ? { write: done, state: "done" } : undefined;
  }

  /**
   * Records a write durably. The same id twice is recorded once: the first write wins, which is
   * what makes client retries idempotent.
   */
  async add(
    write: Omit<PendingWrite, "at" | "mode"> & { mode?: PendingWrite["mode"] },
    now: Date,
  ): Promise<{ write: PendingWrite; created: boolean }> {
    const existing = this.get(write.id);
    if (existing) return { write: existing.write, created: false };
    const entry: PendingWrite = { ...write, mode: write.mode ?? "append", at: now.toISOString() };
    this.pending.set(entry.id, entry);
    await this.persist({ op: "append", ...entry });
    return { write: entry, created: true };
  }

  async markDone(ids: readonly string[], now: Date): Promise<void> {
    const lines = [];
    for (const id of ids) {
      const write = this.pending.get(id);
      if (!write) continue;
      this.pending.delete(id);
      this.done.set(id, write);
      lines.push({ op: "done" as const, id, at: now.toISOString() });
    }
    if (lines.length > 0) await this.persistMany(lines);
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.handle?.close();
    this.handle = undefined;
  }

  private persist(entry: object): Promise<void> {
    return this.persistMany([entry]);
  }

  /** Group commit: lines queued while one fsync runs share the next one. */
  private persistMany(entries: object[]): Promise<void> {
    for (const entry of entries) this.queue.push(`${JSON.stringify(entry)}\n`);
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    if (!this.flushing) this.flushing = this.flush();
    return done;
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const lines = this.queue.join("");
      const waiters = this.waiting;
      this.queue = [];
      this.waiting = [];
      try {
        if (!this.handle) throw new Error("journal closed");
        await this.handle.write(lines);
        await this.handle.datasync();
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        for (const waiter of waiters) waiter.reject(error);
      }
    }
    this.flushing = undefined;
  }

  private async load(): Promise<void> {
    let text = "";
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      let parsed;
      try {
        parsed = Entry.safeParse(JSON.parse(line));
      } catch {
        this.skippedLines++;
        continue;
      }
      if (!parsed.success) {
        this.skippedLines++;
        continue;
      }
      const entry = parsed.data;
      if (entry.op === "append") {
        if (!this.pending.has(entry.id) && !this.done.has(entry.id)) {
          this.pending.set(entry.id, { id: entry.id, tab: entry.tab as TabName, row: entry.row, result: entry.result, at: entry.at, mode: entry.mode });
        }
      } else {
        const write = this.pending.get(entry.id);
        if (write) {
          this.pending.delete(entry.id);
          this.done.set(entry.id, write);
        }
      }
    }
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
