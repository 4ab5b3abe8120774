import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { formatTitle, parseA1 } from "./a1-notation.ts";
import { applyRequest } from "./batch-requests.ts";
import { type CellFormatView, isEmpty, type StoredCell, viewOf, violates, withDetectedFormat, withValue } from "./cell-formats.ts";
import { ApiError, defaultFault, errorBody, type GoogleErrorSpec } from "./error-info.ts";
import { type Scalar, typeText } from "./locale-typing.ts";
import { getSpreadsheet } from "./spreadsheet-get.ts";
import { type RecordedFormat, type RecordedProtectedRange, type RecordedValidation, Spreadsheet } from "./spreadsheet-state.ts";
import { cellAt, type GridRange, lastDataRow, type SortSpec, setCell, sortBlock } from "./tab-grid.ts";
import { append, readRange, valuesBatchUpdate } from "./values-api.ts";

export { DOUBLE_PROJECT_NUMBER, type GoogleErrorSpec, SHEETS_FAULTS } from "./error-info.ts";
export type { CellFormatView, GridRange, RecordedFormat, RecordedProtectedRange, RecordedValidation, Scalar, SortSpec };

/**
 * An in-memory double of the Google Sheets v4 REST API, served by node:http on 127.0.0.1, so the
 * google store runs its real client code (googleapis → gaxios → fetch) against it. It behaves as
 * Google does, not as our store assumes; each behaviour's source is cited where it is modelled,
 * and a detail that could not be confirmed offline (an exact message, an undocumented rule) is
 * marked so there.
 *
 * Modelled (module, main source):
 * - A1 ranges; a title with spaces or special characters must be quoted, '' inside quotes
 *   (a1-notation.ts; https://developers.google.com/workspace/sheets/api/guides/concepts#cell).
 * - Grid limits on every read and write, values.append and every batchUpdate request included:
 *   "Range (…) exceeds grid limits. Max rows: …, max columns: …" (spreadsheet-state.ts,
 *   values-api.ts; https://github.com/socialpoint-labs/sheetfu/issues/53,
 *   https://github.com/jroehl/gsheet.action/issues/611, https://github.com/home-assistant/core/issues/104198).
 * - Values: RAW literal, USER_ENTERED read as typed in the spreadsheet's locale; reads trimmed
 *   (values-api.ts, locale-typing.ts;
 *   https://developers.google.com/workspace/sheets/api/reference/rest/v4/ValueInputOption,
 *   https://support.google.com/docs/answer/58515).
 * - values.append: the table found from the range, values from its first column, INSERT_ROWS rows
 *   styled as the row above (values-api.ts, tab-grid.ts;
 *   https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values/append,
 *   https://github.com/nithinmurali/pygsheets/issues/573).
 * - Formats and data validations per cell, moving with inserted, deleted and sorted rows and
 *   columns; insertDimension's inheritFromBefore (cell-formats.ts, tab-grid.ts, batch-requests.ts;
 *   https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets/request#InsertDimensionRequest).
 * - spreadsheets.batchUpdate all-or-nothing, requests in order: addSheet, updateSheetProperties,
 *   updateSpreadsheetProperties, appendDimension, insertDimension, deleteDimension, repeatCell,
 *   updateCells, setDataValidation, addProtectedRange, sortRange (batch-requests.ts;
 *   https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets/request).
 * - `fields` masks on spreadsheets.get and on update requests, checked against the objects'
 *   known fields (field-masks.ts; https://developers.google.com/workspace/sheets/api/guides/field-masks).
 * - Protected ranges (not warningOnly) and strict data validation refuse writes
 *   (spreadsheet-state.ts; #ProtectedRange and #DataValidationRule in the v4 reference).
 * - The spreadsheet's locale and time zone, read and changed (spreadsheet-get.ts,
 *   batch-requests.ts; #UpdateSpreadsheetPropertiesRequest).
 * - Errors as Google sends them, google.rpc.ErrorInfo included, and ready-made faults from public
 *   reports: SHEETS_FAULTS (error-info.ts; https://cloud.google.com/apis/design/errors#error_info,
 *   https://google.aip.dev/193).
 * Faults and a person's edits are driven from TypeScript, not over HTTP: failNext, hang,
 * dropConnections, dropAfterApply, beforeNext; typeAsPerson, sortRows, insertRows,
 * insertColumns, deleteRows.
 *
 * Not modelled: display formats (FORMATTED_VALUE is String(value)), formula evaluation,
 * effectiveFormat, merges, conditional formats, filters, named ranges, developer metadata, data
 * validation other than ONE_OF_LIST, real quotas and Retry-After (only injected faults), the
 * spreadsheet's owner (a protection binds every caller it does not name), sheet properties other
 * than title, grid size and frozen rows (accepted, ignored), revision history.
 */

export type Operation = "get" | "batchGet" | "valuesGet" | "append" | "valuesBatchUpdate" | "batchUpdate" | "unknown";

/** A stored cell: its value and, for a formula cell, the formula text. */
export interface DoubleCell {
  value: Scalar;
  formula?: string;
}

/** What setGrid accepts: a value, or a formula cell with its (last computed) value. */
export type SeedCell = Scalar | { formula: string; value?: Scalar };

export interface LoggedRequest {
  method: string;
  /** Decoded path: /v4/spreadsheets/ID/values/'Buone prassi'!A1:append */
  path: string;
  operation: Operation;
  query: URLSearchParams;
  body?: unknown;
  /** Who sent it, once requireCallers() is on: the account its bearer token was issued to. */
  caller?: string;
}

/** Which requests a fault applies to: reads (GET), writes (POST), or a predicate. */
export type FaultMatch = "any" | "read" | "write" | Operation | ((request: LoggedRequest) => boolean);

/** failNext's error: Google's JSON (status, message, ErrorInfo reason and metadata…) or a raw body. */
export interface FailOptions extends Partial<GoogleErrorSpec> {
  /** A non-JSON body (an HTML error page from a proxy or Google's front end), sent as text/html. */
  body?: string;
  match?: FaultMatch;
}

interface Fault {
  kind: "status" | "hang" | "drop" | "dropAfterApply";
  remaining: number;
  match: FaultMatch;
  error?: Partial<GoogleErrorSpec> & { status: number };
  body?: string;
  ms?: number;
}

export interface DoubleOptions {
  tabs?: string[];
  /** The spreadsheet's locale (File → Settings), default it_IT. */
  locale?: string;
  /** The spreadsheet's time zone, default Europe/Rome. */
  timeZone?: string;
}

function matches(match: FaultMatch, request: LoggedRequest): boolean {
  if (typeof match === "function") return match(request);
  if (match === "any") return true;
  if (match === "read") return request.method === "GET";
  if (match === "write") return request.method !== "GET";
  return request.operation === match;
}

function seedToValue(seed: SeedCell): { value: Scalar; formula?: string } | undefined {
  if (seed !== null && typeof seed === "object") return { value: seed.value ?? null, formula: seed.formula };
  return seed === null || seed === "" ? undefined : { value: seed };
}

export class SheetsDouble {
  readonly spreadsheetId = `double-${randomBytes(6).toString("hex")}`;
  /** Every request received, in order (faulted ones included). */
  readonly requests: LoggedRequest[] = [];
  private sheet: Spreadsheet;
  private faults: Fault[] = [];
  private pendingActions: { match: FaultMatch; action: () => void }[] = [];
  private callers: { identify: (accessToken: string) => string | undefined; sharedWith: Set<string> } | undefined;
  private timers = new Set<NodeJS.Timeout>();
  private server: Server | undefined;
  private port = 0;

  constructor(options: DoubleOptions = {}) {
    this.sheet = new Spreadsheet(this.spreadsheetId, options);
  }

  /** The spreadsheet id, as GOOGLE_SHEET_ID / --sheet-id would give it. */
  get sheetId(): string {
    return this.spreadsheetId;
  }

  /** "http://127.0.0.1:PORT/", for SHEETS_API_ROOT_URL. */
  get rootUrl(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  get timeZone(): string {
    return this.sheet.state.timeZone;
  }

  set timeZone(zone: string) {
    this.sheet.state.timeZone = zone;
  }

  /** The spreadsheet's locale: how USER_ENTERED input and typeAsPerson read dates and numbers. */
  get locale(): string {
    return this.sheet.state.locale;
  }

  set locale(locale: string) {
    this.sheet.state.locale = locale;
  }

  async listen(): Promise<void> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * Checks bearer tokens as Google does, from now on (until then any bearer token passes): a
   * token `identify` gives no account for is 401 UNAUTHENTICATED, an account the spreadsheet is
   * not shared with gets 403 PERMISSION_DENIED ("The caller does not have permission").
   */
  requireCallers(identify: (accessToken: string) => string | undefined, sharedWith: Iterable<string>): void {
    this.callers = { identify, sharedWith: new Set(sharedWith) };
  }

  // ---- fault injection ----

  /**
   * The next `n` matching requests fail and change nothing: Google's JSON error with `status`
   * (default 500), its message, ErrorInfo `reason`/`metadata` and legacy `errors` when given (see
   * SHEETS_FAULTS for real ones); a bare 429 is the read or write quota error. `body` sends that
   * text instead, as an HTML error page.
   */
  failNext(n: number, options: FailOptions = {}): void {
    const { body, match, ...error } = options;
    this.faults.push({
      kind: "status",
      remaining: n,
      match: match ?? "any",
      error: { ...error, status: error.status ?? 500 },
      ...(body === undefined ? {} : { body }),
    });
  }

  /** The next `n` matching requests wait `ms` before being handled (and still apply after it). */
  hang(ms: number, options: { times?: number; match?: FaultMatch } = {}): void {
    this.faults.push({ kind: "hang", remaining: options.times ?? 1, match: options.match ?? "any", ms });
  }

  /** The next `n` matching requests get their connection destroyed before anything is applied. */
  dropConnections(n: number, options: { match?: FaultMatch } = {}): void {
    this.faults.push({ kind: "drop", remaining: n, match: options.match ?? "any" });
  }

  /** The next `n` matching requests are applied, then the connection is destroyed: an unknown outcome. */
  dropAfterApply(n: number, options: { match?: FaultMatch } = {}): void {
    this.faults.push({ kind: "dropAfterApply", remaining: n, match: options.match ?? "any" });
  }

  /**
   * Runs `action` (a person's edit: sortRows, insertRows…) right before the next matching request
   * is applied: between the store's read and its write.
   */
  beforeNext(match: FaultMatch, action: () => void): void {
    this.pendingActions.push({ match, action });
  }

  clearFaults(): void {
    this.faults = [];
    this.pendingActions = [];
  }

  // ---- direct state access for tests ----

  tabTitles(): string[] {
    return this.sheet.sortedTabs.map((tab) => tab.title);
  }

  tabProperties(title: string) {
    const tab = this.sheet.findTab(title);
    if (!tab) return undefined;
    return {
      sheetId: tab.sheetId,
      title: tab.title,
      index: tab.index,
      gridProperties: { rowCount: tab.rowCount, columnCount: tab.columnCount, frozenRowCount: tab.frozenRowCount },
    };
  }

  addTab(title: string): number {
    return this.sheet.addTab(title).sheetId;
  }

  renameTab(from: string, to: string): void {
    this.sheet.requireTab(from).title = to;
  }

  deleteTab(title: string): void {
    const tab = this.sheet.requireTab(title);
    const state = this.sheet.state;
    state.tabs = state.tabs.filter((other) => other !== tab);
    state.protectedRanges = state.protectedRanges.filter((range) => range.range.sheetId !== tab.sheetId);
    this.sheet.sortedTabs.forEach((other, index) => {
      other.index = index;
    });
  }

  /**
   * Replaces a tab's values as the coordinator would by hand (typing or pasting values: each
   * cell's format and validation stay); creates the tab if missing, and grows the grid to fit.
   */
  setGrid(title: string, grid: readonly (readonly SeedCell[])[]): void {
    const tab = this.sheet.findTab(title) ?? this.sheet.addTab(title);
    tab.rows = tab.rows.map((row) => row.map((cell) => withValue(cell, undefined)));
    grid.forEach((row, r) => {
      row.forEach((seed, c) => {
        setCell(tab, r, c, withValue(cellAt(tab, r, c), seedToValue(seed)));
      });
    });
    tab.rowCount = Math.max(tab.rowCount, grid.length);
    tab.columnCount = Math.max(tab.columnCount, ...grid.map((row) => row.length));
  }

  /** The tab as stored, trailing empty cells and rows trimmed; empty cells inside are {value: null}. */
  grid(title: string): DoubleCell[][] {
    const tab = this.sheet.requireTab(title);
    const rows = tab.rows.map((row) => {
      let end = row.length;
      while (end > 0 && isEmpty(row[end - 1])) end--;
      return Array.from(
        row.slice(0, end),
        (cell): DoubleCell =>
          isEmpty(cell) ? { value: null } : { value: cell!.value, ...(cell!.formula === undefined ? {} : { formula: cell!.formula }) },
      );
    });
    while (rows.length > 0 && rows[rows.length - 1]!.length === 0) rows.pop();
    return rows;
  }

  /** The tab's values only (formula cells give their computed value). */
  values(title: string): Scalar[][] {
    return this.grid(title).map((row) => row.map((cell) => cell.value));
  }

  /** A cell's number format, bold and data validation (0-based row and column), as it is now. */
  cellFormat(title: string, row: number, column: number): CellFormatView {
    return viewOf(cellAt(this.sheet.requireTab(title), row, column));
  }

  /**
   * A protected range the coordinator added by hand (Dati → Proteggi intervalli). Not warningOnly
   * (the default, as in Sheets), it locks its cells for everyone but `editors`: the service too,
   * unless its account is listed.
   */
  protect(
    title: string,
    range: Omit<GridRange, "sheetId">,
    options: { description?: string; warningOnly?: boolean; editors?: readonly string[] } = {},
  ): void {
    const { editors, ...rest } = options;
    this.sheet.state.protectedRanges.push({
      protectedRangeId: this.sheet.state.nextProtectedRangeId++,
      range: { sheetId: this.sheet.requireTab(title).sheetId, ...range },
      ...rest,
      ...(rest.warningOnly ? {} : { editors: { users: [...(editors ?? [])] } }),
    });
  }

  /** The repeatCell requests applied, as sent (each cell's own format: cellFormat). */
  get formats(): readonly (RecordedFormat & { sheetId: number })[] {
    return this.sheet.state.formats;
  }

  /** The setDataValidation requests applied, one per range (each cell's own rule: cellFormat). */
  get dataValidations(): readonly RecordedValidation[] {
    return this.sheet.state.validations;
  }

  /** The protected ranges as they are now (they follow inserted and deleted rows). */
  get protectedRanges(): readonly RecordedProtectedRange[] {
    return this.sheet.state.protectedRanges;
  }

  count(operation: Operation): number {
    return this.requests.filter((request) => request.operation === operation).length;
  }

  // ---- a person's edits in the Sheets UI (the owner: protections do not stop them) ----

  /**
   * What a coordinator typing `text` into `cell` ("B2") does: read in the spreadsheet's locale
   * (locale-typing.ts), refused as the UI refuses it by a strict ("Reject input") validation.
   */
  typeAsPerson(title: string, cell: string, text: string): void {
    const tab = this.sheet.requireTab(title);
    const a1 = parseA1(`${formatTitle(tab.title)}!${cell}`);
    const r = a1.startRow ?? 0;
    const c = a1.startColumn ?? 0;
    if (r >= tab.rowCount || c >= tab.columnCount) throw new Error(`${cell} is outside the grid of ${title}`);
    const typed = typeText(text, this.sheet.state.locale);
    const current = cellAt(tab, r, c);
    const next: StoredCell | undefined = withDetectedFormat(withValue(current, typed), typed?.numberFormat);
    if (violates(current?.validation, next))
      throw new Error(`Sheets rejects "${text}" in ${title}!${cell}: its data validation rejects input`);
    setCell(tab, r, c, next);
  }

  /**
   * The data rows (all rows below row 1, down to the last with data) sorted by `column`, whole
   * rows with their formats and validations, as Data → Sort range does (tab-grid.ts sortBlock).
   */
  sortRows(title: string, spec: SortSpec): void {
    const tab = this.sheet.requireTab(title);
    sortBlock(tab, 1, lastDataRow(tab) + 1, 0, tab.columnCount, [spec]);
  }

  /**
   * `count` rows inserted at 0-based `index` (Insert → Row above row index+1), styled as the row
   * above (as the row below when inserted at the top): as insertDimension's inheritFromBefore
   * does; which side the UI copies is not confirmed offline. Protected ranges follow.
   */
  insertRows(title: string, index: number, count = 1): void {
    const tab = this.sheet.requireTab(title);
    this.sheet.insertDimension(tab, "ROWS", index, count, index > 0 ? index - 1 : index < tab.rowCount ? index : undefined);
  }

  /** As insertRows, for columns (Insert → Column left of column index+1). */
  insertColumns(title: string, index: number, count = 1): void {
    const tab = this.sheet.requireTab(title);
    this.sheet.insertDimension(tab, "COLUMNS", index, count, index > 0 ? index - 1 : index < tab.columnCount ? index : undefined);
  }

  /** Rows [start, end) deleted (0-based, end excluded): those below move up, the grid shrinks. */
  deleteRows(title: string, start: number, end: number): void {
    const tab = this.sheet.requireTab(title);
    if (start < 0 || end > tab.rowCount || end <= start) throw new Error(`rows ${start}..${end} are not in ${title}`);
    if (start === 0 && end === tab.rowCount) throw new Error("Sheets does not delete all the rows of a sheet");
    this.sheet.deleteDimension(tab, "ROWS", start, end);
  }

  // ---- HTTP ----

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const rawBody = await readBody(request);
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = rawBody;
    }
    const route = this.route(request.method ?? "GET", url.pathname);
    const logged: LoggedRequest = {
      method: request.method ?? "GET",
      path: safeDecode(url.pathname),
      operation: route?.operation ?? "unknown",
      query: url.searchParams,
      ...(body === undefined ? {} : { body }),
    };
    this.requests.push(logged);

    const fault = this.takeFault(logged);
    if (fault?.kind === "hang") {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, fault.ms);
        this.timers.add(timer);
      });
    }
    if (fault?.kind === "drop") {
      request.socket.destroy();
      return;
    }
    if (fault?.kind === "status") {
      if (fault.body !== undefined) {
        response.writeHead(fault.error!.status, { "content-type": "text/html; charset=UTF-8" }).end(fault.body);
        return;
      }
      const spec = { ...defaultFault(fault.error!.status, logged.method), ...definedOnly(fault.error!) };
      sendJson(response, spec.status, errorBody(spec, logged.operation));
      return;
    }

    let status = 200;
    let payload: unknown;
    try {
      const bearer = /^Bearer (\S+)/.exec(request.headers.authorization ?? "")?.[1];
      if (!bearer) {
        throw new ApiError(
          401,
          "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
        );
      }
      const caller = this.callers?.identify(bearer);
      if (this.callers && caller === undefined) {
        throw new ApiError(
          401,
          "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
        );
      }
      if (caller !== undefined) logged.caller = caller;
      if (!route) throw new ApiError(404, `Not found: ${request.method} ${url.pathname}`);
      if (route.spreadsheetId !== this.spreadsheetId) throw new ApiError(404, "Requested entity was not found.");
      if (caller !== undefined && !this.callers!.sharedWith.has(caller)) throw new ApiError(403, "The caller does not have permission");
      this.runPendingActions(logged);
      payload = this.apply(route, url.searchParams, body, caller);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        status = 500;
        payload = { error: { code: 500, message: String(error), status: "INTERNAL" } };
      } else {
        status = error.code;
        payload = errorBody(error.spec, logged.operation);
      }
    }
    if (fault?.kind === "dropAfterApply") {
      request.socket.destroy();
      return;
    }
    if (response.destroyed || request.socket.destroyed) return;
    sendJson(response, status, payload);
  }

  private takeFault(request: LoggedRequest): Fault | undefined {
    const fault = this.faults.find((candidate) => candidate.remaining > 0 && matches(candidate.match, request));
    if (!fault) return undefined;
    fault.remaining--;
    this.faults = this.faults.filter((candidate) => candidate.remaining > 0);
    return fault;
  }

  private runPendingActions(request: LoggedRequest): void {
    const due = this.pendingActions.filter((pending) => matches(pending.match, request));
    this.pendingActions = this.pendingActions.filter((pending) => !due.includes(pending));
    for (const { action } of due) action();
  }

  private route(method: string, rawPath: string) {
    // Decode the range only after splitting off ":append": the client percent-encodes the
    // range's own colons, so the last literal ':' is the method's.
    const match = /^\/v4\/spreadsheets\/([^/:]+)(.*)$/.exec(rawPath);
    if (!match) return undefined;
    const spreadsheetId = safeDecode(match[1]!);
    const rest = match[2]!;
    if (method === "GET" && rest === "") return { operation: "get" as const, spreadsheetId };
    if (method === "POST" && rest === ":batchUpdate") return { operation: "batchUpdate" as const, spreadsheetId };
    if (method === "GET" && rest === "/values:batchGet") return { operation: "batchGet" as const, spreadsheetId };
    if (method === "POST" && rest === "/values:batchUpdate") return { operation: "valuesBatchUpdate" as const, spreadsheetId };
    const append = /^\/values\/([^/]+):append$/.exec(rest);
    if (method === "POST" && append) return { operation: "append" as const, spreadsheetId, range: safeDecode(append[1]!) };
    const get = /^\/values\/([^/]+)$/.exec(rest);
    if (method === "GET" && get) return { operation: "valuesGet" as const, spreadsheetId, range: safeDecode(get[1]!) };
    return undefined;
  }

  private apply(
    route: NonNullable<ReturnType<SheetsDouble["route"]>>,
    query: URLSearchParams,
    body: unknown,
    caller: string | undefined,
  ): unknown {
    const sheet = this.sheet;
    switch (route.operation) {
      case "get":
        return getSpreadsheet(sheet, query);
      case "batchGet":
        return { spreadsheetId: this.spreadsheetId, valueRanges: query.getAll("ranges").map((range) => readRange(sheet, range, query)) };
      case "valuesGet":
        return readRange(sheet, route.range!, query);
      case "append":
        return append(sheet, route.range!, query, body, caller);
      case "valuesBatchUpdate":
        return valuesBatchUpdate(sheet, body, caller);
      case "batchUpdate": {
        const requests = ((body ?? {}) as { requests?: Record<string, unknown>[] }).requests;
        if (!Array.isArray(requests) || requests.length === 0) throw new ApiError(400, "Must specify at least one request.");
        const replies = sheet.transaction(() => requests.map((item, i) => applyRequest(sheet, item, i, caller)));
        return { spreadsheetId: this.spreadsheetId, replies };
      }
    }
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}

function sendJson(response: ServerResponse, status: number, payload: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=UTF-8" }).end(JSON.stringify(payload));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", () => resolve(""));
  });
}

/** Starts a double on an ephemeral port of 127.0.0.1 with one empty tab ("Foglio1"). */
export async function startSheetsDouble(options: DoubleOptions = {}): Promise<SheetsDouble> {
  const double = new SheetsDouble(options);
  await double.listen();
  return double;
}
