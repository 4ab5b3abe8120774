import { readFile } from "node:fs/promises";
import { type ColumnSpec, TABS } from "@rete-urp/shared";
import { expect, test } from "vitest";

/**
 * docs/foglio.md is what the coordinator reads to edit the sheet: its table of tabs and columns
 * must say what the code reads and writes (the column specs), in the same order, with the same
 * required columns (*). A column added to a spec without the doc, or the other way round, fails here.
 */

const FOGLIO = new URL("../../docs/foglio.md", import.meta.url);

test("docs/foglio.md lists every tab of the contract with its columns, in order, required ones starred", async () => {
  const text = await readFile(FOGLIO, "utf8");
  const documented = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    const row = /^\| `([^`]+)` \| (`.+) \|$/.exec(line);
    if (!row) continue;
    const columns = [...row[2]!.matchAll(/`([^`]+)`(\*?)/g)].map((match) => `${match[1]}${match[2]}`);
    if (columns.length > 1) documented.set(row[1]!, columns);
  }
  const contract = new Map(
    TABS.map((tab) => [tab.name, tab.columns.map((column: ColumnSpec) => `${column.header}${column.required ? "*" : ""}`)]),
  );
  expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(contract));
});
