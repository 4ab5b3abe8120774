import { existsSync, unwatchFile, watchFile } from "node:fs";
import { mkdir, readFile, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { type CellValue, type ColumnType, ENTI_TAB, type Grid, TABS, type TabName, tabSpec } from "@rete-urp/shared";
import ExcelJS from "exceljs";
import { appendRowIndex, findTab, headerColumns, idRows, placeRow, presentIds, rowCellsById, rowId, rowsMissingId } from "../grid.ts";
import { sanitizeRows } from "../sanitize-row.ts";
import { type InitReport, type RawTabs, type RowValues, type Store, StoreError } from "../store.ts";
import { removeStaleTempFiles, resolveWriteTarget, writeFileAtomic } from "./atomic-file.ts";
import { fromExcelValue, serialToExcelDate } from "./exceljs-cells.ts";
import { findOfficeLock, workbookLockedError } from "./office-locks.ts";
import { addMissingDropdowns, compactValidations, entiRange, freezeHeader, inheritValidations } from "./workbook-layout.ts";
import { type HeldLock, withWorkbookLock } from "./workbook-lock.ts";

const CONTRACT_TABS: ReadonlySet<string> = new Set(TABS.map((spec) => spec.name));

// Reconciliation of stale copies saved over the workbook (issue 10.4): workbook-reconciler.ts.
import { type ReconciliationReport, WorkbookReconciler, type WorkbookRows } from "./workbook-reconciler.ts";

export interface WorkbookStoreOptions {
  /**
   * For tests only: runs when the new workbook is in its temp file, just before the last lock
   * check and the rename (to open the file "in an office suite" at the worst moment).
   */
  beforeReplace?: () => Promise<void>;
  /**
   * Reconciliation: where the ledger of this store's saves lives (workbook-ledger.ts). Without it
   * the store keeps no history and a stale copy saved over the file is not reconciled.
   */
  stateDir?: string;
  /** Reconciliation: the clock of the ledger's history, and where reconciliations are logged. */
  now?: () => Date;
  log?: (message: string) => void;
}

/**
 * The embedded default store: a local .xlsx file the coordinator can open in LibreOffice or
 * Excel. Every write takes the workbook lock shared by every sheets-sync process, re-reads the
 * file, changes it and replaces it atomically. While an office suite has the file open (its
 * lock file is there: office-locks.ts) nothing is written, and a write during which a suite
 * opened the file is not confirmed: both fail as retryable, so the write waits in the journal.
 */
export class WorkbookStore implements Store {
  readonly kind = "workbook" as const;
  private queue: Promise<unknown> = Promise.resolve();
  private cache: { mtimeMs: number; size: number; tabs: RawTabs } | undefined;
  private tempFilesChecked = false;

  private readonly reconciler: WorkbookReconciler | undefined;

  constructor(
    readonly location: string,
    private readonly options: WorkbookStoreOptions = {},
  ) {
    // Reconciliation: only with a state dir for its ledger.
    this.reconciler = options.stateDir
      ? new WorkbookReconciler(location, options.stateDir, {
          ...(options.now ? { now: options.now } : {}),
          ...(options.log ? { log: options.log } : {}),
        })
      : undefined;
  }

  /** Reconciliations of stale copies, for health; undefined without a ledger (no state dir). */
  reconciliationReport(): ReconciliationReport | undefined {
    return this.reconciler?.report();
  }

  readAll(): Promise<RawTabs> {
    return this.exclusive(() => this.readTabs());
  }

  /** One tab as readAll() gives it: the file is read whole anyway, so this is a cached readAll. */
  readTab(tab: TabName): Promise<Grid | undefined> {
    return this.exclusive(async () => (await this.readTabs())[tab]);
  }

  /**
   * A read of the tabs to decide on: which rows are already there, so need no write (the file is
   * read whole anyway). It fails as `workbook_locked` when an office suite has the file open
   * before or after the read, because the suite's copy may lack rows this read shows and be
   * saved over them.
   */
  readTabsForWrite(tabs: readonly TabName[]): Promise<RawTabs> {
    return this.exclusive(async () => {
      await this.assertWritable();
      const all = await this.readTabs();
      await this.assertWritable();
      const wanted: RawTabs = {};
      for (const tab of tabs) if (all[tab]) wanted[tab] = all[tab];
      return wanted;
    });
  }

  /** readTabsForWrite() of one tab. */
  async readForWrite(tab: TabName): Promise<Grid | undefined> {
    return (await this.readTabsForWrite([tab]))[tab];
  }

  /** Throws the retryable `workbook_locked` while an office suite has the workbook open. */
  async assertWritable(): Promise<void> {
    const lock = await findOfficeLock(await this.documentPaths());
    if (lock) throw workbookLockedError(this.location, lock);
  }

  /**
   * Removes the temp files a crashed or failed write of this workbook left beside it, under the
   * workbook lock so no running write's temp file is touched. Called when the store is opened;
   * when another process holds the lock longer than `waitMs` (a dead one's lock goes stale only
   * after seconds), it fails as `workbook_busy` and the first write cleans up instead.
   */
  async removeStaleTempFiles({ waitMs }: { waitMs?: number } = {}): Promise<string[]> {
    const target = await resolveWriteTarget(this.location);
    return withWorkbookLock(target, () => this.removeStaleTempFilesHeld(), waitMs === undefined ? {} : { waitMs });
  }

  /**
   * The file is loaded whole for every write, so `basis` is not needed; the answer is undefined:
   * a save may carry rows a reconciliation put back in other tabs too, so the cache reads the file
   * again (a local read, no quota).
   */
  async append<Name extends TabName>(tab: Name, rows: readonly RowValues<Name>[]): Promise<Grid | undefined> {
    if (rows.length === 0) return undefined;
    const clean = sanitizeRows(rows);
    await this.write(async (workbook) => {
      // Reconciliation: a background repair may have put a row back since the caller read the
      // file; with a ledger, a row whose ID is already in the tab is never appended twice.
      const fresh = this.reconciler ? withoutPresentIds(workbook, tab, clean) : clean;
      if (fresh.length === 0) return false;
      appendRows(workbook, tab, fresh);
      this.reconciler?.noteWritten(tab, fresh, "append");
    });
    return undefined;
  }

  async appendDecided<Name extends TabName>(tab: Name, decide: (tabs: RawTabs) => RowValues<Name>[]): Promise<RowValues<Name>[]> {
    let decided: RowValues<Name>[] = [];
    await this.write(async (workbook) => {
      // Decided on this very copy, read under the lock: nobody can add rows in between.
      const tabs: RawTabs = {};
      for (const spec of TABS) {
        const sheet = findSheet(workbook, spec.name);
        if (sheet) tabs[spec.name] = sheetToGrid(sheet);
      }
      decided = sanitizeRows(decide(tabs));
      if (decided.length === 0) return false;
      appendRows(workbook, tab, decided);
      this.reconciler?.noteWritten(tab, decided, "append");
    });
    return decided;
  }

  async upsert<Name extends TabName>(tab: Name, rows: readonly RowValues<Name>[]): Promise<Grid | undefined> {
    if (rows.length === 0) return undefined;
    const clean = sanitizeRows(rows);
    await this.write(async (workbook) => {
      // Reconciliation: what the cells held before, so a stale copy still holding it is recognised.
      const before = this.reconciler && cellsBefore(workbook, tab, clean);
      upsertRows(workbook, tab, clean);
      this.reconciler?.noteWritten(tab, clean, "upsert", before);
    });
    return undefined;
  }

  updateCells<Name extends TabName>(tab: Name, rows: readonly RowValues<Name>[]): Promise<number> {
    if (rows.length === 0) return Promise.resolve(0);
    const clean = sanitizeRows(rows);
    let changed = 0;
    return this.write(async (workbook) => {
      changed = updateExistingRows(workbook, tab, clean);
      return changed > 0;
    }).then(() => changed);
  }

  fillMissingIds(makeId: () => string): Promise<number> {
    let filled = 0;
    return this.write(async (workbook) => {
      for (const spec of TABS) {
        const sheet = findSheet(workbook, spec.name);
        if (!sheet) continue;
        const grid = sheetToGrid(sheet);
        const idColumn = headerColumns(spec, grid[0] ?? []).get("id");
        if (idColumn === undefined) continue;
        for (const r of rowsMissingId(spec, grid)) {
          sheet.getRow(r + 1).getCell(idColumn + 1).value = makeId();
          filled++;
        }
      }
      return filled > 0;
    }).then(() => filled);
  }

  /**
   * Creates missing tabs and header cells, freezes header rows and adds the dropdowns a column
   * lacks (workbook-layout.ts); never changes or deletes data, nor a dropdown the person set.
   */
  init(): Promise<InitReport> {
    const report: InitReport = { createdTabs: [], addedHeaders: [] };
    return this.write(
      async (workbook, isNew) => {
        let laidOut = false;
        // The Ente dropdowns read the Enti tab's Ente column: where it is, or A in the tab made below.
        const entiSheet = findSheet(workbook, ENTI_TAB.name);
        const entiHeader = entiSheet ? rowToCells(entiSheet.getRow(1)) : [];
        const entiList = entiRange(entiSheet?.name, headerColumns(ENTI_TAB, entiHeader).get("name") ?? entiHeader.length);
        for (const spec of TABS) {
          let sheet = findSheet(workbook, spec.name);
          const created = !sheet;
          if (!sheet) {
            sheet = workbook.addWorksheet(spec.name, { views: [{ state: "frozen", ySplit: 1 }] });
            report.createdTabs.push(spec.name);
          }
          const header = sheet.getRow(1);
          const present = headerColumns(spec, rowToCells(header));
          let nextFree = Math.max(header.cellCount, 0) + 1;
          for (const column of spec.columns) {
            if (present.has(column.key)) continue;
            const cell = header.getCell(nextFree++);
            cell.value = column.header;
            if (!created) report.addedHeaders.push(`${spec.name}!${column.header}`);
          }
          header.font = { bold: true };
          header.commit();
          const columns = headerColumns(spec, rowToCells(header));
          for (const column of spec.columns) {
            const sheetColumn = sheet.getColumn(columns.get(column.key)! + 1);
            if (!sheetColumn.width) sheetColumn.width = column.key === "id" ? 38 : 18;
          }
          if (freezeHeader(sheet)) laidOut = true;
          if (addMissingDropdowns(sheet, spec, columns, entiList)) laidOut = true;
        }
        return isNew || laidOut || report.createdTabs.length > 0 || report.addedHeaders.length > 0;
      },
      { create: true },
    ).then(() => report);
  }

  watch(onChange: () => void): () => void {
    // Polling, not fs.watch: office suites save by replacing the file, which inotify watchers lose.
    const listener = (current: { mtimeMs: number }, previous: { mtimeMs: number }) => {
      if (current.mtimeMs !== previous.mtimeMs) onChange();
    };
    watchFile(this.location, { interval: 1000 }, listener);
    // Reconciliation: the watched store is the running service's, which repairs a stale copy
    // in the background (a CLI read never writes).
    this.reconciler?.enableRepair(() => this.write(async () => false));
    return () => unwatchFile(this.location, listener);
  }

  async close(): Promise<void> {
    this.reconciler?.stop();
    await this.queue.catch(() => {});
    await this.reconciler?.close();
  }

  /**
   * Runs `change` on a fresh copy of the file and saves it when `change` does not return false,
   * all under the workbook lock, so no other sheets-sync process (the CLI beside the service)
   * writes in between. With `create`, a missing file starts as an empty workbook.
   */
  private write(
    change: (workbook: ExcelJS.Workbook, isNew: boolean) => Promise<unknown>,
    { create = false }: { create?: boolean } = {},
  ): Promise<void> {
    return this.exclusive(async () => {
      const target = await resolveWriteTarget(this.location);
      if (create) await mkdir(dirname(target), { recursive: true });
      else if (!existsSync(target)) throw this.missingError();
      await withWorkbookLock(target, async (lock) => {
        if (!this.tempFilesChecked) await this.removeStaleTempFilesHeld();
        await this.assertWritable();
        const isNew = create && !existsSync(target);
        this.reconciler?.beginWrite();
        const workbook = isNew ? new ExcelJS.Workbook() : await this.load();
        const changed = (await change(workbook, isNew)) !== false;
        // Reconciliation: rows a stale copy dropped go back in this same save.
        const restored = (await this.reconciler?.reconcile(workbook, workbookRows(workbook))) ?? false;
        if (!changed && !restored) return;
        await this.save(workbook, lock);
      });
    });
  }

  private async load(): Promise<ExcelJS.Workbook> {
    const workbook = new ExcelJS.Workbook();
    try {
      // Read as bytes: reconciliation tells sheets-sync's own saves from others' by their sha256.
      const bytes = await readFile(this.location);
      this.reconciler?.loaded(bytes);
      await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") throw this.missingError();
      throw new StoreError("workbook_unreadable", `Il file ${this.location} non si legge: ${(error as Error).message}`, true, {
        cause: error,
      });
    }
    return workbook;
  }

  /**
   * Replaces the file with `workbook`. The office lock is checked again once the new content is
   * in its temp file, just before the rename: a suite that opened the file during the write keeps
   * the old one. And once more after the rename: a suite that opened the file in between may hold
   * a copy without these rows, so the write is not confirmed (the writer reads again once the
   * suite is closed, and writes again if its save dropped them).
   */
  private async save(workbook: ExcelJS.Workbook, lock: HeldLock): Promise<void> {
    // Reconciliation: the version marker goes in, the version in the ledger just before the rename.
    await this.reconciler?.stamp(workbook);
    for (const sheet of workbook.worksheets) {
      compactValidations(sheet);
      // An office suite that saves without a window (LibreOffice headless, some converters) drops
      // the frozen pane; the contract's tabs get their frozen header back with the service's next write.
      if (CONTRACT_TABS.has(sheet.name)) freezeHeader(sheet);
    }
    const buffer = await workbook.xlsx.writeBuffer();
    const bytes = new Uint8Array(buffer as ArrayBuffer);
    try {
      await writeFileAtomic(this.location, bytes, {
        beforeReplace: async () => {
          await this.options.beforeReplace?.();
          lock.assertHeld();
          await this.assertWritable();
          await this.reconciler?.beforeReplace(bytes);
        },
      });
    } catch (error) {
      await this.reconciler?.abandoned();
      throw error;
    }
    await this.reconciler?.replaced();
    this.cache = undefined;
    await this.assertWritable();
  }

  private async readTabs(): Promise<RawTabs> {
    const info = await this.statFile();
    if (this.cache && this.cache.mtimeMs === info.mtimeMs && this.cache.size === info.size) return this.cache.tabs;
    const workbook = await this.load();
    const tabs: RawTabs = {};
    for (const spec of TABS) {
      const sheet = findSheet(workbook, spec.name);
      if (sheet) tabs[spec.name] = sheetToGrid(sheet);
    }
    this.cache = { mtimeMs: info.mtimeMs, size: info.size, tabs };
    // Reconciliation: a file someone else saved, lacking delivered rows, schedules a repair.
    await this.reconciler?.afterRead(workbook, tabs);
    return tabs;
  }

  /** The workbook as configured and, when that is a symlink, its target: a suite may open either. */
  private async documentPaths(): Promise<string[]> {
    const given = resolve(this.location);
    const target = await resolveWriteTarget(given);
    return target === given ? [given] : [given, target];
  }

  /** Only while holding the workbook lock. */
  private async removeStaleTempFilesHeld(): Promise<string[]> {
    const removed = await removeStaleTempFiles(this.location);
    this.tempFilesChecked = true;
    return removed;
  }

  private async statFile() {
    try {
      return await stat(this.location);
    } catch (error) {
      throw this.missingError(error);
    }
  }

  private missingError(cause?: unknown): StoreError {
    return new StoreError("workbook_missing", `Il file ${this.location} non esiste: esegui "sheets-sync init --demo"`, false, { cause });
  }

  /** One operation at a time on the file: reads and read-modify-writes never interleave. */
  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation, operation);
    this.queue = result.catch(() => {});
    return result;
  }
}

/*
 * The write paths work on the tab as a grid (sheetToGrid: 0-based, row 1 the headers), with the
 * placement rules the Google store uses too (grid.ts); only the cells themselves go through
 * exceljs, whose rows and columns are 1-based.
 */

function appendRows<Name extends TabName>(workbook: ExcelJS.Workbook, tab: Name, rows: readonly RowValues<Name>[]): void {
  const { spec, sheet, grid, columns } = requireTab(workbook, tab);
  // exceljs rows are 1-based.
  let rowNumber = appendRowIndex(grid) + 1;
  for (const values of rows) {
    rowNumber = belowMergedBlock(sheet, rowNumber);
    inheritValidations(sheet, rowNumber, grid[0]?.length ?? 0);
    const row = sheet.getRow(rowNumber++);
    for (const { index, column, value } of placeRow(spec, columns, values)) {
      if (value !== null) writeCell(row.getCell(index + 1), value, column.type);
    }
    row.commit();
  }
}

function upsertRows<Name extends TabName>(workbook: ExcelJS.Workbook, tab: Name, rows: readonly RowValues<Name>[]): void {
  const { spec, sheet, grid, columns } = requireTab(workbook, tab);
  const rowOf = idRows(spec, grid);
  if (rowOf === undefined) {
    throw new StoreError("header_missing", `La scheda "${tab}" non ha la colonna ID: esegui "sheets-sync init"`, false);
  }
  let next = appendRowIndex(grid) + 1;
  for (const values of rows) {
    const id = rowId(values);
    const found = rowOf.get(id);
    let rowNumber: number;
    if (found === undefined) {
      rowNumber = belowMergedBlock(sheet, next);
      next = rowNumber + 1;
      inheritValidations(sheet, rowNumber, grid[0]?.length ?? 0);
      // A second row with the same new ID in this call updates the first.
      if (id !== "") rowOf.set(id, rowNumber - 1);
    } else {
      rowNumber = found + 1;
    }
    const row = sheet.getRow(rowNumber);
    for (const { index, column, value } of placeRow(spec, columns, values)) {
      if (value === null) row.getCell(index + 1).value = null;
      else writeCell(row.getCell(index + 1), value, column.type);
    }
    row.commit();
  }
}

/**
 * The given cells of the rows found by ID, where they differ from what the cell holds: never a
 * new row, never another cell. Returns how many cells changed.
 */
function updateExistingRows<Name extends TabName>(workbook: ExcelJS.Workbook, tab: Name, rows: readonly RowValues<Name>[]): number {
  const sheet = findSheet(workbook, tab);
  if (!sheet) return 0;
  const spec = tabSpec(tab);
  const grid = sheetToGrid(sheet);
  const columns = headerColumns(spec, grid[0] ?? []);
  const rowOf = idRows(spec, grid);
  if (!rowOf) return 0;
  let changed = 0;
  for (const values of rows) {
    const found = rowOf.get(rowId(values));
    if (found === undefined) continue;
    const row = sheet.getRow(found + 1);
    for (const { index, column, value } of placeRow(spec, columns, values)) {
      if (column.key === "id" || (grid[found]?.[index] ?? null) === value) continue;
      if (value === null) row.getCell(index + 1).value = null;
      else writeCell(row.getCell(index + 1), value, column.type);
      changed++;
    }
  }
  return changed;
}

/** Reconciliation: the rows whose ID is not in the tab yet (all of them when the tab has no ID column). */
function withoutPresentIds<Name extends TabName>(
  workbook: ExcelJS.Workbook,
  tab: Name,
  rows: readonly RowValues<Name>[],
): readonly RowValues<Name>[] {
  const present = workbookRows(workbook).ids(tab);
  if (!present || present.size === 0) return rows;
  return rows.filter((values) => {
    const id = (values as RowValues).id;
    return typeof id !== "string" || !present.has(id.trim());
  });
}

/** Reconciliation: each row's written cells as the tab holds them now (undefined for a row not there yet). */
function cellsBefore(workbook: ExcelJS.Workbook, tab: TabName, rows: readonly RowValues[]): (RowValues | undefined)[] {
  const sheet = findSheet(workbook, tab);
  const cellsOf = sheet && rowCellsById(tabSpec(tab), sheetToGrid(sheet));
  return rows.map((values) => {
    const cells = cellsOf?.(rowId(values));
    if (!cells) return undefined;
    return Object.fromEntries(Object.keys(values).map((key) => [key, cells[key] ?? null])) as RowValues;
  });
}

/** Reconciliation: the loaded workbook as the reconciler reads and changes it. */
function workbookRows(workbook: ExcelJS.Workbook): WorkbookRows {
  return {
    ids(tab) {
      const sheet = findSheet(workbook, tab);
      return presentIds(tabSpec(tab), sheet && sheetToGrid(sheet));
    },
    grid(tab) {
      const sheet = findSheet(workbook, tab);
      return sheet && sheetToGrid(sheet);
    },
    append: (tab, rows) => appendRows(workbook, tab, rows),
    upsert: (tab, rows) => upsertRows(workbook, tab, rows),
  };
}

/** The tab to write to, as a grid with its columns; a missing tab waits for the coordinator (`init`). */
function requireTab<Name extends TabName>(workbook: ExcelJS.Workbook, tab: Name) {
  const spec = tabSpec(tab);
  const sheet = findSheet(workbook, tab);
  if (!sheet) {
    throw new StoreError("tab_missing", `Il file non ha la scheda "${tab}": esegui "sheets-sync init"`, false);
  }
  const grid = sheetToGrid(sheet);
  return { spec, sheet, grid, columns: headerColumns(spec, grid[0] ?? []) };
}

function findSheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet | undefined {
  return findTab(workbook.worksheets, name, (sheet) => sheet.name);
}

/** The sheet as the codecs and the placement rules read it: cell values, 0-based, row 1 the headers. */
function sheetToGrid(sheet: ExcelJS.Worksheet): Grid {
  const grid: CellValue[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    grid[rowNumber - 1] = rowToCells(row);
  });
  for (let i = 0; i < grid.length; i++) grid[i] ??= [];
  return grid;
}

function rowToCells(row: ExcelJS.Row): CellValue[] {
  const cells: CellValue[] = [];
  row.eachCell({ includeEmpty: true }, (cell, colNumber) => {
    // A merged cell's slaves repeat the master's value in exceljs: keep it in the master only.
    if (isMergedSlave(cell)) return;
    cells[colNumber - 1] = fromExcelValue(cell.value);
  });
  for (let i = 0; i < cells.length; i++) cells[i] ??= null;
  return cells;
}

/**
 * The first row from `rowNumber` down that no merged block covers. A block merged down from a
 * row with data covers the rows below it, which the grid shows empty; but exceljs writes a value
 * set on a covered cell into the block's first cell, over the coordinator's data.
 */
function belowMergedBlock(sheet: ExcelJS.Worksheet, rowNumber: number): number {
  for (;;) {
    let covered = false;
    sheet.findRow(rowNumber)?.eachCell((cell) => {
      if (isMergedSlave(cell)) covered = true;
    });
    if (!covered) return rowNumber;
    rowNumber++;
  }
}

function isMergedSlave(cell: ExcelJS.Cell): boolean {
  return cell.isMerged && cell.master !== cell;
}

function writeCell(cell: ExcelJS.Cell, value: CellValue, type: ColumnType | undefined): void {
  if (typeof value === "number" && type === "date") {
    cell.value = serialToExcelDate(value);
    cell.numFmt = "dd/mm/yyyy";
  } else if (typeof value === "number" && type === "time") {
    cell.value = serialToExcelDate(value);
    cell.numFmt = "hh:mm";
  } else if (typeof value === "number" && type === "datetime") {
    // Rome wall-clock time, as every date cell: exceljs writes the Date's UTC fields as they are.
    cell.value = serialToExcelDate(value);
    cell.numFmt = "dd/mm/yyyy hh:mm";
  } else {
    // A plain string value: exceljs writes it as a text cell, so "=IMPORTXML(…)" never becomes a formula.
    cell.value = value;
  }
}
