import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENTI, plainDateToSerial, RUOLI } from "@rete-urp/shared";
import type { Store } from "@rete-urp/sheets-sync";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { openGoogleStore } from "../../sheets-sync/src/stores/google-store.ts";
import { type SheetsDouble, startSheetsDouble } from "../sheets-double/sheets-double.ts";
import { describeStoreContract } from "./store-contract.ts";

// The google store with its real client code (googleapis → gaxios → fetch), pointed at the
// local Sheets v4 double as SHEETS_API_ROOT_URL + GOOGLE_ACCESS_TOKEN would point it.
describeStoreContract("google store", async () => {
  const double = await startSheetsDouble();
  const store = await openGoogleStore({
    sheetId: double.sheetId,
    apiRootUrl: double.rootUrl,
    accessToken: "test-token",
    timeoutMs: 5_000,
  });
  return {
    store,
    seed: async (tab, grid) => double.setGrid(tab, grid),
    stored: async (tab) => double.grid(tab).map((row) => row.map((cell) => ({ value: cell.value, formula: cell.formula !== undefined }))),
    cleanup: () => double.close(),
  };
});

describe("google store: what only a Google Sheet has", () => {
  let double: SheetsDouble;
  let store: Store & { timeZone?: string };

  beforeEach(async () => {
    double = await startSheetsDouble();
    store = (await openGoogleStore({ sheetId: double.sheetId, apiRootUrl: double.rootUrl, accessToken: "t" })) as Store & {
      timeZone?: string;
    };
  });
  afterEach(async () => {
    await store.close();
    await double.close();
  });

  test("init() gives every tab a bold frozen header, dropdowns, date/time formats and a warning-only ID protection", async () => {
    await store.init();
    const all = ["Referenti", "Riunioni", "Buone prassi", "Impostazioni", "Presenze", "Proposte", "Pubblicazioni", "Esiti pubblicazioni"];
    expect(double.tabTitles()).toEqual(["Foglio1", ...all]);
    for (const title of all) {
      expect(double.tabProperties(title)?.gridProperties.frozenRowCount).toBe(1);
    }
    const sheetId = (title: string) => double.tabProperties(title)!.sheetId;
    const bold = double.formats.filter((format) => format.fields === "userEnteredFormat.textFormat.bold");
    expect(bold.map((format) => format.sheetId).sort()).toEqual(all.map(sheetId).sort());

    const dropdowns = double.dataValidations.map((validation) => [
      validation.range.sheetId,
      validation.range.startColumnIndex,
      validation.rule.condition.values!.map((value) => value.userEnteredValue).join("|"),
      validation.rule.showCustomUi,
    ]);
    expect(dropdowns).toEqual([
      [sheetId("Referenti"), 3, ENTI.join("|"), true],
      [sheetId("Referenti"), 4, RUOLI.join("|"), true],
      [sheetId("Riunioni"), 4, "Ordinaria|Urgente", true],
      [sheetId("Riunioni"), 5, "Pianificata|Confermata|Annullata|Svolta", true],
      [sheetId("Buone prassi"), 7, ENTI.join("|"), true],
      [sheetId("Presenze"), 4, ENTI.join("|"), true],
      [sheetId("Presenze"), 5, "Partecipo|Non partecipo|Delego", true],
      [sheetId("Proposte"), 7, ENTI.join("|"), true],
      [sheetId("Proposte"), 10, "Proposta|Accettata|Respinta", true],
      [sheetId("Esiti pubblicazioni"), 2, ENTI.join("|"), true],
      [sheetId("Esiti pubblicazioni"), 3, "Pubblicato", true],
    ]);
    const numberFormats = double.formats
      .filter((format) => format.fields === "userEnteredFormat.numberFormat")
      .map((format) => [
        format.sheetId,
        format.range.startColumnIndex,
        (format.cell as { userEnteredFormat: { numberFormat: { type: string } } }).userEnteredFormat.numberFormat.type,
      ]);
    expect(numberFormats).toEqual([
      [sheetId("Riunioni"), 1, "DATE"],
      [sheetId("Riunioni"), 2, "TIME"],
      [sheetId("Riunioni"), 3, "TIME"],
      [sheetId("Buone prassi"), 1, "DATE"],
      [sheetId("Proposte"), 2, "DATE"],
      [sheetId("Pubblicazioni"), 3, "DATE"],
      [sheetId("Esiti pubblicazioni"), 7, "DATE"],
    ]);
    expect(double.protectedRanges.map((range) => [range.range.sheetId, range.range.startColumnIndex, range.warningOnly])).toEqual([
      [sheetId("Referenti"), 0, true],
      [sheetId("Riunioni"), 0, true],
      [sheetId("Buone prassi"), 0, true],
      [sheetId("Presenze"), 0, true],
      [sheetId("Proposte"), 0, true],
      [sheetId("Pubblicazioni"), 0, true],
      [sheetId("Esiti pubblicazioni"), 0, true],
    ]);
  });

  test("a second init() reads but writes nothing: no second protection, no repeated dropdowns", async () => {
    await store.init();
    const before = {
      formats: double.formats.length,
      validations: double.dataValidations.length,
      protections: double.protectedRanges.length,
    };
    const writesBefore = double.requests.filter((request) => request.method === "POST").length;
    expect(await store.init()).toEqual({ createdTabs: [], addedHeaders: [] });
    expect(double.requests.filter((request) => request.method === "POST").length).toBe(writesBefore);
    expect({
      formats: double.formats.length,
      validations: double.dataValidations.length,
      protections: double.protectedRanges.length,
    }).toEqual(before);
  });

  test("init() adds no second protection to an ID column the coordinator protected already", async () => {
    double.setGrid("Referenti", [["Nome", "ID", "Cognome", "Ente", "Ruolo", "Email", "Telefono", "Attivo", "Note"]]);
    double.protect("Referenti", { startColumnIndex: 0, endColumnIndex: 2 }, { description: "mia" });
    await store.init();
    const referenti = double.protectedRanges.filter((range) => range.range.sheetId === double.tabProperties("Referenti")!.sheetId);
    expect(referenti.map((range) => range.description)).toEqual(["mia"]);
    expect(double.protectedRanges).toHaveLength(7);
    expect(await store.init()).toEqual({ createdTabs: [], addedHeaders: [] });
    expect(double.protectedRanges).toHaveLength(7);
  });

  test("appended dates and times go in as numbers (RAW), so the date-formatted columns show them as dates", async () => {
    await store.init();
    const date = plainDateToSerial({ year: 2027, month: 3, day: 16 });
    await store.append("Riunioni", [{ id: "m-1", date, startTime: 10 / 24, endTime: 12 / 24, kind: "Ordinaria" }]);
    expect(double.grid("Riunioni")[1]!.slice(0, 5)).toEqual([
      { value: "m-1" },
      { value: date },
      { value: 10 / 24 },
      { value: 0.5 },
      { value: "Ordinaria" },
    ]);
    const append = double.requests.find((request) => request.operation === "append")!;
    expect(Object.fromEntries(append.query)).toMatchObject({ valueInputOption: "RAW", insertDataOption: "INSERT_ROWS" });
  });

  test("tabs renamed by hand with other case and spaces are still found, and a later rename is picked up", async () => {
    double.setGrid("buone  PRASSI", [
      ["ID", "Data", "Titolo"],
      ["p-1", 46406, "Uno"],
    ]);
    expect((await store.readAll())["Buone prassi"]).toHaveLength(2);
    double.renameTab("buone  PRASSI", "Buone Prassi");
    expect((await store.readAll())["Buone prassi"]).toHaveLength(2);
    await store.append("Buone prassi", [{ id: "p-2", date: 46407, title: "Due" }]);
    expect(double.values("Buone Prassi").map((row) => row[0])).toEqual(["ID", "p-1", "p-2"]);
  });

  test("readTab() is one values.get of that tab's range, never the batchGet of every tab; a later rename is picked up", async () => {
    double.setGrid("Buone prassi", [
      ["ID", "Data", "Titolo"],
      ["p-1", 46406, "Uno"],
    ]);
    double.setGrid("Riunioni", [
      ["ID", "Data"],
      ["m-1", 46406],
    ]);
    expect(await store.readTab("Buone prassi")).toEqual([
      ["ID", "Data", "Titolo"],
      ["p-1", 46406, "Uno"],
    ]);
    expect(double.requests.map((request) => request.operation)).toEqual(["get", "valuesGet"]);
    // Renamed by hand after the tab list was cached: Google answers 400, the list is read again.
    double.renameTab("Buone prassi", "BUONE PRASSI");
    expect(await store.readTab("Buone prassi")).toHaveLength(2);
    expect(double.count("batchGet")).toBe(0);
    expect(await store.readTab("Presenze")).toBeUndefined();
  });

  test("the spreadsheet's time zone is exposed after the first read", async () => {
    double.timeZone = "America/New_York";
    expect(store.timeZone).toBeUndefined();
    await store.readAll();
    expect(store.timeZone).toBe("America/New_York");
  });

  test("append() to a missing tab or a tab without headers needs init, and says so", async () => {
    await expect(store.append("Riunioni", [{ id: "m-1", date: 46406 }])).rejects.toMatchObject({ code: "tab_missing", retryable: false });
    double.setGrid("Riunioni", []);
    await expect(store.append("Riunioni", [{ id: "m-1", date: 46406 }])).rejects.toMatchObject({
      code: "header_missing",
      message: expect.stringContaining("sheets-sync init"),
    });
  });

  test("a credentials file that is missing or not a key fails at open, not retryable", async () => {
    const dir = await mkdtemp(join(tmpdir(), "google-store-"));
    const notKey = join(dir, "note.json");
    await writeFile(notKey, JSON.stringify({ type: "ciao" }));
    for (const credentialsFile of [join(dir, "missing.json"), notKey]) {
      await expect(openGoogleStore({ sheetId: "x", credentialsFile })).rejects.toMatchObject({
        code: "google_credentials",
        retryable: false,
      });
    }
    await expect(openGoogleStore({ sheetId: "x" })).rejects.toMatchObject({ code: "google_credentials" });
    await rm(dir, { recursive: true, force: true });
  });
});
