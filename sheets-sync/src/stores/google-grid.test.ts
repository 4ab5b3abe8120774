import { BUONE_PRASSI, REFERENTI, RIUNIONI } from "@rete-urp/shared";
import { describe, expect, test } from "vitest";
import { findTab, lastDataRow, rowCells, rowsMissingId, toGrid } from "./google-grid.ts";

describe("google-grid", () => {
  test("toGrid() turns the empty strings Google puts in row gaps into empty cells", () => {
    expect(toGrid([["ID", "Data"], [], ["", 46406, "", true]])).toEqual([["ID", "Data"], [], [null, 46406, null, true]]);
    expect(toGrid(undefined)).toEqual([]);
  });

  test("findTab() matches titles like the codecs match headers: case, accents, spaces", () => {
    const tabs = [{ title: "Foglio1" }, { title: "buone PRASSI " }, { title: "Riunioni" }];
    expect(findTab(tabs, "Buone prassi")?.title).toBe("buone PRASSI ");
    expect(findTab(tabs, "Referenti")).toBeUndefined();
  });

  test("rowCells() puts each value under its header wherever it was moved, and drops unknown columns", () => {
    // Row 1: Tipo | Data | Commenti del coordinatore | ID | Inizio
    const columns = new Map([["kind", 0], ["date", 1], ["id", 3], ["startTime", 4]]);
    expect(rowCells(RIUNIONI, columns, { id: "m-5", date: 46406, kind: "Ordinaria", location: "Lugo", startTime: 0.4375 })).toEqual([
      "Ordinaria",
      46406,
      null,
      "m-5",
      0.4375,
    ]);
  });

  test("lastDataRow() sees past blank rows and counts extra columns", () => {
    expect(lastDataRow([["ID"], ["a"], [], [null, ""], [null, null, "nota"], []])).toBe(4);
    expect(lastDataRow([["ID", "Titolo"]])).toBe(0);
    expect(lastDataRow([])).toBe(-1);
  });

  test("rowsMissingId() skips blank rows and rows with only an extra column filled", () => {
    const grid = [
      ["Nome", "Cognome", "ID", "Mia colonna"],
      ["Sara", "Neri", null],
      [null, null, null, "solo una nota"],
      [],
      ["Luca", "Verdi", "r-3"],
      ["  ", "Bianchi", "  "],
    ];
    expect(rowsMissingId(REFERENTI, grid)).toEqual([1, 5]);
    expect(rowsMissingId(BUONE_PRASSI, [["Titolo"], ["senza colonna ID"]])).toEqual([]);
  });
});
