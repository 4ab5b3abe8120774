import type { sheets_v4 } from "@googleapis/sheets";
import { type CellValue, ENTI_TAB, type Grid, quoteTab, ROME, TABS, type TabName, type TabSpec, tabSpec } from "@rete-urp/shared";
import { appendRowIndex, findTab as findByTitle, headerColumns, idRows, placeRow, rowCells, rowId, rowsMissingId } from "../grid.ts";
import { sanitizeRows } from "../sanitize-row.ts";
import { type InitReport, type RawTabs, type RowValues, type SheetProperties, type Store, StoreError } from "../store.ts";
import { createSheetsClient, type SheetsClient } from "./google-client.ts";
import { httpStatus, retryAfterMs, toStoreError } from "./google-errors.ts";
import { gridAfterAppend, gridAfterCells, type TabMeta, toGrid } from "./google-grid.ts";
import { type CellLayout, entiRangeFormula, planTabInit, type TabPlan } from "./google-init.ts";
import { newRowsRequests } from "./google-new-rows.ts";
import { DEFAULT_READ_RETRY, withReadRetry } from "./google-retry.ts";
import { columnShiftRestores, misplacedWrites, type RowKey, type RowWrite, repairPlan, rowWriteData } from "./google-row-writes.ts";

/** The spreadsheet settings init sets: people's typing parsed as in Italy, clocks in Rome time. */
export const SHEET_LOCALE = "it_IT";
export const SHEET_TIME_ZONE = ROME;

/** How often a sheet missing a contract tab has its tab list re-read. */
const MISSING_TAB_RECHECK_MS = 5 * 60_000;

export interface GoogleStoreOptions {
  sheetId: string;
  /** SHEETS_API_ROOT_URL, e.g. "http://127.0.0.1:4567/"; default Google's. */
  apiRootUrl?: string;
  /** GOOGLE_ACCESS_TOKEN: a ready bearer token (no token exchange). */
  accessToken?: string;
  /** GOOGLE_APPLICATION_CREDENTIALS: a service-account key or an authorized_user (OAuth refresh token) JSON file. */
  credentialsFile?: string;
  /** Per-call timeout, default 30_000 ms. */
  timeoutMs?: number;
}

const METADATA_FIELDS =
  "properties(title,locale,timeZone),sheets(properties(sheetId,title,index,gridProperties(rowCount,columnCount,frozenRowCount)),protectedRanges(protectedRangeId,range,description,warningOnly))";

interface Metadata {
  locale: string | undefined;
  timeZone: string | undefined;
  tabs: TabMeta[];
}

const findTab = (tabs: readonly TabMeta[], name: string) => findByTitle(tabs, name, (tab) => tab.title);

/**
 * The shared Google Sheet as a store, through the Sheets v4 API (docs/architecture.md, "Reliability rules"):
 * - one values.batchGet per readAll (UNFORMATTED_VALUE, SERIAL_NUMBER), after one
 *   spreadsheets.get whose tab list is cached and refreshed when a tab is missing or renamed;
 *   one values.get per readTab; one read of the tabs with writes per writer pass
 *   (readTabsForWrite: values.get for one tab, values.batchGet for several);
 * - new rows as one atomic spreadsheets.batchUpdate by sheetId (google-new-rows.ts): an empty
 *   row inserted below the last row with data, formatted as a data row, then literal values at
 *   the header's columns, so text stays text ("=IMPORTXML(…)" too) on a full grid, with a blank
 *   column A, under a bold header; cells written into existing rows are checked in the same call
 *   and repaired when a person moved rows meanwhile (google-row-writes.ts);
 * - an append, upsert or derived-cell update given the tab the caller just read (`basis`) writes
 *   from it without reading again, and answers the tab as it now is, so a delivered write costs
 *   the writer's read and nothing more;
 * - one writer queue: appends, ID fills and init never interleave;
 * - reads retry a 5xx or a reset a couple of times within their timeout (a 429 is left to the
 *   caller's backoff: the per-minute quota has not refilled a second later); writes never retry here.
 *
 * Serial numbers are handed to the codecs as they come: they are wall-clock values (a cell
 * typed "20/01/2027 10:00" is 10:00 whatever the spreadsheet's zone), which the codecs read as
 * Rome time. The spreadsheet's time zone only moves NOW()/TODAY() and form timestamps; it is
 * kept in `timeZone` so `check` can warn when it is not Europe/Rome.
 */
export class GoogleStore implements Store {
  readonly kind = "google" as const;
  private metadata: Metadata | undefined;
  private missingTabCheckAt = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly client: SheetsClient,
    readonly location: string,
    private readonly timeoutMs: number,
  ) {}

  /** The spreadsheet's time zone (e.g. "Europe/Rome"), known after the first read. */
  get timeZone(): string | undefined {
    return this.metadata?.timeZone;
  }

  /** Tab titles as the spreadsheet has them, known after the first read. */
  get tabTitles(): string[] {
    return this.metadata?.tabs.map((tab) => tab.title) ?? [];
  }

  sheetProperties(): SheetProperties | undefined {
    const metadata = this.metadata;
    return metadata && { locale: metadata.locale, timeZone: metadata.timeZone, tabTitles: metadata.tabs.map((tab) => tab.title) };
  }

  /** The tab's numeric id (its URL's `gid`) in the cached tab list: no call of its own. */
  tabSheetId(tab: TabName): number | undefined {
    return this.metadata ? findTab(this.metadata.tabs, tab)?.sheetId : undefined;
  }

  readAll(): Promise<RawTabs> {
    return this.read(async (deadline) => {
      const cached = this.metadata;
      let metadata = await this.loadMetadata(deadline, false);
      if (
        metadata === cached &&
        TABS.some((spec) => !findTab(metadata.tabs, spec.name)) &&
        Date.now() - this.missingTabCheckAt >= MISSING_TAB_RECHECK_MS
      ) {
        // A tab may have been added (or renamed back) by hand since the cached list. A sheet that
        // simply lacks a tab (one made before it existed) is re-checked at a slow pace only, so
        // it does not cost a second call on every refresh.
        metadata = await this.loadMetadata(deadline, true);
      }
      try {
        return await this.batchGetTabs(metadata, deadline);
      } catch (error) {
        // A tab renamed or deleted since the cached list: Google answers 400 "Unable to parse range".
        if (!(error instanceof StoreError) || httpStatus(error.cause) !== 400) throw error;
        metadata = await this.loadMetadata(deadline, true);
        return await this.batchGetTabs(metadata, deadline);
      }
    });
  }

  /** One values.get of the tab's range (not the batchGet of every tab); undefined when the sheet lacks the tab. */
  readTab(tab: TabName): Promise<Grid | undefined> {
    return this.read(async (deadline) => (await this.tabGrid(tab, deadline))?.grid);
  }

  /**
   * The tabs with writes in one read: values.get for one (as readTab), values.batchGet for several;
   * a tab not in the cached list has the list read again first, as readAll() does.
   */
  readTabsForWrite(tabs: readonly TabName[]): Promise<RawTabs> {
    if (tabs.length === 0) return Promise.resolve({});
    if (tabs.length === 1) {
      const tab = tabs[0]!;
      return this.read(async (deadline) => {
        const found = await this.tabGrid(tab, deadline);
        return found ? { [tab]: found.grid } : {};
      });
    }
    return this.read(async (deadline) => {
      let metadata = await this.loadMetadata(deadline, false);
      if (tabs.some((tab) => !findTab(metadata.tabs, tab))) metadata = await this.loadMetadata(deadline, true);
      try {
        return await this.batchGetTabs(metadata, deadline, tabs);
      } catch (error) {
        // A tab renamed or deleted since the cached list: Google answers 400 "Unable to parse range".
        if (!(error instanceof StoreError) || httpStatus(error.cause) !== 400) throw error;
        metadata = await this.loadMetadata(deadline, true);
        return await this.batchGetTabs(metadata, deadline, tabs);
      }
    });
  }

  append<Name extends TabName>(tab: Name, rows: readonly RowValues<Name>[], basis?: Grid): Promise<Grid | undefined> {
    if (rows.length === 0) return Promise.resolve(basis);
    const clean = sanitizeRows(rows);
    return this.exclusive(async () => {
      const { spec, title, grid, columns } = await this.tabToWrite(tab, basis);
      return this.appendRows(spec, title, grid, columns, clean);
    });
  }

  async appendDecided<Name extends TabName>(tab: Name, decide: (tabs: RawTabs) => RowValues<Name>[]): Promise<RowValues<Name>[]> {
    const decided = decide(await this.readAll());
    await this.append(tab, decided);
    return decided;
  }

  upsert<Name extends TabName>(tab: Name, rows: readonly RowValues<Name>[], basis?: Grid): Promise<Grid | undefined> {
    if (rows.length === 0) return Promise.resolve(basis);
    const clean = sanitizeRows(rows);
    return this.exclusive(async () => {
      const { spec, title, grid, columns } = await this.tabToWrite(tab, basis);
      const rowOf = idRows(spec, grid);
      if (rowOf === undefined) {
        throw new StoreError("header_missing", `La scheda "${title}" non ha la colonna ID: esegui "sheets-sync init"`, false);
      }
      const writes: RowWrite[] = [];
      const fresh: RowValues<Name>[] = [];
      for (const values of clean) {
        const r = rowOf.get(rowId(values));
        if (r === undefined) fresh.push(values);
        else
          writes.push({
            row: r,
            key: rowId(values),
            cells: placeRow(spec, columns, values)
              .filter(({ column }) => column.key !== "id")
              .map(({ index, value }) => ({ column: index, value })),
          });
      }
      // Rows found by their ID, checked in the same call and repaired when a person moved rows
      // meanwhile (google-row-writes.ts). A lost answer is safe: the retry finds the same row.
      const placed = await this.writeIntoRows(spec, title, grid, writes, byId(columns.get("id")!));
      const after = !placed
        ? undefined
        : gridAfterCells(
            grid,
            writes.flatMap(({ row, cells }) => cells.map(({ column, value }) => ({ row, column, value }))),
          );
      if (fresh.length === 0) return after;
      return this.appendRows(spec, title, after ?? (await this.read((deadline) => this.getTab(title, deadline))), columns, fresh);
    });
  }

  /**
   * The tab a write places its rows by: `basis`, the caller's read of a moment ago, under the
   * title in the cached tab list; otherwise (or when the list lacks the tab) a fresh read, since
   * headers may have moved since the last refresh.
   */
  private async tabToWrite<Name extends TabName>(tab: Name, basis: Grid | undefined) {
    const spec = tabSpec(tab);
    const cachedTitle = basis && this.metadata ? findTab(this.metadata.tabs, tab)?.title : undefined;
    const found =
      basis && cachedTitle !== undefined ? { title: cachedTitle, grid: basis } : await this.read((deadline) => this.tabGrid(tab, deadline));
    if (!found) {
      throw new StoreError("tab_missing", `Il foglio non ha la scheda "${tab}": esegui "sheets-sync init"`, false);
    }
    const { title, grid } = found;
    const columns = headerColumns(spec, grid[0] ?? []);
    if (columns.size === 0) {
      throw new StoreError("header_missing", `La scheda "${title}" non ha le intestazioni nella riga 1: esegui "sheets-sync init"`, false);
    }
    return { spec, title, grid, columns };
  }

  /**
   * New rows just below the last row with data, in one atomic batchUpdate (google-new-rows.ts):
   * formatted as data rows, at the header's columns, on a grid of any size.
   */
  private async appendRows<Key extends string>(
    spec: TabSpec<Key>,
    title: string,
    grid: Grid,
    columns: ReadonlyMap<string, number>,
    rows: readonly Readonly<Partial<Record<Key, CellValue>>>[],
  ): Promise<Grid | undefined> {
    if (rows.length === 0) return grid;
    const sheetId = findTab((await this.read((deadline) => this.loadMetadata(deadline, false))).tabs, title)?.sheetId;
    if (sheetId === undefined)
      throw new StoreError("tab_missing", `Il foglio non ha la scheda "${title}": esegui "sheets-sync init"`, false);
    const at = appendRowIndex(grid);
    const values = rows.map((row) => rowCells(spec, columns, row));
    // No retry here, on purpose: after a timeout or a dropped connection the rows may have
    // landed or not. The journal writer reads the tab and looks for the rows' UUIDs before it
    // tries again; retrying blindly here could write them twice.
    await this.batchUpdate(newRowsRequests({ sheetId, at, rows: values, spec, columns }));
    // Rows a person added below the data meanwhile are now under the new ones: the next read brings them.
    return gridAfterAppend(grid, at, values);
  }

  /**
   * Cells written into existing rows, each row named by `keyOf` (its ID, or its content), checked
   * in the same call; rows a person moved meanwhile are put back and the cells written where their
   * row is now, a few rounds at most. True when no repair was needed (the grid then follows from
   * the basis and the cells), false after a repair (the next read has the truth).
   */
  private async writeIntoRows(spec: TabSpec, title: string, basis: Grid, writes: readonly RowWrite[], keyOf: KeyedBy): Promise<boolean> {
    let pending = writes.filter((write) => write.cells.length > 0);
    let clean = true;
    for (let round = 0; pending.length > 0; round++) {
      if (round === MAX_REPAIR_ROUNDS) {
        throw new StoreError(
          "google_rows_moving",
          `Le righe della scheda "${title}" si spostano mentre sheets-sync scrive (ordinamento in corso?): si riprova tra poco`,
          true,
        );
      }
      const data = rowWriteData(title, pending, keyOf.columns);
      const response = await this.write((timeout) =>
        this.client.api.spreadsheets.values.batchUpdate(
          {
            spreadsheetId: this.location,
            requestBody: {
              valueInputOption: "RAW",
              data,
              includeValuesInResponse: true,
              responseValueRenderOption: "UNFORMATTED_VALUE",
              responseDateTimeRenderOption: "SERIAL_NUMBER",
            },
          },
          { timeout, retry: false },
        ),
      );
      const misplaced = misplacedWrites(pending, data, response.data.responses ?? undefined, keyOf.key);
      if (misplaced.length === 0) break;
      clean = false;
      const now = await this.read((deadline) => this.getTab(title, deadline));
      if (!sameHeaders(spec, basis, now)) {
        // Columns moved too: the cells went into their neighbours. Put those back, then let the
        // writer read again and write anew (its retry finds the rows by ID in the new layout).
        await this.putBackShiftedCells(spec, title, basis, now, pending);
        throw new StoreError(
          "google_rows_moving",
          `Le colonne della scheda "${title}" sono cambiate mentre sheets-sync scriveva: si riprova`,
          true,
        );
      }
      pending = repairPlan(basis, now, misplaced, keyOf.key);
    }
    return clean;
  }

  /** The cells a write put into moved columns, given back what they held (columnShiftRestores). */
  private async putBackShiftedCells(spec: TabSpec, title: string, basis: Grid, now: Grid, writes: readonly RowWrite[]): Promise<void> {
    const idNow = headerColumns(spec, now[0] ?? []).get("id");
    const idBasis = headerColumns(spec, basis[0] ?? []).get("id");
    if (idNow === undefined || idBasis === undefined) return;
    const restores = columnShiftRestores(basis, now, writes, { basis: idBasis, now: idNow });
    if (restores.length === 0) return;
    const data = rowWriteData(title, restores, [idNow]);
    await this.write((timeout) =>
      this.client.api.spreadsheets.values.batchUpdate(
        { spreadsheetId: this.location, requestBody: { valueInputOption: "RAW", data } },
        { timeout, retry: false },
      ),
    );
  }

  fillMissingIds(makeId: () => string): Promise<number> {
    return this.exclusive(async () => {
      const tabs = await this.readAll();
      let filled = 0;
      for (const spec of TABS) {
        const grid = tabs[spec.name];
        const title = this.metadata && findTab(this.metadata.tabs, spec.name)?.title;
        if (!grid || !title) continue;
        const columns = headerColumns(spec, grid[0] ?? []);
        const idColumn = columns.get("id");
        if (idColumn === undefined) continue;
        // A row without an ID is named by its content: the check after the write finds an ID that
        // went into another row (a sort meanwhile) and puts that row's own ID back.
        const keyOf = byContent(columns, idColumn);
        const writes = rowsMissingId(spec, grid).map((row) => ({
          row,
          key: keyOf.key(grid[row] ?? []),
          cells: [{ column: idColumn, value: makeId() }],
        }));
        if (writes.length === 0) continue;
        await this.writeIntoRows(spec, title, grid, writes, keyOf);
        filled += writes.length;
      }
      return filled;
    });
  }

  init(): Promise<InitReport> {
    return this.exclusive(async () => {
      const report: InitReport = { createdTabs: [], addedHeaders: [] };
      let metadata = await this.read((deadline) => this.loadMetadata(deadline, true));
      const missing = TABS.filter((spec) => !findTab(metadata.tabs, spec.name));
      if (missing.length > 0) {
        await this.batchUpdate(missing.map((spec) => ({ addSheet: { properties: { title: spec.name } } })));
        report.createdTabs.push(...missing.map((spec) => spec.name));
        metadata = await this.read((deadline) => this.loadMetadata(deadline, true));
      }
      const changedSettings = await this.setItalianSettings(metadata);
      if (changedSettings.length > 0) report.changedSettings = changedSettings;
      const titles = TABS.map((spec) => findTab(metadata.tabs, spec.name)!);
      const headerRows = await this.read((deadline) =>
        this.call(deadline, (timeout) =>
          this.client.api.spreadsheets.values.batchGet(
            {
              spreadsheetId: this.location,
              ranges: titles.map((tab) => `${quoteTab(tab.title)}!1:1`),
              valueRenderOption: "UNFORMATTED_VALUE",
              dateTimeRenderOption: "SERIAL_NUMBER",
            },
            { timeout, retry: false },
          ),
        ),
      );
      const layouts = await this.read((deadline) => this.secondRowLayouts(titles, deadline));
      const headerRowOf = (i: number) => toGrid(headerRows.data.valueRanges?.[i]?.values)[0] ?? [];
      // The Ente dropdowns read the Enti tab's Ente column, wherever it is (or will be: init adds missing headers at the right).
      const enti = TABS.findIndex((spec) => spec.name === ENTI_TAB.name);
      const entiHeader = headerRowOf(enti);
      const entiRange = entiRangeFormula(titles[enti]!.title, headerColumns(ENTI_TAB, entiHeader).get("name") ?? entiHeader.length);
      const plans: TabPlan[] = TABS.map((spec, i) =>
        planTabInit(spec, titles[i]!, headerRowOf(i), layouts.get(titles[i]!.sheetId) ?? [], entiRange),
      );
      const requests = plans.flatMap((plan) => plan.requests);
      // Formats first: they may widen a grid that the new header cells need.
      if (requests.length > 0) await this.batchUpdate(requests);
      const headerWrites = plans.flatMap((plan) => plan.headerWrites);
      if (headerWrites.length > 0) {
        await this.write((timeout) =>
          this.client.api.spreadsheets.values.batchUpdate(
            { spreadsheetId: this.location, requestBody: { valueInputOption: "RAW", data: headerWrites } },
            { timeout, retry: false },
          ),
        );
      }
      // A new tab's headers come with the tab: only headers added to existing tabs are reported.
      report.addedHeaders.push(...plans.flatMap((plan, i) => (report.createdTabs.includes(TABS[i]!.name) ? [] : plan.addedHeaders)));
      if (requests.length > 0) this.metadata = undefined;
      return report;
    });
  }

  /**
   * The spreadsheet's locale and time zone as the contract wants them: it_IT, so what people type
   * reads as in Italy (03/04/2027 is 3 April, 1,5 is one and a half), and Europe/Rome, so NOW() and
   * form timestamps are Rome time. What was changed, or why it could not be.
   */
  private async setItalianSettings(metadata: Metadata): Promise<string[]> {
    const properties: sheets_v4.Schema$SpreadsheetProperties = {};
    if (metadata.locale !== SHEET_LOCALE) properties.locale = SHEET_LOCALE;
    if (metadata.timeZone !== SHEET_TIME_ZONE) properties.timeZone = SHEET_TIME_ZONE;
    const fields = Object.keys(properties);
    if (fields.length === 0) return [];
    const changed = [
      ...(properties.locale ? [`impostazioni internazionali ${metadata.locale ?? "?"} → ${SHEET_LOCALE}`] : []),
      ...(properties.timeZone ? [`fuso orario ${metadata.timeZone ?? "?"} → ${SHEET_TIME_ZONE}`] : []),
    ];
    try {
      await this.batchUpdate([{ updateSpreadsheetProperties: { properties, fields: fields.join(",") } }]);
    } catch (error) {
      if (error instanceof StoreError && error.retryable) throw error;
      return changed.map(
        (change) => `non ho potuto cambiare ${change} (${(error as Error).message}): fallo da File → Impostazioni del foglio`,
      );
    }
    this.metadata = undefined;
    return changed;
  }

  updateCells<Name extends TabName>(tab: Name, rows: readonly RowValues<Name>[], basis?: Grid): Promise<number> {
    if (rows.length === 0) return Promise.resolve(0);
    const clean = sanitizeRows(rows);
    return this.exclusive(async () => {
      const spec = tabSpec(tab);
      const cachedTitle = basis && this.metadata ? findTab(this.metadata.tabs, tab)?.title : undefined;
      const found =
        basis && cachedTitle !== undefined
          ? { title: cachedTitle, grid: basis }
          : await this.read((deadline) => this.tabGrid(tab, deadline));
      const rowOf = found && idRows(spec, found.grid);
      if (!found || !rowOf) return 0;
      const { title, grid } = found;
      const columns = headerColumns(spec, grid[0] ?? []);
      const writes: RowWrite[] = [];
      for (const values of clean) {
        const r = rowOf.get(rowId(values));
        if (r === undefined) continue;
        const cells = placeRow(spec, columns, values)
          .filter(({ index, column, value }) => column.key !== "id" && (grid[r]?.[index] ?? null) !== value)
          .map(({ index, value }) => ({ column: index, value }));
        if (cells.length > 0) writes.push({ row: r, key: rowId(values), cells });
      }
      // Cells found by the row's ID, checked and repaired as upsert() does; RAW: a date is a number
      // in a date-formatted column, a title stays text.
      await this.writeIntoRows(spec, title, grid, writes, byId(columns.get("id")!));
      return writes.reduce((sum, write) => sum + write.cells.length, 0);
    });
  }

  async close(): Promise<void> {
    await this.queue.catch(() => {});
  }

  // ---- reads ----

  /**
   * Row 2 of each tab as init needs it: which columns already have a number format or a
   * dropdown (one spreadsheets.get with grid data). Tabs with a single row have no row 2.
   */
  private async secondRowLayouts(tabs: readonly TabMeta[], deadline: number): Promise<Map<number, (CellLayout | undefined)[]>> {
    const layouts = new Map<number, (CellLayout | undefined)[]>();
    const probed = tabs.filter((tab) => tab.rowCount >= 2);
    if (probed.length === 0) return layouts;
    const response = await this.call(deadline, (timeout) =>
      this.client.api.spreadsheets.get(
        {
          spreadsheetId: this.location,
          ranges: probed.map((tab) => `${quoteTab(tab.title)}!2:2`),
          fields:
            "sheets(properties(sheetId),data(startColumn,rowData(values(userEnteredFormat(numberFormat(type)),dataValidation(condition(type,values(userEnteredValue)))))))",
        },
        { timeout, retry: false },
      ),
    );
    for (const sheet of response.data.sheets ?? []) {
      const sheetId = sheet.properties?.sheetId ?? 0;
      const cells: (CellLayout | undefined)[] = [];
      for (const data of sheet.data ?? []) {
        (data.rowData?.[0]?.values ?? []).forEach((value, i) => {
          const type = value.userEnteredFormat?.numberFormat?.type ?? undefined;
          const condition = value.dataValidation?.condition;
          const list = condition?.type === "ONE_OF_LIST" ? (condition.values ?? []).map((item) => item.userEnteredValue ?? "") : undefined;
          cells[(data.startColumn ?? 0) + i] = {
            ...(type ? { numberFormat: type } : {}),
            validated: Boolean(value.dataValidation),
            ...(list ? { list } : {}),
          };
        });
      }
      layouts.set(sheetId, cells);
    }
    return layouts;
  }

  /** spreadsheets.get: titles, sheetIds, grid sizes, protections, time zone; cached. */
  private async loadMetadata(deadline: number, refresh: boolean): Promise<Metadata> {
    if (this.metadata && !refresh) return this.metadata;
    const response = await this.call(deadline, (timeout) =>
      this.client.api.spreadsheets.get({ spreadsheetId: this.location, fields: METADATA_FIELDS }, { timeout, retry: false }),
    );
    const tabs: TabMeta[] = (response.data.sheets ?? []).map((sheet) => {
      const properties = sheet.properties ?? {};
      return {
        sheetId: properties.sheetId ?? 0,
        title: properties.title ?? "",
        rowCount: properties.gridProperties?.rowCount ?? 1000,
        columnCount: properties.gridProperties?.columnCount ?? 26,
        frozenRowCount: properties.gridProperties?.frozenRowCount ?? 0,
        protectedRanges: (sheet.protectedRanges ?? []).map((protectedRange) => ({
          ...(protectedRange.range?.startColumnIndex == null ? {} : { startColumnIndex: protectedRange.range.startColumnIndex }),
          ...(protectedRange.range?.endColumnIndex == null ? {} : { endColumnIndex: protectedRange.range.endColumnIndex }),
          ...(protectedRange.range?.startRowIndex == null ? {} : { startRowIndex: protectedRange.range.startRowIndex }),
          ...(protectedRange.description == null ? {} : { description: protectedRange.description }),
        })),
      };
    });
    this.metadata = {
      locale: response.data.properties?.locale ?? undefined,
      timeZone: response.data.properties?.timeZone ?? undefined,
      tabs,
    };
    this.missingTabCheckAt = Date.now();
    return this.metadata;
  }

  /** ONE values.batchGet for every contract tab present (or those of `names`). */
  private async batchGetTabs(
    metadata: Metadata,
    deadline: number,
    names: readonly TabName[] = TABS.map((spec) => spec.name),
  ): Promise<RawTabs> {
    const present = names.flatMap((name) => {
      const tab = findTab(metadata.tabs, name);
      return tab ? [{ name, title: tab.title }] : [];
    });
    if (present.length === 0) return {};
    const response = await this.call(deadline, (timeout) =>
      this.client.api.spreadsheets.values.batchGet(
        {
          spreadsheetId: this.location,
          ranges: present.map((tab) => quoteTab(tab.title)),
          valueRenderOption: "UNFORMATTED_VALUE",
          dateTimeRenderOption: "SERIAL_NUMBER",
          majorDimension: "ROWS",
        },
        { timeout, retry: false },
      ),
    );
    const tabs: RawTabs = {};
    present.forEach((tab, i) => {
      tabs[tab.name] = toGrid(response.data.valueRanges?.[i]?.values);
    });
    return tabs;
  }

  /**
   * One tab by its contract name: its title (the cached tab list, refreshed when the tab is not
   * in it) and one values.get of its range. A tab renamed or deleted since the cached list makes
   * Google answer 400 "Unable to parse range": the list is refreshed and the read tried again,
   * as readAll() does. Undefined when the sheet has no such tab.
   */
  private async tabGrid(tab: TabName, deadline: number): Promise<{ title: string; grid: Grid } | undefined> {
    let title = await this.titleOf(tab, deadline, false);
    if (title === undefined) return undefined;
    try {
      return { title, grid: await this.getTab(title, deadline) };
    } catch (error) {
      if (!(error instanceof StoreError) || httpStatus(error.cause) !== 400) throw error;
      title = await this.titleOf(tab, deadline, true);
      return title === undefined ? undefined : { title, grid: await this.getTab(title, deadline) };
    }
  }

  /** The tab's title in the sheet; a tab not in the cached list (or `refresh`) re-reads the list first. */
  private async titleOf(tab: TabName, deadline: number, refresh: boolean): Promise<string | undefined> {
    let found = findTab((await this.loadMetadata(deadline, refresh)).tabs, tab);
    if (!found && !refresh) found = findTab((await this.loadMetadata(deadline, true)).tabs, tab);
    return found?.title;
  }

  private async getTab(title: string, deadline: number) {
    const response = await this.call(deadline, (timeout) =>
      this.client.api.spreadsheets.values.get(
        {
          spreadsheetId: this.location,
          range: quoteTab(title),
          valueRenderOption: "UNFORMATTED_VALUE",
          dateTimeRenderOption: "SERIAL_NUMBER",
        },
        { timeout, retry: false },
      ),
    );
    return toGrid(response.data.values);
  }

  /**
   * A read operation: its calls share one deadline (the store's timeout), and each call that
   * meets a 5xx or a reset is retried within it (google-retry.ts); a 429 is not.
   */
  private read<T>(operation: (deadline: number) => Promise<T>): Promise<T> {
    return operation(Date.now() + this.timeoutMs);
  }

  private call<T>(deadline: number, request: (timeoutMs: number) => Promise<T>): Promise<T> {
    return withReadRetry(
      request,
      (error) => ({
        error: toStoreError(error, this.errorContext()),
        ...(retryAfterMs(error) === undefined ? {} : { retryAfterMs: retryAfterMs(error)! }),
      }),
      { ...DEFAULT_READ_RETRY, deadline },
    );
  }

  // ---- writes ----

  /** One attempt, with the store's timeout; any failure becomes a StoreError. */
  private async write<T>(request: (timeoutMs: number) => Promise<T>): Promise<T> {
    try {
      return await request(this.timeoutMs);
    } catch (error) {
      throw toStoreError(error, this.errorContext());
    }
  }

  private batchUpdate(requests: sheets_v4.Schema$Request[]) {
    return this.write((timeout) =>
      this.client.api.spreadsheets.batchUpdate({ spreadsheetId: this.location, requestBody: { requests } }, { timeout, retry: false }),
    );
  }

  private errorContext() {
    return { sheetId: this.location, ...(this.client.principal ? { principal: this.client.principal } : {}) };
  }

  /** Appends, ID fills and init one at a time: they read, then write what they read. */
  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation, operation);
    this.queue = result.catch(() => {});
    return result;
  }
}

/** How many times misplaced cells are put right before the write is left to the writer's retry. */
const MAX_REPAIR_ROUNDS = 3;

/** How a positional write names its row: the key's columns and the key of a row's cells. */
interface KeyedBy {
  columns: number[];
  key: RowKey;
}

/** A row named by its ID (trimmed text, as idRows() reads it). */
function byId(idColumn: number): KeyedBy {
  return {
    columns: [idColumn],
    key: (cells) => {
      const id = cells[idColumn];
      return typeof id === "string" ? id.trim() : "";
    },
  };
}

/** A row without an ID, named by what its contract columns hold. */
function byContent(columns: ReadonlyMap<string, number>, idColumn: number): KeyedBy {
  const content = [...columns.values()].filter((index) => index !== idColumn).sort((a, b) => a - b);
  return { columns: content, key: (cells) => JSON.stringify(content.map((index) => cells[index] ?? null)) };
}

function sameHeaders(spec: TabSpec, before: Grid, now: Grid): boolean {
  const a = headerColumns(spec, before[0] ?? []);
  const b = headerColumns(spec, now[0] ?? []);
  return a.size === b.size && [...a].every(([key, index]) => b.get(key) === index);
}

/** Opens the store; no network until the first read, so the service starts while Google is away. */
export async function openGoogleStore(options: GoogleStoreOptions): Promise<Store> {
  // The whole URL pasted instead of the id works too: …/spreadsheets/d/ID/edit#gid=0
  const sheetId = /\/d\/([\w-]+)/.exec(options.sheetId)?.[1] ?? options.sheetId.trim();
  if (!sheetId) {
    throw new StoreError(
      "google_sheet_id",
      "Manca l'id del foglio Google: usa --sheet-id o GOOGLE_SHEET_ID (l'id nell'URL del foglio)",
      false,
    );
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  const client = await createSheetsClient({
    timeoutMs,
    ...(options.apiRootUrl ? { apiRootUrl: options.apiRootUrl } : {}),
    ...(options.accessToken ? { accessToken: options.accessToken } : {}),
    ...(options.credentialsFile ? { credentialsFile: options.credentialsFile } : {}),
  });
  return new GoogleStore(client, sheetId, timeoutMs);
}
