import { rm } from "node:fs/promises";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, beforeEach, expect, test } from "vitest";
import { runCli, tempWorkspace, type Workspace } from "../support/sheets-sync.ts";

/** `sheets-sync backup FILE`: a consistent copy of the state database, as IT takes it each night. */

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(async () => {
  await rm(ws.dir, { recursive: true, force: true });
});

const tables = (path: string) => {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    return Object.fromEntries(
      names.map(({ name }) => [name, (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]),
    );
  } finally {
    db.close();
  }
};

test("backup copies every table of the state, rows included, and refuses to overwrite a file", async () => {
  const store = ["--workbook", ws.workbook, "--state-dir", ws.stateDir];
  expect((await runCli(["init", "--demo", ...store])).code).toBe(0);
  expect((await runCli(["token", "create", "--email", "giulia.bianchi@unione.esempio.it", ...store])).code).toBe(0);
  const copy = join(ws.dir, "copia.sqlite");
  const backup = await runCli(["backup", copy, ...store]);
  expect(backup.code).toBe(0);
  expect(backup.stderr).toContain(copy);
  const original = tables(join(ws.stateDir, "rete-urp.sqlite"));
  expect(Object.values(original).some((rows) => rows > 0)).toBe(true);
  expect(tables(copy)).toEqual(original);

  const again = await runCli(["backup", copy, ...store]);
  expect(again.code).toBe(2);
  expect(again.stderr).toMatch(/esiste già/);
});
