import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { cp, mkdir, mkdtemp, open, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { decodeBuonePrassi } from "@rete-urp/shared";
import { Journal, WorkbookStore, Writer } from "@rete-urp/sheets-sync";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import type { AppendHandle, OpenAppendFile } from "../../sheets-sync/src/append-only-file.ts";
import { type ApiHarness, COORDINATOR, postJson, startApi } from "../api/api-harness.ts";
import { demoWorkspace, eventually, type RunningService, startService, type Workspace } from "../support/sheets-sync.ts";

/**
 * A journal that cannot write never acknowledges: on a full disk (ENOSPC, a short write) or a
 * failed fsync a write is answered 503 with Retry-After and `journal_unavailable`, its retry is
 * refused too (nothing of it was kept), the journal keeps whole lines only, and once space is
 * back the retry is 201. After a kill -9 every acknowledged write is in the workbook exactly once.
 *
 * The real full disk is a 64 KB tmpfs holding the state directory (the workbook stays elsewhere):
 * mounting needs root, which CI has. Without root only the in-process variant runs, with a
 * journal file handle that fails on demand (as in sheets-sync's journal-disk-faults tests).
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

/** The journal's lines, checking that it holds whole lines only. */
async function journalIds(stateDir: string): Promise<string[]> {
  const text = await readFile(join(stateDir, "journal.ndjson"), "utf8");
  expect(text === "" || text.endsWith("\n"), `the journal ends mid-line: ${JSON.stringify(text.slice(-80))}`).toBe(true);
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { op: string; id: string }).id);
}

async function expectNotDurable(response: Response): Promise<void> {
  const body = (await response.json()) as { error?: { code?: string; message?: string } };
  expect(response.status, JSON.stringify(body).slice(0, 300)).toBe(503);
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(body.error?.code).toBe("journal_unavailable");
  expect(body.error?.message).toMatch(/non registrata/);
}

describe("in process, with a journal handle that fails on demand", () => {
  let api: ApiHarness | undefined;
  let journal: Journal | undefined;
  afterEach(async () => {
    await journal?.close();
    await api?.close();
    api = journal = undefined;
  });

  test.each([
    ["ENOSPC", "enospc"],
    ["a short write", "short"],
    ["a failed fsync", "datasync"],
  ] as const)("%s: 503 + Retry-After, the retry refused too, then 201 once the disk is back", async (_name, fault) => {
    api = await startApi();
    const { service } = api;
    let failing = false;
    const openFile: OpenAppendFile = async (path) => {
      const real = await open(path, "a");
      if (!path.endsWith("journal.ndjson")) return real;
      const handle: AppendHandle = {
        async write(data) {
          if (failing && fault === "enospc") throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
          if (failing && fault === "short") return { bytesWritten: (await real.write(data.subarray(0, 10))).bytesWritten };
          return real.write(data);
        },
        async datasync() {
          if (failing && fault === "datasync") throw Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" });
          return real.datasync();
        },
        truncate: (length) => real.truncate(length),
        stat: () => real.stat(),
        close: () => real.close(),
      };
      return handle;
    };
    // The same service, on a journal whose file handle can fail: routes read service.journal
    // and service.writer at each request.
    await service.writer.stop();
    await service.journal.close();
    journal = await Journal.open(api.stateDir, { openFile, log: () => {} });
    service.journal = journal;
    service.writer = new Writer(service.store, journal, {
      clock: api.clock,
      onApplied: () => void service.cache.refresh().catch(() => {}),
    });
    const token = await api.tokenFor(COORDINATOR);
    const id = randomUUID();

    failing = true;
    await expectNotDurable(await api.call("/api/v1/practices", postJson({ id, title: "Sul disco pieno" }, token)));
    await expectNotDurable(await api.call("/api/v1/practices", postJson({ id, title: "Sul disco pieno" }, token)));
    expect(service.writer.pendingCount).toBe(0);
    expect(await journalIds(api.stateDir)).toEqual([]);

    failing = false;
    const created = await api.call("/api/v1/practices", postJson({ id, title: "Sul disco pieno" }, token));
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
      `mount -t tmpfs failed (${(result.stderr || result.error?.message || "").trim()}): the full-disk test runs as root with the right to mount (CAP_SYS_ADMIN), as CI does`,
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

// Without root there is no tmpfs to fill: the in-process variant above is the test then.
if (isRoot) {
  describe("a real full disk: the state directory on a 64 KB tmpfs, through the service binary", () => {
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
      mountTmpfs(mountPoint, 64);
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
      /** New ids, five at a time (each 202 waits 3 s), until one is refused: the last page of the journal may have room for a few. */
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

      // 2. Full: refused with 503, the retry refused too, the journal whole lines only. Its
      //    line (a long excerpt, ~10 KB) cannot fit in what is left of the journal's last page,
      //    so it is the first answer, and the store is never written while the disk is full.
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
      //    again; short lines go on fitting in the journal's last page until one does not (a
      //    real short write, cut back); then a crash with acknowledged writes only in the journal.
      const lock = join(dirname(ws.workbook), `.~lock.${basename(ws.workbook)}#`);
      await writeFile(lock, "Giulia Bianchi,coordinatore,pc-urp,23.11.2026 10:00,file:///home/\n");
      const waiting = await Promise.all(Array.from({ length: 8 }, () => post(randomUUID())));
      expect(waiting.map((response) => response.status)).toEqual(waiting.map(() => 202));
      filler = await fillDisk(mountPoint);
      const whileFull = await postUntilRefused();
      await expectNotDurable(whileFull.response);
      // Accepted while full (in the last page's room) or refused: never anything else.
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
