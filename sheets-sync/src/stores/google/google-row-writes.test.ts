import type { CellValue } from "@rete-urp/shared";
import { describe, expect, test } from "vitest";
import { columnShiftRestores, misplacedWrites, type RowKey, repairPlan, rowWriteData } from "./google-row-writes.ts";

const byId: RowKey = (cells) => (typeof cells[0] === "string" ? cells[0] : "");
const header = ["ID", "Riunione", "Email", "Risposta"];

describe("rowWriteData()", () => {
  test("spans the key's cells and the written ones, null where nothing is written, '' to clear a cell", () => {
    expect(
      rowWriteData(
        "Presenze",
        [
          { row: 3, key: "a-1", cells: [{ column: 3, value: "Partecipo" }] },
          { row: 7, key: "a-2", cells: [{ column: 2, value: null }] },
        ],
        [0],
      ),
    ).toEqual([
      { range: "'Presenze'!A4:D4", values: [[null, null, null, "Partecipo"]] },
      { range: "'Presenze'!A8:C8", values: [[null, null, ""]] },
    ]);
  });
});

describe("misplacedWrites()", () => {
  test("a write whose answer shows another row's ID is misplaced, with the ID it hit", () => {
    const writes = [
      { row: 1, key: "a-1", cells: [{ column: 3, value: "Non partecipo" }] },
      { row: 2, key: "a-2", cells: [{ column: 3, value: "Partecipo" }] },
    ];
    const data = rowWriteData("Presenze", writes, [0]);
    const responses = [
      { updatedData: { range: "'Presenze'!A2:D2", values: [["a-9", "m-1", "nove@lugo.it", "Non partecipo"]] } },
      { updatedData: { range: "'Presenze'!A3:D3", values: [["a-2", "m-1", "due@lugo.it", "Partecipo"]] } },
    ];
    expect(misplacedWrites(writes, data, responses, byId)).toEqual([{ write: writes[0], hitKey: "a-9" }]);
  });

  test("a range that starts past column A is read from its first column", () => {
    const writes = [{ row: 4, key: "a-1", cells: [{ column: 5, value: "x" }] }];
    const keyAtC: RowKey = (cells) => String(cells[2] ?? "");
    const data = rowWriteData("Presenze", writes, [2]);
    expect(data[0]!.range).toBe("'Presenze'!C5:F5");
    expect(misplacedWrites(writes, data, [{ updatedData: { values: [["a-1", null, null, "x"]] } }], keyAtC)).toEqual([]);
  });
});

describe("repairPlan()", () => {
  const basis: CellValue[][] = [header, ["a-1", "m-1", "uno@lugo.it", "Partecipo"], ["a-9", "m-1", "nove@lugo.it", "Delego"]];

  test("the row hit gets back what it had, and the write goes to where its row is now", () => {
    // Sorted after the read: a-9 now in row 1, a-1 in row 2; the answer for a-1 went into a-9's row.
    const now: CellValue[][] = [header, ["a-9", "m-1", "nove@lugo.it", "Non partecipo"], ["a-1", "m-1", "uno@lugo.it", "Partecipo"]];
    const write = { row: 1, key: "a-1", cells: [{ column: 3, value: "Non partecipo" }] };
    expect(repairPlan(basis, now, [{ write, hitKey: "a-9" }], byId)).toEqual([
      { row: 1, key: "a-9", cells: [{ column: 3, value: "Delego" }] },
      { row: 2, key: "a-1", cells: [{ column: 3, value: "Non partecipo" }] },
    ]);
  });

  test("a row hit that was not in the read is left alone; a write whose row is gone is dropped", () => {
    const now: CellValue[][] = [header, ["a-new", "m-1", "nuovo@lugo.it", "Non partecipo"]];
    const write = { row: 1, key: "a-1", cells: [{ column: 3, value: "Non partecipo" }] };
    expect(repairPlan(basis, now, [{ write, hitKey: "a-new" }], byId)).toEqual([]);
  });

  test("a row named by its content gets its own ID back, and the row meant gets the new one", () => {
    const byContent: RowKey = (cells) => JSON.stringify([cells[1] ?? null]);
    const read: CellValue[][] = [
      ["ID", "Data"],
      ["m-1", 100],
      [null, 107],
      ["m-3", 114],
    ];
    const now: CellValue[][] = [
      ["ID", "Data"],
      ["m-3", 114],
      ["nuovo", 100],
      [null, 107],
    ];
    const write = { row: 2, key: byContent(read[2]!), cells: [{ column: 0, value: "nuovo" }] };
    // The sort put m-1 (content 100) where the row without an ID was.
    expect(repairPlan(read, now, [{ write, hitKey: byContent(read[1]!) }], byContent)).toEqual([
      { row: 2, key: byContent(read[1]!), cells: [{ column: 0, value: "m-1" }] },
      { row: 3, key: byContent(read[2]!), cells: [{ column: 0, value: "nuovo" }] },
    ]);
  });
});

describe("columnShiftRestores()", () => {
  test("a column inserted before the write: every cell hit gets its column's value back, the ID cell included", () => {
    const basis: CellValue[][] = [header, ["a-1", "m-1", "uno@lugo.it", "Partecipo"]];
    // Column A inserted; the write meant for A2:D2 went one column left of where it belonged.
    const now: CellValue[][] = [
      [null, ...header],
      [null, "m-1", "m-1", "Non partecipo", "Partecipo"],
    ];
    const write = {
      row: 1,
      key: "a-1",
      cells: [
        { column: 1, value: "m-1" },
        { column: 3, value: "Non partecipo" },
      ],
    };
    expect(columnShiftRestores(basis, now, [write], { basis: 0, now: 1 })).toEqual([
      {
        row: 1,
        key: "a-1",
        cells: [
          { column: 1, value: "a-1" },
          { column: 3, value: "uno@lugo.it" },
        ],
      },
    ]);
  });
});
