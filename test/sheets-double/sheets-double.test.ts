import { plainDateToSerial } from "@rete-urp/shared";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { formatA1, parseA1 } from "./a1-notation.ts";
import { SHEETS_FAULTS, type SheetsDouble, startSheetsDouble } from "./sheets-double.ts";

/** The double spoken to over plain HTTP, as Google would be: what the store relies on must hold here. */

let double: SheetsDouble;

async function api(method: string, path: string, body?: unknown, token: string | null = "t") {
  const response = await fetch(new URL(path, double.rootUrl), {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the double's JSON answers, asserted field by field by each test.
  return { status: response.status, json: (await response.json()) as any };
}

const values = (range: string, query = "") => `/v4/spreadsheets/${double.sheetId}/values/${encodeURIComponent(range)}${query}`;
const batch = (requests: unknown[]) => api("POST", `/v4/spreadsheets/${double.sheetId}:batchUpdate`, { requests });
const valuesUpdate = (data: { range: string; values: unknown[][] }[], valueInputOption = "RAW") =>
  api("POST", `/v4/spreadsheets/${double.sheetId}/values:batchUpdate`, { valueInputOption, data });
const appendRows = (range: string, rows: unknown[][], option = "RAW&insertDataOption=INSERT_ROWS") =>
  api("POST", values(range, `:append?valueInputOption=${option}`), { values: rows });
const getSheet = (query: Record<string, string>) => api("GET", `/v4/spreadsheets/${double.sheetId}?${new URLSearchParams(query)}`);
const sheetIdOf = (title: string) => double.tabProperties(title)!.sheetId;
const date = (year: number, month: number, day: number) => plainDateToSerial({ year, month, day });
const list = (...words: string[]) => ({ type: "ONE_OF_LIST", values: words.map((word) => ({ userEnteredValue: word })) });

beforeEach(async () => {
  double = await startSheetsDouble();
});
afterEach(() => double.close());

describe("A1 notation", () => {
  test("parses quoted titles, cells, columns and rows", () => {
    expect(parseA1("'Buone prassi'!A1")).toEqual({ title: "Buone prassi", startRow: 0, endRow: 1, startColumn: 0, endColumn: 1 });
    expect(parseA1("'Sant''Agata'!B:C")).toEqual({ title: "Sant'Agata", startColumn: 1, endColumn: 3 });
    expect(parseA1("Riunioni!2:5")).toEqual({ title: "Riunioni", startRow: 1, endRow: 5 });
    expect(parseA1("Referenti")).toEqual({ title: "Referenti" });
    expect(formatA1("Buone prassi", 0, 0, 3, 10)).toBe("'Buone prassi'!A1:J3");
    expect(formatA1("Riunioni", 4, 2, 5, 3)).toBe("Riunioni!C5");
  });

  test("a title with spaces or special characters must be quoted; unquoted it is a 400 Unable to parse range", async () => {
    expect(() => parseA1("Buone prassi!A1")).toThrow(/Unable to parse range/);
    expect(() => parseA1("Sant'Agata!A1")).toThrow(/Unable to parse range/);
    expect(parseA1("Città!A1")).toMatchObject({ title: "Città", startRow: 0 });
    double.setGrid("Buone prassi", [["ID"]]);
    double.setGrid("Sant'Agata", [["ID"]]);
    const bad = await api("GET", values("Buone prassi!A1"));
    expect([bad.status, bad.json.error.message]).toEqual([400, "Unable to parse range: Buone prassi!A1"]);
    expect((await api("GET", values("'Buone prassi'!A1"))).json.values).toEqual([["ID"]]);
    expect((await api("GET", values("'Sant''Agata'!A1"))).json.values).toEqual([["ID"]]);
    // A range without a title is the first sheet's.
    double.setGrid("Foglio1", [["primo"]]);
    expect((await api("GET", values("A1"))).json).toMatchObject({ range: "Foglio1!A1", values: [["primo"]] });
  });
});

describe("Sheets v4 double", () => {
  test("a request without a bearer token gets Google's 401", async () => {
    const { status, json } = await api("GET", `/v4/spreadsheets/${double.sheetId}`, undefined, null);
    expect(status).toBe(401);
    expect(json.error).toMatchObject({ code: 401, status: "UNAUTHENTICATED" });
  });

  test("with callers required: an unknown token is a 401, an account the sheet is not shared with a 403", async () => {
    const accounts: Record<string, string> = { "ya29.a": "editor@p.iam.gserviceaccount.com", "ya29.b": "other@p.iam.gserviceaccount.com" };
    double.requireCallers((token) => accounts[token], ["editor@p.iam.gserviceaccount.com"]);
    const sheet = `/v4/spreadsheets/${double.sheetId}`;
    const unknown = await api("GET", sheet, undefined, "ya29.forged");
    expect([unknown.status, unknown.json.error.status]).toEqual([401, "UNAUTHENTICATED"]);
    const notShared = await api("GET", sheet, undefined, "ya29.b");
    expect([notShared.status, notShared.json.error]).toEqual([
      403,
      { code: 403, message: "The caller does not have permission", status: "PERMISSION_DENIED" },
    ]);
    expect((await api("GET", sheet, undefined, "ya29.a")).status).toBe(200);
    expect(double.requests.map((request) => request.caller)).toEqual([
      undefined,
      "other@p.iam.gserviceaccount.com",
      "editor@p.iam.gserviceaccount.com",
    ]);
  });

  test("an unknown spreadsheet is a 404 NOT_FOUND", async () => {
    const { status, json } = await api("GET", "/v4/spreadsheets/nope");
    expect([status, json.error.status]).toEqual([404, "NOT_FOUND"]);
  });

  test("batchGet omits trailing empty cells and rows, and renders gaps as empty strings", async () => {
    double.setGrid("Riunioni", [["ID", "Data", null, "Note"], [null, 46406, null, null], [], [null, null, "x"], [null, null]]);
    const query = new URLSearchParams({ valueRenderOption: "UNFORMATTED_VALUE", dateTimeRenderOption: "SERIAL_NUMBER" });
    query.append("ranges", "'Riunioni'");
    query.append("ranges", "Foglio1");
    const { json } = await api("GET", `/v4/spreadsheets/${double.sheetId}/values:batchGet?${query}`);
    expect(json.valueRanges[0]).toEqual({
      range: "Riunioni!A1:Z1000",
      majorDimension: "ROWS",
      values: [["ID", "Data", "", "Note"], ["", 46406], [], ["", "", "x"]],
    });
    expect(json.valueRanges[1]).toEqual({ range: "Foglio1!A1:Z1000", majorDimension: "ROWS" });
  });

  test("RAW keeps a formula-looking string as text; USER_ENTERED makes it a formula and parses dates", async () => {
    double.setGrid("Buone prassi", [["Titolo", "Data"]]);
    const row = ['=IMPORTXML("https://evil.example","//a")', "20/01/2027"];
    await api("POST", values("'Buone prassi'!A1", ":append?valueInputOption=RAW&insertDataOption=INSERT_ROWS"), { values: [row] });
    await api("POST", values("'Buone prassi'!A1", ":append?valueInputOption=USER_ENTERED&insertDataOption=INSERT_ROWS"), { values: [row] });
    const [, raw, entered] = double.grid("Buone prassi");
    expect(raw).toEqual([{ value: row[0] }, { value: "20/01/2027" }]);
    expect(entered).toEqual([{ value: null, formula: row[0] }, { value: 46407 }]);
  });

  test("append from A1 stops at the first blank row, as Google's table detection does", async () => {
    double.setGrid("Riunioni", [["ID"], ["m-1"], [null], ["m-2"]]);
    const { json } = await api("POST", values("Riunioni!A1", ":append?valueInputOption=RAW&insertDataOption=INSERT_ROWS"), {
      values: [["m-3"]],
    });
    expect(json.tableRange).toBe("Riunioni!A1:A2");
    expect(json.updates).toMatchObject({ updatedRange: "Riunioni!A3", updatedRows: 1 });
    // INSERT_ROWS pushed the blank row and m-2 down rather than overwriting them.
    expect(double.values("Riunioni")).toEqual([["ID"], ["m-1"], ["m-3"], [], ["m-2"]]);
  });

  test("append anchored below the data lands after the last row", async () => {
    double.setGrid("Riunioni", [["ID"], ["m-1"], [null], ["m-2"]]);
    const { json } = await api("POST", values("Riunioni!A5", ":append?valueInputOption=RAW&insertDataOption=INSERT_ROWS"), {
      values: [["m-3", null, "x"]],
    });
    expect(json.updates.updatedRange).toBe("Riunioni!A5:C5");
    expect(double.values("Riunioni")).toEqual([["ID"], ["m-1"], [], ["m-2"], ["m-3", null, "x"]]);
  });

  test("values:batchUpdate writes every range or none (grid limits checked first)", async () => {
    double.setGrid("Referenti", [
      ["ID", "Nome"],
      [null, "Sara"],
    ]);
    const body = (range: string) => ({
      valueInputOption: "RAW",
      data: [
        { range: "Referenti!A2", values: [["r-1"]] },
        { range, values: [["x"]] },
      ],
    });
    const bad = await api("POST", `/v4/spreadsheets/${double.sheetId}/values:batchUpdate`, body("Referenti!AA1"));
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/exceeds grid limits/);
    expect(double.values("Referenti")[1]).toEqual([null, "Sara"]);
    const good = await api("POST", `/v4/spreadsheets/${double.sheetId}/values:batchUpdate`, body("Referenti!C2"));
    expect(good.json.totalUpdatedCells).toBe(2);
    expect(double.values("Referenti")[1]).toEqual(["r-1", "Sara", "x"]);
  });

  test("spreadsheets:batchUpdate is all-or-nothing and keeps what tests assert on", async () => {
    const url = `/v4/spreadsheets/${double.sheetId}:batchUpdate`;
    const failed = await api("POST", url, {
      requests: [{ addSheet: { properties: { title: "Riunioni" } } }, { addSheet: { properties: { title: "Foglio1" } } }],
    });
    expect(failed.status).toBe(400);
    expect(double.tabTitles()).toEqual(["Foglio1"]);

    const ok = await api("POST", url, { requests: [{ addSheet: { properties: { title: "Riunioni" } } }] });
    const sheetId = ok.json.replies[0].addSheet.properties.sheetId as number;
    const column = { sheetId, startColumnIndex: 0, endColumnIndex: 1 };
    const rule = { condition: { type: "ONE_OF_LIST", values: [{ userEnteredValue: "Urgente" }] }, showCustomUi: true };
    await api("POST", url, {
      requests: [
        {
          updateSheetProperties: {
            properties: { sheetId, gridProperties: { frozenRowCount: 1 } },
            fields: "gridProperties.frozenRowCount",
          },
        },
        { setDataValidation: { range: column, rule } },
        { setDataValidation: { range: column, rule } },
        { addProtectedRange: { protectedRange: { range: column, warningOnly: true } } },
      ],
    });
    expect(double.tabProperties("Riunioni")?.gridProperties.frozenRowCount).toBe(1);
    expect(double.dataValidations).toHaveLength(1);
    expect(double.protectedRanges).toEqual([{ protectedRangeId: expect.any(Number), range: column, warningOnly: true }]);
    const { json } = await api("GET", `/v4/spreadsheets/${double.sheetId}`);
    expect(json.sheets[1].protectedRanges).toHaveLength(1);
    expect(json.properties.timeZone).toBe("Europe/Rome");
  });

  test("faults: an error status, a drop before and a drop after the write was applied", async () => {
    double.setGrid("Riunioni", [["ID"]]);
    double.failNext(1, { status: 429, match: "read" });
    const limited = await api("GET", `/v4/spreadsheets/${double.sheetId}`);
    expect(limited.status).toBe(429);
    expect(limited.json.error).toMatchObject({
      code: 429,
      status: "RESOURCE_EXHAUSTED",
      message: expect.stringMatching(/^Quota exceeded/),
    });

    const append = () =>
      api("POST", values("Riunioni!A1", ":append?valueInputOption=RAW&insertDataOption=INSERT_ROWS"), { values: [["m-1"]] });
    double.dropConnections(1, { match: "append" });
    await expect(append()).rejects.toThrow();
    expect(double.values("Riunioni")).toEqual([["ID"]]);
    double.dropAfterApply(1, { match: "append" });
    await expect(append()).rejects.toThrow();
    expect(double.values("Riunioni")).toEqual([["ID"], ["m-1"]]);
    expect(double.requests.map((request) => request.operation)).toEqual(["get", "append", "append"]);
  });
});

describe("grid limits on every write", () => {
  test("values.append whose range starts past the grid is a 400, and so are values wider than the grid", async () => {
    double.setGrid("Tab", [["ID"]]);
    const past = await appendRows("'Tab'!A1001", [["x"]]);
    expect([past.status, past.json.error]).toEqual([
      400,
      { code: 400, message: "Range ('Tab'!A1001) exceeds grid limits. Max rows: 1000, max columns: 26", status: "INVALID_ARGUMENT" },
    ]);
    const wide = await appendRows("'Tab'!A1", [Array.from({ length: 27 }, (_, i) => `c${i}`)]);
    expect([wide.status, wide.json.error.message]).toEqual([400, "Range (Tab!AA2) exceeds grid limits. Max rows: 1000, max columns: 26"]);
    expect(double.values("Tab")).toEqual([["ID"]]);
  });

  test("every batchUpdate request with a range or a start past the grid is a 400 naming it, and nothing changes", async () => {
    const sheetId = sheetIdOf("Foglio1");
    const cases: [unknown, string][] = [
      [
        {
          updateCells: { start: { sheetId, rowIndex: 1000, columnIndex: 0 }, rows: [{ values: [{}, {}, {}] }], fields: "userEnteredValue" },
        },
        "Invalid requests[0].updateCells: Range (Foglio1!A1001:C1001) exceeds grid limits. Max rows: 1000, max columns: 26",
      ],
      [
        {
          repeatCell: {
            range: { sheetId, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 26, endColumnIndex: 27 },
            cell: {},
            fields: "note",
          },
        },
        "Invalid requests[0].repeatCell: Range (Foglio1!AA1) exceeds grid limits. Max rows: 1000, max columns: 26",
      ],
      [
        { setDataValidation: { range: { sheetId, startRowIndex: 1000 }, rule: { condition: list("Sì") } } },
        "Invalid requests[0].setDataValidation: Range (Foglio1!A1001:Z1001) exceeds grid limits. Max rows: 1000, max columns: 26",
      ],
      [
        { insertDimension: { range: { sheetId, dimension: "ROWS", startIndex: 1001, endIndex: 1002 } } },
        "Invalid requests[0].insertDimension: Range (Foglio1!1002:1002) exceeds grid limits. Max rows: 1000, max columns: 26",
      ],
      [
        { deleteDimension: { range: { sheetId, dimension: "ROWS", startIndex: 999, endIndex: 1001 } } },
        "Invalid requests[0].deleteDimension: Range (Foglio1!1000:1001) exceeds grid limits. Max rows: 1000, max columns: 26",
      ],
    ];
    for (const [request, message] of cases) {
      const { status, json } = await batch([request]);
      expect([status, json.error.message]).toEqual([400, message]);
    }
    // Inserting at the very end is allowed.
    expect((await batch([{ insertDimension: { range: { sheetId, dimension: "ROWS", startIndex: 1000, endIndex: 1002 } } }])).status).toBe(
      200,
    );
    expect(double.tabProperties("Foglio1")?.gridProperties.rowCount).toBe(1002);
  });
});

describe("formats and data validations are per cell and move with rows", () => {
  /** What init does: a bold header, a date column and a dropdown from row 2 down. */
  async function setUpTab() {
    double.setGrid("Riunioni", [["ID", "Data", "Tipo"]]);
    const sheetId = sheetIdOf("Riunioni");
    const column = (c: number) => ({ sheetId, startRowIndex: 1, startColumnIndex: c, endColumnIndex: c + 1 });
    await batch([
      {
        repeatCell: {
          range: { sheetId, startRowIndex: 0, endRowIndex: 1 },
          cell: { userEnteredFormat: { textFormat: { bold: true } } },
          fields: "userEnteredFormat.textFormat.bold",
        },
      },
      {
        repeatCell: {
          range: column(1),
          cell: { userEnteredFormat: { numberFormat: { type: "DATE", pattern: "dd/mm/yyyy" } } },
          fields: "userEnteredFormat.numberFormat",
        },
      },
      { setDataValidation: { range: column(2), rule: { condition: list("Ordinaria", "Urgente"), showCustomUi: true } } },
    ]);
    return sheetId;
  }

  test("the requests are still logged as sent; each cell has its own format", async () => {
    await setUpTab();
    expect(double.formats.map((format) => format.fields)).toEqual(["userEnteredFormat.textFormat.bold", "userEnteredFormat.numberFormat"]);
    expect(double.dataValidations).toHaveLength(1);
    expect(double.cellFormat("Riunioni", 0, 2)).toEqual({ bold: true });
    expect(double.cellFormat("Riunioni", 999, 1)).toEqual({ numberFormat: { type: "DATE", pattern: "dd/mm/yyyy" } });
    expect(double.cellFormat("Riunioni", 1, 2).validation?.condition.values).toHaveLength(2);
    expect(double.cellFormat("Riunioni", 1, 3)).toEqual({});
  });

  test("values.append INSERT_ROWS under the bold header: the new row is bold, without the date format and the dropdown it pushed down", async () => {
    await setUpTab();
    await appendRows("Riunioni!A2", [["m-1", 46406, "Urgente"]]);
    expect(double.cellFormat("Riunioni", 1, 0)).toEqual({ bold: true });
    expect(double.cellFormat("Riunioni", 1, 1)).toEqual({ bold: true });
    expect(double.cellFormat("Riunioni", 1, 2).validation).toBeUndefined();
    // The formatted rows moved down by one, and the grid grew.
    expect(double.cellFormat("Riunioni", 2, 1).numberFormat?.type).toBe("DATE");
    expect(double.cellFormat("Riunioni", 2, 2).validation).toBeDefined();
    expect(double.tabProperties("Riunioni")?.gridProperties.rowCount).toBe(1001);
    // The next append copies the (bold) row above in turn.
    await appendRows("Riunioni!A3", [["m-2", 46407, "Ordinaria"]]);
    expect(double.cellFormat("Riunioni", 2, 1)).toEqual({ bold: true });
  });

  test("insertDimension takes the row before (inheritFromBefore) or after; at index 0 it cannot inherit from before", async () => {
    const sheetId = await setUpTab();
    const insert = (startIndex: number, inheritFromBefore: boolean, dimension = "ROWS") =>
      batch([{ insertDimension: { range: { sheetId, dimension, startIndex, endIndex: startIndex + 1 }, inheritFromBefore } }]);
    expect((await insert(1, true)).status).toBe(200);
    expect(double.cellFormat("Riunioni", 1, 1)).toEqual({ bold: true });
    expect((await insert(1, false)).status).toBe(200);
    expect(double.cellFormat("Riunioni", 1, 1)).toEqual({ bold: true });
    expect((await insert(3, false)).status).toBe(200);
    expect(double.cellFormat("Riunioni", 3, 1).numberFormat?.type).toBe("DATE");
    expect(double.cellFormat("Riunioni", 3, 2).validation).toBeDefined();
    const atTop = await insert(0, true);
    expect([atTop.status, atTop.json.error.message]).toEqual([
      400,
      "Invalid requests[0].insertDimension: inheritFromBefore requires a start index greater than 0.",
    ]);
    // Columns: the dropdown column moves right, the new column is styled as the one before.
    expect((await insert(2, true, "COLUMNS")).status).toBe(200);
    expect(double.cellFormat("Riunioni", 4, 2).numberFormat?.type).toBe("DATE");
    expect(double.cellFormat("Riunioni", 4, 3).validation).toBeDefined();
    expect(double.values("Riunioni")[0]).toEqual(["ID", "Data", null, "Tipo"]);
    expect(double.tabProperties("Riunioni")?.gridProperties).toMatchObject({ rowCount: 1003, columnCount: 27 });
  });

  test("deleteDimension moves the rows below up with their formats, and the grid shrinks", async () => {
    const sheetId = await setUpTab();
    double.setGrid("Riunioni", [["ID", "Data", "Tipo"], ["m-1"], ["m-2"]]);
    await batch([
      {
        repeatCell: {
          range: { sheetId, startRowIndex: 2, endRowIndex: 3, startColumnIndex: 0, endColumnIndex: 1 },
          cell: { note: "n" },
          fields: "note",
        },
      },
    ]);
    await batch([{ deleteDimension: { range: { sheetId, dimension: "ROWS", startIndex: 1, endIndex: 2 } } }]);
    expect(double.values("Riunioni").map((row) => row[0])).toEqual(["ID", "m-2"]);
    expect(double.tabProperties("Riunioni")?.gridProperties.rowCount).toBe(999);
    expect(double.cellFormat("Riunioni", 1, 1).numberFormat?.type).toBe("DATE");
    const { json } = await getSheet({ ranges: "Riunioni!A2", fields: "sheets.data.rowData.values.note" });
    expect(json.sheets[0].data[0].rowData[0].values[0]).toEqual({ note: "n" });
  });
});

describe("values.append starts at the table's first column", () => {
  test("with column A blank (a column inserted before ID), the values land from column B", async () => {
    double.setGrid("Buone prassi", [
      [null, "ID", "Titolo"],
      [null, "p-1", "Uno"],
    ]);
    const { json } = await appendRows("'Buone prassi'!A3", [["p-2", "Due"]]);
    expect(json.tableRange).toBe("'Buone prassi'!B1:C2");
    expect(json.updates.updatedRange).toBe("'Buone prassi'!B3:C3");
    expect(double.values("Buone prassi")[2]).toEqual([null, "p-2", "Due"]);
  });
});

describe("field masks", () => {
  test("spreadsheets.get answers only the fields asked; the store's masks are valid", async () => {
    double.setGrid("Riunioni", [["ID"], ["m-1"]]);
    const { json } = await getSheet({ fields: "properties(title,locale,timeZone),sheets.properties(sheetId,title)" });
    expect(json).toEqual({
      properties: { title: "Rete URP (double)", locale: "it_IT", timeZone: "Europe/Rome" },
      sheets: [{ properties: { sheetId: 0, title: "Foglio1" } }, { properties: { sheetId: 1, title: "Riunioni" } }],
    });
    const store = [
      "properties(title,locale,timeZone),sheets(properties(sheetId,title,index,gridProperties(rowCount,columnCount,frozenRowCount)),protectedRanges(protectedRangeId,range,description,warningOnly))",
      "sheets(properties(sheetId),data(startColumn,rowData(values(userEnteredFormat(numberFormat(type)),dataValidation(condition(type))))))",
      "sheets/data/row_data/values/effectiveFormat/numberFormat/type",
    ];
    for (const fields of store) expect((await getSheet({ fields, ranges: "Riunioni!2:2" })).status).toBe(200);
  });

  test("a field the Spreadsheet lacks is a 400 naming the path (a space after a comma included)", async () => {
    for (const [fields, path] of [
      ["properties, sheets.properties", " sheets.properties"],
      ["sheets.propertys.title", "sheets.propertys.title"],
      ["properties.title.x", "properties.title.x"],
    ]) {
      const { status, json } = await getSheet({ fields: fields! });
      expect([status, json.error.message, json.error.status]).toEqual([400, "Request contains an invalid argument.", "INVALID_ARGUMENT"]);
      expect(json.error.details[0].fieldViolations[0].description).toBe(
        `Error expanding 'fields' parameter. Cannot find matching fields for path '${path}'.`,
      );
    }
  });

  test("a batchUpdate mask naming a field the object lacks, or no field, is a 400 for that request", async () => {
    const sheetId = sheetIdOf("Foglio1");
    const range = { sheetId, startRowIndex: 0, endRowIndex: 1 };
    const cases: [unknown, RegExp][] = [
      [
        { repeatCell: { range, cell: {}, fields: "userEnteredFormat.textFormat.blod" } },
        /^Invalid requests\[0\]\.repeatCell: .*'userEnteredFormat\.textFormat\.blod'/,
      ],
      [
        { updateCells: { range, rows: [], fields: "" } },
        /^Invalid requests\[0\]\.updateCells: At least one field must be listed in 'fields'/,
      ],
      [
        { updateSheetProperties: { properties: { sheetId }, fields: "gridProperties.frozenRows" } },
        /^Invalid requests\[0\]\.updateSheetProperties: .*frozenRows/,
      ],
      [
        { updateSpreadsheetProperties: { properties: {}, fields: "timezone" } },
        /^Invalid requests\[0\]\.updateSpreadsheetProperties: .*timezone/,
      ],
    ];
    for (const [request, message] of cases) {
      const { status, json } = await batch([request]);
      expect(status).toBe(400);
      expect(json.error.message).toMatch(message);
    }
  });
});

describe("errors carry Google's ErrorInfo", () => {
  test("failNext with a reason and metadata; a bare 429 is the read or the write quota", async () => {
    const sheet = `/v4/spreadsheets/${double.sheetId}`;
    double.failNext(1, { status: 403, message: "Nope.", reason: "SOME_REASON", metadata: { service: "sheets.googleapis.com" } });
    expect((await api("GET", sheet)).json.error).toEqual({
      code: 403,
      message: "Nope.",
      status: "PERMISSION_DENIED",
      details: [
        {
          "@type": "type.googleapis.com/google.rpc.ErrorInfo",
          reason: "SOME_REASON",
          domain: "googleapis.com",
          metadata: { service: "sheets.googleapis.com" },
        },
      ],
    });
    double.failNext(2, { status: 429 });
    const read = (await api("GET", sheet)).json.error;
    expect(read.message).toMatch(
      /^Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:\d+'\.$/,
    );
    expect(read.details[0]).toMatchObject({
      reason: "RATE_LIMIT_EXCEEDED",
      metadata: { quota_metric: "sheets.googleapis.com/read_requests" },
    });
    const write = (await batch([{ updateSpreadsheetProperties: { properties: { title: "x" }, fields: "title" } }])).json.error;
    expect(write.details[0].metadata).toMatchObject({ quota_limit: "WriteRequestsPerMinutePerUser", service: "sheets.googleapis.com" });
  });

  test("the ready-made faults: quota, API disabled, no quota project, scope, not shared", async () => {
    const sheet = `/v4/spreadsheets/${double.sheetId}`;
    double.failNext(1, SHEETS_FAULTS.writeQuota);
    expect((await api("GET", sheet)).json.error).toMatchObject({
      code: 429,
      status: "RESOURCE_EXHAUSTED",
      details: [{ reason: "RATE_LIMIT_EXCEEDED" }],
    });
    double.failNext(1, SHEETS_FAULTS.apiDisabled);
    const disabled = (await api("GET", sheet)).json.error;
    expect(disabled.message).toMatch(
      /^Google Sheets API has not been used in project \d+ before or it is disabled\. Enable it by visiting https:\/\/console\.developers\.google\.com\/apis\/api\/sheets\.googleapis\.com\/overview\?project=\d+ then retry/,
    );
    expect(disabled.errors[0]).toMatchObject({ reason: "accessNotConfigured", domain: "usageLimits" });
    expect(disabled.details[0]).toMatchObject({
      reason: "SERVICE_DISABLED",
      metadata: { service: "sheets.googleapis.com", activationUrl: expect.any(String) },
    });
    double.failNext(1, SHEETS_FAULTS.noQuotaProject);
    expect((await api("GET", sheet)).json.error.details[0]).toMatchObject({
      reason: "SERVICE_DISABLED",
      metadata: { consumer: "projects/764086051850" },
    });
    double.failNext(1, SHEETS_FAULTS.scopeInsufficient);
    expect((await batch([{ updateSpreadsheetProperties: { properties: { title: "x" }, fields: "title" } }])).json.error).toMatchObject({
      code: 403,
      message: "Request had insufficient authentication scopes.",
      errors: [{ reason: "insufficientPermissions" }],
      details: [
        {
          reason: "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
          metadata: { method: "google.apps.sheets.v4.SpreadsheetsService.BatchUpdateSpreadsheet" },
        },
      ],
    });
    double.failNext(1, SHEETS_FAULTS.callerNotPermitted);
    expect((await api("GET", sheet)).json.error).toEqual({
      code: 403,
      message: "The caller does not have permission",
      status: "PERMISSION_DENIED",
    });
    expect(double.tabTitles()).toEqual(["Foglio1"]);
  });
});

describe("protected ranges and strict validation are enforced", () => {
  const protectedMessage =
    "You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.";

  test("a locking range the service is not an editor of refuses writes to its cells, and row inserts inside it", async () => {
    double.setGrid("Referenti", [
      ["ID", "Nome"],
      ["r-1", "Sara"],
    ]);
    double.protect("Referenti", { startColumnIndex: 0, endColumnIndex: 1 }, { warningOnly: false, editors: ["coordinatrice@esempio.it"] });
    const cell = await valuesUpdate([{ range: "Referenti!A2", values: [["r-9"]] }]);
    expect([cell.status, cell.json.error.message]).toEqual([400, protectedMessage]);
    const append = await appendRows("Referenti!A3", [["r-2", "Luca"]]);
    expect([append.status, append.json.error.message]).toEqual([400, protectedMessage]);
    const sheetId = sheetIdOf("Referenti");
    const insert = await batch([
      { insertDimension: { range: { sheetId, dimension: "ROWS", startIndex: 1, endIndex: 2 }, inheritFromBefore: true } },
    ]);
    expect([insert.status, insert.json.error.message]).toEqual([400, `Invalid requests[0].insertDimension: ${protectedMessage}`]);
    expect((await valuesUpdate([{ range: "Referenti!B2", values: [["Sara B."]] }])).status).toBe(200);
    expect(double.values("Referenti")).toEqual([
      ["ID", "Nome"],
      ["r-1", "Sara B."],
    ]);
  });

  test("a warning-only range, a range listing the caller and one the caller added through the API let it write", async () => {
    double.setGrid("Referenti", [
      ["ID", "Nome"],
      ["r-1", "Sara"],
    ]);
    double.protect("Referenti", { startColumnIndex: 0, endColumnIndex: 1 }, { warningOnly: true });
    expect((await valuesUpdate([{ range: "Referenti!A2", values: [["r-2"]] }])).status).toBe(200);
    const sheetId = sheetIdOf("Referenti");
    expect(
      (await batch([{ addProtectedRange: { protectedRange: { range: { sheetId, startColumnIndex: 1, endColumnIndex: 2 } } } }])).status,
    ).toBe(200);
    expect((await valuesUpdate([{ range: "Referenti!B2", values: [["Sara B."]] }])).status).toBe(200);
    const warningWithEditors = await batch([
      { addProtectedRange: { protectedRange: { range: { sheetId }, warningOnly: true, editors: { users: ["a@b.it"] } } } },
    ]);
    expect(warningWithEditors.json.error.message).toBe(
      "Invalid requests[0].addProtectedRange: ProtectedRange is warningOnly. Editors cannot be set on it.",
    );

    double.requireCallers((token) => ({ "ya29.a": "svc@p.iam.gserviceaccount.com" })[token], ["svc@p.iam.gserviceaccount.com"]);
    double.protect("Referenti", { startRowIndex: 0, endRowIndex: 1 }, { editors: ["svc@p.iam.gserviceaccount.com"] });
    const asEditor = await api(
      "POST",
      `/v4/spreadsheets/${double.sheetId}/values:batchUpdate`,
      {
        valueInputOption: "RAW",
        data: [{ range: "Referenti!C1", values: [["Note"]] }],
      },
      "ya29.a",
    );
    expect(asEditor.status).toBe(200);
  });

  test("a strict ONE_OF_LIST rejects a value outside the list, naming the cell; empty values pass", async () => {
    double.setGrid("Referenti", [
      ["ID", "Attivo"],
      ["r-1", "Sì"],
    ]);
    const sheetId = sheetIdOf("Referenti");
    await batch([
      {
        setDataValidation: {
          range: { sheetId, startRowIndex: 1, startColumnIndex: 1, endColumnIndex: 2 },
          rule: { condition: list("Sì", "No"), strict: true },
        },
      },
    ]);
    const bad = await valuesUpdate([{ range: "Referenti!B2", values: [["Forse"]] }]);
    expect([bad.status, bad.json.error.message]).toEqual([
      400,
      "The data you entered in cell Referenti!B2 violates the data validation rules set on this cell.",
    ]);
    const viaCells = await batch([
      {
        updateCells: {
          start: { sheetId, rowIndex: 1, columnIndex: 1 },
          rows: [{ values: [{ userEnteredValue: { stringValue: "Boh" } }] }],
          fields: "userEnteredValue",
        },
      },
    ]);
    expect(viaCells.json.error.message).toMatch(/^Invalid requests\[0\]\.updateCells: The data you entered in cell Referenti!B2 violates/);
    expect((await valuesUpdate([{ range: "Referenti!B2", values: [["No"]] }])).status).toBe(200);
    expect((await valuesUpdate([{ range: "Referenti!B2", values: [[""]] }])).status).toBe(200);
    expect(double.values("Referenti")).toEqual([["ID", "Attivo"], ["r-1"]]);
    // Not strict: anything goes.
    await batch([
      {
        setDataValidation: {
          range: { sheetId, startRowIndex: 1, startColumnIndex: 1, endColumnIndex: 2 },
          rule: { condition: list("Sì", "No"), strict: false },
        },
      },
    ]);
    expect((await valuesUpdate([{ range: "Referenti!B2", values: [["Forse"]] }])).status).toBe(200);
  });
});

describe("the spreadsheet's locale and time zone; values typed by a person", () => {
  test("spreadsheets.get gives locale and time zone; updateSpreadsheetProperties changes them", async () => {
    expect((await getSheet({ fields: "properties(locale,timeZone)" })).json.properties).toEqual({
      locale: "it_IT",
      timeZone: "Europe/Rome",
    });
    expect(
      (
        await batch([
          { updateSpreadsheetProperties: { properties: { locale: "en_US", timeZone: "America/New_York" }, fields: "locale,timeZone" } },
        ])
      ).status,
    ).toBe(200);
    expect([double.locale, double.timeZone]).toEqual(["en_US", "America/New_York"]);
    double.locale = "it_IT";
    expect((await getSheet({})).json.properties).toMatchObject({ locale: "it_IT", timeZone: "America/New_York" });
  });

  test("it_IT reads dd/mm/yyyy and a decimal comma; the date cell gets a date format", () => {
    double.setGrid("Riunioni", [["ID", "Data", "Ore"]]);
    double.typeAsPerson("Riunioni", "B2", "03/04/2027");
    double.typeAsPerson("Riunioni", "C2", "1,10");
    double.typeAsPerson("Riunioni", "A2", "=1+1");
    double.typeAsPerson("Riunioni", "A3", "'03/04/2027");
    expect(double.grid("Riunioni").slice(1)).toEqual([
      [{ value: null, formula: "=1+1" }, { value: date(2027, 4, 3) }, { value: 1.1 }],
      [{ value: "03/04/2027" }],
    ]);
    expect(double.cellFormat("Riunioni", 1, 1).numberFormat).toEqual({ type: "DATE" });
  });

  test("en_US reads mm/dd/yyyy and a decimal point; '1,10' stays text (our choice, unconfirmed)", async () => {
    const american = await startSheetsDouble({ locale: "en_US", timeZone: "America/New_York" });
    try {
      american.setGrid("Riunioni", [["ID", "Data", "Ore"]]);
      american.typeAsPerson("Riunioni", "B2", "03/04/2027");
      american.typeAsPerson("Riunioni", "C2", "1,10");
      american.typeAsPerson("Riunioni", "C3", "1.10");
      american.typeAsPerson("Riunioni", "C4", "1,100");
      expect(american.values("Riunioni").slice(1)).toEqual([
        [null, date(2027, 3, 4), "1,10"],
        [null, null, 1.1],
        [null, null, 1100],
      ]);
    } finally {
      await american.close();
    }
  });

  test("USER_ENTERED input follows the locale too; RAW never parses", async () => {
    double.setGrid("Riunioni", [["ID", "Data", "Ore"]]);
    await valuesUpdate([{ range: "Riunioni!A2", values: [["m-1", "20/01/2027 10:30", "2,5"]] }], "USER_ENTERED");
    await valuesUpdate([{ range: "Riunioni!A3", values: [["m-2", "20/01/2027", "2,5"]] }], "RAW");
    expect(double.values("Riunioni").slice(1)).toEqual([
      ["m-1", date(2027, 1, 20) + 10.5 / 24, 2.5],
      ["m-2", "20/01/2027", "2,5"],
    ]);
  });

  test("a person typing a value a strict dropdown rejects is refused", async () => {
    double.setGrid("Referenti", [["ID", "Attivo"]]);
    const sheetId = sheetIdOf("Referenti");
    await batch([
      {
        setDataValidation: {
          range: { sheetId, startRowIndex: 1, startColumnIndex: 1, endColumnIndex: 2 },
          rule: { condition: list("Sì", "No"), strict: true },
        },
      },
    ]);
    expect(() => double.typeAsPerson("Referenti", "B2", "Forse")).toThrow(/rejects/);
    double.typeAsPerson("Referenti", "B2", "Sì");
    expect(double.values("Referenti")[1]).toEqual([null, "Sì"]);
  });
});

describe("a person's edits and the batchUpdate requests the store sends", () => {
  test("sortRows moves whole rows, values and formats together, below the header", async () => {
    double.setGrid("Riunioni", [
      ["ID", "Titolo"],
      ["m-1", "Charlie"],
      ["m-2", "alfa"],
      ["m-3", "Bravo"],
      ["m-4", null],
    ]);
    const sheetId = sheetIdOf("Riunioni");
    await batch([
      {
        repeatCell: {
          range: { sheetId, startRowIndex: 1, endRowIndex: 2 },
          cell: { userEnteredFormat: { textFormat: { bold: true } } },
          fields: "userEnteredFormat.textFormat.bold",
        },
      },
    ]);
    double.sortRows("Riunioni", { column: 1 });
    expect(double.values("Riunioni").map((row) => row[0])).toEqual(["ID", "m-2", "m-3", "m-1", "m-4"]);
    expect(double.cellFormat("Riunioni", 3, 0).bold).toBe(true);
    double.sortRows("Riunioni", { column: 1, descending: true });
    expect(double.values("Riunioni").map((row) => row[0])).toEqual(["ID", "m-1", "m-3", "m-2", "m-4"]);
    // The same through sortRange.
    await batch([
      { sortRange: { range: { sheetId, startRowIndex: 1, endRowIndex: 5 }, sortSpecs: [{ dimensionIndex: 0, sortOrder: "ASCENDING" }] } },
    ]);
    expect(double.values("Riunioni").map((row) => row[0])).toEqual(["ID", "m-1", "m-2", "m-3", "m-4"]);
  });

  test("insertColumns, insertRows and deleteRows move the cells, the grid and the protected ranges", () => {
    double.setGrid("Riunioni", [
      ["ID", "Titolo"],
      ["m-1", "Uno"],
      ["m-2", "Due"],
    ]);
    double.protect("Riunioni", { startRowIndex: 1, endRowIndex: 2 }, { warningOnly: true });
    double.insertColumns("Riunioni", 0);
    double.insertRows("Riunioni", 1, 2);
    expect(double.values("Riunioni")).toEqual([[null, "ID", "Titolo"], [], [], [null, "m-1", "Uno"], [null, "m-2", "Due"]]);
    expect(double.protectedRanges[0]?.range).toMatchObject({ startRowIndex: 3, endRowIndex: 4 });
    double.deleteRows("Riunioni", 1, 3);
    expect(double.values("Riunioni").map((row) => row[1])).toEqual(["ID", "m-1", "m-2"]);
    expect(double.tabProperties("Riunioni")?.gridProperties).toMatchObject({ rowCount: 1000, columnCount: 27 });
    expect(double.protectedRanges[0]?.range).toMatchObject({ startRowIndex: 1, endRowIndex: 2 });
    double.deleteRows("Riunioni", 3, 1000);
    expect(double.tabProperties("Riunioni")?.gridProperties.rowCount).toBe(3);
  });

  test("beforeNext runs a person's edit right before the next matching request is applied", async () => {
    double.setGrid("Riunioni", [
      ["ID", "Titolo"],
      ["m-b", "B"],
      ["m-a", "A"],
    ]);
    double.beforeNext("valuesBatchUpdate", () => double.sortRows("Riunioni", { column: 1 }));
    await api("GET", values("Riunioni"));
    expect(double.values("Riunioni")[1]?.[0]).toBe("m-b");
    await valuesUpdate([{ range: "Riunioni!C2", values: [["scritto in riga 2"]] }]);
    expect(double.values("Riunioni")).toEqual([
      ["ID", "Titolo"],
      ["m-a", "A", "scritto in riga 2"],
      ["m-b", "B"],
    ]);
  });

  test("insertDimension + updateCells: stringValue is literal, numbers and formulas as such, a cell without a value is cleared", async () => {
    double.setGrid("Buone prassi", [
      ["ID", "Titolo", "Data", "Note"],
      ["p-1", "Uno", 46406, "vecchia"],
    ]);
    const sheetId = sheetIdOf("Buone prassi");
    const { status } = await batch([
      { insertDimension: { range: { sheetId, dimension: "ROWS", startIndex: 2, endIndex: 3 }, inheritFromBefore: true } },
      {
        updateCells: {
          start: { sheetId, rowIndex: 2, columnIndex: 0 },
          rows: [
            {
              values: [
                { userEnteredValue: { stringValue: "p-2" } },
                { userEnteredValue: { stringValue: '=IMPORTXML("x")' } },
                { userEnteredValue: { numberValue: 46407 } },
                { userEnteredValue: { formulaValue: "=C3+1" } },
              ],
            },
          ],
          fields: "userEnteredValue",
        },
      },
      {
        updateCells: {
          range: { sheetId, startRowIndex: 1, endRowIndex: 2, startColumnIndex: 3, endColumnIndex: 4 },
          rows: [{ values: [{}] }],
          fields: "userEnteredValue,userEnteredFormat,dataValidation",
        },
      },
    ]);
    expect(status).toBe(200);
    expect(double.grid("Buone prassi")).toEqual([
      [{ value: "ID" }, { value: "Titolo" }, { value: "Data" }, { value: "Note" }],
      [{ value: "p-1" }, { value: "Uno" }, { value: 46406 }],
      [{ value: "p-2" }, { value: '=IMPORTXML("x")' }, { value: 46407 }, { value: null, formula: "=C3+1" }],
    ]);
  });

  test("a batchUpdate is all-or-nothing: a failing later request undoes the earlier ones", async () => {
    double.setGrid("Riunioni", [["ID"], ["m-1"]]);
    const sheetId = sheetIdOf("Riunioni");
    const failed = await batch([
      { insertDimension: { range: { sheetId, dimension: "ROWS", startIndex: 1, endIndex: 3 }, inheritFromBefore: true } },
      {
        updateCells: {
          start: { sheetId, rowIndex: 1, columnIndex: 0 },
          rows: [{ values: [{ userEnteredValue: { stringValue: "m-0" } }] }],
          fields: "userEnteredValue",
        },
      },
      { updateSheetProperties: { properties: { sheetId, title: "Foglio1" }, fields: "title" } },
    ]);
    expect([failed.status, failed.json.error.message]).toEqual([
      400,
      'Invalid requests[2].updateSheetProperties: A sheet with the name "Foglio1" already exists. Please enter another name.',
    ]);
    expect(double.values("Riunioni")).toEqual([["ID"], ["m-1"]]);
    expect(double.tabProperties("Riunioni")?.gridProperties.rowCount).toBe(1000);
  });

  test("values.batchUpdate with includeValuesInResponse answers each range as it is after the write", async () => {
    double.setGrid("Presenze", [
      ["ID", "Risposta"],
      ["a-1", "Partecipo"],
    ]);
    const { json } = await api("POST", `/v4/spreadsheets/${double.sheetId}/values:batchUpdate`, {
      valueInputOption: "RAW",
      data: [{ range: "Presenze!A2:B2", values: [[null, "Delego"]] }],
      includeValuesInResponse: true,
      responseValueRenderOption: "UNFORMATTED_VALUE",
    });
    expect(json.responses[0]).toMatchObject({
      updatedRange: "Presenze!A2:B2",
      updatedData: { range: "Presenze!A2:B2", values: [["a-1", "Delego"]] },
    });
  });
});
