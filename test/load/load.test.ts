import { rm } from "node:fs/promises";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTokens, demoEmails } from "../../bench/lib/fixtures.ts";
import { type AddRecord, type LoadResult, practiceAdder, runLoad, snapshotPoller } from "../../bench/lib/load.ts";
import { eventually, type RunningService, runCli, startService, tempWorkspace, type Workspace } from "../support/sheets-sync.ts";

/**
 * 500 extensions polling the snapshot with their ETags, and a steady stream of adds (some of them
 * retried with the same UUID, as the outbox does), against the real service on a demo workbook.
 * It asserts behaviour only: no errors, every answer one the API promises, every acknowledged add
 * in the workbook exactly once. The figures are printed, never asserted.
 *
 * Bounded for `npm test` (LOAD_SECONDS=30 of load, about a minute in all); for a longer soak:
 * LOAD_SECONDS=300 npx vitest run test/load
 */

const LOAD_SECONDS = Number(process.env.LOAD_SECONDS ?? 30);
const EXTENSIONS = 500;
/** One poll a second per extension: the real alarm's once a minute, sixty times faster. */
const POLLS_PER_SECOND = 1;
const ADDERS = 4;
const ADDS_PER_SECOND = 1;

let ws: Workspace;
let service: RunningService;
let tokens: string[];

beforeAll(async () => {
  ws = await tempWorkspace();
  const init = await runCli(["init", "--demo", "--workbook", ws.workbook, "--state-dir", ws.stateDir]);
  expect(init.code, init.stderr).toBe(0);
  // One token per demo referent (22): the 500 extensions share them, a few dozen people each.
  tokens = await createTokens(ws.stateDir, demoEmails());
  service = await startService({ workbook: ws.workbook, stateDir: ws.stateDir });
});

afterAll(async () => {
  await service?.stop();
  if (ws) await rm(ws.dir, { recursive: true, force: true });
});

function summary(name: string, result: LoadResult): string {
  const { p50, p99 } = result.latencyMs;
  const statuses = Object.entries(result.statuses)
    .map(([status, count]) => `${status}×${count}`)
    .join(" ");
  return `${name}: ${result.answers} answers in ${result.seconds.toFixed(1)} s = ${result.rps.toFixed(0)} req/s, p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (${statuses})`;
}

async function practiceIdsInWorkbook(path: string): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.getWorksheet("Buone prassi")!;
  const ids: string[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber > 1 && typeof row.getCell(1).value === "string") ids.push(row.getCell(1).value as string);
  });
  return ids;
}

test(
  `${EXTENSIONS} extensions polling with ETags and a stream of adds: no errors, every acknowledged add stored once`,
  async () => {
    const adds: AddRecord[] = [];
    const [polls, posts] = await Promise.all([
      runLoad({
        url: service.url,
        connections: EXTENSIONS,
        seconds: LOAD_SECONDS,
        perConnectionRate: POLLS_PER_SECOND,
        // Generous, for a loaded CI machine: a timeout here would be a failure, not a figure.
        timeoutSeconds: 30,
        client: (i) => snapshotPoller(tokens[i % tokens.length]!),
      }),
      runLoad({
        url: service.url,
        connections: ADDERS,
        seconds: LOAD_SECONDS,
        perConnectionRate: ADDS_PER_SECOND,
        timeoutSeconds: 30,
        client: (i) => practiceAdder(tokens[i % tokens.length]!, adds),
      }),
    ]);
    console.log(summary("snapshot polls", polls));
    console.log(summary("adds", posts));

    expect({ errors: polls.errors, timeouts: polls.timeouts }).toEqual({ errors: 0, timeouts: 0 });
    expect({ errors: posts.errors, timeouts: posts.timeouts }).toEqual({ errors: 0, timeouts: 0 });
    // Polls: 200 the first time and after every add lands (the data changed), 304 otherwise.
    expect(Object.keys(polls.statuses).sort()).toEqual(["200", "304"]);
    expect(polls.answers).toBeGreaterThan(EXTENSIONS * LOAD_SECONDS * POLLS_PER_SECOND * 0.5);

    // Adds: a new UUID is 201 (or 202 while the workbook is busy); a retried one is 200 or 202,
    // never a second row.
    const firsts = adds.filter((add) => !add.retry);
    const retries = adds.filter((add) => add.retry);
    expect(firsts.length).toBeGreaterThan(LOAD_SECONDS);
    expect(retries.length).toBeGreaterThan(0);
    expect(firsts.filter((add) => add.status !== 201 && add.status !== 202)).toEqual([]);
    expect(retries.filter((add) => add.status !== 200 && add.status !== 202)).toEqual([]);

    // Every acknowledged add lands exactly once, 202s included, once the journal has drained.
    await eventually(
      async () => (await (await fetch(`${service.url}/api/v1/health`)).json()).pendingWrites === 0,
      30_000,
      "the journal to drain",
    );
    await service.stop();
    const ids = await practiceIdsInWorkbook(ws.workbook);
    const occurrences = new Map<string, number>();
    for (const id of ids) occurrences.set(id, (occurrences.get(id) ?? 0) + 1);
    const acknowledged = new Set(adds.map((add) => add.id));
    expect([...acknowledged].filter((id) => occurrences.get(id) !== 1)).toEqual([]);
    // Nothing is ever doubled, acknowledged or not (an add in flight when the load stopped).
    expect([...occurrences].filter(([, count]) => count > 1)).toEqual([]);
    console.log(`adds: ${firsts.length} new UUIDs and ${retries.length} retries acknowledged; ${ids.length} practices in the workbook`);
  },
  LOAD_SECONDS * 1000 + 90_000,
);
