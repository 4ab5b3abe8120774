import { copyFile, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SnapshotSchema } from "@rete-urp/shared";
import { WorkbookStore } from "@rete-urp/sheets-sync";
import { afterEach, expect, test } from "vitest";
import { postPractice, practiceRows } from "../support/practice-rows.ts";
import { demoWorkspace, eventually, type RunningService, startService, type Workspace } from "../support/sheets-sync.ts";
import { setCellByHeader } from "../support/workbook-files.ts";

/**
 * An action marked done is not reopened by a stale copy saved over the workbook. A referent marks
 * it done (200: Stato, Fatta da and Data written into the coordinator's row in place), and a copy
 * of the file taken before is copied back: the running service notices, writes the three cells
 * back by itself and says so in health; what the person changed in their copy stays.
 */

let ws: (Workspace & { token: string }) | undefined;
let service: RunningService | undefined;
afterEach(async () => {
  await service?.stop();
  if (ws) await rm(ws.dir, { recursive: true, force: true, maxRetries: 5 });
  service = undefined;
  ws = undefined;
});

const LUGO = "sara.folli@lugo.esempio.it";
const TEXT = "Aggiornare la pagina URP con il nuovo modulo di segnalazione";

/** The action's [Stato, Fatta da] in the file, as the service reads it. */
async function actionInFile(workbook: string): Promise<[unknown, unknown][]> {
  const store = new WorkbookStore(workbook);
  const grid = (await store.readAll()).Azioni ?? [];
  await store.close();
  const headers = (grid[0] ?? []).map((cell) => String(cell ?? ""));
  return grid
    .slice(1)
    .filter((row) => row[headers.indexOf("Azione")] === TEXT)
    .map((row) => [row[headers.indexOf("Stato")] ?? null, row[headers.indexOf("Fatta da")] ?? null]);
}

test("a copy taken before Fatto, copied back over the file: the service puts Fatta back, and the copy's other edit stays", async () => {
  ws = await demoWorkspace(LUGO);
  service = await startService({ workbook: ws.workbook, stateDir: ws.stateDir });
  const auth = { authorization: `Bearer ${ws.token}` };
  const action = await eventually(async () => {
    const response = await fetch(`${service!.url}/api/v1/snapshot`, { headers: auth });
    return response.status === 200 && SnapshotSchema.parse(await response.json()).actions.find((a) => a.text === TEXT);
  });
  // A write of the service's own first, so the copy taken next is a version it knows.
  const practice = await postPractice(service, ws.token, undefined, "Scritta prima della copia");
  expect([201, 202]).toContain(practice.status);
  await eventually(async () => (await practiceRows(ws!.workbook)).counts.get(practice.id) === 1, 15_000, "the practice in the file");

  const copy = join(ws.dir, "copia.xlsx");
  await copyFile(ws.workbook, copy);
  const done = await fetch(`${service.url}/api/v1/actions/${action.id}/done`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: "{}",
  });
  expect(done.status).toBe(200);
  expect(await actionInFile(ws.workbook)).toEqual([["Fatta", "Sara Folli (Lugo)"]]);

  await setCellByHeader(copy, "Buone prassi", { header: "ID", value: practice.id }, "Descrizione", "Corretta sulla copia");
  await writeFile(ws.workbook, await readFile(copy));

  await eventually(
    async () => JSON.stringify(await actionInFile(ws!.workbook)) === JSON.stringify([["Fatta", "Sara Folli (Lugo)"]]),
    30_000,
    "Fatta back in the file",
  );
  expect((await practiceRows(ws.workbook)).cell(practice.id, "Descrizione")).toBe("Corretta sulla copia");
  const health = (await (await fetch(`${service.url}/api/v1/health`, { headers: auth })).json()) as {
    reconciliation?: { count: number; last: { restored: { tab: string; cells?: string[] }[] } | null };
  };
  expect(health.reconciliation?.count).toBe(1);
  expect(health.reconciliation?.last?.restored).toContainEqual(
    expect.objectContaining({ tab: "Azioni", cells: expect.arrayContaining(["Stato", "Fatta da", "Data"]) }),
  );
});
