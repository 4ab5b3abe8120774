import { type TabName, TABS, foldKey, mapHeaders, tabSpec } from "@rete-urp/shared";
import { backoffDelay } from "./backoff.ts";
import type { Clock } from "./clock.ts";
import type { Journal, PendingWrite } from "./journal.ts";
import { type RawTabs, type Store, StoreError } from "./stores/store.ts";

export interface WriterOptions {
  clock: Clock;
  /** Called after writes landed, so the cache reads them back. */
  onApplied?: () => void;
  log?: (message: string) => void;
  backoff?: { baseMs: number; maxMs: number };
}

/** IDs present in a tab, read from its ID column whatever the rows' other cells hold. */
function idsInTab(tabs: RawTabs, tab: TabName): Set<string> {
  const grid = tabs[tab];
  const ids = new Set<string>();
  if (!grid) return ids;
  const index = mapHeaders(tabSpec(tab), grid[0] ?? []).indexOf.get("id");
  if (index === undefined) return ids;
  for (const row of grid.slice(1)) {
    const value = row[index];
    if (typeof value === "string" && value.trim() !== "") ids.add(value.trim());
  }
  return ids;
}

/**
 * Applies journaled writes to the store, one batch at a time, oldest first. Before every append
 * it reads the store and drops the writes whose UUID is already there: an append whose outcome
 * was unknown (a timeout, a dropped connection, a crash) is never applied twice.
 */
export class Writer {
  private running: Promise<void> | undefined;
  private kicked = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly waiters = new Map<string, (() => void)[]>();
  lastError: Error | null = null;

  constructor(
    private readonly store: Store,
    private readonly journal: Journal,
    private readonly options: WriterOptions,
  ) {}

  get pendingCount(): number {
    return this.journal.pendingWrites().length;
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

  /** Resolves true once the write is in the store, false after `timeoutMs`. */
  waitApplied(id: string, timeoutMs: number): Promise<boolean> {
    if (this.journal.get(id)?.state !== "pending") return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const list = this.waiters.get(id) ?? [];
        this.waiters.set(id, list.filter((fn) => fn !== done));
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiters.set(id, [...(this.waiters.get(id) ?? []), done]);
    });
  }

  /** Waits for the current drain, then stops retrying (the journal keeps what is left). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.running;
  }

  private async drainLoop(): Promise<void> {
    do {
      this.kicked = false;
      const ok = await this.drainOnce();
      if (!ok) return;
    } while (this.kicked || this.journal.pendingWrites().length > 0);
  }

  /** One pass over the pending writes; false when it failed and a retry is scheduled. */
  private async drainOnce(): Promise<boolean> {
    const pending = this.journal.pendingWrites();
    if (pending.length === 0) return true;
    try {
      const tabs = await this.store.readAll();
      const applied: string[] = [];
      for (const spec of TABS) {
        const writes = pending.filter((write) => foldKey(write.tab) === foldKey(spec.name));
        if (writes.length === 0) continue;
        const present = idsInTab(tabs, spec.name);
        const missing = writes.filter((write) => write.mode === "append" && !present.has(write.id));
        if (missing.length > 0) await this.store.append(spec.name, missing.map((write) => write.row));
        // Upserts in journal order: for one row, the latest answer wins.
        const latest = new Map<string, PendingWrite["row"]>();
        for (const write of writes) if (write.mode === "upsert") latest.set(String(write.row.id), write.row);
        if (latest.size > 0) await this.store.upsert(spec.name, [...latest.values()]);
        applied.push(...writes.map((write) => write.id));
      }
      this.attempt = 0;
      this.lastError = null;
      await this.journal.markDone(applied, this.options.clock.now());
      for (const id of applied) this.resolveWaiters(id);
      this.options.onApplied?.();
      return true;
    } catch (error) {
      this.lastError = error as Error;
      const retryable = !(error instanceof StoreError) || error.retryable;
      // A store that needs the coordinator (a missing tab) is retried at the slowest pace.
      const delay = backoffDelay(retryable ? this.attempt++ : 10, this.options.backoff);
      this.options.log?.(`scritture in attesa (${pending.length}): ${(error as Error).message}; nuovo tentativo tra ${Math.round(delay / 1000)} s`);
      if (!this.stopped) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.kick();
        }, delay);
        this.retryTimer.unref();
      }
      return false;
    }
  }

  private resolveWaiters(id: string): void {
    for (const done of this.waiters.get(id) ?? []) done();
    this.waiters.delete(id);
  }
}

export type { PendingWrite };
