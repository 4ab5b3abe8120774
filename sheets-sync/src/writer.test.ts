import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { Journal } from "./journal.ts";
import { MemoryStore } from "./memory-store.test-helper.ts";
import { StoreError } from "./stores/store.ts";
import { Writer } from "./writer.ts";

const clock = { now: () => new Date("2026-11-23T10:00:00Z") };
const fast = { baseMs: 20, maxMs: 100 };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup() {
  const store = new MemoryStore();
  const journal = await Journal.open(await mkdtemp(join(tmpdir(), "writer-")));
  const writer = new Writer(store, journal, { clock, backoff: fast });
  cleanups.push(async () => {
    await writer.stop();
    await journal.close();
  });
  const add = (id: string) => journal.add({ id, tab: "Buone prassi", row: { id, title: id }, result: null }, clock.now());
  return { store, journal, writer, add };
}

async function until(check: () => boolean, ms = 3000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

test("applies pending writes in one batch per tab and marks them done", async () => {
  const { store, journal, writer, add } = await setup();
  for (const id of ["a", "b", "c"]) await add(id);
  writer.kick();
  expect(await writer.waitApplied("c", 2000)).toBe(true);
  expect(store.ids("Buone prassi")).toEqual(["a", "b", "c"]);
  expect(store.appends).toBe(1);
  expect(journal.pendingWrites()).toEqual([]);
});

test("an append whose answer was lost is not applied twice: the retry reads first", async () => {
  const { store, writer, add } = await setup();
  store.loseAnswers = 1;
  await add("a");
  writer.kick();
  await until(() => writer.pendingCount === 0);
  expect(store.ids("Buone prassi")).toEqual(["a"]);
  expect(writer.lastError).toBeNull();
});

test("keeps writes while the store fails, backs off, and delivers them once it is back", async () => {
  const { store, writer, add } = await setup();
  store.failAppends = new StoreError("workbook_locked", "aperto in LibreOffice", true);
  await add("a");
  writer.kick();
  expect(await writer.waitApplied("a", 300)).toBe(false);
  expect(writer.pendingCount).toBe(1);
  expect(writer.lastError?.message).toBe("aperto in LibreOffice");
  // New writes during the backoff wait for the scheduled retry rather than hammering the store.
  await add("b");
  writer.kick();
  store.failAppends = undefined;
  await until(() => writer.pendingCount === 0);
  expect(store.ids("Buone prassi")).toEqual(["a", "b"]);
});

test("writes journaled before a restart are replayed by a new writer", async () => {
  const dir = await mkdtemp(join(tmpdir(), "writer-"));
  const store = new MemoryStore();
  const first = await Journal.open(dir);
  await first.add({ id: "a", tab: "Buone prassi", row: { id: "a", title: "a" }, result: null }, clock.now());
  await first.close();
  const journal = await Journal.open(dir);
  const writer = new Writer(store, journal, { clock, backoff: fast });
  writer.kick();
  await until(() => writer.pendingCount === 0);
  expect(store.ids("Buone prassi")).toEqual(["a"]);
  await writer.stop();
  await journal.close();
});
