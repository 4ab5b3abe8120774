import { randomUUID } from "node:crypto";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { HealthSchema } from "@rete-urp/shared";
import { afterEach, expect, test } from "vitest";
import * as z from "zod/mini";
import { demoWorkspace, eventually, type RunningService, startService, type Workspace } from "../support/sheets-sync.ts";

/**
 * Health tells whoever watches the service what the journal could not do: entries that can
 * never apply (dead letters) and a write torn by a crash. Counts for anyone, details with a token.
 * The journal here is an earlier version's `journal.ndjson`, imported into the state database
 * at the first start: its torn tail is what health reports.
 */

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function serve(ws: Workspace): Promise<RunningService> {
  const service = await startService({ workbook: ws.workbook, stateDir: ws.stateDir });
  cleanups.unshift(() => service.stop());
  return service;
}

test("a journal entry for a tab that does not exist is a dead letter, and a torn tail is reported: degraded, with the details for a token", async () => {
  const ws = await demoWorkspace();
  cleanups.push(() => rm(ws.dir, { recursive: true, force: true }));
  const impossible = randomUUID();
  const valid = randomUUID();
  const at = new Date().toISOString();
  await mkdir(ws.stateDir, { recursive: true });
  await writeFile(
    join(ws.stateDir, "journal.ndjson"),
    [
      JSON.stringify({
        op: "append",
        id: impossible,
        tab: "Nope",
        row: { id: impossible, title: "Mai" },
        result: null,
        at,
        mode: "append",
      }),
      JSON.stringify({
        op: "append",
        id: valid,
        tab: "Buone prassi",
        row: { id: valid, title: "Dal journal", date: 46336 },
        result: null,
        at,
        mode: "append",
      }),
      // A crash in the middle of the next line: no client was ever answered for it.
      '{"op":"append","id":"torn',
    ].join("\n"),
  );
  const service = await serve(ws);

  // The valid entry is replayed at start; wait for it, then read the state at rest.
  const health = await eventually(
    async () => {
      const answer = await (await fetch(`${service.url}/api/v1/health`)).json();
      return answer.pendingWrites === 0 && answer;
    },
    15_000,
    "the replay",
  );
  expect(z.strictObject(HealthSchema.shape).safeParse(health).success).toBe(true);
  expect(health).toMatchObject({ status: "degraded", deadLetters: 1, reasons: ["dead_letters"], pendingWrites: 0 });
  expect(JSON.stringify(health)).not.toContain("Nope");

  const detailed = await (await fetch(`${service.url}/api/v1/health`, { headers: { authorization: `Bearer ${ws.token}` } })).json();
  expect(HealthSchema.parse(detailed)).toMatchObject({ deadLetters: 1, reconciliations: 0 });
  expect(detailed.lastDeadLetter).toMatchObject({ id: impossible });
  expect(String(detailed.lastDeadLetter.reason)).toContain("Nope");
  // The dead letters are a table of the state database: its file, named in the explanation with the table.
  expect(detailed.deadLetterFile).toBe(join(ws.stateDir, "rete-urp.sqlite"));
  expect(detailed.journalTornTail).toMatchObject({ lines: 1 });
  expect(detailed.explanations).toEqual([
    expect.stringContaining("1 scritture non si possono applicare e sono nella tabella dead_letters di"),
  ]);
  expect(await readdir(ws.stateDir)).toContain("journal.ndjson.importato");

  // The valid entry beside them was applied: one bad entry never holds back the others. On the
  // workbook the cache shows an applied row after its next read, which may come a moment after
  // the journal empties (under load it did): wait for the row, then check it is the only one.
  const served = () =>
    fetch(`${service.url}/api/v1/practices?q=journal`, { headers: { authorization: `Bearer ${ws.token}` } })
      .then((answer) => answer.json())
      .then((body: { practices: { id: string }[] }) => body.practices.map((practice) => practice.id));
  await eventually(async () => (await served()).includes(valid), 15_000, "the replayed practice served");
  expect(await served()).toEqual([valid]);
});
