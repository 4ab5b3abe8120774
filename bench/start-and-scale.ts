import { spawn } from "node:child_process";
import { rm, stat } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { decodeSheet, WorkbookStore } from "@rete-urp/sheets-sync";
import ExcelJS from "exceljs";
import { BIN, REPO_ROOT, runCli, startService, tempWorkspace } from "../test/support/sheets-sync.ts";
import { writeWorkbook } from "./lib/fixtures.ts";
import { median } from "./lib/load.ts";

/**
 * Start and scale: how long from process start until /api/v1/health answers ok (the real binary,
 * compiled, as `npx sheets-sync serve` runs it), on the demo workbook and on one with 10 000
 * practices; and how long loading and validating 10 000 practices takes in process
 * (WorkbookStore.readAll + decodeSheet) next to exceljs reading the same file raw, the floor.
 * The two reads alternate, so drift on the machine hits both alike.
 *
 * And the two start-up figures of issue 14 against their floors, in alternating rounds of fresh
 * processes: `sheets-sync --help` against `node -e 0` (goal ≤ 4×), and the service's start →
 * health ok on the demo workbook against a process that only reads that workbook raw with exceljs
 * (node's start, exceljs loaded, the file read: goal ≤ 2×).
 */

const START_RUNS = 3;
const READ_RUNS = 6;
const STARTUP_ROUNDS = 7;
export const HELP_GOAL = 4;
export const START_GOAL = 2;

export interface StartupRow {
  rounds: number;
  /** Medians, ms, wall time from spawn to exit (to health ok for the service). */
  nodeMs: number;
  helpMs: number;
  helpOverFloor: number;
  helpPass: boolean;
  exceljsFloorMs: number;
  startHealthMs: number;
  startOverFloor: number;
  startPass: boolean;
}

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

/** Wall time of one fresh process, from spawn to exit; throws when it fails. */
function timeProcess(args: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`node ${args.join(" ")}: ${stderr}`)),
    );
  });
}

/** The floor of a start: a fresh node that loads exceljs and reads the workbook raw, nothing else. */
const EXCELJS_READ = 'const { default: ExcelJS } = await import("exceljs"); await new ExcelJS.Workbook().xlsx.readFile(process.argv[1]);';

async function benchStartup(workbook: string, stateDir: string, log: (line: string) => void): Promise<StartupRow> {
  const node: number[] = [];
  const help: number[] = [];
  const floor: number[] = [];
  const start: number[] = [];
  for (let round = 0; round < STARTUP_ROUNDS; round++) {
    node.push(await timeProcess(["-e", "0"]));
    help.push(await timeProcess([BIN, "--help"]));
    floor.push(await timeProcess(["--input-type=module", "-e", EXCELJS_READ, workbook]));
    start.push((await timeStart(workbook, stateDir)).healthOkMs);
  }
  const row: StartupRow = {
    rounds: STARTUP_ROUNDS,
    nodeMs: median(node),
    helpMs: median(help),
    helpOverFloor: median(help) / median(node),
    helpPass: median(help) <= HELP_GOAL * median(node),
    exceljsFloorMs: median(floor),
    startHealthMs: median(start),
    startOverFloor: median(start) / median(floor),
    startPass: median(start) <= START_GOAL * median(floor),
  };
  log(
    `  --help ${row.helpMs.toFixed(0)} ms vs node -e 0 ${row.nodeMs.toFixed(0)} ms; start → health ${row.startHealthMs.toFixed(0)} ms vs exceljs read ${row.exceljsFloorMs.toFixed(0)} ms`,
  );
  return row;
}

export async function benchStartAndScale(log: (line: string) => void): Promise<{ start: StartRow[]; read: ReadRow; startup: StartupRow }> {
  const ws = await tempWorkspace();
  const big = `${ws.dir}/10000.xlsx`;
  try {
    const init = await runCli(["init", "--demo", "--workbook", ws.workbook, "--state-dir", ws.stateDir]);
    if (init.code !== 0) throw new Error(`init --demo failed:\n${init.stderr}`);
    await writeWorkbook(big, 10_000);

    const startup = await benchStartup(ws.workbook, ws.stateDir, log);

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
    return { start, read, startup };
  } finally {
    await rm(ws.dir, { recursive: true, force: true });
  }
}
