import { randomUUID } from "node:crypto";
import autocannon from "autocannon";

/**
 * Load generation, shared by the bench and the load test: autocannon drives the connections
 * (one connection = one simulated extension), and we record every answer's status and latency
 * ourselves, from its `response` event, so that 304s and 200s get their own percentiles at
 * sub-millisecond resolution. (autocannon's own histogram mixes them, in whole milliseconds, and
 * with a connection rate it "corrects" for coordinated omission with a 1 ms expected interval,
 * which inflates every latency above 1 ms.)
 */

export interface Percentiles {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export interface LoadResult {
  seconds: number;
  /** Answers received (any status). */
  answers: number;
  /** Answers per second over the run. */
  rps: number;
  statuses: Record<string, number>;
  /** Connection errors and timeouts: never expected on loopback. */
  errors: number;
  timeouts: number;
  latencyMs: Percentiles;
  latencyMsByStatus: Record<string, Percentiles>;
}

export interface LoadOptions {
  /** Base URL of the service: http://127.0.0.1:PORT */
  url: string;
  connections: number;
  seconds: number;
  /** Requests per second per connection; omitted = the next request as soon as the answer is in. */
  perConnectionRate?: number;
  /** The requests of the i-th connection, cycled; each connection keeps its own state in them. */
  client: (index: number) => autocannon.Request[];
  /** Stop after this many answers instead of after `seconds`. */
  amount?: number;
  /** Seconds before a request counts as a timeout (default 10). */
  timeoutSeconds?: number;
}

export function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { count: 0, p50: 0, p99: 0, max: 0 };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1]! };
}

export function median(values: number[]): number {
  return percentiles(values).p50;
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const byStatus = new Map<number, number[]>();
  let next = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.seconds,
        timeout: options.timeoutSeconds ?? 10,
        ...(options.perConnectionRate ? { connectionRate: options.perConnectionRate } : {}),
        ...(options.amount ? { amount: options.amount } : {}),
        setupClient: (client) => client.setRequests(options.client(next++)),
      },
      (error, result) => {
        if (error) return reject(error);
        const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
        const statuses: Record<string, number> = {};
        const latencyMsByStatus: Record<string, Percentiles> = {};
        for (const [status, values] of [...byStatus].sort(([a], [b]) => a - b)) {
          statuses[status] = values.length;
          latencyMsByStatus[status] = percentiles(values);
        }
        resolve({
          seconds,
          answers: latencies.length,
          rps: latencies.length / seconds,
          statuses,
          errors: result.errors - result.timeouts,
          timeouts: result.timeouts,
          latencyMs: percentiles(latencies),
          latencyMsByStatus,
        });
      },
    );
    instance.on("response", (_client, status, _bytes, ms) => {
      latencies.push(ms);
      const list = byStatus.get(status) ?? [];
      byStatus.set(status, list);
      list.push(ms);
    });
  });
}

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? String(value[0]) : String(value);
  }
  return undefined;
}

/**
 * One extension polling the snapshot the way the real one does on its alarm: with its own token,
 * sending back the ETag of the last 200 as If-None-Match.
 */
export function snapshotPoller(token: string, path = "/api/v1/snapshot"): autocannon.Request[] {
  let etag: string | undefined;
  return [
    {
      method: "GET",
      path,
      setupRequest: (request) => ({
        ...request,
        headers: { authorization: `Bearer ${token}`, ...(etag ? { "if-none-match": etag } : {}) },
      }),
      onResponse: (status, _body, _context, headers) => {
        const tag = header(headers as Record<string, unknown>, "etag");
        if (status === 200 && tag) etag = tag;
      },
    },
  ];
}

/**
 * A client that always sends the same If-None-Match (304 runs), or none at all (200 runs): the
 * steady states of the popup's revalidation, measured apart.
 */
export function fixedSnapshotClient(token: string, ifNoneMatch?: string): autocannon.Request[] {
  return [
    {
      method: "GET",
      path: "/api/v1/snapshot",
      headers: { authorization: `Bearer ${token}`, ...(ifNoneMatch ? { "if-none-match": ifNoneMatch } : {}) },
    },
  ];
}

export interface AddRecord {
  id: string;
  /** False for the first attempt, true for a retry of the same UUID (what the outbox does). */
  retry: boolean;
  status: number;
}

/**
 * One extension adding practices: a fresh UUID each time, and every `retryEvery`-th request the
 * previous UUID again, as the outbox does when an answer was lost. Every answer is recorded.
 */
export function practiceAdder(token: string, records: AddRecord[], { retryEvery = 4, label = "carico" } = {}): autocannon.Request[] {
  let last: string | undefined;
  let sent = 0;
  let pending: { id: string; retry: boolean } | undefined;
  return [
    {
      method: "POST",
      path: "/api/v1/practices",
      setupRequest: (request) => {
        sent++;
        const retry = last !== undefined && sent % retryEvery === 0;
        const id = retry ? last! : randomUUID();
        pending = { id, retry };
        last = id;
        const body = JSON.stringify({
          id,
          title: `Prassi di ${label} ${id.slice(0, 8)}`,
          url: `https://www.example.it/prassi/${id}`,
          description: "Aggiunta durante la prova di carico.",
          tags: ["carico"],
        });
        return { ...request, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body };
      },
      onResponse: (status) => {
        if (pending) records.push({ ...pending, status });
        pending = undefined;
      },
    },
  ];
}
