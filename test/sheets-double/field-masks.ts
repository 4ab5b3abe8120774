import { ApiError } from "./error-info.ts";

/**
 * Field masks, as https://developers.google.com/workspace/sheets/api/guides/field-masks describes
 * them: "multiple different fields are comma-separated and subfields are dot-separated. Field
 * names can be specified in camelCase or separated_by_underscores. For convenience, multiple
 * subfields from the same type can be listed within parentheses." On reads (the `fields` URL
 * parameter) they select what the answer carries; on updates (repeatCell, updateCells,
 * updateSheetProperties, updateSpreadsheetProperties) they name what is written, and a field in
 * the mask but absent from the request is cleared ("You can also unset a field by not specifying
 * it in the updated message, but adding the field to the mask").
 *
 * A name the object does not have is a 400. Read: "Request contains an invalid argument." with
 * "Error expanding 'fields' parameter. Cannot find matching fields for path ' sheets.properties'."
 * (https://github.com/ringo380/claude-google-sheets-mcp/issues/2, where a space after a comma made
 * the name " sheets"; the double keeps names verbatim, spaces included, for the same reason).
 * Update requests: the wording is not confirmed offline. `/` is accepted as a separator too, as
 * Google's partial-response syntax has it (`effectiveFormat/numberFormat/type`).
 *
 * The schemas below list the known fields of the objects (from the v4 reference:
 * https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets), deeply
 * where the store looks, and as OPAQUE (any subfield accepted) where nothing here looks.
 */

type Schema = { readonly [field: string]: Schema | typeof SCALAR | typeof OPAQUE };
const SCALAR = "scalar";
const OPAQUE = "opaque";

const COLOR: Schema = { red: SCALAR, green: SCALAR, blue: SCALAR, alpha: SCALAR };
const COLOR_STYLE: Schema = { rgbColor: COLOR, themeColor: SCALAR };
const BORDER: Schema = { style: SCALAR, width: SCALAR, color: COLOR, colorStyle: COLOR_STYLE };
const GRID_RANGE: Schema = {
  sheetId: SCALAR,
  startRowIndex: SCALAR,
  endRowIndex: SCALAR,
  startColumnIndex: SCALAR,
  endColumnIndex: SCALAR,
};
const TEXT_FORMAT: Schema = {
  foregroundColor: COLOR,
  foregroundColorStyle: COLOR_STYLE,
  fontFamily: SCALAR,
  fontSize: SCALAR,
  bold: SCALAR,
  italic: SCALAR,
  strikethrough: SCALAR,
  underline: SCALAR,
  link: { uri: SCALAR },
};
const CELL_FORMAT: Schema = {
  numberFormat: { type: SCALAR, pattern: SCALAR },
  backgroundColor: COLOR,
  backgroundColorStyle: COLOR_STYLE,
  borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER },
  padding: { top: SCALAR, right: SCALAR, bottom: SCALAR, left: SCALAR },
  horizontalAlignment: SCALAR,
  verticalAlignment: SCALAR,
  wrapStrategy: SCALAR,
  textDirection: SCALAR,
  textFormat: TEXT_FORMAT,
  hyperlinkDisplayType: SCALAR,
  textRotation: { angle: SCALAR, vertical: SCALAR },
};
const EXTENDED_VALUE: Schema = {
  numberValue: SCALAR,
  stringValue: SCALAR,
  boolValue: SCALAR,
  formulaValue: SCALAR,
  errorValue: { type: SCALAR, message: SCALAR },
};
const DATA_VALIDATION: Schema = {
  condition: { type: SCALAR, values: { userEnteredValue: SCALAR, relativeDate: SCALAR } },
  inputMessage: SCALAR,
  strict: SCALAR,
  showCustomUi: SCALAR,
};

/** CellData: the root of repeatCell and updateCells masks. */
export const CELL_DATA: Schema = {
  userEnteredValue: EXTENDED_VALUE,
  effectiveValue: EXTENDED_VALUE,
  formattedValue: SCALAR,
  userEnteredFormat: CELL_FORMAT,
  effectiveFormat: CELL_FORMAT,
  hyperlink: SCALAR,
  note: SCALAR,
  textFormatRuns: { startIndex: SCALAR, format: TEXT_FORMAT },
  dataValidation: DATA_VALIDATION,
  pivotTable: OPAQUE,
  dataSourceTable: OPAQUE,
  dataSourceFormula: OPAQUE,
  chipRuns: OPAQUE,
};

/** SheetProperties: the root of updateSheetProperties masks. */
export const SHEET_PROPERTIES: Schema = {
  sheetId: SCALAR,
  title: SCALAR,
  index: SCALAR,
  sheetType: SCALAR,
  gridProperties: {
    rowCount: SCALAR,
    columnCount: SCALAR,
    frozenRowCount: SCALAR,
    frozenColumnCount: SCALAR,
    hideGridlines: SCALAR,
    rowGroupControlAfter: SCALAR,
    columnGroupControlAfter: SCALAR,
  },
  hidden: SCALAR,
  tabColor: COLOR,
  tabColorStyle: COLOR_STYLE,
  rightToLeft: SCALAR,
  dataSourceSheetProperties: OPAQUE,
};

/** SpreadsheetProperties: the root of updateSpreadsheetProperties masks. */
export const SPREADSHEET_PROPERTIES: Schema = {
  title: SCALAR,
  locale: SCALAR,
  autoRecalc: SCALAR,
  timeZone: SCALAR,
  defaultFormat: CELL_FORMAT,
  iterativeCalculationSettings: { maxIterations: SCALAR, convergenceThreshold: SCALAR },
  spreadsheetTheme: OPAQUE,
  importFunctionsExternalUrlAccessAllowed: SCALAR,
};

const DIMENSION_PROPERTIES: Schema = {
  hiddenByFilter: SCALAR,
  hiddenByUser: SCALAR,
  pixelSize: SCALAR,
  developerMetadata: OPAQUE,
  dataSourceColumnReference: OPAQUE,
};

/** Spreadsheet: the root of spreadsheets.get `fields`. */
export const SPREADSHEET: Schema = {
  spreadsheetId: SCALAR,
  properties: SPREADSHEET_PROPERTIES,
  sheets: {
    properties: SHEET_PROPERTIES,
    data: {
      startRow: SCALAR,
      startColumn: SCALAR,
      rowData: { values: CELL_DATA },
      rowMetadata: DIMENSION_PROPERTIES,
      columnMetadata: DIMENSION_PROPERTIES,
    },
    merges: GRID_RANGE,
    conditionalFormats: OPAQUE,
    filterViews: OPAQUE,
    protectedRanges: {
      protectedRangeId: SCALAR,
      range: GRID_RANGE,
      namedRangeId: SCALAR,
      tableId: SCALAR,
      description: SCALAR,
      warningOnly: SCALAR,
      requestingUserCanEdit: SCALAR,
      unprotectedRanges: GRID_RANGE,
      editors: { users: SCALAR, groups: SCALAR, domainUsersCanEdit: SCALAR },
    },
    basicFilter: OPAQUE,
    charts: OPAQUE,
    bandedRanges: OPAQUE,
    developerMetadata: OPAQUE,
    rowGroups: OPAQUE,
    columnGroups: OPAQUE,
    slicers: OPAQUE,
    tables: OPAQUE,
  },
  namedRanges: { namedRangeId: SCALAR, name: SCALAR, range: GRID_RANGE },
  spreadsheetUrl: SCALAR,
  developerMetadata: OPAQUE,
  dataSources: OPAQUE,
  dataSourceSchedules: OPAQUE,
};

/** A mask as its paths, each a list of names as written ("sheets", "properties", "title"). */
export type MaskPath = readonly string[];

/** "properties(title,locale),sheets.properties.sheetId" → [[properties,title],[properties,locale],[sheets,properties,sheetId]]. */
export function parseMask(mask: string): MaskPath[] {
  const paths: MaskPath[] = [];
  let pos = 0;
  const fail = () => new ApiError(400, "Request contains an invalid argument.", maskViolation(`Invalid field mask syntax: ${mask}`));
  const list = (prefix: MaskPath): void => {
    for (;;) {
      const names: string[] = [];
      for (;;) {
        let name = "";
        while (pos < mask.length && !".,/()".includes(mask[pos]!)) name += mask[pos++];
        if (name === "") throw fail();
        names.push(name);
        if (mask[pos] === "." || mask[pos] === "/") pos++;
        else break;
      }
      if (mask[pos] === "(") {
        pos++;
        list([...prefix, ...names]);
        if (mask[pos] !== ")") throw fail();
        pos++;
      } else {
        paths.push([...prefix, ...names]);
      }
      if (mask[pos] !== ",") return;
      pos++;
    }
  };
  list([]);
  if (pos !== mask.length) throw fail();
  return paths;
}

const camel = (name: string) => name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** The first path the schema has no field for, as written ("sheets.propertys"), or undefined. */
export function unknownPath(schema: Schema, paths: readonly MaskPath[]): string | undefined {
  for (const path of paths) {
    let node: Schema[string] = schema;
    for (const name of path) {
      if (node === OPAQUE || name === "*") break;
      const child: Schema[string] | undefined = node === SCALAR ? undefined : node[camel(name)];
      if (child === undefined) return path.join(".");
      node = child;
    }
  }
  return undefined;
}

function maskViolation(description: string) {
  return { details: [{ "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations: [{ field: "fields", description }] }] };
}

/** A read mask checked against `schema`: the 400 Google gives for a field the object lacks. */
export function readMask(schema: Schema, mask: string): MaskPath[] {
  const paths = parseMask(mask);
  const unknown = unknownPath(schema, paths);
  if (unknown !== undefined) {
    throw new ApiError(
      400,
      "Request contains an invalid argument.",
      maskViolation(`Error expanding 'fields' parameter. Cannot find matching fields for path '${unknown}'.`),
    );
  }
  return paths;
}

/**
 * An update request's mask checked against `schema`. "At least one field must be listed in
 * 'fields'. (Use '*' to indicate all fields.)": the wording of
 * https://github.com/theoephraim/node-google-spreadsheet/issues/308 for updateCells.
 */
export function updateMask(schema: Schema, fields: unknown, where: string): MaskPath[] {
  if (typeof fields !== "string" || fields === "") {
    throw new ApiError(400, `${where}: At least one field must be listed in 'fields'. (Use '*' to indicate all fields.)`);
  }
  let paths: MaskPath[];
  try {
    paths = parseMask(fields);
  } catch {
    throw new ApiError(400, `${where}: Invalid field mask: ${fields}`);
  }
  const unknown = unknownPath(schema, paths);
  if (unknown !== undefined) {
    // Wording not confirmed offline; the read mask's message, under the request's prefix.
    throw new ApiError(400, `${where}: Error expanding 'fields' parameter. Cannot find matching fields for path '${unknown}'.`);
  }
  return paths;
}

// biome-ignore lint/suspicious/noExplicitAny: masks walk loose JSON objects.
type Json = any;

/** `value` with only what `paths` select; arrays are selected element by element. */
export function pickFields(value: Json, paths: readonly MaskPath[]): Json {
  const tree: Record<string, Json> = {};
  for (const path of paths) {
    let node = tree;
    path.forEach((name, i) => {
      const key = name === "*" ? "*" : camel(name);
      if (node[key] === true) return;
      if (i === path.length - 1) node[key] = true;
      else {
        node[key] = typeof node[key] === "object" ? node[key] : {};
        node = node[key];
      }
    });
  }
  const pick = (item: Json, selection: Json): Json => {
    if (selection === true || selection["*"] === true) return item;
    if (Array.isArray(item)) return item.map((element) => pick(element, selection));
    if (item === null || typeof item !== "object") return item;
    const out: Record<string, Json> = {};
    for (const key of Object.keys(selection)) if (item[key] !== undefined) out[key] = pick(item[key], selection[key]);
    return out;
  };
  return pick(value, tree);
}

/** Whether `paths` select `field` (a dotted path) or something under or above it. */
export function selects(paths: readonly MaskPath[], field: string): boolean {
  const wanted = field.split(".");
  return paths.some((path) => path.every((name, i) => i >= wanted.length || name === "*" || camel(name) === wanted[i]) || path[0] === "*");
}

/** `target` with every masked path copied from `source`; a path `source` lacks is cleared. */
export function applyMask(target: Json, source: Json, paths: readonly MaskPath[]): Json {
  const out = structuredClone(target ?? {});
  for (const path of paths) {
    if (path.length === 1 && path[0] === "*") {
      for (const key of Object.keys(out)) delete out[key];
      Object.assign(out, structuredClone(source ?? {}));
      continue;
    }
    const names = path.map(camel);
    let from = source;
    for (const name of names) from = from?.[name];
    let node = out;
    names.slice(0, -1).forEach((name) => {
      if (node[name] === null || typeof node[name] !== "object") node[name] = {};
      node = node[name];
    });
    const last = names.at(-1)!;
    if (from === undefined) delete node[last];
    else node[last] = structuredClone(from);
  }
  return out;
}
