import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DAY_MS } from "@rete-urp/shared";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { InvitationStore } from "../access/invitations.ts";
import { WorkbookLedger } from "../stores/workbook/workbook-ledger.ts";
import { Journal } from "../writes/journal.ts";
import { DATABASE_FILE, StateDatabase } from "./database.ts";
import { RETENTION_INTERVAL_MS, startRetention, trimByAge } from "./retention.ts";

/**
 * The hourly trim by age of the running service: on its own timer (fake here) and its injected
 * clock, with no write in between, what is past its bound is gone from the database file.
 */

const T0 = Date.parse("2026-11-23T09:00:00Z");
const sha = (n: number) => n.toString(16).padStart(64, "0");

let dir: string;
let now = T0;
const clock = { now: () => new Date(now) };
const closers: (() => unknown)[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "retention-"));
  now = T0;
});
afterEach(async () => {
  vi.useRealTimers();
  for (const close of closers.splice(0).reverse()) await close();
  await rm(dir, { recursive: true, force: true });
});

const bytesOnDisk = async () =>
  (await Promise.all([DATABASE_FILE, `${DATABASE_FILE}-wal`].map((file) => readFile(join(dir, file), "latin1").catch(() => "")))).join("");

test("a ledger row and an applied write saved 31 days ago are gone once the hourly timer fires, with no further write; a pending write stays", async () => {
  const ledger = await WorkbookLedger.open(dir, { now: clock.now });
  closers.push(() => ledger.close());
  const rowId = randomUUID();
  await ledger.addVersion({
    version: 1,
    at: new Date(T0).toISOString(),
    sha: sha(1),
    rows: [{ tab: "Presenze", id: rowId, values: { id: rowId, email: "sara.folli@lugo.esempio.it", name: "Sara Folli" }, mode: "upsert" }],
  });
  const journal = await Journal.open(dir, { log: () => {} });
  closers.push(() => journal.close());
  const applied = randomUUID();
  const pending = randomUUID();
  await journal.add(
    { id: applied, tab: "Buone prassi", row: { id: applied, authorEmail: "applicata@lugo.esempio.it" }, result: null },
    clock.now(),
  );
  await journal.markDone([applied], clock.now());
  await journal.add(
    { id: pending, tab: "Buone prassi", row: { id: pending, authorEmail: "in-attesa@lugo.esempio.it" }, result: null },
    clock.now(),
  );

  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  const retention = startRetention(dir, { clock });
  closers.push(() => retention.stop());
  expect(vi.getTimerCount()).toBe(1);

  // 31 days on, nobody wrote: each table's own trim never ran.
  now = T0 + 31 * DAY_MS;
  expect(ledger.versions[0]?.rows).toHaveLength(1);
  expect(await bytesOnDisk()).toContain("sara.folli@lugo.esempio.it");

  vi.advanceTimersByTime(RETENTION_INTERVAL_MS);

  // The newest version stays (its sha tells sheets-sync's own file), without its rows.
  expect(ledger.versions).toEqual([{ version: 1, at: new Date(T0).toISOString(), sha: sha(1), rows: [] }]);
  expect(journal.get(applied)).toBeUndefined();
  expect(journal.pendingWrites().map((write) => write.id)).toEqual([pending]);
  const bytes = await bytesOnDisk();
  for (const text of ["sara.folli@lugo.esempio.it", "Sara Folli", rowId, "applicata@lugo.esempio.it"])
    expect(bytes, text).not.toContain(text);
  expect(bytes).toContain("in-attesa@lugo.esempio.it");

  retention.stop();
  expect(vi.getTimerCount()).toBe(0);
});

test("an invitation that ended more than 90 days ago is deleted by the timer; a pending one, and a recent one, stay", async () => {
  const invitations = InvitationStore.inStateDir(dir);
  const by = "giulia.bianchi@unione.esempio.it";
  await invitations.create("revocato@lugo.esempio.it", new Date(T0), by);
  await invitations.revoke("revocato@lugo.esempio.it", new Date(T0), by);
  await invitations.create("scaduto@lugo.esempio.it", new Date(T0 + 80 * DAY_MS), by, 1);
  await invitations.create("in-attesa@lugo.esempio.it", new Date(T0 + 88 * DAY_MS), by, 7);

  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  const retention = startRetention(dir, { clock });
  closers.push(() => retention.stop());
  now = T0 + 91 * DAY_MS;
  vi.advanceTimersByTime(RETENTION_INTERVAL_MS);

  expect((await invitations.list()).map((record) => record.email)).toEqual(["scaduto@lugo.esempio.it", "in-attesa@lugo.esempio.it"]);
  // The invitation is gone; what stays is the access log's record of who invited and revoked
  // whom, which is kept a year (access-log.ts) and erased by `forget`.
  const database = StateDatabase.openIn(dir);
  closers.push(() => database.close());
  const mentions = database.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
    .all()
    .map((row) => String(row.name))
    .filter((table) => JSON.stringify(database.db.prepare(`SELECT * FROM ${table}`).all()).includes("revocato@lugo.esempio.it"));
  expect(mentions).toEqual(["access_log"]);
});

test("a state without a ledger (the Google store) or anything at all: nothing to trim, no table made", () => {
  const database = StateDatabase.openIn(dir);
  closers.push(() => database.close());
  expect(trimByAge(database, new Date(T0))).toEqual({ ledger: 0, appliedWrites: 0, invitations: 0, checkpointed: true });
  expect(
    database.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((row) => row.name),
  ).toEqual(["legacy_imports"]);
});

test("a failing run is logged and the timer goes on; afterRun runs every time; stop lets the database go", () => {
  const log = vi.fn();
  const afterRun = vi.fn();
  const database = StateDatabase.openIn(dir);
  closers.push(() => database.close());
  database.db.exec("CREATE TABLE journal (done_at TEXT)"); // not the journal's schema: the DELETE still works
  database.db.exec("CREATE TABLE invitations (id INTEGER PRIMARY KEY)"); // this one's SELECT fails
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  const retention = startRetention(dir, { clock, log, afterRun });
  vi.advanceTimersByTime(2 * RETENTION_INTERVAL_MS);
  expect(log).toHaveBeenCalledTimes(3);
  expect(log.mock.calls[0]?.[0]).toMatch(/^conservazione: pulizia per età non riuscita .*no such column/);
  expect(afterRun).toHaveBeenCalledTimes(3);
  retention.stop();
  retention.stop();
  expect(retention.run()).toBeUndefined();
  // Only the test's own reference is left.
  expect(() => database.db.prepare("SELECT 1").get()).not.toThrow();
});
