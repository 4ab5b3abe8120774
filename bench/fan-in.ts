import { startGoogleDemo } from "./lib/google-demo.ts";
import { runLoad, snapshotPoller } from "./lib/load.ts";
import { NAIVE_QUOTA_USER, startNaiveProxy } from "./lib/naive-proxy.ts";

/**
 * Upstream fan-in: N extensions poll the snapshot once a minute (with their ETags, like the real
 * alarm) for five minutes, against sheets-sync on the google store and against a naive proxy that
 * reads the sheet on every request; we count the values.batchGet calls the Sheets double receives.
 * Time is compressed 60×: the service refreshes every second (SHEETS_SYNC_REFRESH_SECONDS=1,
 * standing for its default 60) and each client polls once a second. Both targets are measured in
 * the same run, one after the other, against the same double.
 */

export const CLIENT_COUNTS = [1, 10, 100, 500] as const;
const SIMULATED_MINUTES = 5;
/** Google's quota: read requests per minute per user (the service account is one user). */
export const GOOGLE_READS_PER_MINUTE = 60;

export interface FanInTarget {
  /** Snapshot polls answered during the window. */
  polls: number;
  statuses: Record<string, number>;
  errors: number;
  /** values.batchGet requests received by the double during the window. */
  upstreamReads: number;
  /** Scaled back to real time: one compressed second is one minute. */
  upstreamReadsPerMinute: number;
  exceedsGoogleQuota: boolean;
}

export interface FanInRow {
  clients: number;
  simulatedMinutes: number;
  sheetsSync: FanInTarget;
  naive: FanInTarget;
  /** naive upstream reads ÷ sheets-sync upstream reads. */
  ratio: number;
}

export async function benchFanIn(log: (line: string) => void): Promise<FanInRow[]> {
  const { double, service, tokens, stop } = await startGoogleDemo({ refreshSeconds: 1 });
  try {
    const naive = await startNaiveProxy({ rootUrl: double.rootUrl, sheetId: double.sheetId, accessToken: "test" });
    try {
      const rows: FanInRow[] = [];
      for (const clients of CLIENT_COUNTS) {
        // Reads are told apart by the naive proxy's quotaUser, so sheets-sync's own timer during
        // the naive run (and the reverse) is never counted for the other side.
        const reads = (naive: boolean) =>
          double.requests.filter(
            (request) => request.operation === "batchGet" && (request.query.get("quotaUser") === NAIVE_QUOTA_USER) === naive,
          ).length;
        const measure = async (url: string, isNaive: boolean): Promise<FanInTarget> => {
          const before = reads(isNaive);
          const result = await runLoad({
            url,
            connections: clients,
            seconds: SIMULATED_MINUTES,
            perConnectionRate: 1,
            client: (i) => snapshotPoller(tokens[i % tokens.length]!),
          });
          // The naive proxy's reads for polls still in flight when the window closed were asked
          // for in the window: let them land. (sheets-sync's reads follow its timer, not the polls.)
          for (let waited = 0; isNaive && naive.inFlight() > 0 && waited < 10_000; waited += 20) {
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          const upstreamReads = reads(isNaive) - before;
          const upstreamReadsPerMinute = upstreamReads / SIMULATED_MINUTES;
          return {
            polls: result.answers,
            statuses: result.statuses,
            errors: result.errors + result.timeouts,
            upstreamReads,
            upstreamReadsPerMinute,
            exceedsGoogleQuota: upstreamReadsPerMinute > GOOGLE_READS_PER_MINUTE,
          };
        };
        const sheetsSync = await measure(service.url, false);
        const naiveResult = await measure(naive.url, true);
        const row = {
          clients,
          simulatedMinutes: SIMULATED_MINUTES,
          sheetsSync,
          naive: naiveResult,
          ratio: naiveResult.upstreamReads / Math.max(1, sheetsSync.upstreamReads),
        };
        log(
          `  fan-in ${clients} clients: sheets-sync ${sheetsSync.upstreamReads} reads for ${sheetsSync.polls} polls, naive ${naiveResult.upstreamReads} reads for ${naiveResult.polls} polls`,
        );
        rows.push(row);
      }
      return rows;
    } finally {
      await naive.close();
    }
  } finally {
    await stop();
  }
}
