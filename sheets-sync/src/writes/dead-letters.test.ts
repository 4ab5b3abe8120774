import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { StateDatabase } from "../state/database.ts";
import { DeadLetters } from "./dead-letters.ts";
import { DiskWriteError } from "./write-errors.ts";

const letter = (id: string, reason = "cella troppo lunga") => ({
  at: "2026-11-23T10:00:00.000Z",
  code: "google_request_rejected",
  reason,
  id,
  tab: "Buone prassi",
});

test("none until the first dead letter; then counted again at open, the latest one summarised", async () => {
  const dir = await mkdtemp(join(tmpdir(), "dead-letters-"));
  const letters = await DeadLetters.open(dir);
  expect(letters.count).toBe(0);
  expect(letters.last).toBeNull();
  await letters.add([letter("a"), { ...letter("b"), entry: { op: "append", id: "b" } }]);
  expect(letters.count).toBe(2);
  expect(letters.last).toEqual(letter("b"));
  await letters.close();
  const reopened = await DeadLetters.open(dir);
  expect(reopened.count).toBe(2);
  expect(reopened.last).toEqual(letter("b"));
  expect(reopened.list()).toEqual([letter("a"), { ...letter("b"), entry: { op: "append", id: "b" } }]);
  await reopened.close();
});

test("a move whose commit fails (SQLITE_FULL) leaves no letter behind: all of it or none", async () => {
  const dir = await mkdtemp(join(tmpdir(), "dead-letters-"));
  const letters = await DeadLetters.open(dir);
  await letters.add([letter("a")]);
  const database = StateDatabase.openIn(dir);
  // The page limit stands in for a full disk (SQLite answers both SQLITE_FULL); the letters need pages beyond it.
  const { page_count } = database.db.prepare("PRAGMA page_count").get() as { page_count: number };
  database.db.exec(`PRAGMA max_page_count = ${page_count}`);
  const big = "x".repeat(20_000);
  const failed = letters.add([letter("b", big), letter("c", big)]);
  await expect(failed).rejects.toBeInstanceOf(DiskWriteError);
  await expect(failed).rejects.toMatchObject({ failure: "no_space" });
  expect(letters.count).toBe(1);
  expect(letters.list().map((l) => l.id)).toEqual(["a"]);
  database.db.exec("PRAGMA max_page_count = 1073741823");
  await letters.add([letter("b", big)]);
  expect(letters.list().map((l) => l.id)).toEqual(["a", "b"]);
  database.close();
  await letters.close();
});
