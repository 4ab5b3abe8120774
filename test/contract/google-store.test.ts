import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BASSA_ROMAGNA, plainDateToSerial, RUOLI } from "@rete-urp/shared";
import type { Store } from "@rete-urp/sheets-sync";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ID_PROTECTION_DESCRIPTION } from "../../sheets-sync/src/stores/google/google-init.ts";
import { openGoogleStore } from "../../sheets-sync/src/stores/google/google-store.ts";
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

/** A spreadsheets.batchUpdate sent to the double as any client would (here: what an older init did). */
async function sheetsBatchUpdate(double: SheetsDouble, requests: unknown[]): Promise<void> {
  const response = await fetch(`${double.rootUrl}v4/spreadsheets/${double.sheetId}:batchUpdate`, {
    method: "POST",
    headers: { authorization: "Bearer t", "content-type": "application/json" },
    body: JSON.stringify({ requests }),
  });
  if (!response.ok) throw new Error(`batchUpdate: ${response.status} ${await response.text()}`);
}

/** init's old Ente dropdown, from before the Enti tab: the ten names written out. */
const ENTI = BASSA_ROMAGNA.map((ente) => ente.name);
/** The Ente dropdowns' source now: the Enti tab's Ente column, open ended. */
const ENTI_RANGE = "='Enti'!A2:A";

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
    const all = [
      "Referenti",
      "Riunioni",
      "Buone prassi",
      "Impostazioni",
      "Presenze",
      "Proposte",
      "Pubblicazioni",
      "Esiti pubblicazioni",
      "Azioni",
      "Enti",
      "Progetti",
      "Aggiornamenti",
    ];
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
      validation.rule.condition.type,
      validation.rule.condition.values!.map((value) => value.userEnteredValue).join("|"),
      validation.rule.showCustomUi,
    ]);
    // Every Ente column offers the Enti tab's list, so a comune added there is offered at once.
    expect(dropdowns).toEqual([
      [sheetId("Referenti"), 3, "ONE_OF_RANGE", ENTI_RANGE, true],
      [sheetId("Referenti"), 4, "ONE_OF_LIST", RUOLI.join("|"), true],
      [sheetId("Referenti"), 7, "ONE_OF_LIST", "Sì|No", true],
      [sheetId("Riunioni"), 4, "ONE_OF_LIST", "Ordinaria|Urgente", true],
      [sheetId("Riunioni"), 5, "ONE_OF_LIST", "Pianificata|Confermata|Annullata|Svolta", true],
      [sheetId("Buone prassi"), 7, "ONE_OF_RANGE", ENTI_RANGE, true],
      [sheetId("Presenze"), 5, "ONE_OF_RANGE", ENTI_RANGE, true],
      [sheetId("Presenze"), 6, "ONE_OF_LIST", "Partecipo|Non partecipo|Delego", true],
      [sheetId("Proposte"), 8, "ONE_OF_RANGE", ENTI_RANGE, true],
      [sheetId("Proposte"), 11, "ONE_OF_LIST", "Proposta|Accettata|Respinta", true],
      [sheetId("Esiti pubblicazioni"), 3, "ONE_OF_RANGE", ENTI_RANGE, true],
      [sheetId("Esiti pubblicazioni"), 4, "ONE_OF_LIST", "Pubblicato", true],
      [sheetId("Azioni"), 6, "ONE_OF_LIST", "Da fare|Fatta", true],
      [sheetId("Enti"), 1, "ONE_OF_LIST", "Unione|Comune", true],
      [sheetId("Enti"), 4, "ONE_OF_LIST", "Sì|No", true],
      [sheetId("Progetti"), 4, "ONE_OF_RANGE", ENTI_RANGE, true], // Capofila
      [sheetId("Progetti"), 6, "ONE_OF_LIST", "Proposto|In corso|Sospeso|Concluso", true],
      [sheetId("Aggiornamenti"), 5, "ONE_OF_RANGE", ENTI_RANGE, true],
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
      [sheetId("Presenze"), 2, "DATE"], // Data riunione
      [sheetId("Presenze"), 8, "DATE_TIME"], // Aggiornato
      [sheetId("Proposte"), 2, "DATE"], // Data riunione
      [sheetId("Proposte"), 3, "DATE"],
      [sheetId("Pubblicazioni"), 3, "DATE"],
      [sheetId("Esiti pubblicazioni"), 8, "DATE"],
      [sheetId("Azioni"), 5, "DATE"], // Scadenza
      [sheetId("Azioni"), 8, "DATE"], // Data (when it was done)
      [sheetId("Progetti"), 8, "DATE"], // Scadenza
      [sheetId("Aggiornamenti"), 2, "DATE"],
    ]);
    expect(double.protectedRanges.map((range) => [range.range.sheetId, range.range.startColumnIndex, range.warningOnly])).toEqual([
      [sheetId("Referenti"), 0, true],
      [sheetId("Riunioni"), 0, true],
      [sheetId("Buone prassi"), 0, true],
      [sheetId("Presenze"), 0, true],
      [sheetId("Proposte"), 0, true],
      [sheetId("Pubblicazioni"), 0, true],
      [sheetId("Esiti pubblicazioni"), 0, true],
      [sheetId("Azioni"), 0, true],
      [sheetId("Progetti"), 0, true],
      [sheetId("Aggiornamenti"), 0, true],
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

  test("init() on a sheet an older version set up: new columns get header and format, Aggiornato its date-time, Attivo its dropdown, Ente the Enti tab's list; the coordinator's own stay", async () => {
    double.setGrid("Referenti", [
      ["ID", "Nome", "Cognome", "Ente", "Ruolo", "Email", "Telefono", "Attivo", "Note"],
      ["r-1", "Giulia", "Bianchi", "Unione", "Coordinatore", "giulia@esempio.it", "", "Sì", ""],
    ]);
    double.setGrid("Presenze", [
      ["ID", "Riunione", "Email", "Nome", "Ente", "Risposta", "Delegato", "Aggiornato"],
      ["a-1", "m-1", "giulia@esempio.it", "Giulia Bianchi", "Unione", "Partecipo", "", "2026-11-03T09:00:00.000Z"],
    ]);
    const referenti = double.tabProperties("Referenti")!.sheetId;
    const presenze = double.tabProperties("Presenze")!.sheetId;
    const column = (sheetId: number, index: number) => ({ sheetId, startRowIndex: 1, startColumnIndex: index, endColumnIndex: index + 1 });
    const list = (...words: string[]) => ({
      condition: { type: "ONE_OF_LIST", values: words.map((word) => ({ userEnteredValue: word })) },
      strict: false,
      showCustomUi: true,
    });
    // What the older init did (no Attivo dropdown, Aggiornato as text), and Ruolo's list the coordinator changed since.
    await sheetsBatchUpdate(double, [
      ...[referenti, presenze].map((sheetId) => ({
        updateSheetProperties: { properties: { sheetId, gridProperties: { frozenRowCount: 1 } }, fields: "gridProperties.frozenRowCount" },
      })),
      ...[referenti, presenze].map((sheetId) => ({
        addProtectedRange: {
          protectedRange: {
            range: { sheetId, startColumnIndex: 0, endColumnIndex: 1 },
            description: ID_PROTECTION_DESCRIPTION,
            warningOnly: true,
          },
        },
      })),
      { setDataValidation: { range: column(referenti, 3), rule: list(...ENTI) } },
      { setDataValidation: { range: column(referenti, 4), rule: list("Coordinatore", "Referente", "Ospite") } },
      { setDataValidation: { range: column(presenze, 4), rule: list(...ENTI) } },
      { setDataValidation: { range: column(presenze, 5), rule: list("Partecipo", "Non partecipo", "Delego") } },
    ]);
    // A rule set again on the same range replaces the old one (the double, as Google, keeps one per range): compared by content.
    const validationsBefore = new Set(double.dataValidations.map((validation) => JSON.stringify(validation)));
    const formatsBefore = double.formats.length;

    const report = await store.init();
    expect(report.addedHeaders).toEqual(["Presenze!Data riunione"]);
    expect(double.values("Presenze")[0]).toEqual([
      "ID",
      "Riunione",
      "Email",
      "Nome",
      "Ente",
      "Risposta",
      "Delegato",
      "Aggiornato",
      "Data riunione",
    ]);
    expect(double.values("Presenze")[1]).toEqual([
      "a-1",
      "m-1",
      "giulia@esempio.it",
      "Giulia Bianchi",
      "Unione",
      "Partecipo",
      null,
      "2026-11-03T09:00:00.000Z",
    ]);
    const added = (sheetId: number) => ({
      validations: double.dataValidations
        .filter((validation) => !validationsBefore.has(JSON.stringify(validation)))
        .filter((validation) => validation.range.sheetId === sheetId)
        .map((validation) => [
          validation.range.startColumnIndex,
          validation.rule.condition.values!.map((value) => value.userEnteredValue).join("|"),
        ]),
      numberFormats: double.formats
        .slice(formatsBefore)
        .filter((format) => format.sheetId === sheetId && format.fields === "userEnteredFormat.numberFormat")
        .map((format) => [
          format.range.startColumnIndex,
          (format.cell as { userEnteredFormat: { numberFormat: { type: string; pattern: string } } }).userEnteredFormat.numberFormat,
        ]),
    });
    // Ente's ten names were the older init's: replaced by the Enti tab's list (the tab init has just made).
    expect(added(referenti)).toEqual({
      validations: [
        [3, ENTI_RANGE],
        [7, "Sì|No"],
      ],
      numberFormats: [],
    });
    expect(added(presenze)).toEqual({
      validations: [[4, ENTI_RANGE]],
      numberFormats: [
        [8, { type: "DATE", pattern: "dd/mm/yyyy" }],
        [7, { type: "DATE_TIME", pattern: "dd/mm/yyyy hh:mm" }],
      ],
    });
    // Ruolo keeps the coordinator's list; nothing is protected twice.
    expect(
      double.dataValidations.filter((validation) => validation.range.sheetId === referenti && validation.range.startColumnIndex === 4),
    ).toHaveLength(1);
    expect(double.protectedRanges.filter((range) => [referenti, presenze].includes(range.range.sheetId!))).toHaveLength(2);

    const posts = double.requests.filter((request) => request.method === "POST").length;
    expect(await store.init()).toEqual({ createdTabs: [], addedHeaders: [] });
    expect(double.requests.filter((request) => request.method === "POST").length).toBe(posts);
  });

  test("updateCells() writes RAW only the cells that differ, in the rows found by ID, and appends nothing", async () => {
    await store.init();
    await store.append("Esiti pubblicazioni", [
      { id: "o-1", publicationId: "pub-1", publicationTitle: "Bando", ente: "Lugo" },
      { id: "o-2", publicationId: "pub-1", publicationTitle: '=HYPERLINK("x")', ente: "Fusignano" },
    ]);
    const calls = double.count("valuesBatchUpdate");
    expect(
      await store.updateCells!("Esiti pubblicazioni", [
        { id: "o-1", publicationTitle: '=HYPERLINK("x")' },
        { id: "o-2", publicationTitle: '=HYPERLINK("x")' },
        { id: "o-3", publicationTitle: "nessuna riga" },
      ]),
    ).toBe(1);
    expect(double.count("valuesBatchUpdate")).toBe(calls + 1);
    // The row's ID cell is in the range, left as it is (null), so the answer tells which row was written.
    const write = double.requests.filter((request) => request.operation === "valuesBatchUpdate").at(-1)!;
    expect(write.body).toMatchObject({
      valueInputOption: "RAW",
      includeValuesInResponse: true,
      data: [{ range: "'Esiti pubblicazioni'!A2:C2", values: [[null, null, '=HYPERLINK("x")']] }],
    });
    expect(double.grid("Esiti pubblicazioni").map((row) => row[2])).toEqual([
      { value: "Titolo pubblicazione" },
      { value: '=HYPERLINK("x")' },
      { value: '=HYPERLINK("x")' },
    ]);
    expect(await store.updateCells!("Esiti pubblicazioni", [{ id: "o-1", publicationTitle: '=HYPERLINK("x")' }])).toBe(0);
    expect(double.count("valuesBatchUpdate")).toBe(calls + 1);
  });

  test("init() adds no second protection to an ID column the coordinator protected already", async () => {
    double.setGrid("Referenti", [["Nome", "ID", "Cognome", "Ente", "Ruolo", "Email", "Telefono", "Attivo", "Note"]]);
    double.protect("Referenti", { startColumnIndex: 0, endColumnIndex: 2 }, { description: "mia" });
    await store.init();
    const referenti = double.protectedRanges.filter((range) => range.range.sheetId === double.tabProperties("Referenti")!.sheetId);
    expect(referenti.map((range) => range.description)).toEqual(["mia"]);
    expect(double.protectedRanges).toHaveLength(10);
    expect(await store.init()).toEqual({ createdTabs: [], addedHeaders: [] });
    expect(double.protectedRanges).toHaveLength(10);
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
    // One batchUpdate: an empty row inserted by the tab's sheetId, then literal values into it.
    const insert = double.requests.filter((request) => request.operation === "batchUpdate").at(-1)!;
    const sheetId = double.tabProperties("Riunioni")!.sheetId;
    expect(insert.body).toMatchObject({
      requests: [
        { insertDimension: { range: { sheetId, dimension: "ROWS", startIndex: 1, endIndex: 2 }, inheritFromBefore: true } },
        { updateCells: { start: { sheetId, rowIndex: 1, columnIndex: 0 } } },
      ],
    });
    expect(double.count("append")).toBe(0);
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

  test("a writer's batch costs one values read: readTabsForWrite() of several tabs is one batchGet, and append/upsert/updateCells given that read read nothing more", async () => {
    await store.init();
    double.setGrid("Buone prassi", [
      ["ID", "Data", "Titolo", "Descrizione", "Link", "Estratto", "Tag", "Ente", "Autore", "Email autore"],
      ["p-1", 46406, "Uno"],
    ]);
    const reads = () => double.count("valuesGet") + double.count("batchGet");
    const before = reads();
    const batchGets = double.count("batchGet");
    const tabs = await store.readTabsForWrite(["Buone prassi", "Presenze", "Esiti pubblicazioni"]);
    expect(reads() - before).toBe(1);
    expect(double.count("batchGet")).toBe(batchGets + 1);
    const appended = await store.append("Buone prassi", [{ id: "p-2", date: 46407, title: "Due" }], tabs["Buone prassi"]);
    const upserted = await store.upsert(
      "Presenze",
      [{ id: "a-1", meetingId: "m-1", email: "a@esempio.it", answer: "Partecipo" }],
      tabs.Presenze,
    );
    expect(await store.updateCells!("Esiti pubblicazioni", [{ id: "o-1", publicationTitle: "x" }], tabs["Esiti pubblicazioni"])).toBe(0);
    expect(reads() - before).toBe(1);
    // What they answer is what the next read gives.
    expect(appended).toEqual(await store.readTab("Buone prassi"));
    expect(upserted).toEqual(await store.readTab("Presenze"));
    // One tab alone is one values.get.
    const one = reads();
    await store.readTabsForWrite(["Buone prassi"]);
    expect(double.count("valuesGet")).toBeGreaterThan(0);
    expect(reads() - one).toBe(1);
  });

  test("a row someone adds between the writer's read and its append: nobody's row is overwritten, and the tab answered has the new rows where they went", async () => {
    double.setGrid("Buone prassi", [
      ["ID", "Data", "Titolo"],
      ["p-1", 46406, "Uno"],
    ]);
    const basis = (await store.readTabsForWrite(["Buone prassi"]))["Buone prassi"];
    double.setGrid("Buone prassi", [
      ["ID", "Data", "Titolo"],
      ["p-1", 46406, "Uno"],
      ["p-mano", 46406, "Scritta a mano"],
    ]);
    const after = await store.append("Buone prassi", [{ id: "p-2", date: 46407, title: "Due" }], basis);
    // The new row is inserted below the last row the read saw: the hand-typed one moves down, whole.
    expect(double.values("Buone prassi").map((row) => row[0])).toEqual(["ID", "p-1", "p-2", "p-mano"]);
    // The hand-typed row is not known without a read (the next refresh brings it); ours is at its place.
    expect(after).toEqual([
      ["ID", "Data", "Titolo"],
      ["p-1", 46406, "Uno"],
      ["p-2", 46407, "Due"],
    ]);
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
