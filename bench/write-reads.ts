import { randomUUID } from "node:crypto";
import { SnapshotSchema } from "@rete-urp/shared";
import { insertsRows } from "../test/support/google-requests.ts";
import { startGoogleDemo } from "./lib/google-demo.ts";

/**
 * Sheets reads per delivered write (issue 14): sheets-sync on the Google store against the Sheets
 * double, its periodic refresh pushed out of the window (an hour), a referent adding practices
 * through the API: one at a time, then four at once. For each round we wait until the snapshot
 * shows every new practice (what "delivered" means to the referent), let any read the write set off
 * land, and count the values reads the double received (values.get and values.batchGet) and the
 * values.append calls (one per batch of writes: the writer appends a tab's rows in one call). The
 * floor is one read per batch: the writer must look at the tab to find the IDs already there.
 */

export const READS_PER_BATCH_GOAL = 1;
const ROUNDS = 4;
const BATCH_SIZES = [1, 4] as const;

export interface WriteReadsRow {
  /** Practices POSTed at once in each round. */
  batchSize: number;
  rounds: number;
  writes: number;
  /** values.append calls at the double: the batches the writer made. */
  batches: number;
  /** values.get + values.batchGet calls from the first POST until the last practice was served. */
  valueReads: number;
  /** spreadsheets.get calls (the tab list; cached by the store), counted apart. */
  metadataReads: number;
  readsPerBatch: number;
  pass: boolean;
}

export async function benchWriteReads(log: (line: string) => void): Promise<WriteReadsRow[]> {
  const { double, service, tokens, stop } = await startGoogleDemo({ referents: 1, refreshSeconds: 3600 });
  try {
    const [token] = tokens;
    const headers = { authorization: `Bearer ${token}` };
    const servedIds = async () =>
      new Set(SnapshotSchema.parse(await (await fetch(`${service.url}/api/v1/snapshot`, { headers })).json()).practices.map((p) => p.id));
    const count = (from: number, operations: readonly string[]) =>
      double.requests.slice(from).filter((request) => operations.includes(request.operation)).length;
    await servedIds();
    const rows: WriteReadsRow[] = [];
    for (const batchSize of BATCH_SIZES) {
      const from = double.requests.length;
      for (let round = 0; round < ROUNDS; round++) {
        const ids = Array.from({ length: batchSize }, () => randomUUID());
        const statuses = await Promise.all(
          ids.map(async (id, i) => {
            const response = await fetch(`${service.url}/api/v1/practices`, {
              method: "POST",
              headers: { ...headers, "content-type": "application/json" },
              body: JSON.stringify({ id, title: `Prassi del bench ${round}.${i}`, url: `https://example.it/bench/${id}` }),
            });
            await response.arrayBuffer();
            return response.status;
          }),
        );
        if (statuses.some((status) => status !== 201 && status !== 202)) throw new Error(`POST /practices answered ${statuses.join(", ")}`);
        const deadline = Date.now() + 15_000;
        for (;;) {
          const served = await servedIds();
          if (ids.every((id) => served.has(id))) break;
          if (Date.now() > deadline) throw new Error("the new practices never reached the snapshot");
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        // A read the write set off (a refresh after it) would land now: give it time to be counted.
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const batches = double.requests.slice(from).filter(insertsRows).length;
      const valueReads = count(from, ["valuesGet", "batchGet"]);
      const readsPerBatch = valueReads / Math.max(1, batches);
      const row: WriteReadsRow = {
        batchSize,
        rounds: ROUNDS,
        writes: batchSize * ROUNDS,
        batches,
        valueReads,
        metadataReads: count(from, ["get"]),
        readsPerBatch,
        pass: readsPerBatch <= READS_PER_BATCH_GOAL,
      };
      log(`  writes of ${batchSize}: ${valueReads} values reads for ${batches} batches (${readsPerBatch.toFixed(2)} per batch)`);
      rows.push(row);
    }
    return rows;
  } finally {
    await stop();
  }
}
