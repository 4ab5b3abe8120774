import { type Grid, plainDateToSerial, type RowValues, type TabName, tabSpec } from "@rete-urp/shared";
import { describe, expect, test } from "vitest";
import { MemoryStore } from "../stores/memory-store.test-helper.ts";
import { sheetReferences, staleDerivedRows } from "./derived-cells.ts";
import { SheetCache } from "./sheet-cache.ts";

const clock = { now: () => new Date("2026-11-23T10:00:00Z") };
const serial = (year: number, month: number, day: number) => plainDateToSerial({ year, month, day });

/** The memory store with updateCells (by ID, in place), which can be made to fail like a locked workbook. */
class DerivingStore extends MemoryStore {
  updates: { tab: TabName; rows: RowValues[] }[] = [];
  /** The tab each update was handed, as the caller read it. */
  bases: (Grid | undefined)[] = [];
  failUpdates: Error | undefined;

  async updateCells<Name extends TabName>(tab: Name, rows: readonly RowValues<Name>[], basis?: Grid): Promise<number> {
    if (this.failUpdates) throw this.failUpdates;
    this.bases.push(basis);
    this.updates.push({ tab, rows: rows as RowValues[] });
    const spec = tabSpec(tab);
    const grid = this.tabs[tab] as unknown as unknown[][];
    let changed = 0;
    for (const values of rows as RowValues[]) {
      const row = grid.find((cells, r) => r > 0 && cells[0] === values.id);
      if (!row) continue;
      spec.columns.forEach((column, index) => {
        const value = (values as Record<string, unknown>)[column.key];
        if (column.key !== "id" && value !== undefined && row[index] !== value) {
          row[index] = value;
          changed++;
        }
      });
    }
    return changed;
  }
}

/** A row of `tab` in the contract's column order (the memory store's layout). */
function row(tab: TabName, values: Record<string, unknown>): unknown[] {
  return tabSpec(tab).columns.map((column) => values[column.key] ?? null);
}

function seed(store: MemoryStore) {
  const push = (tab: TabName, values: Record<string, unknown>) => (store.tabs[tab] as unknown as unknown[][]).push(row(tab, values));
  push("Riunioni", { id: "m-jan", date: serial(2027, 1, 19), kind: "Ordinaria", status: "Confermata" });
  // An old meeting, long out of the calendar's window: still known by its row.
  push("Riunioni", { id: "m-old", date: serial(2024, 3, 19), kind: "Ordinaria", status: "Svolta" });
  push("Pubblicazioni", { id: "pub-1", title: "Bando affitti", deadline: serial(2026, 12, 1) });
  push("Presenze", { id: "a-1", meetingId: "m-jan", email: "a@esempio.it", answer: "Partecipo" });
  push("Presenze", { id: "a-2", meetingId: "rule-2027-03", email: "b@esempio.it", answer: "Partecipo", meetingDate: serial(2027, 3, 16) });
  push("Presenze", { id: "a-3", meetingId: "m-old", email: "c@esempio.it", answer: "No", meetingDate: serial(2024, 3, 19) });
  push("Presenze", { id: "a-4", meetingId: "sconosciuta", email: "d@esempio.it", answer: "Partecipo", meetingDate: "a mano" });
  push("Esiti pubblicazioni", { id: "o-1", publicationId: "pub-1", ente: "Lugo", publicationTitle: "Bando" });
}

describe("derived cells", () => {
  test("references: a row by its ID at any date, a rule meeting by the rule's date or the row that replaced it, a publication by its ID", async () => {
    const store = new MemoryStore();
    seed(store);
    (store.tabs.Riunioni as unknown as unknown[][]).push(row("Riunioni", { id: "m-may", date: serial(2027, 5, 20), kind: "Ordinaria" }));
    const cache = new SheetCache(store, { refreshMs: 60_000, clock });
    await cache.refresh();
    const references = sheetReferences(cache.current);
    expect(references.meetingDate("m-jan")).toEqual({ year: 2027, month: 1, day: 19 });
    expect(references.meetingDate("m-old")).toEqual({ year: 2024, month: 3, day: 19 });
    expect(references.meetingDate("rule-2027-03")).toEqual({ year: 2027, month: 3, day: 16 });
    // May 2027's ordinary meeting was moved to the 20th by its row: answers given for the rule follow it.
    expect(references.meetingDate("rule-2027-05")).toEqual({ year: 2027, month: 5, day: 20 });
    expect(references.meetingDate("sconosciuta")).toBeUndefined();
    expect(references.publicationTitle("pub-1")).toBe("Bando affitti");
    expect(sheetReferences(undefined).meetingDate("m-jan")).toBeUndefined();
  });

  test("after a read the cache rewrites the stale derived cells only, and a second read finds nothing to do", async () => {
    const store = new DerivingStore();
    seed(store);
    const cache = new SheetCache(store, { refreshMs: 60_000, clock });
    await cache.refresh();
    expect(store.updates).toEqual([
      { tab: "Presenze", rows: [{ id: "a-1", meetingDate: serial(2027, 1, 19) }] },
      { tab: "Esiti pubblicazioni", rows: [{ id: "o-1", publicationTitle: "Bando affitti" }] },
    ]);
    expect(staleDerivedRows(await store.readAll(), sheetReferences(cache.current))).toEqual([]);
    store.updates = [];
    await cache.refresh();
    expect(store.updates).toEqual([]);
  });

  test("the updates after a read are placed by the tabs that read gave: no read of their own (on Google, no values.get per tab)", async () => {
    const store = new DerivingStore();
    seed(store);
    const read = structuredClone(store.tabs);
    const cache = new SheetCache(store, { refreshMs: 60_000, clock });
    await cache.refresh();
    expect(store.updates.map((update) => update.tab)).toEqual(["Presenze", "Esiti pubblicazioni"]);
    expect(store.bases).toEqual([read.Presenze, read["Esiti pubblicazioni"]]);
    expect(store.allReads).toBe(1);
  });

  test("a store that refuses (a locked workbook) leaves the data served as is, logs once, and the next read tries again", async () => {
    const store = new DerivingStore();
    seed(store);
    const log: string[] = [];
    const cache = new SheetCache(store, { refreshMs: 60_000, clock, log: (message) => log.push(message) });
    store.failUpdates = new Error("il file è aperto in LibreOffice");
    await cache.refresh();
    await cache.refresh();
    expect(cache.stale).toBe(false);
    expect(cache.current?.data.attendance.map((answer) => answer.id)).toEqual(["a-1", "a-2", "a-3", "a-4"]);
    expect(log.filter((line) => line.includes("il file è aperto"))).toHaveLength(1);
    store.failUpdates = undefined;
    await cache.refresh();
    expect(store.updates.map((update) => update.tab)).toEqual(["Presenze", "Esiti pubblicazioni"]);
  });
});
