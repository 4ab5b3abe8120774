import { tabSpec } from "@rete-urp/shared";
import { describe, expect, test } from "vitest";
import { headerColumns } from "../grid.ts";
import { cellData, newRowsRequests } from "./google-new-rows.ts";

const spec = tabSpec("Buone prassi");
const columns = headerColumns(spec, ["ID", "Data", "Titolo", "Descrizione", "Link", "Estratto", "Tag", "Ente"]);

describe("newRowsRequests()", () => {
  test("below a data row: rows inserted there, inheriting from it, and literal values alone", () => {
    const [insert, update] = newRowsRequests({ sheetId: 7, at: 5, rows: [["p-1", 46406, "=IMPORTXML(x)"]], spec, columns });
    expect(insert).toEqual({
      insertDimension: { range: { sheetId: 7, dimension: "ROWS", startIndex: 5, endIndex: 6 }, inheritFromBefore: true },
    });
    expect(update).toEqual({
      updateCells: {
        start: { sheetId: 7, rowIndex: 5, columnIndex: 0 },
        rows: [
          {
            values: [
              { userEnteredValue: { stringValue: "p-1" } },
              { userEnteredValue: { numberValue: 46406 } },
              { userEnteredValue: { stringValue: "=IMPORTXML(x)" } },
            ],
          },
        ],
        fields: "userEnteredValue",
      },
    });
  });

  test("right under the header: every contract column gets the data format, replacing the header's (dates, dropdowns, not bold)", () => {
    const [, update] = newRowsRequests({ sheetId: 7, at: 1, rows: [["p-1", 46406, "Prima"]], spec, columns });
    const cells = update!.updateCells!.rows![0]!.values!;
    expect(update!.updateCells!.fields).toBe("userEnteredValue,userEnteredFormat,dataValidation");
    expect(cells).toHaveLength(8);
    expect(cells[1]).toEqual({
      userEnteredValue: { numberValue: 46406 },
      userEnteredFormat: { numberFormat: { type: "DATE", pattern: "dd/mm/yyyy" } },
    });
    expect(cells[2]).toEqual({ userEnteredValue: { stringValue: "Prima" }, userEnteredFormat: {} });
    // Ente (H): the Enti tab's list, as init gives it.
    expect(cells[7]).toMatchObject({
      userEnteredFormat: {},
      dataValidation: { condition: { type: "ONE_OF_RANGE", values: [{ userEnteredValue: "='Enti'!A2:A" }] }, strict: false },
    });
  });

  test("cellData(): null is an empty cell, booleans stay booleans", () => {
    expect(cellData(null)).toEqual({});
    expect(cellData(true)).toEqual({ userEnteredValue: { boolValue: true } });
  });
});
