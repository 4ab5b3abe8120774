import { plainDateToSerial, tabSpec } from "@rete-urp/shared";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type GoogleStore, openGoogleStore } from "../../sheets-sync/src/stores/google/google-store.ts";
import { type Scalar, type SheetsDouble, startSheetsDouble } from "../sheets-double/sheets-double.ts";

/**
 * The google store on a sheet that behaves as Google's does (the double's sources are in its
 * comments): new rows formatted as the row they are inserted beside, grids that end where the
 * coordinator deleted the empty rows, a table detected from its first non-blank column, people
 * who sort, insert and delete rows while the service writes, the spreadsheet's locale.
 */

const column = (tab: "Buone prassi" | "Presenze" | "Riunioni", key: string) => tabSpec(tab).columns.findIndex((c) => c.key === key);
const ids = (double: SheetsDouble, tab: string, idColumn = 0) => double.values(tab).map((row) => row[idColumn]);
const date = plainDateToSerial({ year: 2027, month: 3, day: 16 });

describe("google store: writes where Google puts them", () => {
  let double: SheetsDouble;
  let store: GoogleStore;

  beforeEach(async () => {
    double = await startSheetsDouble();
    store = (await openGoogleStore({ sheetId: double.sheetId, apiRootUrl: double.rootUrl, accessToken: "t" })) as GoogleStore;
  });
  afterEach(async () => {
    await store.close();
    await double.close();
  });

  test("after init, the first row under the bold header is a data row: not bold, its date a date cell, its dropdown kept; the next row too", async () => {
    await store.init();
    await store.append("Buone prassi", [{ id: "p-1", date, title: "Prima", ente: "Lugo" }]);
    await store.append("Buone prassi", [{ id: "p-2", date, title: "Seconda", ente: "Cotignola" }]);
    expect(ids(double, "Buone prassi")).toEqual(["ID", "p-1", "p-2"]);
    for (const row of [1, 2]) {
      expect(double.cellFormat("Buone prassi", row, column("Buone prassi", "title")).bold ?? false).toBe(false);
      expect(double.cellFormat("Buone prassi", row, column("Buone prassi", "date")).numberFormat?.type).toBe("DATE");
      // The Ente dropdown reads the Enti tab's list (a range rule), on new rows as on the first.
      expect(double.cellFormat("Buone prassi", row, column("Buone prassi", "ente")).validation?.condition).toMatchObject({
        type: "ONE_OF_RANGE",
        values: [{ userEnteredValue: expect.stringContaining("'Enti'!") }],
      });
    }
    // The header keeps its bold; no values.append ever (it copies the row above's formats).
    expect(double.cellFormat("Buone prassi", 0, 0).bold).toBe(true);
    expect(double.count("append")).toBe(0);
  });

  test("a tab whose empty rows the coordinator deleted (a full grid) takes new rows, with no 400", async () => {
    await store.init();
    await store.append("Buone prassi", [{ id: "p-1", date, title: "Prima" }]);
    double.deleteRows("Buone prassi", 2, double.tabProperties("Buone prassi")!.gridProperties.rowCount);
    expect(double.tabProperties("Buone prassi")!.gridProperties.rowCount).toBe(2);
    await store.append("Buone prassi", [
      { id: "p-2", date, title: "Seconda" },
      { id: "p-3", date, title: "Terza" },
    ]);
    expect(ids(double, "Buone prassi")).toEqual(["ID", "p-1", "p-2", "p-3"]);
    expect(double.cellFormat("Buone prassi", 3, column("Buone prassi", "date")).numberFormat?.type).toBe("DATE");
  });

  test("with a blank column A (a column inserted before ID) the values stay under their headers", async () => {
    await store.init();
    await store.append("Buone prassi", [{ id: "p-1", date, title: "Prima" }]);
    double.insertColumns("Buone prassi", 0);
    await store.append("Buone prassi", [{ id: "p-2", date, title: "Seconda", ente: "Lugo" }]);
    const rows = double.values("Buone prassi");
    expect(rows[2]?.slice(0, 4)).toEqual([null, "p-2", date, "Seconda"]);
    expect(rows[2]?.[column("Buone prassi", "ente") + 1]).toBe("Lugo");
    expect((await store.readAll())["Buone prassi"]?.[2]?.slice(1, 4)).toEqual(["p-2", date, "Seconda"]);
  });

  test("a full grid, after init, a column A inserted and the tab sorted: the row lands once, at the right columns, formatted as a data row", async () => {
    await store.init();
    await store.append("Buone prassi", [
      { id: "p-b", date, title: "Bravo" },
      { id: "p-a", date, title: "Alfa" },
    ]);
    double.insertColumns("Buone prassi", 0);
    double.sortRows("Buone prassi", { column: column("Buone prassi", "title") + 1 });
    double.deleteRows("Buone prassi", 3, double.tabProperties("Buone prassi")!.gridProperties.rowCount);
    const basis = (await store.readTabsForWrite(["Buone prassi"]))["Buone prassi"];
    await store.append("Buone prassi", [{ id: "p-c", date, title: "Charlie", ente: "Lugo" }], basis);
    const rows = double.values("Buone prassi");
    expect(rows.map((row) => row[1])).toEqual(["ID", "p-a", "p-b", "p-c"]);
    expect(rows[3]?.slice(0, 4)).toEqual([null, "p-c", date, "Charlie"]);
    expect(double.cellFormat("Buone prassi", 3, column("Buone prassi", "date") + 1).numberFormat?.type).toBe("DATE");
    expect(double.cellFormat("Buone prassi", 3, column("Buone prassi", "title") + 1).bold ?? false).toBe(false);
  });
});

describe("google store: a person moving rows between the read and the write", () => {
  let double: SheetsDouble;
  let store: GoogleStore;
  const answer = column("Presenze", "answer");

  beforeEach(async () => {
    double = await startSheetsDouble();
    store = (await openGoogleStore({ sheetId: double.sheetId, apiRootUrl: double.rootUrl, accessToken: "t" })) as GoogleStore;
    await store.init();
    await store.append("Presenze", [
      { id: "a-zeta", meetingId: "m-1", email: "zeta@lugo.it", ente: "Lugo", answer: "Partecipo" },
      { id: "a-alfa", meetingId: "m-1", email: "alfa@lugo.it", ente: "Cotignola", answer: "Partecipo" },
      { id: "a-emme", meetingId: "m-1", email: "emme@lugo.it", ente: "Conselice", answer: "Partecipo" },
    ]);
  });
  afterEach(async () => {
    await store.close();
    await double.close();
  });

  const answers = () =>
    Object.fromEntries(
      double
        .values("Presenze")
        .slice(1)
        .map((row) => [row[0], row[answer]]),
    );

  test("a sort just before an upsert's write: the answer lands in its own row, the other rows keep theirs", async () => {
    const basis = (await store.readTabsForWrite(["Presenze"])).Presenze;
    double.beforeNext("valuesBatchUpdate", () => double.sortRows("Presenze", { column: column("Presenze", "email") }));
    await store.upsert("Presenze", [{ id: "a-zeta", meetingId: "m-1", email: "zeta@lugo.it", answer: "Non partecipo" }], basis);
    expect(answers()).toEqual({ "a-alfa": "Partecipo", "a-emme": "Partecipo", "a-zeta": "Non partecipo" });
    expect(ids(double, "Presenze")).toEqual(["ID", "a-alfa", "a-emme", "a-zeta"]);
  });

  test("rows deleted and inserted just before updateCells(): the derived date goes to the row with that ID only", async () => {
    const basis = (await store.readTabsForWrite(["Presenze"])).Presenze;
    double.beforeNext("valuesBatchUpdate", () => {
      double.deleteRows("Presenze", 1, 2);
      double.insertRows("Presenze", 1, 2);
    });
    const changed = await store.updateCells!("Presenze", [{ id: "a-emme", meetingDate: date }], basis);
    expect(changed).toBe(1);
    const rows = double.values("Presenze").filter((row) => row.some((cell) => cell !== null));
    const dateColumn = column("Presenze", "meetingDate");
    expect(rows.filter((row) => row[dateColumn] === date).map((row) => row[0])).toEqual(["a-emme"]);
    expect(rows.map((row) => row[0])).toEqual(["ID", "a-alfa", "a-emme"]);
  });

  test("a column inserted just before an upsert's write: the neighbour cell it hit is put back, and the retry after a new read lands the answer", async () => {
    const basis = (await store.readTabsForWrite(["Presenze"])).Presenze;
    double.beforeNext("valuesBatchUpdate", () => double.insertColumns("Presenze", 0));
    const row = { id: "a-zeta", meetingId: "m-1", email: "zeta@lugo.it", answer: "Non partecipo" } as const;
    await expect(store.upsert("Presenze", [row], basis)).rejects.toMatchObject({ code: "google_rows_moving", retryable: true });
    const byId = (): Record<string, Scalar[]> =>
      Object.fromEntries(
        double
          .values("Presenze")
          .slice(1)
          .map((cells) => [String(cells[1]), cells.slice(1)]),
      );
    const ente = column("Presenze", "ente");
    // Every row as it was: no Ente overwritten, no answer changed yet.
    expect(Object.values(byId()).map((cells) => [cells[ente], cells[answer]])).toEqual([
      ["Lugo", "Partecipo"],
      ["Cotignola", "Partecipo"],
      ["Conselice", "Partecipo"],
    ]);
    await store.upsert("Presenze", [row], (await store.readTabsForWrite(["Presenze"])).Presenze);
    expect(byId()["a-zeta"]?.[answer]).toBe("Non partecipo");
    expect(byId()["a-zeta"]?.[ente]).toBe("Lugo");
  });

  test("a sort just before fillMissingIds() writes: no one's ID is overwritten, and the rows without one get theirs", async () => {
    double.setGrid("Riunioni", [
      ["ID", "Data", "Inizio"],
      ["m-1", date, null],
      [null, date + 7, null],
      ["m-3", date + 14, null],
      ["m-4", date + 21, null],
    ]);
    double.beforeNext("valuesBatchUpdate", () => double.sortRows("Riunioni", { column: 1, descending: true }));
    let n = 0;
    expect(await store.fillMissingIds(() => `nuovo-${++n}`)).toBe(1);
    // The sort put m-3 where the row without an ID was: m-3 keeps its ID, the row without one gets it.
    expect(double.values("Riunioni").map((row) => [row[0], row[1]])).toEqual([
      ["ID", "Data"],
      ["m-4", date + 21],
      ["m-3", date + 14],
      ["nuovo-1", date + 7],
      ["m-1", date],
    ]);
  });
});

describe("google store: the spreadsheet's settings", () => {
  let double: SheetsDouble;
  let store: GoogleStore;

  beforeEach(async () => {
    double = await startSheetsDouble({ locale: "en_US", timeZone: "America/New_York" });
    store = (await openGoogleStore({ sheetId: double.sheetId, apiRootUrl: double.rootUrl, accessToken: "t" })) as GoogleStore;
  });
  afterEach(async () => {
    await store.close();
    await double.close();
  });

  test("init() sets the locale it_IT and the time zone Europe/Rome, and says so; a second init changes nothing", async () => {
    const report = await store.init();
    expect(report.changedSettings).toEqual(["impostazioni internazionali en_US → it_IT", "fuso orario America/New_York → Europe/Rome"]);
    expect(double.locale).toBe("it_IT");
    expect(double.timeZone).toBe("Europe/Rome");
    // Typing in the sheet now reads as in Italy.
    double.typeAsPerson("Riunioni", "B2", "03/04/2027");
    expect(double.values("Riunioni")[1]?.[1]).toBe(plainDateToSerial({ year: 2027, month: 4, day: 3 }));
    expect((await store.init()).changedSettings ?? []).toEqual([]);
    expect(store.sheetProperties()).toMatchObject({ locale: "it_IT", timeZone: "Europe/Rome" });
  });
});
