import { randomUUID } from "node:crypto";
import { addMonths, buildCalendar, type Grid, type Meeting, monthKey, romeDateTime, romeYearMonth, type TabName } from "@rete-urp/shared";
import type { Clock } from "../clock.ts";
import type { RawTabs, Store } from "../stores/store.ts";
import { sheetReferences, staleDerivedRows } from "./derived-cells.ts";
import type { MeetingHistory } from "./meeting-history.ts";
import { decodeSheet, type SheetData } from "./sheet-data.ts";

/** The calendar window served by default: six months back, a year ahead. */
const WINDOW_BACK_MONTHS = 6;
const WINDOW_MONTHS = 19;

export interface CacheState {
  data: SheetData;
  calendar: Meeting[];
  /** Changes whenever the decoded data changes: part of every ETag. */
  version: number;
  loadedAt: Date;
}

export interface SheetCacheOptions {
  refreshMs: number;
  clock: Clock;
  log?: (message: string) => void;
  /**
   * The memory of the meetings' changes (meeting-history.ts): each meeting of the calendar gets
   * its SEQUENCE and, when moved or cancelled since it was first seen, movedFrom and changedAt.
   * Without it the calendar is served as the sheet has it.
   */
  history?: MeetingHistory;
}

/**
 * The one cache between the store and every client: however many extensions poll, the store is
 * read once per refresh interval (plus once after a change on disk), one read at a time. When a
 * read fails the last good data stays served, marked stale.
 *
 * A write the writer delivered is not read back: the writer hands over the tabs it wrote to as
 * they now are (its own read of them plus the rows, where the store put them: applyWritten), and
 * the cache serves the last read with those tabs in its place until a read that started after the
 * write, which is the sheet's word again. A store that cannot say (the workbook) is read instead.
 */
export class SheetCache {
  private state: CacheState | undefined;
  private inFlight: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private unwatch: (() => void) | undefined;
  private lastFingerprint = "";
  /** The raw tabs last decoded: a store that answers with the same object has nothing new. */
  private lastTabs: unknown;
  private lastWindow = "";
  /** The tabs of the last successful read (after its ID fill), before any written tab is put on them. */
  private readTabs: RawTabs | undefined;
  /**
   * Writes counted as they are handed over; `readSeq`: the count when the last good read started;
   * `servedSeq`: the count the data served includes.
   */
  private writeSeq = 0;
  private readSeq = 0;
  private servedSeq = 0;
  /** Per tab, the latest tab a write handed over, with its count: put on every read that started before it. */
  private readonly written = new Map<TabName, { seq: number; grid: Grid }>();
  /** True when the data served came from written tabs put on a read, not from a read alone. */
  private servedWritten = false;
  /** True while derived cells wait to be written (a locked workbook): the next refresh tries again. */
  private derivedPending = false;
  private lastDerivedError = "";
  lastRefreshAt: Date | null = null;
  lastError: Error | null = null;
  /** Upstream reads made so far (for health and the bench). */
  reads = 0;

  constructor(
    readonly store: Store,
    private readonly options: SheetCacheOptions,
  ) {}

  get current(): CacheState | undefined {
    return this.state;
  }

  /** True when the last read failed: the data served is the last good one. */
  get stale(): boolean {
    return this.lastError !== null;
  }

  start(): void {
    this.timer = setInterval(() => void this.refresh().catch(() => {}), this.options.refreshMs);
    this.timer.unref();
    this.unwatch = this.store.watch?.(() => void this.refresh().catch(() => {}));
  }

  stop(): void {
    clearInterval(this.timer);
    this.unwatch?.();
  }

  /**
   * Reads the store now. Calls made while a read runs share one follow-up read, so a change that
   * lands during a read is never missed and reads never pile up.
   */
  refresh(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = (async () => {
      try {
        do {
          this.again = false;
          await this.readOnce();
        } while (this.again);
      } finally {
        this.inFlight = undefined;
        // Rows handed over after the read had decoded its data (while it wrote derived cells).
        if (this.writeSeq > this.servedSeq) this.serveReadWithWritten();
      }
    })();
    return this.inFlight;
  }

  /**
   * The rows the writer just delivered: `tabs` are the tabs it wrote to, as they now are. Served
   * at once (decoded with the last read's other tabs), without reading the store; a read under
   * way when they arrive puts them on its result. Before any good read there is nothing to put
   * them on, and the store is read.
   */
  applyWritten(tabs: RawTabs): void {
    if (!this.readTabs) {
      void this.refresh().catch(() => {});
      return;
    }
    const seq = ++this.writeSeq;
    for (const [tab, grid] of Object.entries(tabs) as [TabName, Grid][]) this.written.set(tab, { seq, grid });
    if (this.inFlight) return;
    this.serveReadWithWritten();
  }

  /** `read` with the written tabs newer than the read that started at `since` in place of its own. */
  private withWritten(read: RawTabs, since: number): RawTabs {
    let tabs = read;
    for (const [tab, { seq, grid }] of this.written) if (seq > since) tabs = { ...tabs, [tab]: grid };
    return tabs;
  }

  private hasWrittenSince(since: number): boolean {
    return [...this.written.values()].some((entry) => entry.seq > since);
  }

  /** The last good read with the tabs written since it started, decoded and served. */
  private serveReadWithWritten(): void {
    if (!this.readTabs || !this.hasWrittenSince(this.readSeq)) return;
    this.servedSeq = this.writeSeq;
    this.servedWritten = true;
    this.accept(decodeSheet(this.withWritten(this.readTabs, this.readSeq)));
  }

  private async readOnce(): Promise<void> {
    const startSeq = this.writeSeq;
    try {
      this.reads++;
      const tabs = await this.store.readAll();
      const window = monthKey(romeYearMonth(this.options.clock.now()));
      if (
        tabs === this.lastTabs &&
        this.state &&
        this.state.data.missingIds === 0 &&
        !this.derivedPending &&
        window === this.lastWindow &&
        !this.servedWritten &&
        !this.hasWrittenSince(startSeq)
      ) {
        // The workbook store hands back its cached tabs when the file is unchanged: skip the
        // decode and the fingerprint (60–80 ms at 10 000 practices), keep the version. Not when
        // IDs are still to fill (a lock may have gone) or the calendar window has moved on.
        this.state = { ...this.state, loadedAt: this.options.clock.now() };
        this.lastError = null;
        this.lastRefreshAt = this.options.clock.now();
        return;
      }
      this.lastTabs = tabs;
      this.lastWindow = window;
      let read = tabs;
      let composed = this.writeSeq;
      let data = decodeSheet(this.withWritten(read, startSeq));
      if (data.missingIds > 0) {
        // The coordinator added rows by hand: give them their UUIDs now, so that every client
        // sees the same ID. A locked workbook can wait; the provisional IDs serve meanwhile.
        try {
          if ((await this.store.fillMissingIds(randomUUID)) > 0) {
            this.reads++;
            read = await this.store.readAll();
            composed = this.writeSeq;
            data = decodeSheet(this.withWritten(read, startSeq));
          }
        } catch (error) {
          this.options.log?.(`ID non assegnati: ${(error as Error).message}`);
        }
      }
      // This read is the sheet's word on every write handed over before it started.
      this.readTabs = read;
      this.readSeq = startSeq;
      for (const [tab, entry] of this.written) if (entry.seq <= startSeq) this.written.delete(tab);
      this.servedWritten = this.written.size > 0;
      this.servedSeq = composed;
      this.accept(data);
      await this.refreshDerivedCells(this.withWritten(read, startSeq));
      this.lastError = null;
      this.lastRefreshAt = this.options.clock.now();
    } catch (error) {
      this.lastError = error as Error;
      this.options.log?.(`lettura non riuscita: ${(error as Error).message}`);
      // Rows delivered while this read was under way still show, on the last good read.
      this.serveReadWithWritten();
      throw error;
    }
  }

  /**
   * Rewrites the derived cells (the meeting's date beside its ID, the publication's title) that
   * no longer show what their row refers to: a meeting moved, a publication retitled, a row typed
   * by hand. Only those cells, found by the row's ID. A failure (a locked workbook) leaves them
   * for the next refresh: the data served does not depend on them.
   */
  private async refreshDerivedCells(tabs: RawTabs): Promise<void> {
    if (!this.store.updateCells) return;
    const references = sheetReferences(this.state);
    let pending = false;
    for (const { tab, rows } of staleDerivedRows(tabs, references)) {
      try {
        // The tab just read: Google finds the rows in it rather than reading the tab again.
        await this.store.updateCells(tab, rows, tabs[tab]);
      } catch (error) {
        pending = true;
        const message = (error as Error).message;
        if (message !== this.lastDerivedError) this.options.log?.(`${tab}: colonne di riepilogo non aggiornate: ${message}`);
        this.lastDerivedError = message;
      }
    }
    this.derivedPending = pending;
    if (!pending) this.lastDerivedError = "";
  }

  private accept(data: SheetData): void {
    const now = this.options.clock.now();
    const from = addMonths(romeYearMonth(now), -WINDOW_BACK_MONTHS);
    const built = buildCalendar(data.sheetMeetings, data.settings, from, WINDOW_MONTHS);
    // Annotated before the fingerprint: a move or a new SEQUENCE is new data for every client.
    const calendar = this.options.history?.annotate(built, now, romeDateTime({ ...from, day: 1 }, 0)) ?? built;
    const fingerprint = JSON.stringify([data, calendar]);
    if (this.state && fingerprint === this.lastFingerprint) {
      this.state = { ...this.state, loadedAt: now };
      return;
    }
    this.lastFingerprint = fingerprint;
    this.state = { data, calendar, version: (this.state?.version ?? 0) + 1, loadedAt: now };
  }
}
