import { describe, expect, test } from "vitest";
import { toGrid } from "./google-grid.ts";

describe("google-grid", () => {
  test("toGrid() turns the empty strings Google puts in row gaps into empty cells", () => {
    expect(toGrid([["ID", "Data"], [], ["", 46406, "", true]])).toEqual([["ID", "Data"], [], [null, 46406, null, true]]);
    expect(toGrid(undefined)).toEqual([]);
  });
});
