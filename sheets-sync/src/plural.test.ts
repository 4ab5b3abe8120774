import { expect, test } from "vitest";
import { plural } from "./plural.ts";

test("plural() agrees the noun with its count", () => {
  expect(plural(0, "problema", "problemi")).toBe("0 problemi");
  expect(plural(1, "problema", "problemi")).toBe("1 problema");
  expect(plural(2, "riga", "righe")).toBe("2 righe");
});
