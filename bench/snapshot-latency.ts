import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { startService, tempWorkspace } from "../test/support/sheets-sync.ts";
import { createTokens, demoEmails, writeWorkbook } from "./lib/fixtures.ts";
import { fixedSnapshotClient, type Percentiles, runLoad } from "./lib/load.ts";

/**
 * Snapshot latency on loopback: 10, 100 and 500 concurrent clients, each sending its next request
 * as soon as the answer is in, for 304 answers (If-None-Match with the current ETag: the popup's
 * usual revalidation) and for 200 answers (no ETag: a first start, or the data changed), on a
 * workbook with 10 and with 10 000 practices. The service runs with its default refresh (60 s).
 * Every client uses the token of one of the 22 demo referents.
 */

export const PRACTICE_COUNTS = [10, 10_000] as const;
export const CONCURRENCY = [10, 100, 500] as const;
const RUN_SECONDS = 8;

export interface LatencyRow {
  practices: number;
  snapshotBytes: number;
  clients: number;
  answer: "304" | "200";
  answers: number;
  seconds: number;
  rps: number;
  latencyMs: Percentiles;
  /** CPU time the service process spent per answer (user + system), where /proc tells it. */
  serverCpuMsPerAnswer: number | null;
  /** Anything but the expected status, connection errors and timeouts. */
  unexpected: number;
}

/** User + system CPU seconds of a process so far (Linux), or null elsewhere. */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

export async function benchSnapshotLatency(log: (line: string) => void): Promise<LatencyRow[]> {
  const rows: LatencyRow[] = [];
  for (const practices of PRACTICE_COUNTS) {
    const ws = await tempWorkspace();
    try {
      await writeWorkbook(ws.workbook, practices);
      const tokens = await createTokens(ws.stateDir, demoEmails());
      const service = await startService({ workbook: ws.workbook, stateDir: ws.stateDir, env: { SHEETS_SYNC_REFRESH_SECONDS: "60" } });
      try {
        const etags = new Map<string, string>();
        let snapshotBytes = 0;
        for (const token of tokens) {
          const response = await fetch(`${service.url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${token}` } });
          snapshotBytes = (await response.arrayBuffer()).byteLength;
          etags.set(token, response.headers.get("etag")!);
        }
        const tokenOf = (i: number) => tokens[i % tokens.length]!;
        // Warm-up: JIT and connection setup, not measured.
        await runLoad({
          url: service.url,
          connections: 100,
          seconds: 3,
          client: (i) => fixedSnapshotClient(tokenOf(i), etags.get(tokenOf(i))),
        });

        for (const clients of CONCURRENCY) {
          for (const answer of ["304", "200"] as const) {
            // A 200 of the 10 000-practice snapshot is megabytes: on two shared cores few clients get
            // an answer within seconds, so those runs last until every client had two answers instead.
            const big = answer === "200" && snapshotBytes > 1_000_000;
            const cpuBefore = cpuSeconds(service.process.pid);
            const result = await runLoad({
              url: service.url,
              connections: clients,
              seconds: RUN_SECONDS,
              ...(big ? { amount: Math.max(100, 2 * clients), timeoutSeconds: 300 } : {}),
              client: (i) => fixedSnapshotClient(tokenOf(i), answer === "304" ? etags.get(tokenOf(i)) : undefined),
            });
            const cpuAfter = cpuSeconds(service.process.pid);
            const expected = result.statuses[answer] ?? 0;
            const row: LatencyRow = {
              practices,
              snapshotBytes,
              clients,
              answer,
              answers: result.answers,
              seconds: result.seconds,
              rps: result.rps,
              latencyMs: result.latencyMsByStatus[answer] ?? result.latencyMs,
              serverCpuMsPerAnswer:
                cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1000) / Math.max(1, result.answers),
              unexpected: result.answers - expected + result.errors + result.timeouts,
            };
            log(
              `  latency ${practices} practices, ${clients} clients, ${answer}: ${row.rps.toFixed(0)} req/s, p50 ${row.latencyMs.p50.toFixed(1)} ms, p99 ${row.latencyMs.p99.toFixed(1)} ms`,
            );
            rows.push(row);
          }
        }
      } finally {
        await service.stop();
      }
    } finally {
      await rm(ws.dir, { recursive: true, force: true });
    }
  }
  return rows;
}
