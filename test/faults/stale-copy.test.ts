import { copyFile, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { notExactlyOnce, postPractice, practiceRows } from "../support/practice-rows.ts";
import { demoWorkspace, eventually, type RunningService, startService, type Workspace } from "../support/sheets-sync.ts";
import { setCellByHeader } from "../support/workbook-files.ts";

/**
 * Issue 10.4 against the real service: a stale copy of the workbook saved over it (a person who
 * copied the file aside and copies it back, an office suite on a share without lock files) lost
 * the rows delivered after the copy was taken, silently. Now the service notices the file is not
 * its own last save and writes the missing rows again, once, keeping the person's edit.
 */

let ws: (Workspace & { token: string }) | undefined;
let service: RunningService | undefined;
afterEach(async () => {
  await service?.stop();
  if (ws) await rm(ws.dir, { recursive: true, force: true });
  service = undefined;
  ws = undefined;
});

test("a stale copy with one edited cell saved over the workbook: every acknowledged practice comes back once, the edit stays", async () => {
  ws = await demoWorkspace();
  service = await startService({ workbook: ws.workbook, stateDir: ws.stateDir });
  const acknowledged: string[] = [];
  const add = async (title: string) => {
    const { id, status } = await postPractice(service!, ws!.token, undefined, title);
    expect(status).toBe(201);
    acknowledged.push(id);
    return id;
  };

  const first = await add("Prima della copia");
  await add("Anche questa prima della copia");
  const aside = join(ws.dir, "copia.xlsx");
  await copyFile(ws.workbook, aside);
  const lost = [await add("Dopo la copia 1"), await add("Dopo la copia 2"), await add("Dopo la copia 3")];

  // The person edits their copy and puts it back over the shared file.
  await setCellByHeader(aside, "Buone prassi", { header: "ID", value: first }, "Descrizione", "Corretta a mano sulla copia");
  await writeFile(ws.workbook, await readFile(aside));

  const rows = await eventually(
    async () => {
      const found = await practiceRows(ws!.workbook);
      return Object.keys(notExactlyOnce(found.counts, acknowledged)).length === 0 && found;
    },
    15_000,
    "every acknowledged practice back in the workbook",
  );
  expect(rows.cell(first, "Descrizione")).toBe("Corretta a mano sulla copia");

  // Health (with a token) says what happened.
  const health = (await (await fetch(`${service.url}/api/v1/health`, { headers: { authorization: `Bearer ${ws.token}` } })).json()) as {
    reconciliation?: { count: number; restoredRows: number; last: { at: string; restored: { id: string; title?: string }[] } | null };
  };
  expect(health.reconciliation?.count).toBe(1);
  expect(health.reconciliation?.last?.restored.map((row) => row.id).sort()).toEqual([...lost].sort());
  expect(health.reconciliation?.last?.restored.map((row) => row.title).sort()).toEqual([
    "Dopo la copia 1",
    "Dopo la copia 2",
    "Dopo la copia 3",
  ]);

  // A client retrying a UUID the stale copy had dropped gets its row, which is really there.
  const retry = await postPractice(service, ws.token, lost[0], "Dopo la copia 1");
  expect(retry.status).toBe(200);
  expect(retry.body?.id).toBe(lost[0]);
  const after = await practiceRows(ws.workbook);
  expect(notExactlyOnce(after.counts, acknowledged)).toEqual({});

  // Later writes go on as usual, and nothing is doubled by them.
  acknowledged.push(await add("Dopo la riconciliazione"));
  expect(notExactlyOnce((await practiceRows(ws.workbook)).counts, acknowledged)).toEqual({});
});
