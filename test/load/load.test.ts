import { rm } from "node:fs/promises";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTokens, demoEmails } from "../../bench/lib/fixtures.ts";
import { type AddRecord, type LoadResult, practiceAdder, runLoad, snapshotPoller } from "../../bench/lib/load.ts";
import { demoWorkspace, eventually, type RunningService, startService, type Workspace } from "../support/sheets-sync.ts";

/**
 * 500 extensions polling the snapshot with their ETags, and a stream of adds (some of them
 * retried with the same UUID, as the outbox does), against the real service on a demo workbook.
 * A fixed amount of work, not a duration, so that the assertions are about outcomes only, on any
 * machine however loaded: every request answered, no errors, every answer one the API promises,
 * every acknowledged add in the workbook exactly once. The figures are printed, never asserted;
 * throughput is measured by `npm run bench`.
 *
 * POLL_ROUNDS=60 npx vitest run test/load makes it a minute-long soak.
 */

const EXTENSIONS = 500;
/** Polls per extension; one a second each: the real alarm's once a minute, sixty times faster. */
const POLL_ROUNDS = Number(process.env.POLL_ROUNDS ?? 4);
const POLLS_PER_SECOND = 1;
const ADDERS = 4;
/** Adds in all, a quarter of them retries of the UUID before (practiceAdder's retryEvery). */
const ADDS = ADDERS * 3 * POLL_ROUNDS;
const ADDS_PER_SECOND = 3;
/** A cap on each load's duration that a loaded machine stays far below: the amounts end it. */
const CAP_SECONDS = 10 * POLL_ROUNDS + 60;

let ws: Workspace;
let service: RunningService;
let tokens: string[];

beforeAll(async () => {
  ws = await demoWorkspace();
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
        seconds: CAP_SECONDS,
        amount: EXTENSIONS * POLL_ROUNDS,
        perConnectionRate: POLLS_PER_SECOND,
        // Generous, for a loaded CI machine: a timeout here would be a failure, not a figure.
        timeoutSeconds: 30,
        client: (i) => snapshotPoller(tokens[i % tokens.length]!),
      }),
      runLoad({
        url: service.url,
        connections: ADDERS,
        seconds: CAP_SECONDS,
        amount: ADDS,
        perConnectionRate: ADDS_PER_SECOND,
        timeoutSeconds: 30,
        client: (i) => practiceAdder(tokens[i % tokens.length]!, adds),
      }),
    ]);
    console.log(summary("snapshot polls", polls));
    console.log(summary("adds", posts));

    expect({ errors: polls.errors, timeouts: polls.timeouts }).toEqual({ errors: 0, timeouts: 0 });
    expect({ errors: posts.errors, timeouts: posts.timeouts }).toEqual({ errors: 0, timeouts: 0 });
    // Polls: 200 the first time and after an add landed (the data changed), 304 otherwise; while
    // adds keep landing, which of the two each poll gets depends on the timing.
    expect(Object.keys(polls.statuses).filter((status) => status !== "200" && status !== "304")).toEqual([]);
    expect(polls.answers).toBe(EXTENSIONS * POLL_ROUNDS);

    // Adds: a new UUID is 201 (or 202 while the workbook is busy); a retried one is 200 or 202,
    // never a second row.
    const firsts = adds.filter((add) => !add.retry);
    const retries = adds.filter((add) => add.retry);
    expect(adds).toHaveLength(ADDS);
    expect(retries.length).toBeGreaterThan(0);
    expect(firsts.filter((add) => add.status !== 201 && add.status !== 202)).toEqual([]);
    expect(retries.filter((add) => add.status !== 200 && add.status !== 202)).toEqual([]);

    // Every acknowledged add lands exactly once, 202s included, once the journal has drained.
    await eventually(
      async () => (await (await fetch(`${service.url}/api/v1/health`)).json()).pendingWrites === 0,
      30_000,
      "the journal to drain",
    );

    // Once nothing changes any more, an extension's second poll with its ETag is a 304.
    const settled = await runLoad({
      url: service.url,
      connections: EXTENSIONS,
      seconds: CAP_SECONDS,
      amount: EXTENSIONS * 2,
      perConnectionRate: POLLS_PER_SECOND,
      timeoutSeconds: 30,
      client: (i) => snapshotPoller(tokens[i % tokens.length]!),
    });
    console.log(summary("snapshot polls, settled", settled));
    expect({ errors: settled.errors, timeouts: settled.timeouts }).toEqual({ errors: 0, timeouts: 0 });
    expect(settled.statuses).toEqual({ 200: EXTENSIONS, 304: EXTENSIONS });

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
  2 * CAP_SECONDS * 1000 + 60_000,
);
