import { randomUUID } from "node:crypto";
import { addMonths, formatPlainDate, mapHeaders, serialToPlainDate, tabSpec } from "@rete-urp/shared";
import { WorkbookStore } from "@rete-urp/sheets-sync";
import { expect, test } from "vitest";
import { demoWorkspace, eventually, liveDemoEachTest, runCli, startService } from "../support/sheets-sync.ts";

/**
 * Issue 10.6: the CLI writing the workbook while the service writes it too. Both take the same
 * workbook lock around every read-modify-write, so neither saves a copy without the other's rows.
 */

const live = liveDemoEachTest();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function post(id: string): Promise<number> {
  const response = await fetch(`${live.service!.url}/api/v1/practices`, {
    method: "POST",
    headers: { authorization: `Bearer ${live.ws!.token}`, "content-type": "application/json" },
    body: JSON.stringify({ id, title: `Prassi ${id.slice(0, 8)}`, tags: ["accanto-alla-cli"] }),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Every ID of a tab, once per row, and the tab's Data column as ISO dates. */
async function readColumn(tab: "Buone prassi" | "Riunioni", key: "id" | "date"): Promise<unknown[]> {
  const store = new WorkbookStore(live.ws!.workbook);
  try {
    const grid = (await store.readAll())[tab] ?? [];
    const column = mapHeaders(tabSpec(tab), grid[0] ?? []).indexOf.get(key)!;
    return grid.slice(1).map((row) => row[column]);
  } finally {
    await store.close();
  }
}

test("schedule --count 12 during a stream of POSTs (100 or more): every acknowledged practice and every scheduled meeting is in the workbook exactly once", async () => {
  live.ws = await demoWorkspace();
  live.service = await startService({ workbook: live.ws.workbook, stateDir: live.ws.stateDir });

  // From the month after the demo's last meeting: all twelve rule meetings are new.
  const demoDates = (await readColumn("Riunioni", "date"))
    .filter((cell): cell is number => typeof cell === "number")
    .map(serialToPlainDate);
  const last = demoDates.reduce((a, b) => (formatPlainDate(a) > formatPlainDate(b) ? a : b));
  const next = addMonths(last, 1);
  const from = `${next.year}-${String(next.month).padStart(2, "0")}`;

  const acked = new Set<string>();
  let sent = 0;
  // POSTs every 40 ms from before the CLI starts until after it exits (at least 100): the
  // service is writing all the time the CLI reads and writes the file.
  let cliDone = false;
  const schedule = runCli([
    "schedule",
    "--from",
    from,
    "--count",
    "12",
    "--workbook",
    live.ws.workbook,
    "--state-dir",
    live.ws.stateDir,
  ]).finally(() => {
    cliDone = true;
  });
  const posts: Promise<void>[] = [];
  while ((!cliDone || sent < 100) && sent < 1000) {
    const id = randomUUID();
    sent++;
    posts.push(post(id).then((status) => void ([200, 201, 202].includes(status) && acked.add(id))));
    await sleep(40);
  }
  await Promise.all(posts);
  const scheduled = await schedule;

  expect(scheduled.code, scheduled.stderr).toBe(0);
  const added = scheduled.stdout
    .trim()
    .split("\n")
    .filter((line) => line.endsWith(": aggiunta"));
  expect(added).toHaveLength(12);
  expect(acked.size).toBe(sent);
  await eventually(
    async () => (await (await fetch(`${live.service!.url}/api/v1/health`)).json()).pendingWrites === 0,
    60_000,
    "the journal drained",
  );

  const practiceIds = (await readColumn("Buone prassi", "id")).map(String);
  const wrong = [...acked].filter((id) => practiceIds.filter((x) => x === id).length !== 1);
  expect(wrong).toEqual([]);

  const meetingDates = (await readColumn("Riunioni", "date"))
    .filter((cell): cell is number => typeof cell === "number")
    .map((cell) => serialToPlainDate(cell));
  for (const line of added) {
    const [day, month, year] = line.slice(0, 10).split("/").map(Number) as [number, number, number];
    const count = meetingDates.filter((date) => date.year === year && date.month === month && date.day === day).length;
    expect(count, line).toBe(1);
  }
}, 240_000);
