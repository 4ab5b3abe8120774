import { appendFile, mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { DeadLetters } from "./dead-letters.ts";

const letter = (id: string) => ({
  at: "2026-11-23T10:00:00.000Z",
  code: "google_request_rejected",
  reason: "cella troppo lunga",
  id,
  tab: "Buone prassi",
});

test("no file until the first dead letter; then whole lines, counted again at open", async () => {
  const dir = await mkdtemp(join(tmpdir(), "dead-letters-"));
  const letters = await DeadLetters.open(dir);
  expect(letters.count).toBe(0);
  expect(letters.last).toBeNull();
  await letters.close();
  expect(await readdir(dir)).toEqual([]);

  const again = await DeadLetters.open(dir);
  await again.add([letter("a"), letter("b")]);
  expect(again.count).toBe(2);
  expect(again.last).toEqual(letter("b"));
  await again.close();
  const reopened = await DeadLetters.open(dir);
  expect(reopened.count).toBe(2);
  expect(reopened.last).toEqual(letter("b"));
  await reopened.close();
});

test("a move torn mid-line by a crash is cut off at open, and the next letter starts its own line", async () => {
  const dir = await mkdtemp(join(tmpdir(), "dead-letters-"));
  const first = await DeadLetters.open(dir);
  await first.add([letter("a")]);
  await first.close();
  await appendFile(join(dir, "dead-letters.ndjson"), '{"at":"2026-11-23T10:00:00.000Z","code":"go');
  const letters = await DeadLetters.open(dir);
  expect(letters.count).toBe(1);
  await letters.add([letter("b")]);
  await letters.close();
  const lines = (await readFile(join(dir, "dead-letters.ndjson"), "utf8")).split("\n");
  expect(lines.at(-1)).toBe("");
  expect(lines.slice(0, -1).map((line) => JSON.parse(line).id)).toEqual(["a", "b"]);
});
