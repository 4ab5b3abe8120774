import { appendFile, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { Journal, type NewWrite } from "./journal.ts";

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

test("a torn last line (a crash mid-write) is cut off and reported; the next entry gets its own line", async () => {
  const dir = await mkdtemp(join(tmpdir(), "journal-"));
  const journal = await Journal.open(dir);
  await journal.add(write("a"), now);
  await journal.close();
  const torn = '{"op":"append","id":"b","tab":"Buone pr';
  await appendFile(join(dir, "journal.ndjson"), torn);
  const logged: string[] = [];
  const reopened = await Journal.open(dir, { log: (message) => logged.push(message) });
  expect(logged).toEqual([expect.stringContaining(`1 righe, ${Buffer.byteLength(torn)} byte`)]);
  expect(reopened.skippedLines).toBe(1);
  expect(reopened.tornTail).toEqual({ lines: 1, bytes: Buffer.byteLength(torn) });
  expect(reopened.pendingWrites().map((w) => w.id)).toEqual(["a"]);
  await reopened.add(write("c"), now);
  await reopened.close();
  const text = await readFile(join(dir, "journal.ndjson"), "utf8");
  expect(text.endsWith("\n")).toBe(true);
  expect(
    text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line).id),
  ).toEqual(["a", "c"]);
  const again = await Journal.open(dir);
  expect(again.pendingWrites().map((w) => w.id)).toEqual(["a", "c"]);
  expect(again.tornTail).toBeNull();
  await again.close();
});

test("a last whole line that is not JSON (garbage after a crash) is a torn tail too", async () => {
  const dir = await mkdtemp(join(tmpdir(), "journal-"));
  const journal = await Journal.open(dir);
  await journal.add(write("a"), now);
  await journal.close();
  await appendFile(join(dir, "journal.ndjson"), "\0\0\0\0\n\0\0");
  const reopened = await Journal.open(dir, { log: () => {} });
  expect(reopened.tornTail).toEqual({ lines: 2, bytes: 7 });
  expect(reopened.deadLetters.count).toBe(0);
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

test("entries that can never apply are moved to dead-letters.ndjson when the journal is read, with the reason", async () => {
  const dir = await mkdtemp(join(tmpdir(), "journal-"));
  const at = now.toISOString();
  const good = { op: "append", id: "a", tab: "Buone prassi", row: { id: "a", title: "a" }, result: null, at, mode: "append" };
  const nope = { ...good, id: "n", tab: "Nope" };
  const noRow = { op: "append", id: "r", tab: "Buone prassi", at };
  const lines = [JSON.stringify(good), JSON.stringify(nope), "{not json", JSON.stringify(noRow), JSON.stringify({ ...good, id: "b" })];
  await writeFile(join(dir, "journal.ndjson"), `${lines.join("\n")}\n`);
  const logged: string[] = [];
  const journal = await Journal.open(dir, { log: (message) => logged.push(message) });
  expect(journal.pendingWrites().map((w) => w.id)).toEqual(["a", "b"]);
  expect(journal.tornTail).toBeNull();
  expect(journal.deadLetteredAtOpen).toBe(3);
  expect(journal.deadLetters.count).toBe(3);
  expect(logged.join("\n")).toContain("3 voci non applicabili");
  await journal.close();

  const letters = (await readFile(join(dir, "dead-letters.ndjson"), "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  expect(letters).toEqual([
    expect.objectContaining({ code: "tab_unknown", id: "n", tab: "Nope", entry: nope, reason: expect.stringContaining("Nope") }),
    expect.objectContaining({ code: "unreadable_line", line: "{not json" }),
    expect.objectContaining({ code: "invalid_entry", entry: noRow, reason: expect.stringContaining("row") }),
  ]);
  // Moved, not copied: the journal no longer holds them, and reopening moves nothing again.
  const reopened = await Journal.open(dir);
  expect(reopened.deadLetteredAtOpen).toBe(0);
  expect(reopened.deadLetters.count).toBe(3);
  expect(reopened.deadLetters.last).toMatchObject({ code: "invalid_entry" });
  await reopened.close();
});

test("add() refuses a tab outside the contract before journaling anything", async () => {
  const dir = await mkdtemp(join(tmpdir(), "journal-"));
  const journal = await Journal.open(dir);
  await expect(journal.add({ ...write("a"), tab: "Nope" as "Buone prassi" }, now)).rejects.toThrow(/Nope/);
  expect(journal.get("a")).toBeUndefined();
  await journal.close();
  expect(await readFile(join(dir, "journal.ndjson"), "utf8")).toBe("");
});

test("a write's row is keyed by its own tab's columns: a typo or another tab's key does not compile", async () => {
  const dir = await mkdtemp(join(tmpdir(), "journal-"));
  const journal = await Journal.open(dir);
  await journal.add(
    { id: "p", mode: "upsert", tab: "Presenze", row: { id: "p", meetingId: "m-1", email: "a@b.it", answer: "Partecipo" }, result: null },
    now,
  );
  // @ts-expect-error "titel" is a typo: Buone prassi has "title"
  const typo = { id: "t", tab: "Buone prassi", row: { id: "t", titel: "Prassi" }, result: null } satisfies NewWrite<"Buone prassi">;
  const elsewhere = {
    id: "e",
    tab: "Buone prassi",
    // @ts-expect-error "answer" is a column of Presenze, not of Buone prassi
    row: { id: "e", answer: "Partecipo" },
    result: null,
  } satisfies NewWrite<"Buone prassi">;
  // @ts-expect-error a tab outside the contract
  const stray = { id: "s", tab: "Buone pratiche", row: { id: "s" }, result: null } satisfies NewWrite;
  // The checks above are the compiler's; at run time only the tab is checked (stores drop unknown keys).
  await journal.add(typo, now);
  await journal.add(elsewhere, now);
  // A tab that reaches add() untyped (built from data) is refused there.
  await expect(journal.add(stray as unknown as NewWrite, now)).rejects.toThrow(/Buone pratiche/);
  expect(journal.pendingWrites().map((write) => [write.id, write.tab])).toEqual([
    ["p", "Presenze"],
    ["t", "Buone prassi"],
    ["e", "Buone prassi"],
  ]);
  await journal.close();
});
