import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { StateDatabase } from "../state/database.ts";
import { Journal, type NewWrite } from "./journal.ts";

const now = new Date("2026-11-23T10:00:00Z");
const write = (id: string) => ({ id, tab: "Buone prassi" as const, row: { id, title: `Prassi ${id}` }, result: { id } });

/** The journal table as committed: id and whether it is done, in arrival order. */
function rows(dir: string): { id: string; done: number }[] {
  const database = StateDatabase.openIn(dir);
  try {
    return database.db.prepare("SELECT id, done_at IS NOT NULL AS done FROM journal ORDER BY seq").all() as { id: string; done: number }[];
  } finally {
    database.close();
  }
}

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
  expect(rows(dir).map((row) => row.id)).toEqual(["a"]);
});

test("a write is in the table once add() resolves, and a reopened journal answers for recently applied ones", async () => {
  const dir = await mkdtemp(join(tmpdir(), "journal-"));
  const journal = await Journal.open(dir);
  const adding = journal.add(write("a"), now);
  expect(journal.get("a")?.state).toBe("journaling");
  await adding;
  // Committed before the caller is answered: another connection sees it.
  expect(rows(dir)).toEqual([{ id: "a", done: 0 }]);
  await journal.markDone(["a"], now);
  expect(rows(dir)).toEqual([{ id: "a", done: 1 }]);
  await journal.close();
  const reopened = await Journal.open(dir);
  expect(reopened.get("a")).toEqual({ write: { ...write("a"), mode: "append", at: now.toISOString() }, state: "done" });
  expect(await reopened.add(write("a"), now)).toMatchObject({ created: false });
  await reopened.close();
});

test("applied writes are kept for a while, not for ever: the table does not grow without bound", async () => {
  const dir = await mkdtemp(join(tmpdir(), "journal-"));
  const journal = await Journal.open(dir);
  const ids = Array.from({ length: 1_050 }, (_, i) => `w${i}`);
  await Promise.all(ids.map((id) => journal.add(write(id), now)));
  await journal.add(write("waiting"), now);
  await journal.markDone(ids, now);
  await journal.close();
  const left = rows(dir);
  // The newest 1000 applied ones answer retries; the pending one is never dropped.
  expect(left.filter((row) => row.done === 1)).toHaveLength(1_000);
  expect(left.filter((row) => row.done === 0).map((row) => row.id)).toEqual(["waiting"]);
  expect(left.some((row) => row.id === "w0")).toBe(false);
});

test("entries of an earlier version's journal.ndjson that can never apply become dead letters at its import, with the reason", async () => {
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

  const letters = (await Journal.open(dir)).deadLetters;
  expect(letters.list()).toEqual([
    expect.objectContaining({ code: "tab_unknown", id: "n", tab: "Nope", entry: nope, reason: expect.stringContaining("Nope") }),
    expect.objectContaining({ code: "unreadable_line", line: "{not json" }),
    expect.objectContaining({ code: "invalid_entry", entry: noRow, reason: expect.stringContaining("row") }),
  ]);
  await letters.close();
  // Moved, not copied: the journal no longer holds them, and reopening moves nothing again.
  const reopened = await Journal.open(dir);
  expect(reopened.deadLetteredAtOpen).toBe(0);
  expect(reopened.deadLetters.count).toBe(3);
  expect(reopened.deadLetters.last).toMatchObject({ code: "invalid_entry" });
  await reopened.close();
});

test("a row of the table that can never apply (a tab this version does not know) leaves it for the dead letters at open", async () => {
  const dir = await mkdtemp(join(tmpdir(), "journal-"));
  const journal = await Journal.open(dir);
  for (const id of ["a", "b", "c"]) await journal.add(write(id), now);
  await journal.close();
  // What a hand with sqlite3 may leave behind.
  const database = StateDatabase.openIn(dir);
  database.db.exec("UPDATE journal SET tab = 'Prassi vecchie' WHERE id = 'b'");
  database.db.exec("UPDATE journal SET row = '{rotto' WHERE id = 'c'");
  database.close();
  const logged: string[] = [];
  const reopened = await Journal.open(dir, { log: (message) => logged.push(message) });
  expect(reopened.pendingWrites().map((w) => w.id)).toEqual(["a"]);
  expect(reopened.deadLetteredAtOpen).toBe(2);
  expect(reopened.deadLetters.list()).toEqual([
    expect.objectContaining({ code: "tab_unknown", id: "b", tab: "Prassi vecchie" }),
    expect.objectContaining({ code: "unreadable_line", id: "c", line: "{rotto" }),
  ]);
  expect(logged.join("\n")).toContain("2 voci non applicabili");
  await reopened.close();
  expect(rows(dir).map((row) => row.id)).toEqual(["a"]);
});

test("add() refuses a tab outside the contract before journaling anything", async () => {
  const dir = await mkdtemp(join(tmpdir(), "journal-"));
  const journal = await Journal.open(dir);
  await expect(journal.add({ ...write("a"), tab: "Nope" as "Buone prassi" }, now)).rejects.toThrow(/Nope/);
  expect(journal.get("a")).toBeUndefined();
  await journal.close();
  expect(rows(dir)).toEqual([]);
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
