import { type Grid, type TabName, tabSpec } from "@rete-urp/shared";
import { expect, test } from "vitest";
import { MemoryStore } from "../stores/memory-store.test-helper.ts";
import { MeetingHistory } from "./meeting-history.ts";
import { SheetCache } from "./sheet-cache.ts";

const clock = { now: () => new Date("2026-11-23T10:00:00Z") };

test("refresh() is single-flight: 100 concurrent calls make at most two reads", async () => {
  const store = new MemoryStore();
  store.readDelayMs = 30;
  const cache = new SheetCache(store, { refreshMs: 60_000, clock });
  await Promise.all(Array.from({ length: 100 }, () => cache.refresh()));
  expect(store.reads).toBeLessThanOrEqual(2);
  expect(cache.current?.version).toBe(1);
});

test("a failed read keeps the last good data, marked stale, until a read succeeds", async () => {
  const store = new MemoryStore();
  (store.tabs.Riunioni as unknown[][]).push(["m-1", "19/01/2027"]);
  const cache = new SheetCache(store, { refreshMs: 60_000, clock });
  await cache.refresh();
  expect(cache.stale).toBe(false);
  store.failReads = new Error("503 dal servizio");
  await expect(cache.refresh()).rejects.toThrow("503");
  expect(cache.stale).toBe(true);
  expect(cache.current?.data.sheetMeetings.map((m) => m.id)).toEqual(["m-1"]);
  store.failReads = undefined;
  await cache.refresh();
  expect(cache.stale).toBe(false);
});

test("the version changes only when the data does", async () => {
  const store = new MemoryStore();
  const cache = new SheetCache(store, { refreshMs: 60_000, clock });
  await cache.refresh();
  await cache.refresh();
  expect(cache.current?.version).toBe(1);
  (store.tabs["Buone prassi"] as unknown[][]).push(["p-1", "03/11/2026", "Nuova"]);
  await cache.refresh();
  expect(cache.current?.version).toBe(2);
});

test("with a meeting history, the calendar carries SEQUENCE and moves; a refresh with nothing new keeps the version", async () => {
  const store = new MemoryStore();
  const riunioni = store.tabs.Riunioni as unknown[][];
  riunioni.push(["u-1", "10/02/2027", "15:00", null, "Urgente"]);
  let now = new Date("2026-11-23T10:00:00Z");
  const cache = new SheetCache(store, { refreshMs: 60_000, clock: { now: () => now }, history: MeetingHistory.inMemory() });
  await cache.refresh();
  const urgent = () => cache.current?.calendar.find((meeting) => meeting.id === "u-1");
  expect(urgent()).toMatchObject({ sequence: 0 });
  expect(urgent()?.movedFrom).toBeUndefined();
  now = new Date("2026-11-23T10:05:00Z");
  await cache.refresh();
  expect(cache.current?.version).toBe(1);
  // The coordinator moves it by a day.
  riunioni[1] = ["u-1", "11/02/2027", "15:00", null, "Urgente"];
  now = new Date("2026-11-23T10:10:00Z");
  await cache.refresh();
  expect(cache.current?.version).toBe(2);
  expect(urgent()).toMatchObject({ movedFrom: "2027-02-10T15:00:00+01:00", changedAt: "2026-11-23T10:10:00.000Z", sequence: 1 });
  now = new Date("2026-11-23T10:15:00Z");
  await cache.refresh();
  expect(cache.current?.version).toBe(2);
  expect(urgent()).toMatchObject({ changedAt: "2026-11-23T10:10:00.000Z", sequence: 1 });
});

test("rows handed over by the writer are served without a read; those handed over while a read ends (its derived cells) are served when it ends", async () => {
  const row = (tab: TabName, values: Record<string, unknown>) => tabSpec(tab).columns.map((column) => values[column.key] ?? null);
  let release: () => void = () => {};
  class SlowDerivedCells extends MemoryStore {
    async updateCells(): Promise<number> {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return 1;
    }
  }
  const store = new SlowDerivedCells();
  (store.tabs.Riunioni as unknown[][]).push(row("Riunioni", { id: "m-1", date: 46406, kind: "Ordinaria" }));
  // An answer whose meeting date beside it is missing: the read rewrites it, slowly.
  (store.tabs.Presenze as unknown[][]).push(row("Presenze", { id: "a-1", meetingId: "m-1", email: "a@esempio.it", answer: "Partecipo" }));
  const cache = new SheetCache(store, { refreshMs: 60_000, clock });
  const first = cache.refresh();
  await until(() => cache.current !== undefined);
  const reads = store.allReads;

  // The writer delivered a practice while the read is writing its derived cells.
  const practices = [...(store.tabs["Buone prassi"] as unknown[][]), row("Buone prassi", { id: "p-1", date: 46406, title: "Nuova" })];
  cache.applyWritten({ "Buone prassi": practices as Grid });
  release();
  await first;
  expect(cache.current?.data.practices.map((practice) => practice.id)).toEqual(["p-1"]);
  expect(store.allReads).toBe(reads);

  // Not during a read: served at once.
  cache.applyWritten({ "Buone prassi": [...practices, row("Buone prassi", { id: "p-2", date: 46407, title: "Altra" })] as Grid });
  expect(cache.current?.data.practices.map((practice) => practice.id)).toEqual(["p-1", "p-2"]);
  expect(store.allReads).toBe(reads);
});

async function until(check: () => boolean) {
  for (let waited = 0; !check(); waited += 5) {
    if (waited > 2000) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
