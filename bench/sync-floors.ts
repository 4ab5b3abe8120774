import { benchDeltaBytes, DELTA_GOAL, type DeltaBytesReport } from "./delta-bytes.ts";
import { kb } from "./lib/report.ts";
import { benchWriteReads, READS_PER_BATCH_GOAL, type WriteReadsRow } from "./write-reads.ts";

/**
 * Issue 14's two sync rows, each beside its floor: Sheets reads per delivered batch of writes
 * (write-reads.ts; floor one read: the writer must look for the IDs already there) and the bytes
 * one polling extension downloads after one change at 10 000 practices (delta-bytes.ts; floor
 * the changed row's own size, gzip), the full snapshot shown beside the delta for scale.
 */

export interface SyncResults {
  writeReads: WriteReadsRow[];
  deltaBytes: DeltaBytesReport;
}

export async function benchSync(log: (line: string) => void): Promise<SyncResults> {
  return { writeReads: await benchWriteReads(log), deltaBytes: await benchDeltaBytes(log) };
}

export const SYNC_HEADERS = ["measure", "measured", "floor", "÷ floor", "goal", ""];

const bytes = (n: number) => (n < 10_240 ? `${n} B` : `${kb(n)} KB`);
/** 10000 → "10 000", as docs/performance.md writes numbers. */
const count = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, " ");

export function syncCells(results: SyncResults): string[][] {
  const rows = results.writeReads.map((row) => [
    `Sheets values reads per delivered batch, Google store (${row.rounds} rounds of ${row.batchSize} POST${row.batchSize > 1 ? "s at once" : ""}: ${row.batches} batches, ${row.valueReads} reads)`,
    row.readsPerBatch.toFixed(2),
    "1 (the writer's read of the tab)",
    `${row.readsPerBatch.toFixed(2)}×`,
    `≤ ${READS_PER_BATCH_GOAL} per batch`,
    row.pass ? "PASS" : "FAIL",
  ]);
  const d = results.deltaBytes;
  rows.push(
    [
      `one new practice → bytes one polling extension downloads, ${count(d.practices)} practices: delta (?since=)`,
      bytes(d.deltaBytes),
      `${bytes(d.floorBytes)} (the new row, gzip)`,
      `${d.deltaOverFloor.toFixed(2)}×`,
      `≤ ${DELTA_GOAL}×`,
      d.pass ? "PASS" : "FAIL",
    ],
    [
      "↳ the same change, full snapshot (no since; before deltas)",
      bytes(d.fullBytes),
      bytes(d.floorBytes),
      `${d.fullOverFloor.toFixed(0)}×`,
      "",
      "",
    ],
  );
  return rows;
}

/** The lines of docs/performance.md. */
export function syncReadme(results: SyncResults): string[] {
  const d = results.deltaBytes;
  const reads = results.writeReads;
  const pass = reads.every((row) => row.pass);
  return [
    `**One Sheets read per delivered write batch** (Google store, counted at the Sheets double): ` +
      reads
        .map(
          (row) =>
            `${row.writes} practices POSTed ${row.batchSize > 1 ? `${row.batchSize} at once` : "one at a time"}: ${row.valueReads} values reads for ${row.batches} batches`,
        )
        .join("; ") +
      ` (${reads.map((row) => row.readsPerBatch.toFixed(2)).join(" and ")} per batch, floor 1, goal ≤ ${READS_PER_BATCH_GOAL}: ${pass ? "PASS" : "FAIL"}). ` +
      "The writer's read of the tabs it writes is the only one: the store places the rows from it and the cache is handed the tabs as they now are (it was 3: the writer's read, the store's, the refresh).",
    "",
    `**One change, one row's bytes**: after a practice is added, an extension polling with its ETag and \`?since=\` downloads ${bytes(d.deltaBytes)} ` +
      `(${d.deltaOverFloor.toFixed(2)}× the new row's own ${bytes(d.floorBytes)} gzip, goal ≤ ${DELTA_GOAL}×: ${d.pass ? "PASS" : "FAIL"}; plus ${d.deltaHeaderBytes} B of headers, a 304 costs ${d.notModifiedBytes}) ` +
      `where the full snapshot is ${bytes(d.fullBytes)} gzip (${(d.fullJsonBytes / 1024 / 1024).toFixed(1)} MB of JSON) at ${count(d.practices)} practices.`,
    "",
  ];
}
