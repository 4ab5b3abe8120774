import { appendFile, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { Journal } from "./journal.ts";

const now = new Date("2026-11-23T10:00:00Z");
const write = (id: string) => ({ id, tab: "Buone prassi" as const, row: { id, title: `Prassi ${id}` }, result: { id } });

test("add() is durable: a reopened journal still has every pending write, in order", async () => {
  const dir = await mkdtemp(join(tmpdir(), "journal-"));
  const journal = await Journal.open(dir);
  await Promise.all(["a", "b", "c"].map((id) => journal.add(write(id), now)));
  await journal.markDone(["b"], now);
  await journal.close();
  const reopened = await Journal.open(dir);
  expect(reopened.pendingWrites().map((w) => w.id)).toEqual(["a", "c"]);
  await reopened.close();
});

test("add() of an id already there records nothing new and returns the first write", async () => {
  const dir = await mkdtemp(join(tmpdir(), "journal-"));
  const journal = await Journal.open(dir);
  const first = await journal.add(write("a"), now);
  const second = await journal.add({ ...write("a"), row: { id: "a", title: "altro" } }, now);
  expect(first.created).toBe(true);
  expect(second).toEqual({ write: first.write, created: false });
  await journal.close();
  const lines = (await readFile(join(dir, "journal.ndjson"), "utf8")).trim().split("\n");
  expect(lines).toHaveLength(1);
});

test("a torn last line (a crash mid-write) is skipped and the rest replays", async () => {
  const dir = await mkdtemp(join(tmpdir(), "journal-"));
  const journal = await Journal.open(dir);
  await journal.add(write("a"), now);
  await journal.close();
  await appendFile(join(dir, "journal.ndjson"), '{"op":"append","id":"b","tab":"Buone pr');
  const reopened = await Journal.open(dir);
  expect(reopened.skippedLines).toBe(1);
  expect(reopened.pendingWrites().map((w) => w.id)).toEqual(["a"]);
  await reopened.close();
});

test("opening compacts the file to the pending writes", async () => {
  const dir = await mkdtemp(join(tmpdir(), "journal-"));
  const journal = await Journal.open(dir);
  for (const id of ["a", "b", "c", "d"]) await journal.add(write(id), now);
  await journal.markDone(["a", "b", "c"], now);
  await journal.close();
  await (await Journal.open(dir)).close();
  const lines = (await readFile(join(dir, "journal.ndjson"), "utf8")).trim().split("\n");
  expect(lines.map((line) => JSON.parse(line).id)).toEqual(["d"]);
});
