import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { cp, mkdir, mkdtemp, open, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { decodeBuonePrassi } from "@rete-urp/shared";
import { Journal, WorkbookStore, Writer } from "@rete-urp/sheets-sync";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { DATABASE_FILE, StateDatabase } from "../../sheets-sync/src/state/database.ts";
import { type ApiHarness, COORDINATOR, postJson, startApi } from "../api/api-harness.ts";
import { demoWorkspace, eventually, type RunningService, startService, type Workspace } from "../support/sheets-sync.ts";

/**
 * A journal that cannot commit never acknowledges: on a full disk (SQLITE_FULL) or an I/O error
 * a write is answered 503 with Retry-After and `journal_unavailable`, its retry is refused too
 * (nothing of it was kept), the state database reads back whole, and once space is back the
 * retry is 201. After a kill -9 every acknowledged write is in the workbook exactly once.
 *
 * The real full disk is a small tmpfs holding the state directory and its database (the workbook
 * stays elsewhere): mounting needs root, which npm test has in the private user and mount
 * namespace it runs this file in. Run directly by another user, only the in-process variant
 * runs: the database at a page limit (SQLite's own SQLITE_FULL) or a commit that fails on demand
 * (as in sheets-sync's journal-disk-faults tests).
 */

/** How many rows each id has in the workbook, read the way the service reads it. */
async function rowCounts(workbook: string): Promise<Map<string, number>> {
  const store = new WorkbookStore(workbook);
  const tabs = await store.readAll();
  await store.close();
  expect(decodeBuonePrassi(tabs["Buone prassi"]).problems).toEqual([]);
  const grid = tabs["Buone prassi"]!;
  const idColumn = (grid[0] as unknown[]).indexOf("ID");
  const counts = new Map<string, number>();
  for (const row of grid.slice(1)) {
    const id = String(row[idColumn] ?? "");
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** The ids in the journal table as committed, through a connection of its own; the database must read back whole. */
async function journalIds(stateDir: string): Promise<string[]> {
  const db = new DatabaseSync(join(stateDir, DATABASE_FILE), { readOnly: true });
  try {
    expect(db.prepare("PRAGMA quick_check").get()).toEqual({ quick_check: "ok" });
    return (db.prepare("SELECT id FROM journal ORDER BY seq").all() as { id: string }[]).map((row) => row.id);
  } finally {
    db.close();
  }
}

async function expectNotDurable(response: Response): Promise<void> {
  const body = (await response.json()) as { error?: { code?: string; message?: string } };
  expect(response.status, JSON.stringify(body).slice(0, 300)).toBe(503);
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(body.error?.code).toBe("journal_unavailable");
  expect(body.error?.message).toMatch(/non registrata/);
}

describe("in process, with a database that fails on demand", () => {
  let api: ApiHarness | undefined;
  let journal: Journal | undefined;
  let database: StateDatabase | undefined;
  afterEach(async () => {
    await journal?.close();
    await api?.close();
    database?.close();
    api = journal = database = undefined;
  });

  test.each([
    ["SQLITE_FULL from SQLite (the database at a page limit)", "page-limit"],
    ["SQLITE_FULL at the commit", "full"],
    ["SQLITE_IOERR at the commit", "io"],
  ] as const)("%s: 503 + Retry-After, the retry refused too, then 201 once the disk is back", async (_name, fault) => {
    api = await startApi();
    const { service } = api;
    let failing = false;
    // What node:sqlite throws: SQLITE_FULL is 13, SQLITE_IOERR 10.
    const beforeCommit = () => {
      if (!failing || fault === "page-limit") return;
      const [errcode, errstr] = fault === "full" ? [13, "database or disk is full"] : [10, "disk I/O error"];
      throw Object.assign(new Error(errstr), { code: "ERR_SQLITE_ERROR", errcode, errstr });
    };
    // The same service, on a journal whose commits can fail: routes read service.journal and
    // service.writer at each request.
    await service.writer.stop();
    await service.journal.close();
    journal = await Journal.open(api.stateDir, { beforeCommit, log: () => {} });
    service.journal = journal;
    service.writer = new Writer(service.store, journal, {
      clock: api.clock,
      onApplied: () => void service.cache.refresh().catch(() => {}),
    });
    // The journal's connection (one per process): its page limit is the full disk's stand-in.
    database = StateDatabase.openIn(api.stateDir);
    const setFailing = (on: boolean) => {
      failing = on;
      const { page_count } = database!.db.prepare("PRAGMA page_count").get() as { page_count: number };
      database!.db.exec(`PRAGMA max_page_count = ${on && fault === "page-limit" ? page_count : 1073741823}`);
    };
    const token = await api.tokenFor(COORDINATOR);
    const id = randomUUID();
    // Longer than a page: its row needs pages the full database has not.
    const excerpt = "Un estratto lungo. ".repeat(260);

    setFailing(true);
    await expectNotDurable(await api.call("/api/v1/practices", postJson({ id, title: "Sul disco pieno", excerpt }, token)));
    await expectNotDurable(await api.call("/api/v1/practices", postJson({ id, title: "Sul disco pieno", excerpt }, token)));
    expect(service.writer.pendingCount).toBe(0);
    expect(await journalIds(api.stateDir)).toEqual([]);

    setFailing(false);
    const created = await api.call("/api/v1/practices", postJson({ id, title: "Sul disco pieno", excerpt }, token));
    expect(created.status).toBe(201);
    expect((await rowCounts(api.workbook)).get(id)).toBe(1);
  });
});

const isRoot = process.getuid?.() === 0;

/** `size` KB of tmpfs on a fresh directory; a clear failure when this root cannot mount. */
function mountTmpfs(dir: string, sizeKb: number): void {
  const result = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${sizeKb}k,mode=0700`, "tmpfs", dir], { encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(
      `mount -t tmpfs failed (${(result.stderr || result.error?.message || "").trim()}): the full-disk test runs as root of its mount namespace, as npm test runs it (scripts/private-etc.mjs)`,
    );
  }
}

/** Fills the filesystem of `dir` to the last byte: ENOSPC from then on. */
async function fillDisk(dir: string): Promise<string> {
  const path = join(dir, "filler");
  const handle = await open(path, "w");
  const chunk = Buffer.alloc(4096, 0x78);
  try {
    for (;;) {
      const { bytesWritten } = await handle.write(chunk);
      if (bytesWritten < chunk.length) break;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  }
  // Byte by byte for the last partial page (tmpfs counts pages, but be exact anyway).
  try {
    for (;;) await handle.write(Buffer.from("x"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  } finally {
    await handle.close();
  }
  return path;
}

// Root of the private namespace npm test runs this file in (scripts/private-etc.mjs), or of the
// machine. Run directly by another user there is no tmpfs to mount: the in-process variant above
// is the test then, and npm test runs this one.
if (isRoot) {
  /**
   * Room for the database, its WAL and its shared-memory index (32 KB from the start), and no
   * more: a commit appends to the WAL, and on a full disk that append fails with SQLITE_FULL.
   */
  const TMPFS_KB = 1024;

  describe("a real full disk: the state directory and its database on a small tmpfs, through the service binary", () => {
    let mountPoint: string | undefined;
    let ws: (Workspace & { token: string }) | undefined;
    let service: RunningService | undefined;
    afterAll(async () => {
      await service?.kill();
      if (mountPoint) {
        const result = spawnSync("umount", [mountPoint], { encoding: "utf8" });
        if (result.status !== 0) spawnSync("umount", ["-l", mountPoint]);
        await rm(mountPoint, { recursive: true, force: true });
      }
      if (ws) await rm(ws.dir, { recursive: true, force: true });
    });

    test("503 + Retry-After while full, 201 once freed, and after kill -9 every acknowledged write is in the workbook once", async () => {
      ws = await demoWorkspace();
      mountPoint = await mkdtemp(join(tmpdir(), "full-disk-"));
      mountTmpfs(mountPoint, TMPFS_KB);
      const stateDir = join(mountPoint, "state");
      await mkdir(stateDir);
      await cp(ws.stateDir, stateDir, { recursive: true });
      service = await startService({ workbook: ws.workbook, stateDir });

      const acked = new Set<string>();
      /** Ids never acknowledged: only ever answered 503. */
      const refused = new Set<string>();
      const post = async (id: string, excerpt = "") => {
        const response = await fetch(`${service!.url}/api/v1/practices`, {
          method: "POST",
          headers: { authorization: `Bearer ${ws!.token}`, "content-type": "application/json" },
          body: JSON.stringify({ id, title: `Prassi ${id.slice(0, 8)}`, excerpt, tags: ["disco-pieno"] }),
        });
        if ([200, 201, 202].includes(response.status)) {
          acked.add(id);
          refused.delete(id);
        } else if (response.status === 503 && !acked.has(id)) {
          refused.add(id);
        }
        return response;
      };
      /** New ids, five at a time (each 202 waits 3 s), until one is refused: the WAL's last block may have room for a few. */
      const postUntilRefused = async () => {
        const accepted: number[] = [];
        for (let round = 0; round < 20; round++) {
          const responses = await Promise.all(Array.from({ length: 5 }, () => post(randomUUID())));
          const refusedOne = responses.find((response) => response.status === 503);
          for (const response of responses) if (response !== refusedOne) accepted.push(response.status);
          if (refusedOne) return { accepted, response: refusedOne };
        }
        throw new Error("100 writes accepted on a full disk");
      };

      // 1. Space left: written and applied.
      const first = await post(randomUUID());
      expect(first.status).toBe(201);

      // 2. Full: refused with 503, the retry refused too, the database whole. Its row (a long
      //    excerpt, ~10 KB) needs WAL frames beyond what is left of the WAL's last block, so it
      //    is the first answer, and the store is never written while the disk is full.
      const long = "Un estratto lungo. ".repeat(260);
      let filler = await fillDisk(mountPoint);
      const id = randomUUID();
      await expectNotDurable(await post(id, long));
      await expectNotDurable(await post(id, long));
      expect(await journalIds(stateDir)).not.toContain(id);

      // 3. Space back: the retry is created.
      await unlink(filler);
      const retried = await post(id, long);
      expect(retried.status, (await retried.clone().text()).slice(0, 300)).toBe(201);

      // 4. Workbook open in LibreOffice: writes wait in the journal (202), the disk fills up
      //    again; small commits may still fit in the WAL's last block until one does not
      //    (SQLITE_FULL, rolled back); then a crash with acknowledged writes only in the journal.
      const lock = join(dirname(ws.workbook), `.~lock.${basename(ws.workbook)}#`);
      await writeFile(lock, "Giulia Bianchi,coordinatore,pc-urp,23.11.2026 10:00,file:///home/\n");
      const waiting = await Promise.all(Array.from({ length: 8 }, () => post(randomUUID())));
      expect(waiting.map((response) => response.status)).toEqual(waiting.map(() => 202));
      filler = await fillDisk(mountPoint);
      const whileFull = await postUntilRefused();
      await expectNotDurable(whileFull.response);
      // Accepted while full (in the WAL's room) or refused: never anything else.
      expect(
        whileFull.accepted.every((status) => status === 202 || status === 503),
        String(whileFull.accepted),
      ).toBe(true);
      await journalIds(stateDir);
      await service.kill();

      await unlink(filler);
      await unlink(lock);
      await service.restart();
      await eventually(
        async () => (await (await fetch(`${service!.url}/api/v1/health`)).json()).pendingWrites === 0,
        60_000,
        "the journal replayed",
      );
      const counts = await rowCounts(ws.workbook);
      const wrong = [...acked].filter((ackedId) => counts.get(ackedId) !== 1).map((ackedId) => `${ackedId}: ${counts.get(ackedId) ?? 0}`);
      expect(wrong, "acknowledged writes missing or doubled").toEqual([]);
      // Refused writes left nothing behind to be replayed.
      expect([...refused].filter((refusedId) => counts.has(refusedId))).toEqual([]);
      expect(acked.size).toBeGreaterThanOrEqual(10);
    });
  });
}
