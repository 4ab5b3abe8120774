import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { request } from "node:http";
import { gunzipSync, gzipSync } from "node:zlib";
import { applySnapshotDelta, SnapshotDeltaSchema, SnapshotSchema } from "@rete-urp/shared";
import { startService, tempWorkspace } from "../test/support/sheets-sync.ts";
import { createTokens, demoEmails, writeWorkbook } from "./lib/fixtures.ts";

/**
 * One change → the bytes one polling extension downloads (issue 14), at 10 000 practices: a
 * referent adds a practice through the API, and an extension that cached the snapshot before it
 * polls as the extension does (If-None-Match with its ETag, Accept-Encoding gzip), once without a
 * version (the full snapshot, as before deltas) and once with `?since=<version>` (the delta). We
 * count the body's bytes as they come off the socket (gzipped when the service gzips), and the
 * headers apart. The floor is the changed row's own size: the new practice as the snapshot
 * serves it, as JSON, gzipped. The delta is checked too: applied to the cached snapshot it gives
 * the full one.
 */

export const DELTA_PRACTICES = 10_000;
export const DELTA_GOAL = 2;

export interface DeltaBytesReport {
  practices: number;
  /** The full snapshot's body on the wire (gzip) and its JSON. */
  fullBytes: number;
  fullJsonBytes: number;
  /** The delta's body on the wire (gzipped only when that is smaller). */
  deltaBytes: number;
  deltaJsonBytes: number;
  /** Response headers, the same order of size for both (and for a 304). */
  deltaHeaderBytes: number;
  notModifiedBytes: number;
  /** The new practice as JSON, gzipped: the floor. */
  floorBytes: number;
  deltaOverFloor: number;
  fullOverFloor: number;
  appliedEqualsFull: boolean;
  pass: boolean;
}

interface WireAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  headerBytes: number;
  bodyBytes: number;
  json: unknown;
}

/** GET as the extension sends it, counting the bytes that come off the socket. */
function get(url: string, headers: Record<string, string>): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { "accept-encoding": "gzip, deflate, br", ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        const text = (res.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
        // Status line and header lines as sent (HTTP/1.1), CRLFs included.
        const headerBytes =
          `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`.length +
          res.rawHeaders.reduce((sum, value, i) => sum + value.length + (i % 2 === 0 ? 2 : 2), 0) +
          2;
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          headerBytes,
          bodyBytes: raw.length,
          json: text ? JSON.parse(text) : undefined,
        });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

export async function benchDeltaBytes(log: (line: string) => void): Promise<DeltaBytesReport> {
  const ws = await tempWorkspace();
  try {
    await writeWorkbook(ws.workbook, DELTA_PRACTICES);
    const [poller, author] = await createTokens(ws.stateDir, demoEmails().slice(0, 2));
    const service = await startService({ workbook: ws.workbook, stateDir: ws.stateDir, env: { SHEETS_SYNC_REFRESH_SECONDS: "60" } });
    try {
      const url = `${service.url}/api/v1/snapshot`;
      const auth = { authorization: `Bearer ${poller}` };
      const before = await get(url, auth);
      const etag = String(before.headers.etag);
      const version = /^W\/"(.+)"$/.exec(etag)![1]!;
      const cached = SnapshotSchema.parse(before.json);
      const notModified = await get(url, { ...auth, "if-none-match": etag });
      if (notModified.status !== 304) throw new Error(`expected a 304, got ${notModified.status}`);

      // The one change: a colleague adds a practice.
      const id = randomUUID();
      const posted = await fetch(`${service.url}/api/v1/practices`, {
        method: "POST",
        headers: { authorization: `Bearer ${author}`, "content-type": "application/json" },
        body: JSON.stringify({
          id,
          title: "Sportello unico per le imprese: prenotazione online",
          url: "https://www.comune.lugo.ra.it/suap/prenotazioni",
          excerpt: "Le imprese prenotano l'appuntamento allo sportello da casa, con SPID.",
          tags: ["sportello", "SPID"],
        }),
      });
      if (posted.status !== 201 && posted.status !== 202) throw new Error(`POST /practices answered ${posted.status}`);
      const deadline = Date.now() + 30_000;
      while ((await get(url, { ...auth, "if-none-match": etag })).status === 304) {
        if (Date.now() > deadline) throw new Error("the new practice never reached the snapshot");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      const full = await get(url, { ...auth, "if-none-match": etag });
      const delta = await get(`${url}?since=${version}`, { ...auth, "if-none-match": etag });
      const fullSnapshot = SnapshotSchema.parse(full.json);
      const parsedDelta = SnapshotDeltaSchema.parse(delta.json);
      const added = fullSnapshot.practices.find((practice) => practice.id === id);
      if (!added) throw new Error("the new practice is not in the full snapshot");
      const floorBytes = gzipSync(JSON.stringify(added), { level: 9 }).length;
      const report: DeltaBytesReport = {
        practices: DELTA_PRACTICES,
        fullBytes: full.bodyBytes,
        fullJsonBytes: Buffer.byteLength(JSON.stringify(full.json)),
        deltaBytes: delta.bodyBytes,
        deltaJsonBytes: Buffer.byteLength(JSON.stringify(delta.json)),
        deltaHeaderBytes: delta.headerBytes,
        notModifiedBytes: notModified.headerBytes,
        floorBytes,
        deltaOverFloor: delta.bodyBytes / floorBytes,
        fullOverFloor: full.bodyBytes / floorBytes,
        appliedEqualsFull: JSON.stringify(applySnapshotDelta(cached, parsedDelta)) === JSON.stringify(fullSnapshot),
        pass: delta.bodyBytes / floorBytes <= DELTA_GOAL,
      };
      if (!report.appliedEqualsFull) throw new Error("the delta applied to the cached snapshot is not the full snapshot");
      log(`  delta bytes: full ${report.fullBytes} B, delta ${report.deltaBytes} B, floor ${report.floorBytes} B`);
      return report;
    } finally {
      await service.stop();
    }
  } finally {
    await rm(ws.dir, { recursive: true, force: true });
  }
}
