import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { TabName } from "@rete-urp/shared";
import { afterEach, expect, test } from "vitest";
import { SheetCache } from "../sheet/sheet-cache.ts";
import { MemoryStore } from "../stores/memory-store.test-helper.ts";
import { type RowValues, StoreError } from "../stores/store.ts";
import { Journal } from "./journal.ts";
import { Writer } from "./writer.ts";
import { passTime, until, useRealTimers, useWriterTime } from "./writer-time.test-helper.ts";

afterEach(useRealTimers);

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

test("applies pending writes in one batch per tab and marks them done", async () => {
  const { store, journal, writer, add } = await setup();
  for (const id of ["a", "b", "c"]) await add(id);
  writer.kick();
  expect(await writer.waitApplied("c", 2000)).toBe(true);
  expect(store.ids("Buone prassi")).toEqual(["a", "b", "c"]);
  expect(store.appends).toBe(1);
  expect(journal.pendingWrites()).toEqual([]);
});

test("a batch of writes to one tab reads that tab alone, once, and never the whole store", async () => {
  const { store, journal, writer, add } = await setup();
  await store.append("Riunioni", [{ id: "m-1", date: 46406, kind: "Ordinaria" }]);
  for (const id of ["a", "b", "c", "d"]) await add(id);
  writer.kick();
  expect(await writer.waitApplied("d", 2000)).toBe(true);
  expect(store.writeReads).toEqual([["Buone prassi"]]);
  expect(store.allReads).toBe(1);
  expect(store.appends).toBe(2);
  expect(journal.pendingWrites()).toEqual([]);

  // Two tabs in one pass: one read of both together, none of the tabs without writes.
  store.writeReads = [];
  await add("e");
  await journal.add(
    {
      id: "p1",
      mode: "upsert",
      tab: "Presenze",
      row: { id: "m-1:a@b.it", meetingId: "m-1", email: "a@b.it", answer: "Partecipo" },
      result: null,
    },
    clock.now(),
  );
  writer.kick();
  await until(() => writer.pendingCount === 0);
  expect(store.writeReads).toEqual([["Buone prassi", "Presenze"]]);
  expect(store.allReads).toBe(1);
});

/** Writer and cache wired as the service wires them (service.ts), on the memory store, which answers what it wrote as Google does. */
async function wiredSetup() {
  const store = new MemoryStore();
  const journal = await Journal.open(await mkdtemp(join(tmpdir(), "writer-")));
  const cache = new SheetCache(store, { refreshMs: 60_000, clock });
  const writer = new Writer(store, journal, {
    clock,
    backoff: fast,
    onApplied: (written) => (written ? cache.applyWritten(written) : void cache.refresh().catch(() => {})),
  });
  cleanups.push(async () => {
    await writer.stop();
    await journal.close();
  });
  const add = (id: string, title = id) =>
    journal.add({ id, tab: "Buone prassi", row: { id, date: 46406, title }, result: null }, clock.now());
  const served = () => cache.current?.data.practices.map((practice) => practice.id) ?? [];
  await cache.refresh();
  return { store, journal, cache, writer, add, served };
}

test("a delivered batch costs one read in all, the refresh included: the cache shows the rows it was handed, and the next read is the sheet's word", async () => {
  const { store, cache, writer, add, served } = await wiredSetup();
  const readsBefore = store.allReads;
  const version = cache.current!.version;
  for (const id of ["a", "b", "c", "d"]) await add(id);
  writer.kick();
  expect(await writer.waitApplied("d", 2000)).toBe(true);
  // Told "delivered", a client finds the rows in the very next snapshot.
  expect(served()).toEqual(["a", "b", "c", "d"]);
  expect(cache.current!.version).toBe(version + 1);
  await new Promise((r) => setTimeout(r, 50));
  expect(store.allReads - readsBefore).toBe(1);
  expect(store.writeReads).toEqual([["Buone prassi"]]);
  expect(store.reads).toBe(1); // the start's readAll only

  // A write whose row is already in the sheet (its first attempt landed, its answer was lost):
  // found by the writer's read, not written twice, served from that read.
  await store.append("Buone prassi", [{ id: "e", date: 46406, title: "e" }]);
  const appends = store.appends;
  await add("e");
  writer.kick();
  await until(() => writer.pendingCount === 0);
  expect(store.appends).toBe(appends);
  expect(store.ids("Buone prassi")).toEqual(["a", "b", "c", "d", "e"]);
  expect(served()).toEqual(["a", "b", "c", "d", "e"]);
  expect(store.allReads - readsBefore).toBe(2);

  // The coordinator edits a row and deletes another by hand: the periodic read serves the sheet as it is.
  (store.tabs["Buone prassi"] as unknown as unknown[][])[1]![2] = "corretto a mano";
  (store.tabs["Buone prassi"] as unknown as unknown[][]).splice(2, 1);
  await cache.refresh();
  expect(served()).toEqual(["a", "c", "d", "e"]);
  expect(cache.current!.data.practices[0]!.title).toBe("corretto a mano");
});

test("rows delivered while a read is under way are put on that read's result; a read that fails keeps them served", async () => {
  const { store, cache, writer, add, served } = await wiredSetup();
  store.readDelayMs = 200;
  const reading = cache.refresh();
  await add("a");
  writer.kick();
  expect(await writer.waitApplied("a", 2000)).toBe(true);
  await reading;
  expect(served()).toEqual(["a"]);

  // The store fails the next read, started before the write lands: the written row still shows.
  store.readDelayMs = 0;
  let failRead: (error: Error) => void = () => {};
  const originalReadAll = store.readAll.bind(store);
  store.readAll = () =>
    new Promise((_, reject) => {
      failRead = reject;
    });
  const failing = cache.refresh().catch(() => "failed");
  await add("b");
  writer.kick();
  expect(await writer.waitApplied("b", 2000)).toBe(true);
  failRead(new Error("Google 503"));
  expect(await failing).toBe("failed");
  expect(served()).toEqual(["a", "b"]);
  expect(cache.stale).toBe(true);

  // Back: the read is the sheet's word, and holds both rows.
  store.readAll = originalReadAll;
  await cache.refresh();
  expect(served()).toEqual(["a", "b"]);
  expect(cache.stale).toBe(false);
});

test("a store that cannot say what a write left (the workbook) has the cache read instead", async () => {
  const { store, cache, writer, add, served } = await wiredSetup();
  store.append = async function <Name extends TabName>(this: MemoryStore, tab: Name, rows: readonly RowValues<Name>[]) {
    await MemoryStore.prototype.append.call(this, tab, rows);
    return undefined;
  };
  const reads = store.reads;
  await add("a");
  writer.kick();
  expect(await writer.waitApplied("a", 2000)).toBe(true);
  await until(() => served().includes("a"));
  expect(store.reads).toBe(reads + 1);
  expect(cache.stale).toBe(false);
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

/** A store that refuses, for good, any row titled "rifiutata", as Google does a cell it cannot hold. */
class RejectingStore extends MemoryStore {
  calls = 0;
  override async readTabsForWrite(tabs: readonly TabName[]) {
    this.calls++;
    // A real store does I/O: a drain loop without progress would spin here, not starve the test.
    await new Promise((r) => setImmediate(r));
    return super.readTabsForWrite(tabs);
  }
  override async append<Name extends TabName>(tab: Name, rows: readonly RowValues<Name>[]) {
    this.calls++;
    if (rows.some((row) => (row as RowValues).title === "rifiutata")) {
      throw new StoreError("google_request_rejected", "Google Sheets ha rifiutato la richiesta (400: cella troppo lunga)", false);
    }
    return super.append(tab, rows);
  }
}

async function deadLetterLines(journal: Journal) {
  return journal.deadLetters.list() as { id?: string; tab?: string; code: string; reason: string; entry?: { row?: RowValues } }[];
}

test("a row the store refuses for good is dead-lettered, the others apply, and the drain stops", async () => {
  useWriterTime();
  const store = new RejectingStore();
  const journal = await Journal.open(await mkdtemp(join(tmpdir(), "writer-")));
  const writer = new Writer(store, journal, { clock, backoff: fast });
  cleanups.push(async () => {
    await writer.stop();
    await journal.close();
  });
  for (const [id, title] of [
    ["a", "a"],
    ["bad", "rifiutata"],
    ["c", "c"],
  ]) {
    await journal.add({ id: id!, tab: "Buone prassi", row: { id, title }, result: null }, clock.now());
  }
  const outcome = writer.waitOutcome("bad", 2000);
  writer.kick();
  await until(() => writer.pendingCount === 0);
  expect(await outcome).toEqual({ state: "dead", reason: expect.stringContaining("400") });
  expect(await writer.waitOutcome("bad", 10)).toEqual({ state: "dead", reason: expect.stringContaining("400") });
  expect(store.ids("Buone prassi")).toEqual(["a", "c"]);
  expect(writer.lastError).toBeNull();
  expect(writer.deadLetterCount).toBe(1);
  expect(writer.lastDeadLetter).toMatchObject({ id: "bad", tab: "Buone prassi", code: "google_request_rejected" });
  const letters = await deadLetterLines(journal);
  expect(letters).toHaveLength(1);
  expect(letters[0]).toMatchObject({ id: "bad", code: "google_request_rejected", entry: { row: { id: "bad", title: "rifiutata" } } });

  // The drain stopped: no more store calls, however long we wait (a minute of the writer's time).
  const calls = store.calls;
  await passTime(60_000);
  expect(store.calls).toBe(calls);
  // And the dead entry is gone from the journal for good.
  await journal.close();
  const reopened = await Journal.open(dirname(journal.path));
  expect(reopened.pendingWrites()).toEqual([]);
  expect(reopened.deadLetters.count).toBe(1);
  await reopened.close();
});

test("a missing tab holds back its own writes without dead-lettering them, the other tabs apply, and nothing spins", async () => {
  useWriterTime();
  class NoPresenze extends RejectingStore {
    override async upsert<Name extends TabName>(tab: Name, rows: readonly RowValues<Name>[]) {
      this.calls++;
      if (tab === "Presenze") throw new StoreError("tab_missing", 'Il file non ha la scheda "Presenze": esegui "sheets-sync init"', false);
      return super.upsert(tab, rows);
    }
  }
  const store = new NoPresenze();
  const journal = await Journal.open(await mkdtemp(join(tmpdir(), "writer-")));
  const writer = new Writer(store, journal, { clock, backoff: fast });
  cleanups.push(async () => {
    await writer.stop();
    await journal.close();
  });
  await journal.add({ id: "p1", mode: "upsert", tab: "Presenze", row: { id: "m1:x@y.it", answer: "Sì" }, result: null }, clock.now());
  await journal.add({ id: "a", tab: "Buone prassi", row: { id: "a", title: "a" }, result: null }, clock.now());
  writer.kick();
  await until(() => store.ids("Buone prassi").includes("a"));
  await until(() => writer.pendingCount === 1);
  const calls = store.calls;
  await passTime(1000);
  // Retried at the slowest pace (50–100 ms here, up to a minute in production), a read and an
  // upsert each time: at most ~40 calls in a second, where a tight loop makes thousands.
  expect(store.calls - calls).toBeLessThanOrEqual(45);
  expect(journal.pendingWrites().map((w) => w.id)).toEqual(["p1"]);
  expect(writer.deadLetterCount).toBe(0);
  expect(writer.lastError).toMatchObject({ code: "tab_missing" });
});

test("an entry for a tab outside the contract (an earlier version's journal.ndjson) is dead-lettered at open; the writer does not spin on it", async () => {
  useWriterTime();
  const dir = await mkdtemp(join(tmpdir(), "writer-"));
  const stray = {
    op: "append",
    id: "x",
    tab: "Nope",
    row: { id: "x", title: "x" },
    result: null,
    at: clock.now().toISOString(),
    mode: "append",
  };
  await writeFile(join(dir, "journal.ndjson"), `${JSON.stringify(stray)}\n`);
  const store = new RejectingStore();
  const journal = await Journal.open(dir, { log: () => {} });
  const writer = new Writer(store, journal, { clock, backoff: fast });
  cleanups.push(async () => {
    await writer.stop();
    await journal.close();
  });
  writer.kick();
  await passTime(60_000);
  expect(store.calls).toBeLessThanOrEqual(1);
  expect(writer.pendingCount).toBe(0);
  expect(writer.deadLetterCount).toBe(1);
  expect(await deadLetterLines(journal)).toEqual([
    expect.objectContaining({ id: "x", tab: "Nope", code: "tab_unknown", reason: expect.stringContaining("Nope"), entry: stray }),
  ]);
});

test("a row already in the store is not called delivered while the store refuses a read for writing (the file is open elsewhere)", async () => {
  const { store, journal, writer, add } = await setup();
  await store.append("Buone prassi", [{ id: "a", title: "già nel file" }]);
  let locked = true;
  const readTabsForWrite = store.readTabsForWrite.bind(store);
  Object.assign(store, {
    readTabsForWrite: async (tabs: readonly TabName[]) => {
      if (locked) throw new StoreError("workbook_locked", "aperto in LibreOffice", true);
      return readTabsForWrite(tabs);
    },
  });
  await add("a");
  writer.kick();
  expect(await writer.waitApplied("a", 300)).toBe(false);
  expect(journal.pendingWrites().map((write) => write.id)).toEqual(["a"]);
  expect(writer.lastError?.message).toContain("LibreOffice");

  locked = false;
  await until(() => writer.pendingCount === 0);
  expect(store.ids("Buone prassi")).toEqual(["a"]);
});

test("a store's rows are keyed by the tab written to: a typo or another tab's key does not compile", async () => {
  const store = new MemoryStore();
  await store.append("Buone prassi", [{ id: "a", date: 46406, title: "Sportello unico" }]);
  await store.upsert("Presenze", [{ id: "m-1:a@b.it", meetingId: "m-1", email: "a@b.it", answer: "Partecipo" }]);
  // @ts-expect-error "titel" is a typo: Buone prassi has "title"
  await store.append("Buone prassi", [{ id: "b", titel: "Refuso" }]);
  // @ts-expect-error Impostazioni has no ID column
  await store.append("Impostazioni", [{ id: "c", key: "Ora inizio", value: "09:30" }]);
  // @ts-expect-error "answer" is a column of Presenze, not of Proposte
  await store.upsert("Proposte", [{ id: "d", answer: "Partecipo" }]);
  // The typed rows land; the mistyped ones only show that the memory store, like the real ones,
  // keeps the columns of the tab and nothing else.
  expect(store.tabs["Buone prassi"]?.slice(1)).toEqual([
    ["a", 46406, "Sportello unico", null, null, null, null, null, null, null],
    ["b", null, null, null, null, null, null, null, null, null],
  ]);
  expect(store.ids("Presenze")).toEqual(["m-1:a@b.it"]);
});
