import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { importLegacyFile, isDatabaseFull, StateDatabase } from "./database.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "state-db-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("the database is opened in WAL with synchronous FULL, a busy timeout and secure_delete, shared within the process", () => {
  const one = StateDatabase.openIn(dir);
  const two = StateDatabase.openIn(dir);
  expect(two).toBe(one);
  const pragma = (name: string) => Object.values(one.db.prepare(`PRAGMA ${name}`).get() ?? {})[0];
  expect(pragma("journal_mode")).toBe("wal");
  expect(pragma("synchronous")).toBe(2);
  expect(pragma("secure_delete")).toBe(1);
  expect(Number(pragma("busy_timeout"))).toBeGreaterThanOrEqual(5_000);
  one.close();
  // Still open for the second holder.
  expect(() => two.db.prepare("SELECT 1").get()).not.toThrow();
  two.close();
});

test("transaction() keeps all of a change or none of it", () => {
  const database = StateDatabase.openIn(dir);
  database.db.exec("CREATE TABLE t (v TEXT NOT NULL)");
  expect(() =>
    database.transaction(() => {
      database.db.prepare("INSERT INTO t VALUES (?)").run("uno");
      database.db.prepare("INSERT INTO t VALUES (?)").run(null);
    }),
  ).toThrow();
  expect(database.db.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 0 });
  database.transaction(() => database.db.prepare("INSERT INTO t VALUES (?)").run("due"));
  expect(database.db.prepare("SELECT v FROM t").all()).toEqual([{ v: "due" }]);
  database.close();
});

test("a full database is SQLITE_FULL, told apart from other errors", () => {
  const database = StateDatabase.openIn(dir);
  database.db.exec("CREATE TABLE t (v TEXT)");
  // The page limit stands in for a full disk: SQLite answers both with SQLITE_FULL.
  database.db.exec("PRAGMA max_page_count = 8");
  let full: unknown;
  try {
    database.transaction(() => {
      for (let i = 0; i < 1_000; i++) database.db.prepare("INSERT INTO t VALUES (?)").run("x".repeat(1_000));
    });
  } catch (error) {
    full = error;
  }
  expect(isDatabaseFull(full)).toBe(true);
  expect(isDatabaseFull(new Error("altro"))).toBe(false);
  expect(database.db.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 0 });
  database.close();
});

test("a state file of an earlier version is imported once and renamed, its text kept", async () => {
  await writeFile(join(dir, "old.json"), '["a","b"]');
  const database = StateDatabase.openIn(dir);
  database.db.exec("CREATE TABLE items (v TEXT)");
  const load = (text: string) => {
    for (const v of JSON.parse(text) as string[]) database.db.prepare("INSERT INTO items VALUES (?)").run(v);
  };
  expect(await importLegacyFile(database, dir, "old.json", load, (path) => readFile(path, "utf8"))).toBe(true);
  expect(await importLegacyFile(database, dir, "old.json", load, (path) => readFile(path, "utf8"))).toBe(false);
  expect(database.db.prepare("SELECT v FROM items ORDER BY v").all()).toEqual([{ v: "a" }, { v: "b" }]);
  expect((await readdir(dir)).filter((file) => file.startsWith("old"))).toEqual(["old.json.importato"]);
  expect(await readFile(join(dir, "old.json.importato"), "utf8")).toBe('["a","b"]');
  database.close();
});
