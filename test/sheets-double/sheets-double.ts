import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { A1Error, type A1Range, formatA1, parseA1 } from "./a1-notation.ts";

/**
 * An in-memory double of the Google Sheets v4 REST API, served by node:http on 127.0.0.1, so the
 * google store runs its real client code (googleapis → gaxios → fetch) against it. It implements
 * what the store uses, with Google's own semantics where they matter to us:
 * - values are typed cells; RAW keeps every string literally, USER_ENTERED turns "=…" into a
 *   formula and "20/01/2027" into a date serial (the it_IT locale);
 * - reads omit trailing empty cells and rows, and render empty cells inside a row as "";
 * - append finds the table from the range's start (the contiguous block of non-empty rows) and
 *   writes after its last row (INSERT_ROWS shifts the rows below);
 * - spreadsheets.batchUpdate is all-or-nothing;
 * - errors have Google's shape: {"error":{"code":429,"message":"…","status":"RESOURCE_EXHAUSTED"}}.
 * Faults are injected from TypeScript, not over HTTP: failNext, hang, dropConnections, dropAfterApply.
 * - spreadsheets.get with `ranges` and grid data (a `fields` mask naming `data`, or
 *   includeGridData) gives each cell's userEnteredFormat.numberFormat and dataValidation, from
 *   the repeatCell and setDataValidation requests that cover it (the latest one wins);
 * Not modelled: display formats (FORMATTED_VALUE is String(value)), formula evaluation, the
 * shifting of formats/validations/protections when rows are inserted.
 */

export type Scalar = string | number | boolean | null;

/** A stored cell: its value and, for a formula cell, the formula text. */
export interface DoubleCell {
  value: Scalar;
  formula?: string;
}

/** What setGrid accepts: a value, or a formula cell with its (last computed) value. */
export type SeedCell = Scalar | { formula: string; value?: Scalar };

export interface GridRange {
  sheetId?: number;
  startRowIndex?: number;
  endRowIndex?: number;
  startColumnIndex?: number;
  endColumnIndex?: number;
}

export interface RecordedFormat {
  range: GridRange;
  cell: unknown;
  fields: string;
}

export interface RecordedValidation {
  range: GridRange;
  rule: {
    condition: { type: string; values?: { userEnteredValue: string }[] };
    strict?: boolean;
    showCustomUi?: boolean;
  };
}

export interface RecordedProtectedRange {
  protectedRangeId: number;
  range: GridRange;
  description?: string;
  warningOnly?: boolean;
}

export type Operation = "get" | "batchGet" | "valuesGet" | "append" | "valuesBatchUpdate" | "batchUpdate" | "unknown";

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

interface Fault {
  kind: "status" | "hang" | "drop" | "dropAfterApply";
  remaining: number;
  match: FaultMatch;
  status?: number;
  message?: string;
  body?: string;
  ms?: number;
}

interface Tab {
  sheetId: number;
  title: string;
  index: number;
  rowCount: number;
  columnCount: number;
  frozenRowCount: number;
  rows: (DoubleCell | undefined)[][];
}

interface State {
  timeZone: string;
  tabs: Tab[];
  formats: (RecordedFormat & { sheetId: number })[];
  validations: RecordedValidation[];
  protectedRanges: RecordedProtectedRange[];
  nextSheetId: number;
  nextProtectedRangeId: number;
}

class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const STATUS_NAMES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ABORTED",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  502: "UNAVAILABLE",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

const DEFAULT_MESSAGES: Record<number, string> = {
  403: "The caller does not have permission",
  404: "Requested entity was not found.",
  429: "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com'.",
  500: "Internal error encountered.",
  502: "Bad Gateway",
  503: "The service is currently unavailable.",
  504: "Deadline expired before operation could complete.",
};

const EPOCH_UTC = Date.UTC(1899, 11, 30);

function isEmpty(cell: DoubleCell | undefined): boolean {
  return cell === undefined || (cell.formula === undefined && (cell.value === null || cell.value === ""));
}

function seedToCell(seed: SeedCell): DoubleCell | undefined {
  if (seed !== null && typeof seed === "object") return { value: seed.value ?? null, formula: seed.formula };
  return seed === null || seed === "" ? undefined : { value: seed };
}

/** A value from a request body, as RAW or USER_ENTERED input; undefined = leave the cell as is. */
function inputToCell(value: unknown, option: string): DoubleCell | undefined | "skip" {
  if (value === null || value === undefined) return "skip";
  if (typeof value === "number" || typeof value === "boolean") return { value };
  const text = String(value);
  if (text === "") return undefined;
  if (option === "RAW") return { value: text };
  // USER_ENTERED: what typing into the cell would do (it_IT locale).
  if (text.startsWith("=")) return { value: null, formula: text };
  if (text.startsWith("'")) return { value: text.slice(1) };
  const date = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (date) {
    const utc = Date.UTC(Number(date[3]), Number(date[2]) - 1, Number(date[1]));
    return { value: Math.round((utc - EPOCH_UTC) / 86_400_000) };
  }
  if (/^-?\d+(,\d+)?$/.test(text)) return { value: Number(text.replace(",", ".")) };
  if (/^(true|vero)$/i.test(text)) return { value: true };
  if (/^(false|falso)$/i.test(text)) return { value: false };
  return { value: text };
}

function render(cell: DoubleCell | undefined, valueRenderOption: string): Scalar {
  if (cell === undefined) return "";
  if (valueRenderOption === "FORMULA" && cell.formula !== undefined) return cell.formula;
  if (valueRenderOption === "FORMATTED_VALUE") {
    if (cell.value === null) return "";
    if (typeof cell.value === "boolean") return cell.value ? "TRUE" : "FALSE";
    return String(cell.value);
  }
  return cell.value ?? "";
}

function matches(match: FaultMatch, request: LoggedRequest): boolean {
  if (typeof match === "function") return match(request);
  if (match === "any") return true;
  if (match === "read") return request.method === "GET";
  if (match === "write") return request.method !== "GET";
  return request.operation === match;
}

export class SheetsDouble {
  readonly spreadsheetId = `double-${randomBytes(6).toString("hex")}`;
  /** Every request received, in order (faulted ones included). */
  readonly requests: LoggedRequest[] = [];
  private state: State = {
    timeZone: "Europe/Rome",
    tabs: [],
    formats: [],
    validations: [],
    protectedRanges: [],
    nextSheetId: 0,
    nextProtectedRangeId: 1000,
  };
  private faults: Fault[] = [];
  private callers: { identify: (accessToken: string) => string | undefined; sharedWith: Set<string> } | undefined;
  private timers = new Set<NodeJS.Timeout>();
  private server: Server | undefined;
  private port = 0;

  constructor(options: { tabs?: string[] } = {}) {
    for (const title of options.tabs ?? ["Foglio1"]) this.addTab(title);
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
    return this.state.timeZone;
  }

  set timeZone(zone: string) {
    this.state.timeZone = zone;
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

  /** The next `n` matching requests fail with `status` (Google's error body) and change nothing. */
  failNext(n: number, options: { status?: number; message?: string; body?: string; match?: FaultMatch } = {}): void {
    this.faults.push({
      kind: "status",
      remaining: n,
      match: options.match ?? "any",
      status: options.status ?? 500,
      ...(options.message === undefined ? {} : { message: options.message }),
      ...(options.body === undefined ? {} : { body: options.body }),
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

  clearFaults(): void {
    this.faults = [];
  }

  // ---- direct state access for tests ----

  tabTitles(): string[] {
    return [...this.state.tabs].sort((a, b) => a.index - b.index).map((tab) => tab.title);
  }

  tabProperties(title: string) {
    const tab = this.findTab(title);
    if (!tab) return undefined;
    return {
      sheetId: tab.sheetId,
      title: tab.title,
      index: tab.index,
      gridProperties: { rowCount: tab.rowCount, columnCount: tab.columnCount, frozenRowCount: tab.frozenRowCount },
    };
  }

  addTab(title: string): number {
    if (this.findTab(title)) throw new Error(`tab ${title} exists`);
    const sheetId = this.state.nextSheetId++;
    this.state.tabs.push({
      sheetId,
      title,
      index: this.state.tabs.length,
      rowCount: 1000,
      columnCount: 26,
      frozenRowCount: 0,
      rows: [],
    });
    return sheetId;
  }

  renameTab(from: string, to: string): void {
    this.requireTab(from).title = to;
  }

  deleteTab(title: string): void {
    const tab = this.requireTab(title);
    this.state.tabs = this.state.tabs.filter((other) => other !== tab);
    this.state.tabs.forEach((other, index) => {
      other.index = index;
    });
  }

  /** Replaces a tab's content as the coordinator would by hand; creates the tab if missing. */
  setGrid(title: string, grid: readonly (readonly SeedCell[])[]): void {
    if (!this.findTab(title)) this.addTab(title);
    const tab = this.requireTab(title);
    tab.rows = grid.map((row) => row.map(seedToCell));
    tab.rowCount = Math.max(tab.rowCount, grid.length);
    tab.columnCount = Math.max(tab.columnCount, ...grid.map((row) => row.length));
  }

  /** The tab as stored, trailing empty cells and rows trimmed; empty cells inside are {value: null}. */
  grid(title: string): DoubleCell[][] {
    const tab = this.requireTab(title);
    const rows = tab.rows.map((row) => {
      let end = row.length;
      while (end > 0 && isEmpty(row[end - 1])) end--;
      return row.slice(0, end).map((cell) => (cell ? { ...cell } : { value: null }));
    });
    while (rows.length > 0 && rows[rows.length - 1]!.length === 0) rows.pop();
    return rows;
  }

  /** The tab's values only (formula cells give their computed value). */
  values(title: string): Scalar[][] {
    return this.grid(title).map((row) => row.map((cell) => cell.value));
  }

  /** A protected range the coordinator added by hand (Dati → Proteggi intervalli). */
  protect(title: string, range: Omit<GridRange, "sheetId">, options: { description?: string; warningOnly?: boolean } = {}): void {
    this.state.protectedRanges.push({
      protectedRangeId: this.state.nextProtectedRangeId++,
      range: { sheetId: this.requireTab(title).sheetId, ...range },
      ...options,
    });
  }

  get formats(): readonly (RecordedFormat & { sheetId: number })[] {
    return this.state.formats;
  }

  get dataValidations(): readonly RecordedValidation[] {
    return this.state.validations;
  }

  get protectedRanges(): readonly RecordedProtectedRange[] {
    return this.state.protectedRanges;
  }

  count(operation: Operation): number {
    return this.requests.filter((request) => request.operation === operation).length;
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
        response.writeHead(fault.status!, { "content-type": "text/html; charset=UTF-8" }).end(fault.body);
        return;
      }
      sendError(response, new ApiError(fault.status!, fault.message ?? DEFAULT_MESSAGES[fault.status!] ?? "Error"));
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
      if (route.spreadsheetId !== this.spreadsheetId) throw new ApiError(404, DEFAULT_MESSAGES[404]!);
      if (caller !== undefined && !this.callers!.sharedWith.has(caller)) throw new ApiError(403, DEFAULT_MESSAGES[403]!);
      payload = this.apply(route, url.searchParams, body);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        status = 500;
        payload = { error: { code: 500, message: String(error), status: "INTERNAL" } };
      } else {
        status = error.code;
        payload = errorBody(error);
      }
    }
    if (fault?.kind === "dropAfterApply") {
      request.socket.destroy();
      return;
    }
    if (response.destroyed || request.socket.destroyed) return;
    response.writeHead(status, { "content-type": "application/json; charset=UTF-8" }).end(JSON.stringify(payload));
  }

  private takeFault(request: LoggedRequest): Fault | undefined {
    const fault = this.faults.find((candidate) => candidate.remaining > 0 && matches(candidate.match, request));
    if (!fault) return undefined;
    fault.remaining--;
    this.faults = this.faults.filter((candidate) => candidate.remaining > 0);
    return fault;
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

  private apply(route: NonNullable<ReturnType<SheetsDouble["route"]>>, query: URLSearchParams, body: unknown): unknown {
    switch (route.operation) {
      case "get":
        return this.getSpreadsheet(query);
      case "batchGet": {
        const ranges = query.getAll("ranges");
        return {
          spreadsheetId: this.spreadsheetId,
          valueRanges: ranges.map((range) => this.readRange(range, query)),
        };
      }
      case "valuesGet":
        return this.readRange(route.range!, query);
      case "append":
        return this.append(route.range!, query, body);
      case "valuesBatchUpdate":
        return this.valuesBatchUpdate(body);
      case "batchUpdate":
        return this.batchUpdate(body);
    }
  }

  private getSpreadsheet(query: URLSearchParams) {
    const ranges = query.getAll("ranges").map((range) => {
      const { tab, a1 } = this.resolve(range);
      this.checkLimits(tab, a1.endRow ?? tab.rowCount, a1.endColumn ?? tab.columnCount, range);
      return { tab, a1 };
    });
    const withData = ranges.length > 0 && (query.get("includeGridData") === "true" || /\bdata\b/.test(query.get("fields") ?? ""));
    return {
      spreadsheetId: this.spreadsheetId,
      properties: { title: "Rete URP (double)", locale: "it_IT", timeZone: this.state.timeZone },
      sheets: [...this.state.tabs]
        .sort((a, b) => a.index - b.index)
        .map((tab) => {
          const protectedRanges = this.state.protectedRanges.filter((range) => range.range.sheetId === tab.sheetId);
          return {
            properties: {
              sheetId: tab.sheetId,
              title: tab.title,
              index: tab.index,
              sheetType: "GRID",
              gridProperties: {
                rowCount: tab.rowCount,
                columnCount: tab.columnCount,
                ...(tab.frozenRowCount ? { frozenRowCount: tab.frozenRowCount } : {}),
              },
            },
            ...(protectedRanges.length ? { protectedRanges: structuredClone(protectedRanges) } : {}),
            ...(withData && ranges.some((range) => range.tab === tab)
              ? { data: ranges.filter((range) => range.tab === tab).map(({ a1 }) => this.gridData(tab, a1)) }
              : {}),
          };
        }),
      spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${this.spreadsheetId}/edit`,
    };
  }

  /** GridData of a range: per cell its value, number format and data validation (empty cells as {}). */
  private gridData(tab: Tab, a1: A1Range) {
    const startRow = a1.startRow ?? 0;
    const startColumn = a1.startColumn ?? 0;
    const endRow = a1.endRow ?? tab.rowCount;
    const endColumn = a1.endColumn ?? tab.columnCount;
    const covers = (range: GridRange, r: number, c: number) =>
      range.sheetId === tab.sheetId &&
      (range.startRowIndex ?? 0) <= r &&
      r < (range.endRowIndex ?? Number.POSITIVE_INFINITY) &&
      (range.startColumnIndex ?? 0) <= c &&
      c < (range.endColumnIndex ?? Number.POSITIVE_INFINITY);
    const rowData: { values?: Record<string, unknown>[] }[] = [];
    for (let r = startRow; r < endRow; r++) {
      const values: Record<string, unknown>[] = [];
      for (let c = startColumn; c < endColumn; c++) {
        const cell: Record<string, unknown> = {};
        const stored = tab.rows[r]?.[c];
        if (!isEmpty(stored)) cell.effectiveValue = stored!.value;
        const format = this.state.formats.findLast((item) => item.fields.includes("numberFormat") && covers(item.range, r, c));
        const numberFormat = (format?.cell as { userEnteredFormat?: { numberFormat?: unknown } } | undefined)?.userEnteredFormat
          ?.numberFormat;
        if (numberFormat) cell.userEnteredFormat = { numberFormat: structuredClone(numberFormat) };
        const validation = this.state.validations.findLast((item) => covers(item.range, r, c));
        if (validation) cell.dataValidation = structuredClone(validation.rule);
        values.push(cell);
      }
      while (values.length > 0 && Object.keys(values[values.length - 1]!).length === 0) values.pop();
      rowData.push(values.length ? { values } : {});
    }
    while (rowData.length > 0 && rowData[rowData.length - 1]!.values === undefined) rowData.pop();
    return { startRow, startColumn, ...(rowData.length ? { rowData } : {}) };
  }

  private resolve(range: string): { tab: Tab; a1: A1Range } {
    let a1: A1Range;
    try {
      a1 = parseA1(range);
    } catch (error) {
      if (error instanceof A1Error) throw new ApiError(400, `Unable to parse range: ${range}`);
      throw error;
    }
    const tab = this.findTab(a1.title);
    if (!tab) throw new ApiError(400, `Unable to parse range: ${range}`);
    return { tab, a1 };
  }

  private checkLimits(tab: Tab, endRow: number, endColumn: number, shown: string): void {
    if (endRow > tab.rowCount || endColumn > tab.columnCount) {
      throw new ApiError(400, `Range (${shown}) exceeds grid limits. Max rows: ${tab.rowCount}, max columns: ${tab.columnCount}`);
    }
  }

  private readRange(range: string, query: URLSearchParams) {
    const { tab, a1 } = this.resolve(range);
    const render = query.get("valueRenderOption") ?? "FORMATTED_VALUE";
    const startRow = a1.startRow ?? 0;
    const startColumn = a1.startColumn ?? 0;
    const endRow = a1.endRow ?? tab.rowCount;
    const endColumn = a1.endColumn ?? tab.columnCount;
    this.checkLimits(tab, endRow, endColumn, range);
    const values: Scalar[][] = [];
    for (let r = startRow; r < endRow; r++) {
      const row = tab.rows[r] ?? [];
      let end = Math.min(endColumn, row.length);
      while (end > startColumn && isEmpty(row[end - 1])) end--;
      const cells: Scalar[] = [];
      for (let c = startColumn; c < end; c++) cells.push(renderCell(row[c], render));
      values.push(cells);
    }
    while (values.length > 0 && values[values.length - 1]!.length === 0) values.pop();
    return {
      range: formatA1(tab.title, startRow, startColumn, endRow, endColumn),
      majorDimension: "ROWS",
      ...(values.length ? { values } : {}),
    };
  }

  private append(range: string, query: URLSearchParams, body: unknown) {
    const { tab, a1 } = this.resolve(range);
    const option = requireInputOption(query.get("valueInputOption"));
    const insert = (query.get("insertDataOption") ?? "OVERWRITE") === "INSERT_ROWS";
    const values = requireValues(body);
    const startColumn = a1.startColumn ?? 0;
    const rowHasData = (r: number) => (tab.rows[r] ?? []).some((cell, c) => c >= startColumn && !isEmpty(cell));
    // The table: the first non-empty row at or after the range's start, and the rows that follow
    // it without a gap. A blank row ends the table (Google does the same).
    const from = a1.startRow ?? 0;
    let first = from;
    while (first < tab.rows.length && !rowHasData(first)) first++;
    let target = from;
    let tableRange: string | undefined;
    if (first < tab.rows.length) {
      let last = first;
      while (rowHasData(last + 1)) last++;
      target = last + 1;
      const width = Math.max(...tab.rows.slice(first, last + 1).map((row) => row.length));
      tableRange = formatA1(tab.title, first, startColumn, last + 1, Math.max(width, startColumn + 1));
    }
    const cells = values.map((row) =>
      row.map((value) => {
        const cell = inputToCell(value, option);
        return cell === "skip" ? undefined : cell;
      }),
    );
    const width = Math.max(1, ...cells.map((row) => row.length));
    if (insert) {
      // INSERT_ROWS: new rows go in at the target, pushing whatever lies below further down.
      if (target < tab.rows.length) tab.rows.splice(target, 0, ...cells.map((): (DoubleCell | undefined)[] => []));
      tab.rowCount += cells.length;
    }
    cells.forEach((row, i) => {
      const r = target + i;
      while (tab.rows.length <= r) tab.rows.push([]);
      const stored = tab.rows[r]!;
      row.forEach((cell, c) => {
        stored[startColumn + c] = cell;
      });
    });
    tab.rowCount = Math.max(tab.rowCount, target + cells.length);
    tab.columnCount = Math.max(tab.columnCount, startColumn + width);
    const updatedRange = formatA1(tab.title, target, startColumn, target + cells.length, startColumn + width);
    return {
      spreadsheetId: this.spreadsheetId,
      ...(tableRange ? { tableRange } : {}),
      updates: {
        spreadsheetId: this.spreadsheetId,
        updatedRange,
        updatedRows: cells.length,
        updatedColumns: width,
        updatedCells: cells.reduce((sum, row) => sum + row.length, 0),
      },
    };
  }

  private valuesBatchUpdate(body: unknown) {
    const request = (body ?? {}) as { valueInputOption?: string; data?: { range: string; values?: unknown[][] }[] };
    const option = requireInputOption(request.valueInputOption ?? null);
    const data = request.data ?? [];
    // Check every range before writing anything: the call is all-or-nothing.
    const writes = data.map((item) => {
      const { tab, a1 } = this.resolve(item.range);
      const values = requireValues(item);
      const startRow = a1.startRow ?? 0;
      const startColumn = a1.startColumn ?? 0;
      const width = Math.max(0, ...values.map((row) => row.length));
      this.checkLimits(tab, startRow + values.length, startColumn + width, item.range);
      return { tab, startRow, startColumn, values, width };
    });
    const responses = writes.map(({ tab, startRow, startColumn, values, width }) => {
      values.forEach((row, i) => {
        while (tab.rows.length <= startRow + i) tab.rows.push([]);
        const stored = tab.rows[startRow + i]!;
        row.forEach((value, c) => {
          const cell = inputToCell(value, option);
          if (cell !== "skip") stored[startColumn + c] = cell;
        });
      });
      return {
        spreadsheetId: this.spreadsheetId,
        updatedRange: formatA1(tab.title, startRow, startColumn, startRow + values.length, startColumn + Math.max(width, 1)),
        updatedRows: values.length,
        updatedColumns: width,
        updatedCells: values.reduce((sum, row) => sum + row.length, 0),
      };
    });
    return {
      spreadsheetId: this.spreadsheetId,
      totalUpdatedRows: responses.reduce((sum, item) => sum + item.updatedRows, 0),
      totalUpdatedColumns: Math.max(0, ...responses.map((item) => item.updatedColumns)),
      totalUpdatedCells: responses.reduce((sum, item) => sum + item.updatedCells, 0),
      totalUpdatedSheets: new Set(writes.map((write) => write.tab.sheetId)).size,
      responses,
    };
  }

  private batchUpdate(body: unknown) {
    const requests = ((body ?? {}) as { requests?: Record<string, unknown>[] }).requests;
    if (!Array.isArray(requests) || requests.length === 0) throw new ApiError(400, "Must specify at least one request.");
    // All-or-nothing: apply to a copy and keep it only when every request succeeded.
    const saved = structuredClone(this.state);
    try {
      const replies = requests.map((request, i) => this.applyRequest(request, i));
      return { spreadsheetId: this.spreadsheetId, replies };
    } catch (error) {
      this.state = saved;
      throw error;
    }
  }

  private applyRequest(request: Record<string, unknown>, i: number): unknown {
    const kinds = Object.keys(request);
    if (kinds.length !== 1) throw new ApiError(400, `Invalid requests[${i}]: exactly one kind of request expected`);
    const kind = kinds[0]!;
    // biome-ignore lint/suspicious/noExplicitAny: a batchUpdate request is loose JSON from the client; checkGridRange and friends validate what is used.
    const args = request[kind] as Record<string, any>;
    switch (kind) {
      case "addSheet": {
        // biome-ignore lint/suspicious/noExplicitAny: loose request JSON, validated field by field below.
        const properties = (args.properties ?? {}) as Record<string, any>;
        const title = String(properties.title ?? `Foglio${this.state.tabs.length + 1}`);
        if (this.findTab(title)) {
          throw new ApiError(
            400,
            `Invalid requests[${i}].addSheet: A sheet with the name "${title}" already exists. Please enter another name.`,
          );
        }
        const sheetId = this.addTab(title);
        const tab = this.requireTab(title);
        const grid = (properties.gridProperties ?? {}) as Record<string, number>;
        if (grid.rowCount) tab.rowCount = grid.rowCount;
        if (grid.columnCount) tab.columnCount = grid.columnCount;
        if (grid.frozenRowCount) tab.frozenRowCount = grid.frozenRowCount;
        return {
          addSheet: {
            properties: {
              sheetId,
              title,
              index: tab.index,
              sheetType: "GRID",
              gridProperties: { rowCount: tab.rowCount, columnCount: tab.columnCount },
            },
          },
        };
      }
      case "updateSheetProperties": {
        // biome-ignore lint/suspicious/noExplicitAny: loose request JSON, validated field by field below.
        const properties = (args.properties ?? {}) as Record<string, any>;
        const tab = this.tabById(properties.sheetId, i);
        const fields = String(args.fields ?? "")
          .split(",")
          .map((field) => field.trim());
        for (const field of fields) {
          if (field === "title" && properties.title) tab.title = String(properties.title);
          else if (field === "gridProperties.frozenRowCount") tab.frozenRowCount = Number(properties.gridProperties?.frozenRowCount ?? 0);
          else if (field === "gridProperties.rowCount") tab.rowCount = Number(properties.gridProperties?.rowCount);
          else if (field === "gridProperties.columnCount") tab.columnCount = Number(properties.gridProperties?.columnCount);
          else throw new ApiError(400, `Invalid requests[${i}].updateSheetProperties: unsupported field ${field} (double)`);
        }
        return {};
      }
      case "appendDimension": {
        const tab = this.tabById(args.sheetId, i);
        if (args.dimension === "COLUMNS") tab.columnCount += Number(args.length);
        else tab.rowCount += Number(args.length);
        return {};
      }
      case "repeatCell": {
        const range = this.checkGridRange(args.range, i, kind);
        if (typeof args.fields !== "string" || !args.fields)
          throw new ApiError(400, `Invalid requests[${i}].repeatCell: fields is required`);
        this.state.formats.push({ sheetId: range.sheetId!, range, cell: structuredClone(args.cell), fields: args.fields });
        return {};
      }
      case "setDataValidation": {
        const range = this.checkGridRange(args.range, i, kind);
        // Sheets keeps one rule per cell: a rule set on the same range replaces the old one.
        const key = JSON.stringify(normalizeRange(range));
        this.state.validations = this.state.validations.filter((item) => JSON.stringify(normalizeRange(item.range)) !== key);
        if (args.rule) this.state.validations.push({ range, rule: structuredClone(args.rule) });
        return {};
      }
      case "addProtectedRange": {
        // biome-ignore lint/suspicious/noExplicitAny: loose request JSON, validated field by field below.
        const protectedRange = (args.protectedRange ?? {}) as Record<string, any>;
        const range = this.checkGridRange(protectedRange.range, i, kind);
        const stored: RecordedProtectedRange = {
          protectedRangeId: this.state.nextProtectedRangeId++,
          range,
          ...(protectedRange.description === undefined ? {} : { description: String(protectedRange.description) }),
          ...(protectedRange.warningOnly === undefined ? {} : { warningOnly: Boolean(protectedRange.warningOnly) }),
        };
        this.state.protectedRanges.push(stored);
        return { addProtectedRange: { protectedRange: structuredClone(stored) } };
      }
      default:
        throw new ApiError(400, `Invalid requests[${i}]: unknown or unsupported request "${kind}" (double)`);
    }
  }

  private checkGridRange(range: unknown, i: number, kind: string): GridRange {
    const grid = (range ?? {}) as GridRange;
    const tab = this.tabById(grid.sheetId, i);
    const endRow = grid.endRowIndex ?? tab.rowCount;
    const endColumn = grid.endColumnIndex ?? tab.columnCount;
    if (endRow > tab.rowCount || endColumn > tab.columnCount) {
      throw new ApiError(400, `Invalid requests[${i}].${kind}: Range exceeds grid limits.`);
    }
    return { ...grid, sheetId: tab.sheetId };
  }

  private tabById(sheetId: unknown, i: number): Tab {
    const tab = this.state.tabs.find((candidate) => candidate.sheetId === Number(sheetId ?? 0));
    if (!tab) throw new ApiError(400, `Invalid requests[${i}]: No grid with id: ${String(sheetId)}`);
    return tab;
  }

  private findTab(title: string): Tab | undefined {
    return (
      this.state.tabs.find((tab) => tab.title === title) ?? this.state.tabs.find((tab) => tab.title.toLowerCase() === title.toLowerCase())
    );
  }

  private requireTab(title: string): Tab {
    const tab = this.findTab(title);
    if (!tab) throw new Error(`the double has no tab "${title}" (has: ${this.tabTitles().join(", ")})`);
    return tab;
  }
}

function renderCell(cell: DoubleCell | undefined, option: string): Scalar {
  return render(cell, option);
}

function normalizeRange(range: GridRange) {
  return [
    range.sheetId ?? 0,
    range.startRowIndex ?? 0,
    range.endRowIndex ?? null,
    range.startColumnIndex ?? 0,
    range.endColumnIndex ?? null,
  ];
}

function requireInputOption(option: string | null): string {
  if (option !== "RAW" && option !== "USER_ENTERED") {
    throw new ApiError(400, "Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED");
  }
  return option;
}

function requireValues(body: unknown): unknown[][] {
  const values = (body as { values?: unknown } | undefined)?.values;
  if (values === undefined) return [];
  if (!Array.isArray(values) || !values.every(Array.isArray)) throw new ApiError(400, "Invalid values: expected a list of rows");
  return values as unknown[][];
}

function errorBody(error: ApiError) {
  return { error: { code: error.code, message: error.message, status: STATUS_NAMES[error.code] ?? "UNKNOWN" } };
}

function sendError(response: ServerResponse, error: ApiError): void {
  response.writeHead(error.code, { "content-type": "application/json; charset=UTF-8" }).end(JSON.stringify(errorBody(error)));
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
export async function startSheetsDouble(options: { tabs?: string[] } = {}): Promise<SheetsDouble> {
  const double = new SheetsDouble(options);
  await double.listen();
  return double;
}
