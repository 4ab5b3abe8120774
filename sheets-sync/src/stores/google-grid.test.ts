import { describe, expect, test } from "vitest";
import { appendedRowIndex, gridAfterAppend, gridAfterCells, toGrid } from "./google-grid.ts";

describe("google-grid", () => {
  test("toGrid() turns the empty strings Google puts in row gaps into empty cells", () => {
    expect(toGrid([["ID", "Data"], [], ["", 46406, "", true]])).toEqual([["ID", "Data"], [], [null, 46406, null, true]]);
    expect(toGrid(undefined)).toEqual([]);
  });

  test("appendedRowIndex() reads the first row of values.append's updatedRange, quoted titles with ! included", () => {
    expect(appendedRowIndex("'Buone prassi'!A12:K13")).toBe(11);
    expect(appendedRowIndex("'Ciao!Mondo'!B3")).toBe(2);
    expect(appendedRowIndex("Foglio1!$A$7:$C$7")).toBe(6);
    expect(appendedRowIndex(undefined)).toBeUndefined();
    expect(appendedRowIndex("'Buone prassi'")).toBeUndefined();
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
