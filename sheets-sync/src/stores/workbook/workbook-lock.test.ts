import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mapHeaders, tabSpec } from "@rete-urp/shared";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { withWorkbookLock, workbookLockPath } from "./workbook-lock.ts";
import { WorkbookStore } from "./workbook-store.ts";

let dir: string;
let workbook: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "workbook-lock-"));
  workbook = join(dir, "rete-urp.xlsx");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("withWorkbookLock", () => {
  test("holders never overlap, and each waits its turn", async () => {
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        withWorkbookLock(workbook, async () => {
          most = Math.max(most, ++inside);
          await sleep(20);
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
  });

  test("a lock left by a process that died is taken over once stale", async () => {
    await mkdir(workbookLockPath(workbook));
    const old = new Date(Date.now() - 60_000);
    await utimes(workbookLockPath(workbook), old, old);
    expect(await withWorkbookLock(workbook, async () => "preso")).toBe("preso");
  });

  test("a busy lock past the wait: retryable workbook_busy; a folder that does not exist fails at once", async () => {
    await mkdir(workbookLockPath(workbook));
    await expect(withWorkbookLock(workbook, async () => {}, { waitMs: 200 })).rejects.toMatchObject({
      code: "workbook_busy",
      retryable: true,
    });
    const started = Date.now();
    await expect(withWorkbookLock(join(dir, "manca", "x.xlsx"), async () => {})).rejects.toMatchObject({ code: "workbook_unwritable" });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

test("two stores on one workbook (as the service and the CLI) appending at once lose no row", async () => {
  const service = new WorkbookStore(workbook);
  await service.init();
  const cli = new WorkbookStore(workbook);
  const ids = Array.from({ length: 24 }, () => randomUUID());
  await Promise.all(ids.map((id, i) => (i % 2 === 0 ? service : cli).append("Buone prassi", [{ id, date: 46406, title: `Riga ${i}` }])));
  const grid = (await new WorkbookStore(workbook).readAll())["Buone prassi"]!;
  const idColumn = mapHeaders(tabSpec("Buone prassi"), grid[0] ?? []).indexOf.get("id")!;
  expect(
    grid
      .slice(1)
      .map((row) => row[idColumn])
      .sort(),
  ).toEqual([...ids].sort());
  await Promise.all([service.close(), cli.close()]);
});
