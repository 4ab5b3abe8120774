import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { StateDatabase } from "../state/database.ts";
import { Journal } from "./journal.ts";
import { DiskWriteError } from "./write-errors.ts";

/**
 * The journal on a disk that fails. A write whose commit fails is refused (the caller's promise
 * rejects with a DiskWriteError, which the API answers 503), nothing of it is in the table, and
 * memory follows the disk: a retry of the same id is journaled afresh, never answered "already
 * accepted". Faults: SQLite's own SQLITE_FULL (a page limit, as a full disk answers), and an
 * error thrown at the commit (the journal's `beforeCommit` test hook) with SQLite's codes for a
 * full disk and an I/O error; a process killed with SIGKILL in the middle of a transaction.
 */

const now = new Date("2026-11-23T10:00:00Z");
/** Rows larger than a page: each needs new pages, which a full database has not. */
const write = (id: string) => ({
  id,
  tab: "Buone prassi" as const,
  row: { id, title: `Prassi ${id}`, excerpt: "x".repeat(9_000) },
  result: { id },
});

/** What node:sqlite throws: SQLITE_FULL is 13, SQLITE_IOERR 10 (extended codes keep it in the low byte). */
function sqliteError(errcode: number, errstr: string): Error {
  return Object.assign(new Error(errstr), { code: "ERR_SQLITE_ERROR", errcode, errstr });
}

type Fault = "page-limit" | "full-at-commit" | "io-at-commit";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), "journal-faults-"));
  const state: { fault: Fault | undefined } = { fault: undefined };
  let commits = 0;
  const journal = await Journal.open(dir, {
    beforeCommit: () => {
      commits++;
      if (state.fault === "full-at-commit") throw sqliteError(13, "database or disk is full");
      if (state.fault === "io-at-commit") throw sqliteError(10 | (4 << 8), "disk I/O error");
    },
  });
  cleanups.push(() => journal.close());
  // The journal's own connection (shared within the process): the page limit is per connection.
  const database = StateDatabase.openIn(dir);
  const fail = (fault: Fault | undefined) => {
    state.fault = fault;
    const { page_count } = database.db.prepare("PRAGMA page_count").get() as { page_count: number };
    database.db.exec(`PRAGMA max_page_count = ${fault === "page-limit" ? page_count : 1073741823}`);
  };
  /** The journal table as committed: [id, done]. */
  const rows = () => {
    const all = database.db.prepare("SELECT id, done_at IS NOT NULL AS done FROM journal ORDER BY seq").all() as {
      id: string;
      done: number;
    }[];
    return all.map(({ id, done }) => [id, done === 1]);
  };
  cleanups.push(() => database.close());
  return { dir, journal, fail, rows, commits: () => commits };
}

describe.each([
  ["SQLITE_FULL from SQLite (a page limit)", "page-limit", "no_space"],
  ["SQLITE_FULL at the commit", "full-at-commit", "no_space"],
  ["SQLITE_IOERR at the commit", "io-at-commit", "io"],
] as const)("%s", (_name, fault, failure) => {
  test("the add rejects, nothing of it is in the table, and a retry of the id is journaled afresh", async () => {
    const { dir, journal, fail, rows } = await setup();
    await journal.add(write("a"), now);

    fail(fault);
    const refused = journal.add(write("b"), now);
    await expect(refused).rejects.toBeInstanceOf(DiskWriteError);
    await expect(refused).rejects.toMatchObject({ failure });
    expect(journal.get("b")).toBeUndefined();
    expect(journal.writeError).toMatchObject({ failure });
    expect(journal.pendingWrites().map((w) => w.id)).toEqual(["a"]);
    expect(rows()).toEqual([["a", false]]);
    // Still failing: the retry is refused again, not answered "already accepted".
    await expect(journal.add(write("b"), now)).rejects.toBeInstanceOf(DiskWriteError);

    fail(undefined);
    const retried = await journal.add(write("b"), now);
    expect(retried.created).toBe(true);
    expect(journal.writeError).toBeNull();
    expect(rows()).toEqual([
      ["a", false],
      ["b", false],
    ]);
    const reopened = await Journal.open(dir);
    cleanups.push(() => reopened.close());
    expect(reopened.pendingWrites().map((w) => w.id)).toEqual(["a", "b"]);
  });

  test("a group commit that fails fails every waiter, and none of them stays in memory", async () => {
    const { journal, fail, rows, commits } = await setup();
    await journal.add(write("a"), now);
    fail(fault);
    const ids = ["b", "c", "d", "e"];
    const before = commits();
    // Started together: they share one transaction, and one fsync.
    const results = await Promise.allSettled(ids.map((id) => journal.add(write(id), now)));
    expect(commits() - before).toBeLessThanOrEqual(1);
    expect(results.map((result) => result.status)).toEqual(ids.map(() => "rejected"));
    for (const id of ids) expect(journal.get(id)).toBeUndefined();
    expect(rows()).toEqual([["a", false]]);
    fail(undefined);
    for (const id of ids) expect((await journal.add(write(id), now)).created).toBe(true);
  });
});

test("a second add of an id while the first is being committed shares its fate", async () => {
  const { journal, fail } = await setup();
  fail("io-at-commit");
  const first = journal.add(write("a"), now);
  const second = journal.add(write("a"), now);
  expect(journal.get("a")?.state).toBe("journaling");
  await expect(first).rejects.toBeInstanceOf(DiskWriteError);
  await expect(second).rejects.toBeInstanceOf(DiskWriteError);
  expect(journal.get("a")).toBeUndefined();
  fail(undefined);
  const [again, retry] = await Promise.all([journal.add(write("a"), now), journal.add(write("a"), now)]);
  expect([again.created, retry.created]).toEqual([true, false]);
});

test("markDone that cannot be committed leaves the writes pending, and succeeds later", async () => {
  const { journal, fail, rows } = await setup();
  await journal.add(write("a"), now);
  fail("full-at-commit");
  await expect(journal.markDone(["a"], now)).rejects.toBeInstanceOf(DiskWriteError);
  expect(journal.get("a")?.state).toBe("pending");
  expect(rows()).toEqual([["a", false]]);
  fail(undefined);
  await journal.markDone(["a"], now);
  expect(journal.get("a")?.state).toBe("done");
  expect(rows()).toEqual([["a", true]]);
});

test("moving to the dead letters is one transaction: when it fails the write stays pending and no letter exists", async () => {
  const { journal, fail, rows } = await setup();
  const { write: a } = await journal.add(write("a"), now);
  const reason = { code: "google_request_rejected", message: "cella troppo lunga" };
  fail("io-at-commit");
  await expect(journal.moveToDeadLetters([a], reason, now)).rejects.toMatchObject({ failure: "io" });
  expect(journal.get("a")?.state).toBe("pending");
  expect(journal.deadLetters.count).toBe(0);
  expect(journal.deadLetters.list()).toEqual([]);
  fail(undefined);
  await journal.moveToDeadLetters([a], reason, now);
  expect(journal.get("a")).toBeUndefined();
  expect(rows()).toEqual([]);
  expect(journal.deadLetters.list()).toEqual([expect.objectContaining({ id: "a", code: "google_request_rejected" })]);
});

/**
 * A child process journals "a", then is killed with SIGKILL while a transaction of `stage` is
 * open (its statements run, not committed): the next open finds exactly what the last commit left.
 */
async function killMidTransaction(stage: "add" | "markDone" | "dead"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "journal-kill-"));
  const child = join(dir, "child.ts");
  await writeFile(
    child,
    `import { writeSync } from "node:fs";
import { Journal } from ${JSON.stringify(new URL("./journal.ts", import.meta.url).pathname)};
let hold = false;
const journal = await Journal.open(process.argv[2], {
  log: () => {},
  beforeCommit: () => {
    if (!hold) return;
    writeSync(1, "in-transaction\\n");
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  },
});
const now = new Date(${JSON.stringify(now.toISOString())});
const { write } = await journal.add({ id: "a", tab: "Buone prassi", row: { id: "a", title: "Prassi a" }, result: null }, now);
hold = true;
const stage = ${JSON.stringify(stage)};
if (stage === "add") await journal.add({ id: "b", tab: "Buone prassi", row: { id: "b", title: "Prassi b" }, result: null }, now);
if (stage === "markDone") await journal.markDone(["a"], now);
if (stage === "dead") await journal.moveToDeadLetters([write], { code: "x", message: "y" }, now);
`,
  );
  const process_ = spawn(process.execPath, ["--experimental-transform-types", "--no-warnings", child, dir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  process_.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    process_.stdout.on("data", (chunk) => String(chunk).includes("in-transaction") && resolve());
    process_.on("exit", (code) => reject(new Error(`the child ended (${code}) before its transaction: ${stderr}`)));
  });
  const exited = new Promise((resolve) => process_.on("exit", (_code, signal) => resolve(signal)));
  process_.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");
  return dir;
}

test.each(["add", "markDone", "dead"] as const)(
  "kill -9 in the middle of a %s transaction leaves the state of the last commit",
  async (stage) => {
    const dir = await killMidTransaction(stage);
    const journal = await Journal.open(dir, { log: () => {} });
    cleanups.push(() => journal.close());
    expect(journal.pendingWrites().map((w) => w.id)).toEqual(["a"]);
    expect(journal.get("b")).toBeUndefined();
    expect(journal.deadLetters.count).toBe(0);
    const database = StateDatabase.openIn(dir);
    expect(database.db.prepare("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
    database.close();
  },
);
