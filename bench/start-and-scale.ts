import { rm, stat } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { decodeSheet, WorkbookStore } from "@rete-urp/sheets-sync";
import ExcelJS from "exceljs";
import { runCli, startService, tempWorkspace } from "../test/support/sheets-sync.ts";
import { writeWorkbook } from "./lib/fixtures.ts";
import { median } from "./lib/load.ts";

/**
 * Start and scale: how long from process start until /api/v1/health answers ok (the real binary,
 * through tsx, as `npx sheets-sync serve` runs it), on the demo workbook and on one with 10 000
 * practices; and how long loading and validating 10 000 practices takes in process
 * (WorkbookStore.readAll + decodeSheet) next to exceljs reading the same file raw, the floor.
 * The two reads alternate, so drift on the machine hits both alike.
 */

const START_RUNS = 3;
const READ_RUNS = 6;

export interface StartRow {
  workbook: string;
  /** Median ms from spawn to the "listening" line. */
  listeningMs: number;
  /** Median ms from spawn to health answering {status: "ok"}. */
  healthOkMs: number;
  runs: number[];
}

export interface ReadRow {
  practices: number;
  fileBytes: number;
  exceljsRawMs: number;
  readAllMs: number;
  decodeMs: number;
  /** readAll + decodeSheet. */
  loadAndValidateMs: number;
  overFloor: number;
  practicesDecoded: number;
}

async function timeStart(workbook: string, stateDir: string): Promise<{ listeningMs: number; healthOkMs: number }> {
  const started = performance.now();
  const service = await startService({ workbook, stateDir, env: { SHEETS_SYNC_REFRESH_SECONDS: "60" } });
  const listeningMs = performance.now() - started;
  try {
    for (;;) {
      const health = (await (await fetch(`${service.url}/api/v1/health`)).json()) as { status: string };
      if (health.status === "ok") return { listeningMs, healthOkMs: performance.now() - started };
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    await service.stop();
  }
}

export async function benchStartAndScale(log: (line: string) => void): Promise<{ start: StartRow[]; read: ReadRow }> {
  const ws = await tempWorkspace();
  const big = `${ws.dir}/10000.xlsx`;
  try {
    const init = await runCli(["init", "--demo", "--workbook", ws.workbook, "--state-dir", ws.stateDir]);
    if (init.code !== 0) throw new Error(`init --demo failed:\n${init.stderr}`);
    await writeWorkbook(big, 10_000);

    const start: StartRow[] = [];
    for (const [name, path] of [
      ["demo", ws.workbook],
      ["10 000 practices", big],
    ] as const) {
      const runs: { listeningMs: number; healthOkMs: number }[] = [];
      for (let i = 0; i < START_RUNS; i++) runs.push(await timeStart(path, ws.stateDir));
      const row = {
        workbook: name,
        listeningMs: median(runs.map((run) => run.listeningMs)),
        healthOkMs: median(runs.map((run) => run.healthOkMs)),
        runs: runs.map((run) => Math.round(run.healthOkMs)),
      };
      log(`  start on ${name}: health ok after ${row.healthOkMs.toFixed(0)} ms`);
      start.push(row);
    }

    const raw: number[] = [];
    const readAll: number[] = [];
    const decode: number[] = [];
    let practicesDecoded = 0;
    const readRaw = async () => {
      const t = performance.now();
      await new ExcelJS.Workbook().xlsx.readFile(big);
      raw.push(performance.now() - t);
    };
    const readThroughStore = async () => {
      // A new store each time: WorkbookStore keeps the last read while the file is unchanged.
      const store = new WorkbookStore(big);
      let t = performance.now();
      const tabs = await store.readAll();
      readAll.push(performance.now() - t);
      t = performance.now();
      practicesDecoded = decodeSheet(tabs).practices.length;
      decode.push(performance.now() - t);
      await store.close();
    };
    // Alternating which goes first, so the garbage one leaves behind is collected on both sides.
    for (let i = 0; i < READ_RUNS; i++) {
      if (i % 2 === 0) {
        await readRaw();
        await readThroughStore();
      } else {
        await readThroughStore();
        await readRaw();
      }
    }
    const { size } = await stat(big);
    const loadAndValidate = readAll.map((ms, i) => ms + decode[i]!);
    const read: ReadRow = {
      practices: 10_000,
      fileBytes: size,
      exceljsRawMs: median(raw),
      readAllMs: median(readAll),
      decodeMs: median(decode),
      loadAndValidateMs: median(loadAndValidate),
      overFloor: median(loadAndValidate) / median(raw),
      practicesDecoded,
    };
    log(
      `  10 000 practices: exceljs raw ${read.exceljsRawMs.toFixed(0)} ms, readAll + decodeSheet ${read.loadAndValidateMs.toFixed(0)} ms`,
    );
    return { start, read };
  } finally {
    await rm(ws.dir, { recursive: true, force: true });
  }
}
