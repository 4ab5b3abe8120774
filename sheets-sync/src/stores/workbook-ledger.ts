import { randomUUID } from "node:crypto";
import { mkdir, readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { TAB_NAMES, type TabName } from "@rete-urp/shared";
import { z } from "zod";
import { AppendOnlyFile, cutTornTail } from "../append-only-file.ts";
import { writeFileAtomic } from "./atomic-file.ts";
import type { RowValues } from "./store.ts";

/**
 * The workbook ledger (`workbook-ledger.ndjson` in the state dir): the history of the saves
 * sheets-sync made to the workbook, so that a stale copy saved over the file can be reconciled
 * (reconcile-plan.ts). Every save is a numbered version, recorded with the sha256 of the bytes
 * written and the rows written in it (tab, ID, values as written); a reconciliation is recorded
 * with the rows it restored and the deletions it respected.
 *
 * One JSON object per line, appended whole and fsynced before the workbook is replaced, so a
 * version is on disk before any file carries its marker. Only written under the workbook lock
 * (workbook-lock.ts), so two sheets-sync processes never number two saves alike or compact
 * under each other; read by any of them, and re-read whenever another one appended.
 *
 * History is bounded: entries older than HISTORY_DAYS are dropped from memory at every write,
 * and from the file when it is compacted (at the first write after start, and later whenever
 * dead lines outnumber live ones). The newest version is always kept, whatever its age: it is
 * what tells the service's own file from someone else's.
 */

export const LEDGER_FILE = "workbook-ledger.ndjson";
export const HISTORY_DAYS = 30;
const DAY_MS = 86_400_000;

const Cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const Tab = z.enum(TAB_NAMES);

const WrittenRowSchema = z.object({
  tab: Tab,
  id: z.string().min(1),
  values: z.record(z.string(), Cell),
  mode: z.enum(["append", "upsert"]),
  /** Written again by a reconciliation, not by a client's write. */
  restored: z.boolean().optional(),
});
const RowRefSchema = z.object({ tab: Tab, id: z.string(), title: z.string().optional() });

const HeaderLine = z.object({ t: z.literal("ledger"), id: z.uuid(), created: z.string() });
const VersionLine = z.object({
  t: z.literal("version"),
  version: z.number().int().positive(),
  at: z.string(),
  sha: z.string().regex(/^[0-9a-f]{64}$/),
  rows: z.array(WrittenRowSchema),
});
/** The version's save did not replace the file (a lock appeared, the rename failed): forget it. */
const AbortLine = z.object({ t: z.literal("abort"), version: z.number().int().positive(), at: z.string() });
const EventLine = z.object({
  t: z.literal("reconciled"),
  at: z.string(),
  /** The sha256 of the file found changed by someone else. */
  sha: z.string(),
  /** The version that file descends from, and how that was found. */
  base: z.number().int().nonnegative(),
  baseFrom: z.enum(["marker", "rows"]),
  /** The save that wrote the restored rows back; null when nothing needed restoring. */
  version: z.number().int().positive().nullable(),
  restored: z.array(RowRefSchema),
  deleted: z.array(RowRefSchema),
});
const Line = z.discriminatedUnion("t", [HeaderLine, VersionLine, AbortLine, EventLine]);

/** A row sheets-sync wrote in a version, with the values as written (the ledger's JSON). */
export interface WrittenRow {
  tab: TabName;
  id: string;
  values: RowValues;
  mode: "append" | "upsert";
  restored?: boolean;
}
/** A row as health names it. */
export interface RowRef {
  tab: TabName;
  id: string;
  title?: string;
}
export type LedgerVersion = Omit<z.infer<typeof VersionLine>, "t" | "rows"> & { rows: WrittenRow[] };
export type ReconciliationEvent = Omit<z.infer<typeof EventLine>, "t" | "restored" | "deleted"> & {
  restored: RowRef[];
  deleted: RowRef[];
};

export interface LedgerOptions {
  now?: () => Date;
  historyDays?: number;
}

interface FileIdentity {
  ino: number;
  size: number;
  mtimeMs: number;
}

export class WorkbookLedger {
  /** Ascending by version. */
  private versionList: LedgerVersion[] = [];
  private eventList: ReconciliationEvent[] = [];
  private aborted = new Set<number>();
  /** The id on disk; undefined until the first line is written (a reader never creates the file). */
  private headerId: string | undefined;
  private headerCreated: string | undefined;
  private readonly provisionalId = randomUUID();
  /** Lines on disk that compaction would drop: unreadable, torn, aborted or too old. */
  private deadLines = 0;
  private tornTail = false;
  private identity: FileIdentity | undefined;
  private readonly now: () => Date;
  private readonly historyMs: number;
  /** One file operation at a time: a re-read never interleaves with an append. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    options: LedgerOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.historyMs = (options.historyDays ?? HISTORY_DAYS) * DAY_MS;
  }

  static async open(stateDir: string, options: LedgerOptions = {}): Promise<WorkbookLedger> {
    const ledger = new WorkbookLedger(join(stateDir, LEDGER_FILE), options);
    await ledger.reload();
    return ledger;
  }

  /** What the markers of this installation's saves carry. */
  get id(): string {
    return this.headerId ?? this.provisionalId;
  }

  get versions(): readonly LedgerVersion[] {
    return this.versionList;
  }

  get events(): readonly ReconciliationEvent[] {
    return this.eventList;
  }

  get lastVersion(): LedgerVersion | undefined {
    return this.versionList.at(-1);
  }

  /** The number the next save gets: never one used before, aborted ones included. */
  nextVersion(): number {
    return Math.max(this.lastVersion?.version ?? 0, ...this.aborted) + 1;
  }

  /** Rows a person deleted on purpose, as reconciliations found them (`rowKey` → when, in ms). */
  deletedRows(): Map<string, number> {
    const rows = new Map<string, number>();
    for (const event of this.eventList) {
      for (const row of event.deleted)
        rows.set(rowKey(row.tab, row.id), Math.max(Date.parse(event.at), rows.get(rowKey(row.tab, row.id)) ?? 0));
    }
    return rows;
  }

  /** Re-reads the file when another process (or a restore of the state dir) changed it. */
  refresh(): Promise<void> {
    return this.serial(() => this.refreshNow());
  }

  private async refreshNow(): Promise<void> {
    const info = await stat(this.path).catch(() => undefined);
    const same =
      info && this.identity && info.ino === this.identity.ino && info.size === this.identity.size && info.mtimeMs === this.identity.mtimeMs;
    if (same || (!info && !this.identity)) return;
    await this.reload();
  }

  addVersion(version: LedgerVersion): Promise<void> {
    return this.serial(async () => {
      await this.appendLines([{ t: "version", ...version }]);
      this.versionList.push(version);
      // Versions come in order; only a ledger someone edited by hand could need sorting.
      const previous = this.versionList.at(-2);
      if (previous && previous.version > version.version) this.versionList.sort((a, b) => a.version - b.version);
    });
  }

  abort(version: number): Promise<void> {
    return this.serial(async () => {
      await this.appendLines([{ t: "abort", version, at: this.now().toISOString() }]);
      this.dropVersion(version);
    });
  }

  addEvent(event: ReconciliationEvent): Promise<void> {
    return this.serial(async () => {
      await this.appendLines([{ t: "reconciled", ...event }]);
      this.eventList.push(event);
    });
  }

  /**
   * Drops history older than the bound, in memory at every call. Rewrites the file at start when
   * it holds anything no longer needed (a torn tail, aborted saves, old entries), and later only
   * once dead lines outnumber live ones, so a long-running service neither grows the file for
   * ever nor rewrites it at every save. Only under the workbook lock.
   */
  compactIfNeeded({ atStart = false } = {}): Promise<boolean> {
    return this.serial(() => this.compactNow(atStart));
  }

  private async compactNow(atStart: boolean): Promise<boolean> {
    this.prune();
    const live = 1 + this.versionList.length + this.eventList.length;
    const needed = atStart ? this.tornTail || this.deadLines > 0 : this.deadLines >= Math.max(live, 1000);
    if (!needed || this.identity === undefined) return false;
    const lines = [
      { t: "ledger", id: this.id, created: this.headerCreated ?? this.now().toISOString() },
      ...this.versionList.map((version) => ({ t: "version", ...version })),
      ...this.eventList.map((event) => ({ t: "reconciled", ...event })),
    ];
    await writeFileAtomic(this.path, lines.map((line) => `${JSON.stringify(line)}\n`).join(""));
    this.headerId = this.id;
    this.deadLines = 0;
    this.tornTail = false;
    this.aborted = new Set([...this.aborted].filter((version) => version > (this.lastVersion?.version ?? 0)));
    await this.noteIdentity();
    return true;
  }

  /** Drops, in memory, what is older than the bound (the oldest first: entries come in time order). */
  private prune(): void {
    const cutoff = this.now().getTime() - this.historyMs;
    let versions = 0;
    // The newest version stays whatever its age: it tells sheets-sync's own file from others'.
    while (versions < this.versionList.length - 1 && Date.parse(this.versionList[versions]!.at) < cutoff) versions++;
    let events = 0;
    while (events < this.eventList.length && Date.parse(this.eventList[events]!.at) < cutoff) events++;
    if (versions > 0) this.versionList = this.versionList.slice(versions);
    if (events > 0) this.eventList = this.eventList.slice(events);
    this.deadLines += versions + events;
  }

  private dropVersion(version: number): void {
    this.aborted.add(version);
    const before = this.versionList.length;
    this.versionList = this.versionList.filter((entry) => entry.version !== version);
    // The abort line itself, and the version line it cancels.
    this.deadLines += 1 + before - this.versionList.length;
  }

  private async reload(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      text = "";
    }
    this.versionList = [];
    this.eventList = [];
    this.aborted = new Set();
    this.headerId = undefined;
    this.headerCreated = undefined;
    this.deadLines = 0;
    this.tornTail = text.length > 0 && !text.endsWith("\n");
    const byVersion = new Map<number, LedgerVersion>();
    for (const raw of text.split("\n")) {
      if (raw.trim() === "") continue;
      const parsed = parseLine(raw);
      if (!parsed) {
        this.deadLines++;
        continue;
      }
      if (parsed.t === "ledger") {
        if (this.headerId === undefined) {
          this.headerId = parsed.id;
          this.headerCreated = parsed.created;
        } else this.deadLines++;
      } else if (parsed.t === "version") {
        const { t: _t, ...version } = parsed;
        byVersion.set(version.version, version as LedgerVersion);
      } else if (parsed.t === "abort") {
        this.aborted.add(parsed.version);
        if (byVersion.delete(parsed.version)) this.deadLines++;
        this.deadLines++;
      } else {
        const { t: _t, ...event } = parsed;
        this.eventList.push(event as ReconciliationEvent);
      }
    }
    this.versionList = [...byVersion.values()].sort((a, b) => a.version - b.version);
    this.identity = undefined;
    await this.noteIdentity();
  }

  /**
   * Appends whole lines and fsyncs them, or throws leaving the file as it was (append-only-file.ts:
   * a line cut short by a full disk is truncated away, so the next one is never glued onto it).
   * Only under the workbook lock, so no other process appends meanwhile.
   */
  private async appendLines(lines: object[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    // A line torn by a crash mid-append was never acknowledged (a version line is fsynced before
    // its save replaces the workbook): it goes, memory follows the file, and the new lines start
    // on a line of their own.
    if ((await cutTornTail(this.path)) > 0) await this.reload();
    const firstLine = this.headerId === undefined;
    const created = this.now().toISOString();
    const all = firstLine ? [{ t: "ledger", id: this.id, created }, ...lines] : lines;
    const data = Buffer.from(all.map((line) => `${JSON.stringify(line)}\n`).join(""), "utf8");
    const file = await AppendOnlyFile.open(this.path);
    try {
      await file.append(data);
    } finally {
      await file.close();
    }
    await this.noteIdentity();
    if (firstLine) {
      this.headerId = this.id;
      this.headerCreated = created;
    }
  }

  private serial<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation, operation);
    this.queue = result.catch(() => {});
    return result;
  }

  private async noteIdentity(): Promise<void> {
    const info = await stat(this.path).catch(() => undefined);
    this.identity = info ? { ino: info.ino, size: info.size, mtimeMs: info.mtimeMs } : undefined;
  }
}

export function rowKey(tab: TabName, id: string): string {
  return `${tab}\u0000${id}`;
}

function parseLine(raw: string): z.infer<typeof Line> | undefined {
  try {
    const parsed = Line.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
