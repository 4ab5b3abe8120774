import { columnLetters, formatTitle } from "./a1-notation.ts";
import { applyCellData, type Json, type StoredCell, type ValidationRule, withValidation } from "./cell-formats.ts";
import { ApiError } from "./error-info.ts";
import { applyMask, CELL_DATA, type MaskPath, SHEET_PROPERTIES, SPREADSHEET_PROPERTIES, selects, updateMask } from "./field-masks.ts";
import { API_CLIENT, type RecordedProtectedRange, type Rect, type Spreadsheet } from "./spreadsheet-state.ts";
import { cellAt, type Dimension, type GridRange, resize, setCell, sortBlock, type Tab } from "./tab-grid.ts";

/**
 * spreadsheets.batchUpdate requests
 * (https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets/request),
 * applied in order; the call is all-or-nothing (the caller wraps it in a transaction), and an
 * error names the request: "Invalid requests[i].<kind>: …". Modelled: addSheet,
 * updateSheetProperties, updateSpreadsheetProperties, appendDimension, insertDimension,
 * deleteDimension, repeatCell, updateCells, setDataValidation, addProtectedRange, sortRange.
 * Anything else is a 400 saying the double does not model it.
 */

interface Context {
  sheet: Spreadsheet;
  caller: string | undefined;
  where: string;
}

function requireDimension(value: unknown, where: string): Dimension {
  if (value !== "ROWS" && value !== "COLUMNS") throw new ApiError(400, `${where}: dimension must be ROWS or COLUMNS`);
  return value;
}

/** A DimensionRange's tab and bounds ("Both the start and end indexes must be bounded" for inserts). */
function dimensionRange(ctx: Context, range: Json): { tab: Tab; dimension: Dimension; start: number; end: number; count: number } {
  const tab = ctx.sheet.tabById(range?.sheetId, ctx.where);
  const dimension = requireDimension(range?.dimension, ctx.where);
  const count = dimension === "ROWS" ? tab.rowCount : tab.columnCount;
  const start = Number(range?.startIndex ?? 0);
  const end = Number(range?.endIndex ?? count);
  if (!(end > start)) throw new ApiError(400, `${ctx.where}: Invalid dimension range: startIndex must be less than endIndex.`);
  return { tab, dimension, start, end, count };
}

function dimensionBeyondGrid(ctx: Context, tab: Tab, dimension: Dimension, start: number, end: number): ApiError {
  const shown =
    dimension === "ROWS"
      ? `${formatTitle(tab.title)}!${start + 1}:${end}`
      : `${formatTitle(tab.title)}!${columnLetters(start)}:${columnLetters(end - 1)}`;
  return new ApiError(
    400,
    `${ctx.where}: Range (${shown}) exceeds grid limits. Max rows: ${tab.rowCount}, max columns: ${tab.columnCount}`,
  );
}

/** Each cell of `rect` rewritten by `next`, after protection and strict validation are checked. */
function rewriteCells(
  ctx: Context,
  tab: Tab,
  rect: Rect,
  next: (cell: StoredCell | undefined, r: number, c: number) => StoredCell | undefined,
  paths: readonly MaskPath[],
  sameForAll: boolean,
) {
  ctx.sheet.assertEditable(tab, rect, ctx.caller, `${ctx.where}: `);
  const checkValues = selects(paths, "userEnteredValue") || selects(paths, "dataValidation");
  const cells: { r: number; c: number; cell: StoredCell | undefined }[] = [];
  // Cells are immutable: one that many cells share (all empty ones, a column formatted alike)
  // becomes one new cell, shared in turn, when `next` depends on the cell alone.
  const done = new Map<StoredCell | undefined, StoredCell | undefined>();
  for (let r = rect.r0; r < rect.r1; r++) {
    for (let c = rect.c0; c < rect.c1; c++) {
      const before = cellAt(tab, r, c);
      const cell = sameForAll
        ? done.has(before)
          ? done.get(before)
          : done.set(before, next(before, r, c)).get(before)
        : next(before, r, c);
      if (checkValues) ctx.sheet.assertValid(tab, r, c, cell, cell?.validation, `${ctx.where}: `);
      cells.push({ r, c, cell });
    }
  }
  for (const { r, c, cell } of cells) setCell(tab, r, c, cell);
}

function tabProperties(tab: Tab) {
  return {
    sheetId: tab.sheetId,
    title: tab.title,
    index: tab.index,
    sheetType: "GRID",
    gridProperties: { rowCount: tab.rowCount, columnCount: tab.columnCount, frozenRowCount: tab.frozenRowCount },
  };
}

function duplicateTitle(ctx: Context, title: string): ApiError {
  // https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets/request#AddSheetRequest
  // ("An error is returned if … the title is already in use"); wording as Google's answers show it.
  return new ApiError(400, `${ctx.where}: A sheet with the name "${title}" already exists. Please enter another name.`);
}

const requests: Record<string, (ctx: Context, args: Json) => unknown> = {
  addSheet(ctx, args) {
    const properties = args.properties ?? {};
    const title = String(properties.title ?? `Foglio${ctx.sheet.state.tabs.length + 1}`);
    if (ctx.sheet.findTab(title)) throw duplicateTitle(ctx, title);
    const tab = ctx.sheet.addTab(title);
    const grid = properties.gridProperties ?? {};
    if (grid.rowCount) tab.rowCount = Number(grid.rowCount);
    if (grid.columnCount) tab.columnCount = Number(grid.columnCount);
    if (grid.frozenRowCount) tab.frozenRowCount = Number(grid.frozenRowCount);
    const { frozenRowCount: _, ...gridProperties } = tabProperties(tab).gridProperties;
    return { addSheet: { properties: { ...tabProperties(tab), gridProperties } } };
  },

  /**
   * Fields of SheetProperties; title and gridProperties (rowCount, columnCount, frozenRowCount)
   * are modelled, other known fields (hidden, tabColor, frozenColumnCount…) accepted and ignored.
   * Shrinking rowCount or columnCount drops the cells past the new end.
   */
  updateSheetProperties(ctx, args) {
    const properties = args.properties ?? {};
    const tab = ctx.sheet.tabById(properties.sheetId, ctx.where);
    const paths = updateMask(SHEET_PROPERTIES, args.fields, ctx.where);
    const next = applyMask(tabProperties(tab), properties, paths);
    if (next.title !== tab.title) {
      if (!next.title) throw new ApiError(400, `${ctx.where}: The sheet name cannot be empty.`);
      const other = ctx.sheet.findTab(String(next.title));
      if (other && other !== tab) throw duplicateTitle(ctx, String(next.title));
      tab.title = String(next.title);
    }
    const grid = next.gridProperties ?? {};
    const rowCount = Number(grid.rowCount ?? tab.rowCount);
    const columnCount = Number(grid.columnCount ?? tab.columnCount);
    if (rowCount < 1 || columnCount < 1) throw new ApiError(400, `${ctx.where}: A sheet must have at least one row and one column.`);
    resize(tab, rowCount, columnCount);
    tab.frozenRowCount = Number(grid.frozenRowCount ?? 0);
    return {};
  },

  /** Fields of SpreadsheetProperties; title, locale and timeZone are modelled. */
  updateSpreadsheetProperties(ctx, args) {
    const paths = updateMask(SPREADSHEET_PROPERTIES, args.fields, ctx.where);
    const state = ctx.sheet.state;
    const next = applyMask({ title: state.title, locale: state.locale, timeZone: state.timeZone }, args.properties ?? {}, paths);
    state.title = String(next.title ?? state.title);
    state.locale = String(next.locale ?? state.locale);
    state.timeZone = String(next.timeZone ?? state.timeZone);
    return {};
  },

  /** New rows or columns at the end, empty and unformatted (the reference names no inheritance). */
  appendDimension(ctx, args) {
    const tab = ctx.sheet.tabById(args.sheetId, ctx.where);
    const dimension = requireDimension(args.dimension, ctx.where);
    const length = Number(args.length);
    if (!(length > 0)) throw new ApiError(400, `${ctx.where}: length must be positive`);
    if (dimension === "COLUMNS") tab.columnCount += length;
    else tab.rowCount += length;
    return {};
  },

  /**
   * InsertDimensionRequest: "inheritFromBefore: Whether dimension properties should be extended
   * from the dimensions before or after the newly inserted dimensions. True to inherit from the
   * dimensions before (in which case the start index must be greater than 0), and false to
   * inherit from the dimensions after" (#InsertDimensionRequest). The new cells take the formats
   * and validations of the row (column) before or after; none when there is none after. A start
   * past the grid's end is "exceeds grid limits"; inserting at the end is allowed.
   */
  insertDimension(ctx, args) {
    const { tab, dimension, start, end, count } = dimensionRange(ctx, args.range);
    if (args.range?.startIndex === undefined || args.range?.endIndex === undefined) {
      throw new ApiError(400, `${ctx.where}: Both the start and end indexes must be bounded.`);
    }
    if (start > count) throw dimensionBeyondGrid(ctx, tab, dimension, start, end);
    const before = Boolean(args.inheritFromBefore);
    // Wording not confirmed offline; the rule is the reference's.
    if (before && start === 0) throw new ApiError(400, `${ctx.where}: inheritFromBefore requires a start index greater than 0.`);
    ctx.sheet.assertInsertable(tab, dimension, start, ctx.caller, `${ctx.where}: `);
    ctx.sheet.insertDimension(tab, dimension, start, end - start, before ? start - 1 : start < count ? start : undefined);
    return {};
  },

  /**
   * DeleteDimensionRequest: the rows (columns) go and those after move up (left). Past the grid:
   * "exceeds grid limits". All of a sheet's rows cannot go (the UI's "You can't delete all the
   * rows on the sheet"; the API's wording is not confirmed offline).
   */
  deleteDimension(ctx, args) {
    const { tab, dimension, start, end, count } = dimensionRange(ctx, args.range);
    if (end > count) throw dimensionBeyondGrid(ctx, tab, dimension, start, end);
    if (start === 0 && end === count) {
      throw new ApiError(400, `${ctx.where}: You can't delete all the ${dimension === "ROWS" ? "rows" : "columns"} on the sheet.`);
    }
    const rect =
      dimension === "ROWS" ? { r0: start, r1: end, c0: 0, c1: tab.columnCount } : { r0: 0, r1: tab.rowCount, c0: start, c1: end };
    ctx.sheet.assertEditable(tab, rect, ctx.caller, `${ctx.where}: `);
    ctx.sheet.deleteDimension(tab, dimension, start, end);
    return {};
  },

  /**
   * RepeatCellRequest: `cell` written into every cell of `range` under the `fields` mask (rooted
   * at CellData). Recorded in `formats` as sent.
   */
  repeatCell(ctx, args) {
    const { tab, rect } = ctx.sheet.gridRect(args.range, ctx.where);
    const paths = updateMask(CELL_DATA, args.fields, ctx.where);
    rewriteCells(ctx, tab, rect, (cell) => applyCellData(cell, args.cell, paths), paths, true);
    ctx.sheet.state.formats.push({
      sheetId: tab.sheetId,
      range: { ...args.range, sheetId: tab.sheetId },
      cell: structuredClone(args.cell),
      fields: args.fields,
    });
    return {};
  },

  /**
   * UpdateCellsRequest: `rows` written from `start` (a GridCoordinate) or into `range`, under
   * `fields` (rooted at CellData). With a range, "If the data in rows does not cover the entire
   * requested range, the fields matching those set in fields will be cleared" (#UpdateCellsRequest).
   */
  updateCells(ctx, args) {
    if ((args.start === undefined) === (args.range === undefined))
      throw new ApiError(400, `${ctx.where}: exactly one of start and range is required.`);
    const paths = updateMask(CELL_DATA, args.fields, ctx.where);
    const rows: Json[][] = (args.rows ?? []).map((row: Json) => row?.values ?? []);
    let tab: Tab;
    let rect: Rect;
    if (args.start !== undefined) {
      tab = ctx.sheet.tabById(args.start.sheetId, ctx.where);
      const r0 = Number(args.start.rowIndex ?? 0);
      const c0 = Number(args.start.columnIndex ?? 0);
      rect = { r0, r1: r0 + rows.length, c0, c1: c0 + Math.max(0, ...rows.map((row) => row.length)) };
      if (rect.r1 > rect.r0 && rect.c1 > rect.c0) ctx.sheet.checkGrid(tab, rect, undefined, `${ctx.where}: `);
    } else {
      ({ tab, rect } = ctx.sheet.gridRect(args.range, ctx.where));
    }
    const covered = (r: number, c: number) => rows[r - rect.r0]?.[c - rect.c0];
    rewriteCells(
      ctx,
      tab,
      rect,
      (cell, r, c) => {
        const data = covered(r, c);
        // From `start`, a cell the rows do not reach is left alone; in a `range`, it is cleared.
        if (data === undefined && args.start !== undefined) return cell;
        return applyCellData(cell, data ?? {}, paths);
      },
      paths,
      false,
    );
    return {};
  },

  /** SetDataValidationRequest: `rule` on every cell of `range`; no rule clears it. */
  setDataValidation(ctx, args) {
    const { tab, rect } = ctx.sheet.gridRect(args.range, ctx.where);
    const rule: ValidationRule | undefined = args.rule ? structuredClone(args.rule) : undefined;
    ctx.sheet.assertEditable(tab, rect, ctx.caller, `${ctx.where}: `);
    const done = new Map<StoredCell | undefined, StoredCell | undefined>();
    for (let r = rect.r0; r < rect.r1; r++) {
      for (let c = rect.c0; c < rect.c1; c++) {
        const before = cellAt(tab, r, c);
        if (!done.has(before)) done.set(before, withValidation(before, rule));
        setCell(tab, r, c, done.get(before));
      }
    }
    const range: GridRange = { ...args.range, sheetId: tab.sheetId };
    const key = JSON.stringify(normalizeRange(range));
    const state = ctx.sheet.state;
    state.validations = state.validations.filter((item) => JSON.stringify(normalizeRange(item.range)) !== key);
    if (rule) state.validations.push({ range, rule });
    return {};
  },

  /**
   * AddProtectedRangeRequest. A warningOnly range cannot have editors ("ProtectedRange is
   * warningOnly. Editors cannot be set on it.", https://github.com/burnash/gspread/issues/1437);
   * a locking one without editors gets the requester as its editor (see spreadsheet-state.ts).
   */
  addProtectedRange(ctx, args) {
    const protectedRange = args.protectedRange ?? {};
    const { tab } = ctx.sheet.gridRect(protectedRange.range, ctx.where);
    const warningOnly = protectedRange.warningOnly === undefined ? undefined : Boolean(protectedRange.warningOnly);
    if (warningOnly && protectedRange.editors) {
      throw new ApiError(400, `${ctx.where}: ProtectedRange is warningOnly. Editors cannot be set on it.`);
    }
    const users: string[] | undefined = warningOnly ? undefined : [...(protectedRange.editors?.users ?? []), ctx.caller ?? API_CLIENT];
    const stored: RecordedProtectedRange = {
      protectedRangeId: ctx.sheet.state.nextProtectedRangeId++,
      range: { ...protectedRange.range, sheetId: tab.sheetId },
      ...(protectedRange.description === undefined ? {} : { description: String(protectedRange.description) }),
      ...(warningOnly === undefined ? {} : { warningOnly }),
      ...(users ? { editors: { users: [...new Set(users)] } } : {}),
    };
    ctx.sheet.state.protectedRanges.push(stored);
    return { addProtectedRange: { protectedRange: structuredClone(stored) } };
  },

  /** SortRangeRequest: the range's rows sorted by its sortSpecs (dimensionIndex, sortOrder). */
  sortRange(ctx, args) {
    const { tab, rect } = ctx.sheet.gridRect(args.range, ctx.where);
    const specs = (args.sortSpecs ?? []).map((spec: Json) => ({
      column: Number(spec.dimensionIndex ?? 0),
      descending: spec.sortOrder === "DESCENDING",
    }));
    ctx.sheet.assertEditable(tab, rect, ctx.caller, `${ctx.where}: `);
    sortBlock(tab, rect.r0, Math.min(rect.r1, tab.rows.length), rect.c0, rect.c1, specs);
    return {};
  },
};

function normalizeRange(range: GridRange) {
  return [
    range.sheetId ?? 0,
    range.startRowIndex ?? 0,
    range.endRowIndex ?? null,
    range.startColumnIndex ?? 0,
    range.endColumnIndex ?? null,
  ];
}

/** One request of a batchUpdate; its reply. */
export function applyRequest(sheet: Spreadsheet, request: Record<string, unknown>, i: number, caller: string | undefined): unknown {
  const kinds = Object.keys(request ?? {});
  if (kinds.length !== 1) throw new ApiError(400, `Invalid requests[${i}]: exactly one kind of request expected`);
  const kind = kinds[0]!;
  const apply = Object.hasOwn(requests, kind) ? requests[kind] : undefined;
  if (!apply) throw new ApiError(400, `Invalid requests[${i}]: the double does not model "${kind}" requests`);
  return apply({ sheet, caller, where: `Invalid requests[${i}].${kind}` }, request[kind] ?? {});
}
