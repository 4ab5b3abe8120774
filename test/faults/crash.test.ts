import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { decodeBuonePrassi } from "@rete-urp/shared";
import { WorkbookStore } from "@rete-urp/sheets-sync";
import { afterEach, expect, test } from "vitest";
import { demoWorkspace, eventually, type RunningService, startService, type Workspace } from "../support/sheets-sync.ts";

/**
 * `kill -9` of the real service at random moments during a burst of 200 concurrent adds: no
 * acknowledged write is lost, none is doubled (also when every client then retries everything),
 * and the workbook is always readable.
 */

let ws: (Workspace & { token: string }) | undefined;
let service: RunningService | undefined;
afterEach(async () => {
  await service?.stop();
  if (ws) await rm(ws.dir, { recursive: true, force: true });
});

async function post(id: string): Promise<number> {
  const response = await fetch(`${service!.url}/api/v1/practices`, {
    method: "POST",
    headers: { authorization: `Bearer ${ws!.token}`, "content-type": "application/json" },
    body: JSON.stringify({ id, title: `Prassi ${id.slice(0, 8)}`, tags: ["crash-test"] }),
  });
  await response.arrayBuffer();
  return response.status;
}

/** How many rows each id has in the workbook, read the way the service reads it. */
async function rowCounts(): Promise<Map<string, number>> {
  const store = new WorkbookStore(ws!.workbook);
  const tabs = await store.readAll();
  await store.close();
  const decoded = decodeBuonePrassi(tabs["Buone prassi"]);
  expect(decoded.problems).toEqual([]);
  const counts = new Map<string, number>();
  const idColumn = (tabs["Buone prassi"]![0] as unknown[]).indexOf("ID");
  for (const row of tabs["Buone prassi"]!.slice(1)) {
    const id = String(row[idColumn] ?? "");
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

test("kill -9 during bursts of 200 concurrent adds: nothing acknowledged is lost, nothing doubled", async () => {
  ws = await demoWorkspace();
  service = await startService({ workbook: ws.workbook, stateDir: ws.stateDir });
  const allIds: string[] = [];
  const allAcked = new Set<string>();

  // Kill while requests are still being journaled (a random moment early on), at the first
  // answer (the workbook write has just landed, others are in flight), and when a random number
  // of answers are out: each round crashes at a different stage of the same burst.
  const killWhenAcked = [0, 1, 20 + Math.floor(Math.random() * 160)];
  for (let round = 0; round < killWhenAcked.length; round++) {
    let ackedThisRound = 0;
    let onAck = () => {};
    const ids = Array.from({ length: 200 }, () => randomUUID());
    allIds.push(...ids);
    const burst = Promise.all(
      ids.map((id) =>
        post(id).then(
          (status) => {
            if ([200, 201, 202].includes(status)) {
              allAcked.add(id);
              ackedThisRound++;
              onAck();
            }
          },
          () => {}, // the connection died with the process: not acknowledged
        ),
      ),
    );
    const threshold = killWhenAcked[round]!;
    const started = Date.now();
    await new Promise<void>((resolve) => {
      if (threshold === 0) setTimeout(resolve, 20 + Math.floor(Math.random() * 200));
      else onAck = () => ackedThisRound >= threshold && resolve();
    });
    const killAfterMs = Date.now() - started;
    await service.kill();
    await burst;
    console.log(`round ${round}: killed after ${killAfterMs} ms, ${ackedThisRound} of 200 acknowledged in this round`);

    // The workbook is readable right after the crash, and holds no acknowledged id twice.
    const afterCrash = await rowCounts();
    for (const id of allIds) expect(afterCrash.get(id) ?? 0, `round ${round} (kill after ${killAfterMs} ms)`).toBeLessThanOrEqual(1);

    await service.restart();
    await eventually(
      async () => (await (await fetch(`${service!.url}/api/v1/health`)).json()).pendingWrites === 0,
      60_000,
      "the journal replayed",
    );
    const replayed = await rowCounts();
    const lost = [...allAcked].filter((id) => (replayed.get(id) ?? 0) !== 1);
    expect(lost, `acknowledged writes missing or doubled after round ${round} (kill after ${killAfterMs} ms)`).toEqual([]);
  }

  // Every client now retries everything it ever sent, as the extension's outbox does.
  const statuses = await Promise.all(allIds.map(post));
  expect(statuses.filter((status) => ![200, 201, 202].includes(status))).toEqual([]);
  await eventually(
    async () => (await (await fetch(`${service!.url}/api/v1/health`)).json()).pendingWrites === 0,
    60_000,
    "retries applied",
  );
  const final = await rowCounts();
  expect(allIds.filter((id) => final.get(id) !== 1)).toEqual([]);
  expect(final.get("") ?? 0).toBe(0);
});
