// npm run bench: the performance figures of Rete URP on this machine, printed as tables and
// written to bench/results.json (git-ignored) and docs/performance.md (the
// page of figures). Every figure is measured in this run next to what it is compared with,
// so the machine's noise hits both sides. About five minutes on two cores; not part of npm test.
// Usage: npm run bench [-- fan-in latency start popup bundles sync]   (default: all of them)
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import buildSheetsSync from "../test/support/build-sheets-sync.ts";
import { REPO_ROOT } from "../test/support/sheets-sync.ts";
import { type BundleReport, benchBundles } from "./bundles.ts";
import { emptyPopupBuild } from "./empty-popup.ts";
import { benchFanIn, type FanInRow, GOOGLE_READS_PER_MINUTE } from "./fan-in.ts";
import { describeMachine, kb, mb, ms, table } from "./lib/report.ts";
import { benchPopup, type PopupOutcome } from "./popup.ts";
import { type EmptyPopupResult, POPUP_FLOOR_HEADERS, type PopupFloorRow, popupFloorCells, popupFloorRows } from "./popup-floors.ts";
import { readmeSection } from "./readme-section.ts";
import { benchSnapshotLatency, type LatencyRow } from "./snapshot-latency.ts";
import { benchStartAndScale, HELP_GOAL, START_GOAL } from "./start-and-scale.ts";
import { benchSync, SYNC_HEADERS, type SyncResults, syncCells } from "./sync-floors.ts";

const SECTIONS = ["fan-in", "latency", "start", "popup", "bundles", "sync"] as const;
type Section = (typeof SECTIONS)[number];

export interface BenchResults {
  startedAt: string;
  seconds: number;
  machine: ReturnType<typeof describeMachine>;
  fanIn?: FanInRow[];
  latency?: LatencyRow[];
  start?: Awaited<ReturnType<typeof benchStartAndScale>>;
  popup?: PopupOutcome;
  bundles?: BundleReport | { skipped: string };
  /** Issue 14: the empty Plasmo React popup the popup is compared with, and the rows. */
  emptyPopup?: EmptyPopupResult;
  popupFloors?: PopupFloorRow[];
  /** Issue 14: Sheets reads per delivered write batch, bytes after one change (delta vs full). */
  sync?: SyncResults;
}

const BENCH_DIR = join(REPO_ROOT, "bench");
const BUILT_EXTENSION = process.env.EXTENSION_DIR ?? join(REPO_ROOT, "extension/build/chrome-mv3-prod");

/**
 * A private copy of the built extension, so that a rebuild in the working tree during the bench
 * (someone running `npm run build`) cannot pull files from under Chromium. Both the bundle sizes
 * and the popup measure this copy; the end-to-end helpers read EXTENSION_DIR.
 */
function snapshotExtension(): string | undefined {
  if (!existsSync(join(BUILT_EXTENSION, "manifest.json"))) return undefined;
  const copy = mkdtempSync(join(tmpdir(), "rete-urp-bench-extension-"));
  cpSync(BUILT_EXTENSION, copy, { recursive: true });
  process.env.EXTENSION_DIR = copy;
  process.on("exit", () => rmSync(copy, { recursive: true, force: true }));
  return copy;
}

const log = (line: string) => console.error(line);
const print = (title: string, body: string) => console.log(`\n${title}\n${body}`);

function printFanIn(rows: FanInRow[]) {
  const quota = (exceeded: boolean) => (exceeded ? "EXCEEDED" : "ok");
  print(
    `1. Upstream fan-in: values.batchGet calls at the Sheets double while N extensions poll once a minute for ${rows[0]?.simulatedMinutes ?? 5} simulated minutes (1 s = 1 min)`,
    table(
      [
        "clients",
        "sheets-sync polls",
        "sheets-sync reads",
        "reads/min",
        "naive polls",
        "naive reads",
        "reads/min",
        "naive ÷ sheets-sync",
        `quota ${GOOGLE_READS_PER_MINUTE}/min: sheets-sync`,
        "naive",
      ],
      rows.map((row) => [
        row.clients,
        row.sheetsSync.polls,
        row.sheetsSync.upstreamReads,
        row.sheetsSync.upstreamReadsPerMinute.toFixed(1),
        row.naive.polls,
        row.naive.upstreamReads,
        row.naive.upstreamReadsPerMinute.toFixed(1),
        `${row.ratio.toFixed(1)}×`,
        quota(row.sheetsSync.exceedsGoogleQuota),
        quota(row.naive.exceedsGoogleQuota),
      ]),
    ),
  );
  console.log("polls = answers received in the window; a naive read is counted for every poll sent, answered in time or not");
  const errors = rows.reduce((sum, row) => sum + row.sheetsSync.errors + row.naive.errors, 0);
  if (errors > 0) console.log(`(${errors} connection errors or timeouts during the fan-in runs)`);
}

function printLatency(rows: LatencyRow[]) {
  print(
    "2. Snapshot latency on loopback (clients send the next request as soon as the answer is in)",
    table(
      ["practices", "snapshot", "clients", "answer", "req/s", "p50 ms", "p99 ms", "answers", "service CPU ms/answer", "unexpected"],
      rows.map((row) => [
        row.practices,
        `${kb(row.snapshotBytes)} KB`,
        row.clients,
        row.answer,
        row.rps.toFixed(0),
        ms(row.latencyMs.p50),
        ms(row.latencyMs.p99),
        row.answers,
        row.serverCpuMsPerAnswer === null ? "n/a" : row.serverCpuMsPerAnswer.toFixed(3),
        row.unexpected,
      ]),
    ),
  );
}

function printStart(start: NonNullable<BenchResults["start"]>) {
  print(
    "3. Start and scale",
    [
      table(
        ["workbook", "process start → listening", "→ health ok"],
        start.start.map((row) => [row.workbook, `${ms(row.listeningMs)} ms`, `${ms(row.healthOkMs)} ms`]),
      ),
      "",
      table(
        ["start-up (median of fresh processes)", "measured", "floor", "÷ floor", "goal", ""],
        [
          [
            "sheets-sync --help",
            `${ms(start.startup.helpMs)} ms`,
            `${ms(start.startup.nodeMs)} ms (node -e 0)`,
            `${start.startup.helpOverFloor.toFixed(2)}×`,
            `≤ ${HELP_GOAL}×`,
            start.startup.helpPass ? "PASS" : "FAIL",
          ],
          [
            "serve on the demo workbook → health ok",
            `${ms(start.startup.startHealthMs)} ms`,
            `${ms(start.startup.exceljsFloorMs)} ms (node + exceljs reading it raw)`,
            `${start.startup.startOverFloor.toFixed(2)}×`,
            `≤ ${START_GOAL}×`,
            start.startup.startPass ? "PASS" : "FAIL",
          ],
        ],
      ),
      "",
      table(
        ["10 000 practices", "file", "exceljs raw (floor)", "WorkbookStore.readAll", "decodeSheet", "load + validate", "÷ floor"],
        [
          [
            `${start.read.practicesDecoded} decoded`,
            `${mb(start.read.fileBytes)} MB`,
            `${ms(start.read.exceljsRawMs)} ms`,
            `${ms(start.read.readAllMs)} ms`,
            `${ms(start.read.decodeMs)} ms`,
            `${ms(start.read.loadAndValidateMs)} ms`,
            `${start.read.overFloor.toFixed(2)}×`,
          ],
        ],
      ),
    ].join("\n"),
  );
}

function printPopup(outcome: PopupOutcome) {
  if ("skipped" in outcome) {
    print("4. The popup in Chromium", `n/a (${outcome.skipped})`);
    return;
  }
  const { report } = outcome;
  print(
    "4. The popup in Chromium (navigation → next meeting painted; median of 7)",
    [
      table(
        ["workbook", "warm cache", "cold cache"],
        [
          ...report.opens.map((row) => [row.workbook, `${ms(row.warmMs)} ms`, `${ms(row.coldMs)} ms`]),
          ["empty Plasmo React popup (floor)", "skipped" in report.floor ? "n/a" : `${ms(report.floor.warmMs)} ms`, "–"],
        ],
      ),
      "",
      table(
        ["over 10 000 practices", "ms"],
        [
          ["open the practices tab", ms(report.practicesTabMs)],
          [`search keystroke p50 (${report.keystrokes} keys)`, ms(report.keystrokeMs.p50)],
          ["search keystroke p99", ms(report.keystrokeMs.p99)],
          ["search keystroke max", ms(report.keystrokeMs.max)],
        ],
      ),
    ].join("\n"),
  );
}

function printBundles(report: BundleReport | { skipped: string }) {
  if ("skipped" in report) {
    print("5. Bundles", `n/a (${report.skipped})`);
    return;
  }
  const rows: (string | number)[][] = [];
  for (const part of report.parts) {
    for (const file of part.files) rows.push([part.part, file.file + (file.lazy ? " (lazy)" : ""), kb(file.raw), kb(file.gzip)]);
    rows.push([part.part, "total loaded at open", kb(part.raw), kb(part.gzip)]);
  }
  if (report.locale) rows.push(["all", report.locale.file, kb(report.locale.raw), kb(report.locale.gzip)]);
  const { budget } = report;
  print(
    "5. Bundles (KB; gzip -9)",
    `${table(["part", "file", "raw KB", "gzip KB"], rows)}\nbudget: popup JS + CSS ${kb(budget.popupGzip)} KB gzip ≤ ${kb(budget.gzipBytes)} KB → ${budget.pass ? "PASS" : "FAIL"}`,
  );
}

function printPopupFloors(rows: PopupFloorRow[]) {
  if (rows.length === 0) return;
  print("6. The popup against its floors (measured in this run)", table(POPUP_FLOOR_HEADERS, popupFloorCells(rows)));
}

function printSync(results: SyncResults) {
  print("7. Sync costs against their floors (measured in this run)", table(SYNC_HEADERS, syncCells(results)));
}

async function main() {
  const wanted = new Set<Section>(process.argv.slice(2).length ? (process.argv.slice(2) as Section[]) : SECTIONS);
  for (const name of wanted) if (!SECTIONS.includes(name)) throw new Error(`unknown section ${name}: use ${SECTIONS.join(", ")}`);
  // The service and the CLI run compiled: build them from the sources as they are now.
  buildSheetsSync();
  const started = performance.now();
  const results: BenchResults = { startedAt: new Date().toISOString(), seconds: 0, machine: describeMachine() };
  const { machine } = results;
  console.log(`Rete URP bench — ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.platform}`);

  const section = async <T>(name: Section, run: () => Promise<T>): Promise<T | undefined> => {
    if (!wanted.has(name)) return undefined;
    const t = performance.now();
    log(`[bench] ${name}…`);
    const value = await run();
    log(`[bench] ${name} done in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    return value;
  };

  // Bundles first: instant, and measured on the very build the popup section loads.
  const extension = wanted.has("bundles") || wanted.has("popup") ? snapshotExtension() : undefined;
  // The floor of the popup's rows: an empty Plasmo React popup, built once and cached (empty-popup.ts).
  if (extension) {
    const build = await emptyPopupBuild(log).catch((error: Error) => ({
      skipped: `empty popup not built: ${error.message.split("\n")[0]}`,
    }));
    if ("skipped" in build) log(`[bench] ${build.skipped}`);
    results.emptyPopup = { build, bundles: "skipped" in build ? undefined : benchBundles(build.dir) };
  }
  results.bundles = await section("bundles", async () => {
    const report = extension ? benchBundles(extension) : undefined;
    return report ? { ...report, dir: BUILT_EXTENSION } : { skipped: "extension not built" };
  });
  results.fanIn = await section("fan-in", () => benchFanIn(log));
  if (results.fanIn) printFanIn(results.fanIn);
  results.latency = await section("latency", () => benchSnapshotLatency(log));
  if (results.latency) printLatency(results.latency);
  results.start = await section("start", () => benchStartAndScale(log));
  if (results.start) printStart(results.start);
  results.popup = await section("popup", () => benchPopup(log, results.emptyPopup?.build));
  if (results.popup) printPopup(results.popup);
  if (results.bundles) printBundles(results.bundles);
  results.popupFloors = popupFloorRows(results.bundles, results.popup, results.emptyPopup);
  printPopupFloors(results.popupFloors);
  results.sync = await section("sync", () => benchSync(log));
  if (results.sync) printSync(results.sync);

  results.seconds = Math.round((performance.now() - started) / 1000);
  writeFileSync(join(BENCH_DIR, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  if (wanted.size === SECTIONS.length) writeFileSync(join(BENCH_DIR, "..", "docs", "performance.md"), readmeSection(results));
  console.log(
    `\n${results.seconds} s in all; figures in bench/results.json${wanted.size === SECTIONS.length ? ", the page in docs/performance.md" : ""}`,
  );
}

main().then(
  // autocannon and the Sheets double may leave timers behind: the bench is done, so exit.
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
