import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { type CellValue, type Grid, type TabName, tabSpec } from "@rete-urp/shared";
import type ExcelJS from "exceljs";
import { presentIds, rowCellsById } from "../grid.ts";
import { type RawTabs, type RowValues, StoreError } from "../store.ts";
import {
  type BaseSource,
  planReconciliation,
  type ReconcilePlan,
  type RowToRestore,
  refOf,
  type ValuesToReapply,
} from "./reconcile-plan.ts";
import { readWorkbookMarker, writeWorkbookMarker } from "./version-marker.ts";
import { type LedgerOptions, type RowRef, WorkbookLedger, type WrittenRow } from "./workbook-ledger.ts";

/**
 * Reconciliation for the workbook store: a stale copy saved over the workbook (a person who
 * copies the file in, a suite on a network share without lock files, a save confirmed with
 * "salva comunque") must not drop rows sheets-sync already delivered.
 *
 * The workbook store calls in at a few points of its read and write paths:
 * - every load: `loaded(bytes)` (the sha256 of what was read);
 * - a write, under the workbook lock: `beginWrite()`, the rows it writes (`written`), then
 *   `reconcile()` on the changed workbook: when the file is not the last one sheets-sync saved,
 *   the rows it lacks are put back (reconcile-plan.ts) in the same save as the new rows;
 * - the save: `stamp()` writes the version marker; `beforeReplace()` checks that the file is
 *   still the one loaded (a save that landed meanwhile is never overwritten: the write fails as
 *   retryable and reconciles it on the next attempt) and records the version in the ledger
 *   before the file is replaced; then `replaced()` or `abandoned()`;
 * - a read by the running service (`afterRead`): a file someone else saved that lacks rows
 *   schedules a write, so missing rows come back even if nobody posts.
 *
 * Google Sheets has no stale copies (every edit goes to the one live sheet), so the Google store
 * has no reconciler.
 */

export interface ReconciliationReport {
  /** Reconciliations in the ledger's history (HISTORY_DAYS): files found saved by someone else that lacked rows. */
  count: number;
  restoredRows: number;
  deletionsRespected: number;
  last: {
    at: string;
    /** The version of sheets-sync's own saves the file descended from, and how that was found. */
    baseVersion: number;
    baseFrom: BaseSource;
    restored: RowRef[];
    deletionsRespected: number;
    deleted: RowRef[];
  } | null;
  /**
   * Rows the workbook lacks right now and that will be written back by the next save that goes
   * through (the file is open in an office suite, or the save failed): not yet safe.
   */
  waiting: RowRef[];
  /** The ledger's newest version (the marker of sheets-sync's last save). */
  version: number | null;
}

export interface ReconcilerOptions extends LedgerOptions {
  log?: (message: string) => void;
  /** How often a repair that failed (the file is open in an office suite) is tried again. */
  repairRetryMs?: number;
}

/** Reads and writes the workbook in memory for the reconciler (workbook-store.ts implements it). */
export interface WorkbookRows {
  /** IDs in the tab; undefined when the tab or its ID column is missing. */
  ids(tab: TabName): ReadonlySet<string> | undefined;
  /** The tab as a grid; undefined when it is missing. */
  grid(tab: TabName): Grid | undefined;
  append(tab: TabName, rows: readonly RowValues[]): void;
  upsert(tab: TabName, rows: readonly RowValues[]): void;
}

interface PendingEvent {
  at: string;
  sha: string;
  base: number;
  baseFrom: BaseSource;
  restored: RowRef[];
  deleted: RowRef[];
}

export class WorkbookReconciler {
  private ledgerPromise: Promise<WorkbookLedger> | undefined;
  private loadedLedger: WorkbookLedger | undefined;
  /** The sha256 of the file the last load read (undefined for a brand-new file). */
  private loadedSha: string | undefined;
  /** A file someone else saved that was examined and needed nothing more: not examined again. */
  private settledSha: string | undefined;
  private written: WrittenRow[] = [];
  private stamped: number | undefined;
  private recorded = false;
  private pendingEvent: PendingEvent | undefined;
  private waiting: RowRef[] = [];
  private repair: (() => Promise<void>) | undefined;
  private repairTimer: NodeJS.Timeout | undefined;
  private repairRunning = false;
  private stopped = false;
  private readonly now: () => Date;
  private readonly log: (message: string) => void;

  constructor(
    readonly location: string,
    private readonly stateDir: string,
    private readonly options: ReconcilerOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? ((message) => console.error(message));
  }

  // -- reads

  loaded(bytes: Uint8Array): void {
    this.loadedSha = sha256(bytes);
  }

  /**
   * After a read by the running service: a file that is neither sheets-sync's last save nor one
   * already examined is checked against the ledger; when it lacks delivered rows (or rows were
   * deleted on purpose, to record) a write is scheduled that reconciles it, so missing rows come
   * back even if nobody posts. Meanwhile health lists the missing rows as waiting.
   */
  async afterRead(workbook: ExcelJS.Workbook, tabs: RawTabs): Promise<void> {
    // A ledger that cannot be read never fails the read itself: the next write reports it.
    await this.examineRead(workbook, tabs).catch((error: Error) => this.log(`storico delle scritture non leggibile: ${error.message}`));
  }

  private async examineRead(workbook: ExcelJS.Workbook, tabs: RawTabs): Promise<void> {
    const sha = this.loadedSha;
    if (!this.repair || sha === undefined || !(await this.isForeign(sha))) return;
    const ledger = await this.ledger();
    const plan = planReconciliation({
      versions: ledger.versions,
      ledgerId: ledger.id,
      marker: readWorkbookMarker(workbook),
      deleted: ledger.deletedRows(),
      present: (tab) => presentIds(tabSpec(tab), tabs[tab]),
      cells: cellsOfTabs((tab) => tabs[tab]),
    });
    if (!plan || nothingToDo(plan)) {
      this.settle(sha);
      return;
    }
    this.waiting = restoredRefs(plan);
    this.scheduleRepair(0);
  }

  /** Turns on repairs in the background: only the running service does (a CLI read never writes). */
  enableRepair(run: () => Promise<void>): void {
    this.repair = run;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.repairTimer);
    this.repairTimer = undefined;
  }

  /** Once the store's last write is over: the ledger lets go of the state database. */
  async close(): Promise<void> {
    const opening = this.ledgerPromise;
    this.ledgerPromise = undefined;
    this.loadedLedger = undefined;
    (await opening?.catch(() => undefined))?.close();
  }

  // -- writes (under the workbook lock)

  beginWrite(): void {
    this.loadedSha = undefined;
    this.written = [];
    this.stamped = undefined;
    this.recorded = false;
    this.pendingEvent = undefined;
  }

  /**
   * Rows the write in progress puts in the workbook (only rows with an ID can be checked later);
   * for an update in place, `before` holds what each row's cells were (undefined for a new row).
   */
  noteWritten(tab: TabName, rows: readonly RowValues[], mode: WrittenRow["mode"], before?: readonly (RowValues | undefined)[]): void {
    rows.forEach((values, i) => {
      const id = typeof values.id === "string" ? values.id.trim() : "";
      if (id === "") return;
      const previous = before?.[i];
      this.written.push({ tab, id, values: definedValues(values), mode, ...(previous ? { before: definedValues(previous) } : {}) });
    });
  }

  /**
   * On the freshly loaded workbook, after the write's own change: when someone else saved the
   * file, puts back the rows it lacks. Returns true when it changed the workbook (so it must be
   * saved even if the write itself had nothing to do).
   */
  async reconcile(workbook: ExcelJS.Workbook, rows: WorkbookRows): Promise<boolean> {
    const ledger = await this.ledger();
    const sha = this.loadedSha;
    if (sha === undefined || sha === ledger.lastVersion?.sha || sha === this.settledSha) {
      this.waiting = [];
      return false;
    }
    // The file's cells as loaded (and changed by the write itself), read once per tab.
    const cells = cellsOfTabs((tab) => rows.grid(tab));
    const plan = planReconciliation({
      versions: ledger.versions,
      ledgerId: ledger.id,
      marker: readWorkbookMarker(workbook),
      deleted: ledger.deletedRows(),
      present: (tab) => rows.ids(tab),
      cells,
      writing: this.written,
    });
    if (!plan || nothingToDo(plan)) {
      // The person's own edits, nothing of ours missing: the normal case for a shared file.
      this.settle(sha);
      return false;
    }
    const event: PendingEvent = {
      at: this.now().toISOString(),
      sha,
      base: plan.base,
      baseFrom: plan.baseFrom,
      restored: restoredRefs(plan),
      deleted: plan.deleted,
    };
    if (plan.restore.length === 0 && plan.reapply.length === 0) {
      // Deletions only: a fact about this file, recorded now; no save is needed for it.
      await ledger.addEvent({ ...event, version: null });
      this.log(`riconciliazione: ${describeDeleted(event)} (il file discende dalla versione ${plan.base})`);
      this.settle(sha);
      return false;
    }
    restoreRows(rows, plan.restore);
    reapplyValues(rows, plan.reapply);
    for (const row of plan.restore) this.written.push({ tab: row.tab, id: row.id, values: row.values, mode: row.mode, restored: true });
    // With what the stale cells held: the next stale copy is judged by it too.
    for (const row of plan.reapply) {
      this.written.push({ tab: row.tab, id: row.id, values: row.values, mode: "upsert", restored: true, before: heldCells(cells, row) });
    }
    this.pendingEvent = event;
    this.waiting = event.restored;
    return true;
  }

  /** Writes the version marker of the save about to be made. */
  async stamp(workbook: ExcelJS.Workbook): Promise<void> {
    const ledger = await this.ledger();
    this.stamped = ledger.nextVersion();
    writeWorkbookMarker(workbook, { ledgerId: ledger.id, version: this.stamped });
  }

  /** Just before the new file replaces the old one (in writeFileAtomic's beforeReplace). */
  async beforeReplace(bytes: Uint8Array): Promise<void> {
    if (this.stamped === undefined) return;
    if (this.loadedSha !== undefined) {
      const current = await readFile(this.location).then(sha256, () => undefined);
      if (current !== this.loadedSha) {
        throw new StoreError(
          "workbook_changed",
          `Il file ${basename(this.location)} è stato salvato da qualcun altro durante la scrittura: nuovo tentativo`,
          true,
        );
      }
    }
    const ledger = await this.ledger();
    try {
      await ledger.addVersion({ version: this.stamped, at: this.now().toISOString(), sha: sha256(bytes), rows: this.written });
    } catch (error) {
      // Rows not in the ledger could be lost to a stale copy unnoticed: they wait in the journal.
      throw new StoreError(
        "ledger_unwritable",
        `Lo storico delle scritture (${ledger.path}) non si scrive: ${(error as Error).message}`,
        true,
        {
          cause: error,
        },
      );
    }
    this.recorded = true;
  }

  /** The save did not replace the file: its version never existed. */
  async abandoned(): Promise<void> {
    const version = this.stamped;
    const recorded = this.recorded;
    this.stamped = undefined;
    this.recorded = false;
    if (version === undefined || !recorded) return;
    await (await this.ledger()).abort(version).catch((error: Error) => {
      // Left in the ledger, the version only makes a later check restore rows still in the journal.
      this.log(`storico delle scritture: annullamento della versione ${version} non registrato: ${error.message}`);
    });
  }

  /** The new file is in place. */
  async replaced(): Promise<void> {
    const event = this.pendingEvent;
    const version = this.stamped;
    this.pendingEvent = undefined;
    this.settledSha = undefined;
    this.waiting = [];
    if (!event || version === undefined) return;
    const reapplied = event.restored.filter((row) => row.cells).length;
    const rewritten = event.restored.length - reapplied;
    this.log(
      `riconciliazione: ${rewritten} righe riscritte e ${reapplied} righe riportate ai valori dati dopo la copia, ` +
        `perse da un salvataggio di una copia non aggiornata ` +
        `(versione ${event.base}, ora ${version})${event.deleted.length > 0 ? `; ${describeDeleted(event)}` : ""}`,
    );
    await (await this.ledger()).addEvent({ ...event, version }).catch((error: Error) => {
      this.log(`storico delle scritture: riconciliazione non registrata: ${error.message}`);
    });
  }

  // -- health

  /** What health shows, from the ledger's tables (opened at the first read or write). */
  report(): ReconciliationReport {
    const ledger = this.loadedLedger;
    const events = (ledger?.events ?? []).filter((event) => event.restored.length > 0 || event.deleted.length > 0);
    const last = events.at(-1);
    return {
      count: events.length,
      restoredRows: events.reduce((sum, event) => sum + event.restored.length, 0),
      deletionsRespected: events.reduce((sum, event) => sum + event.deleted.length, 0),
      last: last
        ? {
            at: last.at,
            baseVersion: last.base,
            baseFrom: last.baseFrom,
            restored: last.restored,
            deletionsRespected: last.deleted.length,
            deleted: last.deleted,
          }
        : null,
      waiting: this.waiting,
      version: ledger?.lastVersion?.version ?? null,
    };
  }

  // --

  private ledger(): Promise<WorkbookLedger> {
    if (!this.ledgerPromise) {
      const opening = WorkbookLedger.open(this.stateDir, this.options);
      this.ledgerPromise = opening;
      opening.then(
        (ledger) => (this.loadedLedger = ledger),
        () => (this.ledgerPromise = undefined),
      );
    }
    return this.ledgerPromise;
  }

  private settle(sha: string): void {
    this.settledSha = sha;
    this.waiting = [];
  }

  private async isForeign(sha: string): Promise<boolean> {
    if (sha === this.settledSha) return false;
    // The ledger's tables hold the versions of every sheets-sync process (the CLI too).
    return sha !== (await this.ledger()).lastVersion?.sha;
  }

  /**
   * Runs the repair write soon; while it fails (the file is open in an office suite) tries again
   * every few seconds, as long as the file on disk still needs it.
   */
  private scheduleRepair(delayMs: number): void {
    if (this.stopped || !this.repair || this.repairTimer || this.repairRunning) return;
    this.repairTimer = setTimeout(() => {
      this.repairTimer = undefined;
      void this.runRepair();
    }, delayMs);
    this.repairTimer.unref();
  }

  private async runRepair(): Promise<void> {
    this.repairRunning = true;
    let failed = false;
    try {
      const current = await readFile(this.location).then(sha256, () => undefined);
      if (current === undefined || !(await this.isForeign(current))) return;
      await this.repair!();
    } catch (error) {
      failed = true;
      if (!(error instanceof StoreError && error.retryable)) this.log(`riconciliazione non riuscita: ${(error as Error).message}`);
    } finally {
      this.repairRunning = false;
    }
    if (failed) this.scheduleRepair(this.options.repairRetryMs ?? 5000);
  }
}

function restoreRows(rows: WorkbookRows, restore: readonly RowToRestore[]): void {
  const byTab = new Map<string, { tab: TabName; mode: WrittenRow["mode"]; values: RowValues[] }>();
  for (const row of restore) {
    const key = `${row.mode}\u0000${row.tab}`;
    const group = byTab.get(key) ?? { tab: row.tab, mode: row.mode, values: [] };
    group.values.push(row.values);
    byTab.set(key, group);
  }
  for (const group of byTab.values()) {
    if (group.mode === "upsert") rows.upsert(group.tab, group.values);
    else rows.append(group.tab, group.values);
  }
}

/** Updates in place a stale copy undid: only the stale cells are written, by ID. */
function reapplyValues(rows: WorkbookRows, reapply: readonly ValuesToReapply[]): void {
  const byTab = new Map<TabName, RowValues[]>();
  for (const row of reapply) byTab.set(row.tab, [...(byTab.get(row.tab) ?? []), row.values]);
  for (const [tab, values] of byTab) rows.upsert(tab, values);
}

/** The cells `row` overwrote, as the loaded file held them. */
function heldCells(cells: ReturnType<typeof cellsOfTabs>, row: ValuesToReapply): RowValues {
  const held = cells(row.tab, row.id) ?? {};
  return Object.fromEntries(Object.keys(row.values).map((key) => [key, held[key] ?? null])) as RowValues;
}

/** What health and the log name: rows written again whole, then rows whose cells got their values back. */
function restoredRefs(plan: ReconcilePlan): RowRef[] {
  return [
    ...plan.restore.map((row) => refOf(row.tab, row.id, row.values)),
    ...plan.reapply.map((row) => ({ ...refOf(row.tab, row.id, row.written), cells: row.headers })),
  ];
}

function nothingToDo(plan: ReconcilePlan): boolean {
  return plan.restore.length === 0 && plan.reapply.length === 0 && plan.deleted.length === 0;
}

/** Cells by tab and ID, each tab read and indexed once, when first asked for. */
function cellsOfTabs(
  gridOf: (tab: TabName) => Grid | undefined,
): (tab: TabName, id: string) => Readonly<Record<string, CellValue>> | undefined {
  const lookups = new Map<TabName, ((id: string) => Record<string, CellValue> | undefined) | undefined>();
  return (tab, id) => {
    if (!lookups.has(tab)) {
      const grid = gridOf(tab);
      lookups.set(tab, grid && rowCellsById(tabSpec(tab), grid));
    }
    return lookups.get(tab)?.(id);
  };
}

function describeDeleted(event: PendingEvent): string {
  return `${event.deleted.length} righe cancellate a mano restano cancellate`;
}

/** The ledger keeps JSON values: undefined cells are dropped (they were not written either). */
function definedValues(values: RowValues): RowValues {
  // The same keys, fewer of them: still the row's tab's.
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as RowValues;
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
