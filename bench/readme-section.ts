import { kb, mb, ms } from "./lib/report.ts";
import { popupFloorCells } from "./popup-floors.ts";
import type { BenchResults } from "./run.ts";
import { HELP_GOAL, START_GOAL } from "./start-and-scale.ts";
import { syncCells, syncReadme } from "./sync-floors.ts";

/** docs/performance.md, written from the figures of the run that just ended. */
export function readmeSection(results: BenchResults): string {
  const { machine } = results;
  const out: string[] = [
    "# Performance",
    "",
    `Measured on ${machine.cpus} × ${machine.cpuModel} (\`nproc\` ${machine.cpus}), ${machine.memoryGb} GB, Node ${machine.node}${machine.chromium ? `, ${machine.chromium}` : ""}, ${results.startedAt.slice(0, 10)}.`,
    "Reproduce with `npm run bench` (about " +
      Math.max(1, Math.round(results.seconds / 60)) +
      " minutes; it prints the tables and writes `bench/results.json`;",
    "`npm run bench -- popup bundles` runs sections). A full run rewrites this page.",
    "Every figure is measured in the same run as the one it is compared with; the load generator",
    "(autocannon) runs on the same cores as the service, so the throughputs are lower bounds.",
    "",
  ];

  if (results.fanIn) {
    out.push(
      "**One Sheets read per refresh, however many extensions poll.** Extensions polling the snapshot",
      "once a minute for five minutes (time compressed 60×), against sheets-sync on the Google store and",
      "against a proxy that reads the sheet on every request (what sheet-as-API services do):",
      "",
      "| extensions | Sheets reads/min, sheets-sync | Sheets reads/min, naive proxy | Google's 60/min |",
      "|---:|---:|---:|---|",
      ...results.fanIn.map(
        (row) =>
          `| ${row.clients} | ${row.sheetsSync.upstreamReadsPerMinute.toFixed(1)} | ${row.naive.upstreamReadsPerMinute.toFixed(1)} | ${row.naive.exceedsGoogleQuota ? "naive proxy over quota" : "both within"}${row.sheetsSync.exceedsGoogleQuota ? ", sheets-sync over quota" : ""} |`,
      ),
      "",
    );
  }

  if (results.latency) {
    out.push(
      "**Snapshot latency on loopback** (workbook store; each client sends its next request as soon as",
      "the answer is in):",
      "",
      "| practices | clients | 304: req/s | p50 | p99 | 200: req/s | p50 | p99 |",
      "|---:|---:|---:|---:|---:|---:|---:|---:|",
    );
    const keys = [...new Set(results.latency.map((row) => `${row.practices}|${row.clients}`))];
    for (const key of keys) {
      const [practices, clients] = key.split("|").map(Number);
      const of = (answer: string) =>
        results.latency!.find((row) => row.practices === practices && row.clients === clients && row.answer === answer);
      const cells = (row: ReturnType<typeof of>) =>
        row ? `${row.rps.toFixed(0)} | ${ms(row.latencyMs.p50)} ms | ${ms(row.latencyMs.p99)} ms` : "– | – | –";
      out.push(`| ${practices} | ${clients} | ${cells(of("304"))} | ${cells(of("200"))} |`);
    }
    const big = results.latency.find((row) => row.practices >= 10_000);
    if (big)
      out.push(
        "",
        `With 10 000 practices the snapshot is ${mb(big.snapshotBytes)} MB of JSON: a 304 costs the same as with 10, a 200 does not.`,
      );
    out.push("");
  }

  if (results.start) {
    const { start, read } = results.start;
    out.push(
      "**Start and scale**: from process start to `/api/v1/health` ok, " +
        start.map((row) => `${ms(row.healthOkMs)} ms on the ${row.workbook} workbook`).join(" and ") +
        `; loading and validating 10 000 practices (WorkbookStore.readAll + decodeSheet) ${ms(read.loadAndValidateMs)} ms, against ${ms(read.exceljsRawMs)} ms for exceljs reading the file raw (${read.overFloor.toFixed(2)}× the floor).`,
      "",
    );
    const { startup } = results.start;
    out.push(
      `**Start-up, compiled** (median of ${startup.rounds} fresh processes each, alternating): \`sheets-sync --help\` ` +
        `${ms(startup.helpMs)} ms against ${ms(startup.nodeMs)} ms for \`node -e 0\` (${startup.helpOverFloor.toFixed(2)}×, goal ≤ ${HELP_GOAL}×: ${startup.helpPass ? "PASS" : "FAIL"}); ` +
        `serve on the demo workbook → health ok ${ms(startup.startHealthMs)} ms against ${ms(startup.exceljsFloorMs)} ms for node reading the workbook raw with exceljs ` +
        `(${startup.startOverFloor.toFixed(2)}×, goal ≤ ${START_GOAL}×: ${startup.startPass ? "PASS" : "FAIL"}).`,
      "",
    );
  }

  if (results.popup) {
    if ("skipped" in results.popup) {
      out.push(`**The popup in Chromium**: n/a (${results.popup.skipped}).`, "");
    } else {
      const { report } = results.popup;
      out.push(
        "**The popup in Chromium** (navigation → next meeting painted, median of 7): " +
          report.opens
            .map((row) => `${row.workbook}: ${ms(row.warmMs)} ms from the cache, ${ms(row.coldMs)} ms with an empty cache`)
            .join("; ") +
          `. Over 10 000 practices, a search keystroke takes ${ms(report.keystrokeMs.p50)} ms to paint (p50; max ${ms(report.keystrokeMs.max)} ms).`,
        "",
      );
    }
  }

  if (results.bundles) {
    if ("skipped" in results.bundles) {
      out.push(`**Bundles**: n/a (${results.bundles.skipped}).`, "");
    } else {
      const { parts, budget } = results.bundles;
      out.push(
        "**Bundles** (loaded when each part opens; lazy chunks not counted): " +
          parts.map((part) => `${part.part} ${kb(part.gzip)} KB gzip (${kb(part.raw)} KB raw)`).join(", ") +
          `. Budget: popup JS + CSS ≤ ${kb(budget.gzipBytes)} KB gzip — ${budget.pass ? "PASS" : "FAIL"}.`,
        "",
      );
    }
  }
  if (results.popupFloors?.length) {
    out.push(
      "**The popup against its floors.** Each floor is measured in the same run, the opens",
      "alternating round by round: the empty popup is a Plasmo React popup rendering one line, built",
      "with the same Plasmo, React and `plasmo build --hoist`, loaded as an unpacked extension in the",
      "same Chromium and timed the same way (navigation → its line painted, median of 7).",
      "",
      "| measure | measured | floor | ratio | goal | PASS/FAIL |",
      "|---|---:|---|---:|---|---|",
      ...popupFloorCells(results.popupFloors).map((cells) => `| ${cells.join(" | ")} |`),
      "",
    );
  }
  if (results.sync) {
    out.push(
      ...syncReadme(results.sync),
      "| measure | measured | floor | ratio | goal | PASS/FAIL |",
      "|---|---:|---|---:|---|---|",
      ...syncCells(results.sync).map((cells) => `| ${cells.join(" | ")} |`),
      "",
    );
  }
  return `${out.join("\n").trimEnd()}\n`;
}
