import { ENTI_TAB, enteRows, type Grid, TABS, type TabName, tabSpec } from "@rete-urp/shared";
import type { InitReport, RawTabs, RowValues, Store } from "./store.ts";

/**
 * An in-memory store for unit tests of the cache and the writer: grids keyed by tab, with
 * switches to fail reads or appends, and an append that can "lose its answer" after applying.
 * Its rows are laid out in the contract's column order, ID first.
 */
export class MemoryStore implements Store {
  readonly kind = "workbook" as const;
  readonly location = "memoria";
  tabs: RawTabs = {};
  /** readAll() calls. */
  reads = 0;
  /** The tab of each readTab() call, in order. */
  tabReads: TabName[] = [];
  /** The tabs of each readTabsForWrite() call (one read each), in order. */
  writeReads: TabName[][] = [];
  appends = 0;
  failReads: Error | undefined;
  failAppends: Error | undefined;
  /** Apply the next N appends, then throw as if the connection dropped before the answer. */
  loseAnswers = 0;
  readDelayMs = 0;

  constructor() {
    for (const spec of TABS) this.tabs[spec.name] = [spec.columns.map((c) => c.header)];
    // The enti init writes into a new sheet.
    this.tabs.Enti = [...this.tabs.Enti!, ...enteRows().map((row) => ENTI_TAB.columns.map((column) => row[column.key] ?? null))];
  }

  async readAll(): Promise<RawTabs> {
    this.reads++;
    if (this.readDelayMs) await new Promise((r) => setTimeout(r, this.readDelayMs));
    if (this.failReads) throw this.failReads;
    return structuredClone(this.tabs);
  }

  async readTab(tab: TabName): Promise<Grid | undefined> {
    this.tabReads.push(tab);
    if (this.readDelayMs) await new Promise((r) => setTimeout(r, this.readDelayMs));
    if (this.failReads) throw this.failReads;
    return structuredClone(this.tabs[tab]);
  }

  async readTabsForWrite(tabs: readonly TabName[]): Promise<RawTabs> {
    this.writeReads.push([...tabs]);
    if (this.readDelayMs) await new Promise((r) => setTimeout(r, this.readDelayMs));
    if (this.failReads) throw this.failReads;
    const wanted: RawTabs = {};
    for (const tab of tabs) if (this.tabs[tab]) wanted[tab] = structuredClone(this.tabs[tab]);
    return wanted;
  }

  /** Every read of any kind so far: readAll(), readTab(), readTabsForWrite(). */
  get allReads(): number {
    return this.reads + this.tabReads.length + this.writeReads.length;
  }

  /** Like Google: answers the tab as it now is, without a read. */
  async append<Name extends TabName>(tab: Name, rows: readonly RowValues<Name>[]): Promise<Grid | undefined> {
    if (this.failAppends) throw this.failAppends;
    this.appends++;
    const spec = tabSpec(tab);
    const grid = this.tabs[tab] as unknown as unknown[][];
    for (const values of rows) grid.push(spec.columns.map((column) => values[column.key] ?? null));
    if (this.loseAnswers > 0) {
      this.loseAnswers--;
      throw new Error("socket hang up");
    }
    return structuredClone(this.tabs[tab]);
  }

  async appendDecided<Name extends TabName>(tab: Name, decide: (tabs: RawTabs) => RowValues<Name>[]): Promise<RowValues<Name>[]> {
    const decided = decide(await this.readAll());
    await this.append(tab, decided);
    return decided;
  }

  async upsert<Name extends TabName>(tab: Name, rows: readonly RowValues<Name>[]): Promise<Grid | undefined> {
    const spec = tabSpec(tab);
    const grid = this.tabs[tab] as unknown as unknown[][];
    for (const values of rows) {
      const row = spec.columns.map((column) => values[column.key] ?? null);
      const index = grid.findIndex((cells, r) => r > 0 && cells[0] === (values as RowValues).id);
      if (index > 0) grid[index] = row;
      else grid.push(row);
    }
    return structuredClone(this.tabs[tab]);
  }

  async fillMissingIds(): Promise<number> {
    return 0;
  }

  async init(): Promise<InitReport> {
    return { createdTabs: [], addedHeaders: [] };
  }

  async close(): Promise<void> {}

  ids(tab: TabName): unknown[] {
    return (this.tabs[tab] ?? []).slice(1).map((row) => row[0]);
  }
}
