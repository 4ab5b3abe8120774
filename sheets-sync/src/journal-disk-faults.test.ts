import { mkdtemp, open, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { type AppendHandle, DiskWriteError, type OpenAppendFile } from "./append-only-file.ts";
import { Journal } from "./journal.ts";

/**
 * The journal on a disk that fails: ENOSPC on write, a short write, a failed fsync. A write
 * that is not on disk is refused (the caller's promise rejects with a DiskWriteError, which the
 * API answers 503), the file keeps whole lines only, and memory follows the disk: a retry of the
 * same id is journaled afresh, never answered "already accepted".
 */

const now = new Date("2026-11-23T10:00:00Z");
const write = (id: string) => ({ id, tab: "Buone prassi" as const, row: { id, title: `Prassi ${id}` }, result: { id } });

type Fault = "enospc" | "short" | "eio" | "datasync";

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated, write`), { code });
}

/** Real files whose journal handle fails as `faults.now` says, counting the calls. */
function faultyDisk() {
  const faults: { now: Fault | undefined; truncateFails: boolean } = { now: undefined, truncateFails: false };
  const calls = { write: 0, datasync: 0, truncate: 0 };
  const openFile: OpenAppendFile = async (path) => {
    const real = await open(path, "a");
    if (!path.endsWith("journal.ndjson")) return real;
    const handle: AppendHandle = {
      async write(data) {
        calls.write++;
        if (faults.now === "enospc") throw errno("ENOSPC");
        if (faults.now === "eio") throw errno("EIO");
        if (faults.now === "short") {
          // What a nearly full disk does: part of the buffer lands, the call reports how much.
          const { bytesWritten } = await real.write(data.subarray(0, Math.floor(data.byteLength / 2)));
          return { bytesWritten };
        }
        return real.write(data);
      },
      async datasync() {
        calls.datasync++;
        if (faults.now === "datasync") {
          // The bytes reached the page cache and fsync then failed: they are in the file.
          throw errno("EIO");
        }
        return real.datasync();
      },
      async truncate(length) {
        calls.truncate++;
        if (faults.truncateFails) throw errno("EIO");
        return real.truncate(length);
      },
      stat: () => real.stat(),
      close: () => real.close(),
    };
    return handle;
  };
  return { faults, calls, openFile };
}

const journals: Journal[] = [];
afterEach(async () => {
  for (const journal of journals.splice(0)) await journal.close();
});

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), "journal-faults-"));
  const disk = faultyDisk();
  const journal = await Journal.open(dir, { openFile: disk.openFile });
  journals.push(journal);
  const lines = async () => {
    const text = await readFile(join(dir, "journal.ndjson"), "utf8");
    // Whole lines only: the file ends with a newline (or is empty) and every line parses.
    expect(text === "" || text.endsWith("\n"), JSON.stringify(text)).toBe(true);
    return text
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { op: string; id: string });
  };
  return { dir, journal, ...disk, lines };
}

describe.each([
  ["ENOSPC on write", "enospc", "no_space"],
  ["a short write", "short", "short_write"],
  ["EIO on write", "eio", "io"],
  ["a failed datasync", "datasync", "sync"],
] as const)("%s", (_name, fault, failure) => {
  test("the add rejects, the file keeps whole lines, and a retry of the id is journaled afresh", async () => {
    const { dir, journal, faults, lines } = await setup();
    await journal.add(write("a"), now);

    faults.now = fault;
    const refused = journal.add(write("b"), now);
    await expect(refused).rejects.toBeInstanceOf(DiskWriteError);
    await expect(refused).rejects.toMatchObject({ failure });
    expect(journal.get("b")).toBeUndefined();
    expect(journal.writeError).toMatchObject({ failure });
    expect(journal.pendingWrites().map((w) => w.id)).toEqual(["a"]);
    expect((await lines()).map((line) => line.id)).toEqual(["a"]);
    // Still failing: the retry is refused again, not answered "already accepted".
    await expect(journal.add(write("b"), now)).rejects.toBeInstanceOf(DiskWriteError);

    faults.now = undefined;
    const retried = await journal.add(write("b"), now);
    expect(retried.created).toBe(true);
    expect(journal.writeError).toBeNull();
    expect((await lines()).map((line) => line.id)).toEqual(["a", "b"]);
    await journal.close();
    const reopened = await Journal.open(dir);
    journals.push(reopened);
    expect(reopened.tornTail).toBeNull();
    expect(reopened.pendingWrites().map((w) => w.id)).toEqual(["a", "b"]);
  });

  test("a group commit that fails fails every waiter, and none of them stays in memory", async () => {
    const { journal, faults, lines } = await setup();
    await journal.add(write("a"), now);
    faults.now = fault;
    const ids = ["b", "c", "d", "e"];
    // Started together: they share one write and one fsync.
    const results = await Promise.allSettled(ids.map((id) => journal.add(write(id), now)));
    expect(results.map((result) => result.status)).toEqual(ids.map(() => "rejected"));
    for (const id of ids) expect(journal.get(id)).toBeUndefined();
    expect((await lines()).map((line) => line.id)).toEqual(["a"]);
    faults.now = undefined;
    for (const id of ids) expect((await journal.add(write(id), now)).created).toBe(true);
  });
});

test("a second add of an id while the first is being fsynced shares its fate", async () => {
  const { journal, faults } = await setup();
  faults.now = "datasync";
  const first = journal.add(write("a"), now);
  const second = journal.add(write("a"), now);
  expect(journal.get("a")?.state).toBe("journaling");
  await expect(first).rejects.toBeInstanceOf(DiskWriteError);
  await expect(second).rejects.toBeInstanceOf(DiskWriteError);
  expect(journal.get("a")).toBeUndefined();
  faults.now = undefined;
  const [again, retry] = await Promise.all([journal.add(write("a"), now), journal.add(write("a"), now)]);
  expect([again.created, retry.created]).toEqual([true, false]);
});

test("markDone that cannot be written leaves the writes pending, and succeeds later", async () => {
  const { journal, faults, lines } = await setup();
  await journal.add(write("a"), now);
  faults.now = "enospc";
  await expect(journal.markDone(["a"], now)).rejects.toBeInstanceOf(DiskWriteError);
  expect(journal.get("a")?.state).toBe("pending");
  faults.now = undefined;
  await journal.markDone(["a"], now);
  expect(journal.get("a")?.state).toBe("done");
  expect((await lines()).map((line) => line.op)).toEqual(["append", "done"]);
});

test("when cutting a failed append back fails too, the next append repairs the file first", async () => {
  const { journal, faults, calls, lines } = await setup();
  await journal.add(write("a"), now);
  faults.now = "short";
  faults.truncateFails = true;
  await expect(journal.add(write("b"), now)).rejects.toBeInstanceOf(DiskWriteError);
  // Half of b's line is still in the file: nothing may be appended after it.
  faults.now = undefined;
  await expect(journal.add(write("c"), now)).rejects.toMatchObject({ failure: "io" });
  const writesBefore = calls.write;
  faults.truncateFails = false;
  await journal.add(write("c"), now);
  expect(calls.write).toBe(writesBefore + 1);
  expect((await lines()).map((line) => line.id)).toEqual(["a", "c"]);
});
