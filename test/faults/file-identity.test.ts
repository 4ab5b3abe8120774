import { randomUUID } from "node:crypto";
import { chmod, chown, lstat, mkdir, readdir, readFile, rename, stat, symlink, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { mapHeaders, plainDateToSerial, tabSpec } from "@rete-urp/shared";
import { WorkbookStore } from "@rete-urp/sheets-sync";
import { describe, expect, test } from "vitest";
import { demoWorkspace, eventually, liveDemoEachTest, startService } from "../support/sheets-sync.ts";

/**
 * Issue 10.7: replacing the workbook keeps it the same file for the people and programs that
 * use it: its mode, owner and group; a symlink stays a symlink and its target gets the rows;
 * no temp file is left behind, after a failure or by a crash (removed at start).
 */

const live = liveDemoEachTest();

const isRoot = process.getuid?.() === 0;

async function post(title: string): Promise<{ status: number; id: string }> {
  const id = randomUUID();
  const response = await fetch(`${live.service!.url}/api/v1/practices`, {
    method: "POST",
    headers: { authorization: `Bearer ${live.ws!.token}`, "content-type": "application/json" },
    body: JSON.stringify({ id, title }),
  });
  await response.arrayBuffer();
  return { status: response.status, id };
}

async function practiceIds(workbook: string): Promise<string[]> {
  const store = new WorkbookStore(workbook);
  try {
    const grid = (await store.readAll())["Buone prassi"] ?? [];
    const idColumn = mapHeaders(tabSpec("Buone prassi"), grid[0] ?? []).indexOf.get("id")!;
    return grid.slice(1).map((row) => String(row[idColumn] ?? ""));
  } finally {
    await store.close();
  }
}

const tempFiles = async (dir: string) => (await readdir(dir)).filter((name) => name.endsWith(".tmp"));

describe("the service's writes keep the workbook the same file", () => {
  test("mode 0664 stays 0664 (and owner and group stay, when the service may keep them)", async () => {
    live.ws = await demoWorkspace();
    await chmod(live.ws.workbook, 0o664);
    if (isRoot) await chown(live.ws.workbook, 1234, 2345);
    live.service = await startService({ workbook: live.ws.workbook, stateDir: live.ws.stateDir });
    const { status, id } = await post("Con i permessi del gruppo");
    expect(status).toBe(201);
    expect(await practiceIds(live.ws.workbook)).toContain(id);
    const info = await stat(live.ws.workbook);
    expect(info.mode & 0o7777).toBe(0o664);
    if (isRoot) expect([info.uid, info.gid]).toEqual([1234, 2345]);
  }, 120_000);

  test("a symlinked workbook stays a symlink, its target receives the rows, and lock files beside either stop the writes", async () => {
    live.ws = await demoWorkspace();
    const shared = join(live.ws.dir, "condivisa");
    await mkdir(shared);
    const target = join(shared, "rete-urp.xlsx");
    await rename(live.ws.workbook, target);
    const link = join(live.ws.dir, "foglio.xlsx");
    await symlink(target, link);
    live.service = await startService({ workbook: link, stateDir: live.ws.stateDir });

    const first = await post("Attraverso il collegamento");
    expect(first.status).toBe(201);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await practiceIds(target)).toContain(first.id);
    expect(await tempFiles(shared)).toEqual([]);
    expect(await tempFiles(live.ws.dir)).toEqual([]);

    // Excel opened the target by its own name, then LibreOffice opened the link's name.
    for (const lock of [join(shared, "~$rete-urp.xlsx"), join(live.ws.dir, ".~lock.foglio.xlsx#")]) {
      await writeFile(lock, "Giulia Bianchi");
      const waiting = await post(`Mentre ${basename(lock)} esiste`);
      expect(waiting.status, basename(lock)).toBe(202);
      expect(await practiceIds(target)).not.toContain(waiting.id);
      await unlink(lock);
      await eventually(async () => (await practiceIds(target)).includes(waiting.id), 20_000, `the row after ${basename(lock)}`);
    }
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
  }, 180_000);
});

describe("temp files", () => {
  test("a crash's temp files are removed when the service starts; other files are left alone", async () => {
    live.ws = await demoWorkspace();
    const dir = dirname(live.ws.workbook);
    const stale = [`.rete-urp.xlsx.4242.1700000000000.tmp`, `.rete-urp.xlsx.4243.9f8e7d6c5b4a.tmp`];
    for (const name of stale) await writeFile(join(dir, name), "mezzo file");
    await writeFile(join(dir, "appunti.tmp"), "della coordinatrice");
    live.service = await startService({ workbook: live.ws.workbook, stateDir: live.ws.stateDir });
    expect(await tempFiles(dir)).toEqual(["appunti.tmp"]);
  }, 120_000);

  test("a failure between the temp write and the rename leaves the workbook as it was and no temp file", async () => {
    live.ws = await demoWorkspace();
    const before = await readFile(live.ws.workbook);
    const store = new WorkbookStore(live.ws.workbook, {
      beforeReplace: async () => {
        throw Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
      },
    });
    const row = { id: randomUUID(), date: plainDateToSerial({ year: 2027, month: 1, day: 19 }), title: "Mai scritta" };
    await expect(store.append("Buone prassi", [row])).rejects.toThrow("ENOSPC");
    await store.close();
    expect((await readFile(live.ws.workbook)).equals(before)).toBe(true);
    expect(await tempFiles(dirname(live.ws.workbook))).toEqual([]);
  });
});
