import { appendFile, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { Journal } from "./journal.ts";

/**
 * The state files of the version before the state database, in their exact format (one JSON
 * object a line, as JSON.stringify wrote them): imported once at the first open, then renamed
 * `<file>.importato` with their text untouched.
 */

const at = "2026-11-23T10:00:00.000Z";
const append = (id: string, mode = "append") => ({
  op: "append",
  id,
  tab: "Buone prassi",
  row: { id, title: `Prassi ${id}` },
  result: { id },
  at,
  mode,
});
const line = (entry: object) => `${JSON.stringify(entry)}\n`;

test("today's journal.ndjson and dead-letters.ndjson: pending stays pending, done is dropped, dead letters stay, once", async () => {
  const dir = await mkdtemp(join(tmpdir(), "journal-legacy-"));
  const journalText = [
    line(append("a")),
    line(append("b")),
    line(append("c")),
    line({ op: "done", id: "b", at }),
    line({ op: "dead", id: "c", at }),
    line({ ...append("p", "upsert"), tab: "Presenze", row: { id: "m1:x@y.it", answer: "Partecipo" }, result: null }),
    // A retry journaled again by an older version: the first append wins.
    line({ ...append("a"), row: { id: "a", title: "altro" } }),
    // A crash in the middle of the next line: never acknowledged to anyone.
    '{"op":"append","id":"torn","tab":"Buo',
  ].join("");
  const dead = { at, code: "google_request_rejected", reason: "cella troppo lunga", id: "c", tab: "Buone prassi", entry: append("c") };
  // A move torn by a crash: its entry was still in the journal, and went again.
  const lettersText = `${line(dead)}{"at":"2026-11-23T10:00:00.000Z","code":"go`;
  await writeFile(join(dir, "journal.ndjson"), journalText);
  await writeFile(join(dir, "dead-letters.ndjson"), lettersText);

  const logged: string[] = [];
  const journal = await Journal.open(dir, { log: (message) => logged.push(message) });
  expect(journal.pendingWrites()).toEqual([
    { id: "a", tab: "Buone prassi", row: { id: "a", title: "Prassi a" }, result: { id: "a" }, at, mode: "append" },
    { id: "p", tab: "Presenze", row: { id: "m1:x@y.it", answer: "Partecipo" }, result: null, at, mode: "upsert" },
  ]);
  // Done entries were applied: the store answers for them, the import drops them.
  expect(journal.get("b")).toBeUndefined();
  expect(journal.deadLetters.list()).toEqual([dead]);
  expect(journal.deadLetters.last).toEqual({ at, code: dead.code, reason: dead.reason, id: "c", tab: "Buone prassi" });
  expect(journal.tornTail).toEqual({ lines: 1, bytes: Buffer.byteLength('{"op":"append","id":"torn","tab":"Buo') });
  expect(logged.join("\n")).toContain("2 scritture in attesa importate");
  await journal.add({ id: "d", tab: "Buone prassi", row: { id: "d", title: "Prassi d" }, result: null }, new Date(at));
  await journal.close();

  // Renamed, text untouched; nothing imported twice, and what was added since is still there.
  expect((await readdir(dir)).filter((file) => file.includes("ndjson")).sort()).toEqual([
    "dead-letters.ndjson.importato",
    "journal.ndjson.importato",
  ]);
  expect(await readFile(join(dir, "journal.ndjson.importato"), "utf8")).toBe(journalText);
  expect(await readFile(join(dir, "dead-letters.ndjson.importato"), "utf8")).toBe(lettersText);
  const reopened = await Journal.open(dir, { log: () => {} });
  expect(reopened.pendingWrites().map((write) => write.id)).toEqual(["a", "p", "d"]);
  expect(reopened.deadLetters.count).toBe(1);
  expect(reopened.tornTail).toBeNull();
  await reopened.close();
});

test("a torn tail is cut and reported at import: bytes after the last newline, and a last line that is not JSON", async () => {
  const dir = await mkdtemp(join(tmpdir(), "journal-legacy-"));
  await writeFile(join(dir, "journal.ndjson"), line(append("a")));
  await appendFile(join(dir, "journal.ndjson"), "\0\0\0\0\n\0\0");
  const logged: string[] = [];
  const journal = await Journal.open(dir, { log: (message) => logged.push(message) });
  expect(journal.tornTail).toEqual({ lines: 2, bytes: 7 });
  expect(journal.skippedLines).toBe(2);
  expect(logged.join("\n")).toContain("(2 righe, 7 byte)");
  // Garbage after a crash is not an entry: nothing for the dead letters.
  expect(journal.deadLetters.count).toBe(0);
  expect(journal.pendingWrites().map((w) => w.id)).toEqual(["a"]);
  await journal.close();
});

test("a dead-letters.ndjson line that is not a letter (written by hand) is kept as its text", async () => {
  const dir = await mkdtemp(join(tmpdir(), "journal-legacy-"));
  await writeFile(join(dir, "dead-letters.ndjson"), "nota a mano\n[1,2]\n");
  const journal = await Journal.open(dir, { log: () => {} });
  expect(journal.deadLetters.list()).toEqual([
    expect.objectContaining({ code: "unreadable_line", line: "nota a mano" }),
    expect.objectContaining({ code: "unreadable_line", line: "[1,2]" }),
  ]);
  await journal.close();
});
