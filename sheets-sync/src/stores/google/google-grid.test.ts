import { describe, expect, test } from "vitest";
import { gridAfterAppend, gridAfterCells, rangeStart, toGrid } from "./google-grid.ts";

describe("google-grid", () => {
  test("toGrid() turns the empty strings Google puts in row gaps into empty cells", () => {
    expect(toGrid([["ID", "Data"], [], ["", 46406, "", true]])).toEqual([["ID", "Data"], [], [null, 46406, null, true]]);
    expect(toGrid(undefined)).toEqual([]);
  });

  test("rangeStart() reads the first cell of an answer's range, quoted titles with ! included", () => {
    expect(rangeStart("'Buone prassi'!A12:K13")).toEqual({ row: 11, column: 0 });
    expect(rangeStart("'Ciao!Mondo'!B3")).toEqual({ row: 2, column: 1 });
    expect(rangeStart("Foglio1!$AA$7:$AC$7")).toEqual({ row: 6, column: 26 });
    expect(rangeStart(undefined)).toBeUndefined();
    expect(rangeStart("'Buone prassi'")).toBeUndefined();
  });

  test("gridAfterAppend() and gridAfterCells() give the tab as a read would: empty cells null, trailing ones dropped, rows below moved down", () => {
    const grid = [
      ["ID", "Titolo", "Note"],
      ["p-1", "Uno"],
    ];
    expect(gridAfterAppend(grid, 2, [["p-2", "", null, ""]])).toEqual([["ID", "Titolo", "Note"], ["p-1", "Uno"], ["p-2"]]);
    expect(gridAfterAppend(grid, 4, [["p-3", "Tre"]])).toEqual([["ID", "Titolo", "Note"], ["p-1", "Uno"], [], [], ["p-3", "Tre"]]);
    expect(gridAfterAppend(grid, 1, [["p-0"]])).toEqual([["ID", "Titolo", "Note"], ["p-0"], ["p-1", "Uno"]]);
    expect(
      gridAfterCells(grid, [
        { row: 1, column: 2, value: "nota" },
        { row: 1, column: 1, value: "" },
      ]),
    ).toEqual([
      ["ID", "Titolo", "Note"],
      ["p-1", null, "nota"],
    ]);
    expect(gridAfterCells(grid, [{ row: 1, column: 1, value: "" }])).toEqual([["ID", "Titolo", "Note"], ["p-1"]]);
    // The grid read is left as it was.
    expect(grid).toEqual([
      ["ID", "Titolo", "Note"],
      ["p-1", "Uno"],
    ]);
  });
});
