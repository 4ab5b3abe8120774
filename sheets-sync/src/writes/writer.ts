import { type Grid, TABS, type TabName, tabSpec } from "@rete-urp/shared";
import type { Clock } from "../clock.ts";
import { presentIds } from "../stores/grid.ts";
import { type RawTabs, type Store, StoreError } from "../stores/store.ts";
import { backoffDelay } from "./backoff.ts";
import type { Journal, PendingWrite } from "./journal.ts";
import { DiskWriteError } from "./write-errors.ts";

export interface WriterOptions {
  clock: Clock;
  /**
   * Called after writes landed, with the tabs they went to as they now are (the writer's read
   * plus the rows, as the store answered them), so the cache shows the rows without reading the
   * store again; undefined when the store could not say (the workbook), so the cache reads.
   */
  onApplied?: (written: RawTabs | undefined) => void;
  log?: (message: string) => void;
  backoff?: { baseMs: number; maxMs: number };
}

/** What became of a write: in the store, still waiting, or moved to the dead letters (with why). */
export type WriteOutcome = { state: "applied" } | { state: "pending" } | { state: "dead"; reason: string };

/**
 * Which store failures may send a write to the dead letters. The rule:
 * - retryable (a lock file, the network, 429/5xx, a range past a grid that shrank, anything
 *   that is not a StoreError): every write waits, with exponential backoff;
 * - not retryable but about the whole store or a whole tab (the codes below: a tab or header
 *   missing in the sheet, the file missing, credentials, sharing, the Sheets API off in the
 *   project or no quota project, a token without the spreadsheets scope, a protected range or a
 *   strict dropdown in the tab): the coordinator must act (`init`, share the sheet, lift the
 *   protection) and then every write of that tab applies, so they all wait, at the slowest pace,
 *   and are never dead-lettered;
 * - any other non-retryable failure (Google's 400 for a cell it cannot hold, a row the store
 *   rejects) may be about one entry: the tab's writes are then tried one at a time, and only a
 *   write that fails alone in that way is moved to the dead letters; the others apply.
 */
const WHOLE_STORE_CODES = new Set([
  "tab_missing",
  "header_missing",
  "workbook_missing",
  "workbook_unreadable",
  "google_sheet_id",
  "google_credentials",
  "google_unauthorized",
  "google_forbidden",
  "google_api_disabled",
  "google_token_scope",
  "google_sheet_not_found",
  "google_protected_range",
  "google_strict_validation",
]);
/** Of those, the ones about one tab: the other tabs' writes still go. */
const ONE_TAB_CODES = new Set(["tab_missing", "header_missing", "google_protected_range", "google_strict_validation"]);

/** "journal": our own disk refused to mark writes done or dead (the store is fine). */
type Failure = "retry" | "wait-tab" | "wait-store" | "entry" | "journal";

function classify(error: unknown): Failure {
  if (error instanceof DiskWriteError) return "journal";
  if (!(error instanceof StoreError) || error.retryable) return "retry";
  if (ONE_TAB_CODES.has(error.code)) return "wait-tab";
  return WHOLE_STORE_CODES.has(error.code) ? "wait-store" : "entry";
}

/** How many dead-lettered ids the writer remembers, to answer a client still waiting on one. */
const RECENT_DEAD_LIMIT = 1000;

/**
 * Applies journaled writes to the store, one batch per tab, oldest first. Each pass reads the
 * tabs it writes to (those tabs only, in one read) and drops the writes whose UUID is already
 * there: an append whose outcome was unknown (a timeout, a dropped connection, a crash) is never
 * applied twice. That read is the only one a delivered write costs: the store places the rows
 * from it, and the cache is handed the tabs as they now are (onApplied) rather than reading them
 * back. A pass either makes progress (writes applied or dead-lettered) or schedules a retry with
 * backoff: the drain loop never runs again at once without progress.
 */
export class Writer {
  private running: Promise<void> | undefined;
  private kicked = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private journalAttempt = 0;
  /** Retries marking writes done on a disk that refused it; unlike `retryTimer`, it holds back no new write. */
  private journalTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly waiters = new Map<string, ((outcome: WriteOutcome) => void)[]>();
  private readonly recentDead = new Map<string, string>();
  lastError: Error | null = null;
  /**
   * The tabs whose writes wait for the coordinator (a protected range, a strict dropdown, a tab
   * or header missing), each with the store's reason: health and the coordinator's view name them.
   */
  readonly tabWaits = new Map<TabName, StoreError>();

  constructor(
    private readonly store: Store,
    private readonly journal: Journal,
    private readonly options: WriterOptions,
  ) {}

  get pendingCount(): number {
    return this.journal.pendingWrites().length;
  }

  /** Entries in the dead letters (moved at open or by this writer), for health. */
  get deadLetterCount(): number {
    return this.journal.deadLetters.count;
  }

  /** The latest dead letter (at, code, reason, id, tab), for health. */
  get lastDeadLetter() {
    return this.journal.deadLetters.last;
  }

  /**
   * Starts a drain now (or right after the one running). While backing off after a failure, new
   * writes wait for the scheduled retry instead of hammering a store that is answering 429.
   */
  kick(): void {
    if (this.stopped || this.retryTimer) return;
    if (this.running) {
      this.kicked = true;
      return;
    }
    this.running = this.drainLoop().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves true once the write is in the store, false after `timeoutMs` (or if it was dead-lettered). */
  async waitApplied(id: string, timeoutMs: number): Promise<boolean> {
    return (await this.waitOutcome(id, timeoutMs)).state === "applied";
  }

  /** What became of write `id` within `timeoutMs`. */
  waitOutcome(id: string, timeoutMs: number): Promise<WriteOutcome> {
    const dead = this.recentDead.get(id);
    if (dead !== undefined) return Promise.resolve({ state: "dead", reason: dead });
    const state = this.journal.get(id)?.state;
    if (state === undefined || state === "done") return Promise.resolve({ state: "applied" });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const list = this.waiters.get(id) ?? [];
        this.waiters.set(
          id,
          list.filter((fn) => fn !== settle),
        );
        resolve({ state: "pending" });
      }, timeoutMs);
      const settle = (outcome: WriteOutcome) => {
        clearTimeout(timer);
        resolve(outcome);
      };
      this.waiters.set(id, [...(this.waiters.get(id) ?? []), settle]);
    });
  }

  /** Waits for the current drain, then stops retrying (the journal keeps what is left). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.journalTimer);
    await this.running;
  }

  private async drainLoop(): Promise<void> {
    let progressed = true;
    do {
      this.kicked = false;
      const outcome = await this.drainOnce();
      if (outcome === "failed") return;
      progressed = outcome === "progress";
      // A pass that succeeded without applying anything while writes are still pending would
      // run again at once, forever: wait for the backoff instead (a safety net, not a path).
      if (!progressed && !this.kicked && this.journal.pendingWrites().length > 0) {
        this.scheduleRetry(new Error("scritture in attesa senza progressi"), "retry");
        return;
      }
    } while (this.kicked || (progressed && this.journal.pendingWrites().length > 0));
  }

  /** One pass over the pending writes; "failed" when a retry is scheduled. */
  private async drainOnce(): Promise<"progress" | "idle" | "failed"> {
    const pending = this.journal.pendingWrites();
    if (pending.length === 0) return "idle";
    const applied: string[] = [];
    let dead = 0;
    let failure: { error: unknown; kind: Failure } | undefined;
    // The tabs written to as they now are; unknown when the store could not say for one of them.
    const written: RawTabs = {};
    let writtenUnknown = false;
    try {
      // One read of every tab with writes. It fails for the whole store (the network, a locked
      // workbook), never for one entry or one tab (a missing tab is just absent): all wait.
      const tabs = TABS.filter((spec) => pending.some((write) => write.tab === spec.name)).map((spec) => spec.name);
      let basis: RawTabs | undefined;
      try {
        if (tabs.length > 0) basis = await this.store.readTabsForWrite(tabs);
      } catch (error) {
        failure ??= { error, kind: classify(error) };
      }
      for (const tab of basis ? tabs : []) {
        const writes = pending.filter((write) => write.tab === tab);
        const grid = basis![tab];
        try {
          const after = await this.applyBatch(tab, writes, presentIds(tabSpec(tab), grid) ?? new Set(), grid);
          applied.push(...writes.map((write) => write.id));
          if (after) written[tab] = after;
          else writtenUnknown = true;
          this.tabWaits.delete(tab);
          continue;
        } catch (error) {
          const kind = classify(error);
          if (kind !== "entry") {
            failure ??= { error, kind };
            // A missing tab holds back its own writes only; a store that is down, all of them.
            if (kind === "wait-tab") {
              this.tabWaits.set(tab, error as StoreError);
              continue;
            }
            break;
          }
        }
        const isolated = await this.applyOneByOne(tab, writes);
        applied.push(...isolated.applied);
        dead += isolated.dead;
        if (isolated.applied.length > 0) {
          if (isolated.after) written[tab] = isolated.after;
          else writtenUnknown = true;
        }
        if (isolated.failure) {
          failure ??= isolated.failure;
          if (isolated.failure.kind !== "wait-tab") break;
          this.tabWaits.set(tab, isolated.failure.error as StoreError);
        } else {
          this.tabWaits.delete(tab);
        }
      }
    } catch (error) {
      // A read during the one-by-one pass, or the journal itself (the dead letters could not be written).
      failure ??= { error, kind: classify(error) };
    }

    if (applied.length > 0) {
      try {
        await this.journal.markDone(applied, this.options.clock.now());
      } catch (error) {
        // They stay pending; the next pass finds their IDs in the store and only marks them.
        failure ??= { error, kind: classify(error) };
      }
      // The cache first, so a client told "delivered" finds the rows in its next snapshot.
      this.options.onApplied?.(writtenUnknown ? undefined : written);
      // Those rows are in the store either way: their clients can be told.
      for (const id of applied) this.settle(id, { state: "applied" });
    }
    if (failure) {
      this.scheduleRetry(failure.error, failure.kind);
      return "failed";
    }
    this.attempt = 0;
    this.journalAttempt = 0;
    this.lastError = null;
    this.tabWaits.clear();
    return applied.length + dead > 0 ? "progress" : "idle";
  }

  /**
   * The tab's appends missing from the store in one call, then its upserts in one call, each
   * placed from `basis` (the tab as just read; the store reads it itself when undefined). Returns
   * the tab as it now is when the store said so, else undefined.
   */
  private async applyBatch(
    tab: TabName,
    writes: readonly PendingWrite[],
    present: ReadonlySet<string>,
    basis: Grid | undefined,
  ): Promise<Grid | undefined> {
    let grid = basis;
    const missing = writes.filter((write) => write.mode === "append" && !present.has(write.id));
    if (missing.length > 0)
      grid = await this.store.append(
        tab,
        missing.map((write) => write.row),
        grid,
      );
    // Upserts in journal order: for one row, the latest answer wins.
    const latest = new Map<string, PendingWrite["row"]>();
    for (const write of writes) if (write.mode === "upsert") latest.set(String(write.row.id), write.row);
    if (latest.size > 0) grid = await this.store.upsert(tab, [...latest.values()], grid);
    return grid;
  }

  /**
   * After a batch failed in a way that may concern one entry: each write alone, so the ones the
   * store accepts apply and only those it refuses by themselves go to the dead letters. Stops at
   * the first failure that is not about the entry.
   */
  private async applyOneByOne(
    tab: TabName,
    writes: readonly PendingWrite[],
  ): Promise<{ applied: string[]; dead: number; after: Grid | undefined; failure?: { error: unknown; kind: Failure } }> {
    const applied: string[] = [];
    let dead = 0;
    // The failed batch may have landed in part (a workbook store fails mid-way): read again.
    // The IDs are decided on this read; the tab then follows each write that lands.
    let grid = (await this.store.readTabsForWrite([tab]))[tab];
    const present = presentIds(tabSpec(tab), grid) ?? new Set<string>();
    const groups: PendingWrite[][] = [];
    const upserts = new Map<string, PendingWrite[]>();
    for (const write of writes) {
      if (write.mode === "append") groups.push([write]);
      else upserts.set(String(write.row.id), [...(upserts.get(String(write.row.id)) ?? []), write]);
    }
    // An upserted row's writes go together: the latest one is what would be written.
    groups.push(...upserts.values());
    for (const group of groups) {
      try {
        grid = await this.applyBatch(tab, group, present, grid);
        applied.push(...group.map((write) => write.id));
      } catch (error) {
        const kind = classify(error);
        if (kind !== "entry") return { applied, dead, after: grid, failure: { error, kind } };
        dead += await this.deadLetter(group, (error as StoreError).code, (error as Error).message);
      }
    }
    return { applied, dead, after: grid };
  }

  private async deadLetter(writes: readonly PendingWrite[], code: string, reason: string): Promise<number> {
    await this.journal.moveToDeadLetters(writes, { code, message: reason }, this.options.clock.now());
    for (const write of writes) {
      this.options.log?.(`scrittura ${write.id} (${write.tab}) spostata tra le dead letters (${this.journal.deadLetters.path}): ${reason}`);
      this.recentDead.set(write.id, reason);
      if (this.recentDead.size > RECENT_DEAD_LIMIT) this.recentDead.delete(this.recentDead.keys().next().value!);
      this.settle(write.id, { state: "dead", reason });
    }
    return writes.length;
  }

  private scheduleRetry(error: unknown, kind: Failure): void {
    this.lastError = error as Error;
    // A full or failing disk of our own: the store is fine, so new writes still go at once
    // (kick is not held back); the left-overs are marked done on the next pass or at this retry.
    if (kind === "journal") {
      const delay = backoffDelay(this.journalAttempt++, this.options.backoff);
      this.options.log?.(`journal: ${(error as Error).message}; nuovo tentativo tra ${Math.round(delay / 1000)} s`);
      clearTimeout(this.journalTimer);
      if (this.stopped) return;
      this.journalTimer = setTimeout(() => {
        this.journalTimer = undefined;
        this.kick();
      }, delay);
      this.journalTimer.unref();
      return;
    }
    // A store that needs the coordinator (a missing tab) is retried at the slowest pace.
    const delay = backoffDelay(kind === "retry" ? this.attempt++ : 10, this.options.backoff);
    this.options.log?.(
      `scritture in attesa (${this.journal.pendingWrites().length}): ${(error as Error).message}; nuovo tentativo tra ${Math.round(delay / 1000)} s`,
    );
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, delay);
    this.retryTimer.unref();
  }

  private settle(id: string, outcome: WriteOutcome): void {
    for (const settle of this.waiters.get(id) ?? []) settle(outcome);
    this.waiters.delete(id);
  }
}

export type { PendingWrite };
