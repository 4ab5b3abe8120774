import { randomUUID } from "node:crypto";
import { readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { mapHeaders, plainDateToSerial, type TabName, tabSpec } from "@rete-urp/shared";
import { type RawTabs, StoreError, WorkbookStore } from "@rete-urp/sheets-sync";
import { describe, expect, test } from "vitest";
import { demoWorkspace, eventually, liveDemoEachTest, startService } from "../support/sheets-sync.ts";

/**
 * Issue 10.2 and 10.3: an office suite holding the workbook. Its lock files (LibreOffice's and
 * Microsoft Office's owner file) stop every write, the write waits in the journal and health
 * says why; the lock is checked again at the last moment before the file is replaced, and a row
 * is never called delivered on the strength of a read taken while a lock existed.
 */

const live = liveDemoEachTest();

const LOCK_CONTENT = "Giulia Bianchi,coordinatore,pc-urp,23.11.2026 10:00,file:///home/giulia/.config/libreoffice/4;";
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function idsIn(tabs: RawTabs, tab: TabName): string[] {
  const grid = tabs[tab] ?? [];
  const idColumn = mapHeaders(tabSpec(tab), grid[0] ?? []).indexOf.get("id")!;
  return grid.slice(1).map((row) => String(row[idColumn] ?? ""));
}

async function practiceIds(workbook: string): Promise<string[]> {
  const store = new WorkbookStore(workbook);
  try {
    return idsIn(await store.readAll(), "Buone prassi");
  } finally {
    await store.close();
  }
}

describe("the service waits while an office suite has the workbook open", () => {
  test("LibreOffice's lock and Excel's owner file (long name, Word's short form, other case): 202, health says why, the row lands once when closed", async () => {
    live.ws = await demoWorkspace();
    live.service = await startService({ workbook: live.ws.workbook, stateDir: live.ws.stateDir });
    const name = basename(live.ws.workbook); // rete-urp.xlsx: 8 characters before the extension
    const locks = [`.~lock.${name}#`, `~$${name}`, `~$${name.slice(2)}`, `~$${name.toUpperCase()}`];
    for (const lockName of locks) {
      const lock = join(dirname(live.ws.workbook), lockName);
      await writeFile(lock, LOCK_CONTENT);
      const id = randomUUID();
      const answer = await fetch(`${live.service.url}/api/v1/practices`, {
        method: "POST",
        headers: { authorization: `Bearer ${live.ws.token}`, "content-type": "application/json" },
        body: JSON.stringify({ id, title: `Durante ${lockName}` }),
      });
      expect(answer.status, lockName).toBe(202);
      const health = await eventually(
        async () => {
          const body = await (
            await fetch(`${live.service!.url}/api/v1/health`, { headers: { authorization: `Bearer ${live.ws!.token}` } })
          ).json();
          return body.writeError ? body : undefined;
        },
        10_000,
        `health naming ${lockName}`,
      );
      expect(health).toMatchObject({ status: "degraded", pendingWrites: 1 });
      expect(health.writeError).toContain(lockName);
      expect(health.writeError).toContain(lockName.startsWith("~$") ? "Microsoft Office" : "LibreOffice");
      expect(await practiceIds(live.ws.workbook)).not.toContain(id);

      await unlink(lock);
      await eventually(async () => (await practiceIds(live.ws!.workbook)).includes(id), 20_000, `the row after ${lockName}`);
      expect((await practiceIds(live.ws.workbook)).filter((x) => x === id)).toHaveLength(1);
      await eventually(
        async () => (await (await fetch(`${live.service!.url}/api/v1/health`)).json()).pendingWrites === 0,
        10_000,
        "nothing pending",
      );
    }
  }, 180_000);
});

describe("the lock is checked again just before the file is replaced", () => {
  test("an owner file that appears between the temp write and the rename: retryable error, file untouched, no temp file; the write lands after", async () => {
    live.ws = await demoWorkspace();
    const lock = join(dirname(live.ws.workbook), `~$${basename(live.ws.workbook)}`);
    let openNow = true;
    const store = new WorkbookStore(live.ws.workbook, {
      beforeReplace: async () => {
        // Excel opens the file at the worst moment: the new content is in the temp file.
        if (openNow) await writeFile(lock, LOCK_CONTENT);
      },
    });
    const before = await readFile(live.ws.workbook);
    const id = randomUUID();
    const row = { id, date: plainDateToSerial({ year: 2027, month: 1, day: 19 }), title: "Aperto a metà scrittura" };
    const failure = await store.append("Buone prassi", [row]).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StoreError);
    expect(failure).toMatchObject({ code: "workbook_locked", retryable: true });
    expect((await readFile(live.ws.workbook)).equals(before)).toBe(true);
    expect((await readdir(dirname(live.ws.workbook))).filter((entry) => entry.endsWith(".tmp"))).toEqual([]);
    await expect(store.readForWrite("Buone prassi")).rejects.toMatchObject({ code: "workbook_locked" });

    openNow = false;
    await unlink(lock);
    await store.append("Buone prassi", [row]);
    expect((await practiceIds(live.ws.workbook)).filter((x) => x === id)).toHaveLength(1);
    await store.close();
  });
});

/**
 * Moments of the writer the person's cycles wait for: so that every cycle sees a write refused
 * while the file is open and one done once it is closed, whatever the machine's speed.
 */
class WriterMoments {
  private waiting: { refused: (() => void)[]; done: (() => void)[] } = { refused: [], done: [] };
  refused(): void {
    for (const resolve of this.waiting.refused.splice(0)) resolve();
  }
  done(): void {
    for (const resolve of this.waiting.done.splice(0)) resolve();
  }
  next(moment: "refused" | "done"): Promise<void> {
    return new Promise((resolve) => this.waiting[moment].push(resolve));
  }
}

/**
 * Pauses of a person's session, from a fixed seed (mulberry32), so that a failure replays with
 * the same interleaving: the seed is in the test's name.
 */
function seededPauses(seed: number): (min: number, spread: number) => Promise<void> {
  let state = seed >>> 0;
  return (min, spread) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return sleep(min + unit * spread);
  };
}

const SEED = 20261207;

/**
 * A person opens the workbook, the suite copies it, the person works a while, saves the copy
 * back and closes: again and again, while rows are being added. Whatever the store reported
 * as done must be in the final file. Each cycle waits for a write refused while the file is
 * open (so the save-back races a writer that is trying) and for one done once it is closed.
 */
async function officeCycles(workbook: string, cycles: number, writer: WriterMoments): Promise<void> {
  const dir = dirname(workbook);
  const name = basename(workbook);
  const pause = seededPauses(SEED);
  for (let cycle = 0; cycle < cycles; cycle++) {
    const lock = join(dir, cycle % 2 === 0 ? `.~lock.${name}#` : `~$${name}`);
    await writeFile(lock, LOCK_CONTENT);
    const copy = await readFile(workbook);
    await writer.next("refused");
    await pause(0, 30);
    // Saved the way suites save: a new file renamed over the old one.
    await writeFile(join(dir, `${name}.salvataggio`), copy);
    await rename(join(dir, `${name}.salvataggio`), workbook);
    await unlink(lock);
    await writer.next("done");
    // Closed for a while (sometimes shorter than a write, sometimes longer), then opened again.
    await pause(0, 60);
  }
}

describe(`a simulated open/save cycle while rows are added (seed ${SEED})`, () => {
  test("every append the store reported as done is in the final file", async () => {
    live.ws = await demoWorkspace();
    const store = new WorkbookStore(live.ws.workbook);
    const done: string[] = [];
    const writer = new WriterMoments();
    let finished = false;
    const person = officeCycles(live.ws.workbook, 30, writer).finally(() => {
      finished = true;
    });
    const date = plainDateToSerial({ year: 2027, month: 1, day: 19 });
    while (!finished) {
      const id = randomUUID();
      try {
        await store.append("Buone prassi", [{ id, date, title: `Riga ${done.length}` }]);
        done.push(id);
        writer.done();
      } catch (error) {
        if (!(error instanceof StoreError) || error.code !== "workbook_locked") throw error;
        writer.refused();
        await sleep(2); // as the writer backs off
      }
    }
    await person;
    await store.close();
    const final = await practiceIds(live.ws.workbook);
    expect(done.length).toBeGreaterThanOrEqual(30);
    expect(done.filter((id) => !final.includes(id))).toEqual([]);
  });

  test("a journal-like writer (read, append what is missing, mark done) delivers every row exactly once", async () => {
    live.ws = await demoWorkspace();
    const store = new WorkbookStore(live.ws.workbook);
    const pending = new Map<string, { id: string; date: number; title: string }>();
    const delivered = new Set<string>();
    const writer = new WriterMoments();
    let finished = false;
    const person = officeCycles(live.ws.workbook, 30, writer).finally(() => {
      finished = true;
    });
    const date = plainDateToSerial({ year: 2027, month: 1, day: 19 });
    // As the service's writer does: the rows the read shows are done, the missing ones appended.
    const drain = async () => {
      const present = new Set(idsIn({ "Buone prassi": await store.readForWrite("Buone prassi") }, "Buone prassi"));
      const missing = [...pending.values()].filter((row) => !present.has(row.id));
      await store.append("Buone prassi", missing);
      for (const id of pending.keys()) delivered.add(id);
      pending.clear();
    };
    while (!finished || pending.size > 0) {
      if (!finished)
        for (let i = 0; i < 3; i++) {
          const id = randomUUID();
          pending.set(id, { id, date, title: `Riga ${pending.size + delivered.size}` });
        }
      try {
        await drain();
        writer.done();
      } catch (error) {
        if (!(error instanceof StoreError) || error.code !== "workbook_locked") throw error;
        writer.refused();
        await sleep(5);
      }
    }
    await person;
    await store.close();
    const final = await practiceIds(live.ws.workbook);
    const counts = [...delivered].map((id) => final.filter((x) => x === id).length);
    expect(delivered.size).toBeGreaterThanOrEqual(90);
    expect(counts.filter((count) => count !== 1)).toEqual([]);
  });
});
