import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { quoteTab, TAB_NAMES } from "@rete-urp/shared";

/**
 * What "sheet as an API" services do without a cache: every request to the snapshot reads the
 * sheet (one values.batchGet of the four tabs), then answers. It even honours If-None-Match, but
 * it has to read the sheet to know the ETag, so a 304 costs the same upstream read as a 200.
 * The comparison point for sheets-sync's single-flight cache in the fan-in bench.
 */

export const NAIVE_QUOTA_USER = "naive-proxy";

export interface NaiveProxy {
  url: string;
  /** Requests still waiting for their upstream read. */
  inFlight(): number;
  close(): Promise<void>;
}

export async function startNaiveProxy(options: { rootUrl: string; sheetId: string; accessToken: string }): Promise<NaiveProxy> {
  // quotaUser (a standard Google API parameter) tells the double's log which reads are ours.
  const query = new URLSearchParams({
    valueRenderOption: "UNFORMATTED_VALUE",
    dateTimeRenderOption: "SERIAL_NUMBER",
    quotaUser: NAIVE_QUOTA_USER,
  });
  for (const tab of TAB_NAMES) query.append("ranges", quoteTab(tab));
  const batchGet = `${options.rootUrl}v4/spreadsheets/${encodeURIComponent(options.sheetId)}/values:batchGet?${query}`;

  let inFlight = 0;
  const server: Server = createServer((request, response) => {
    inFlight++;
    void (async () => {
      try {
        const upstream = await fetch(batchGet, { headers: { authorization: `Bearer ${options.accessToken}` } });
        const body = await upstream.text();
        if (!upstream.ok) {
          response.writeHead(502, { "content-type": "application/json" }).end(body);
          return;
        }
        const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
        if (request.headers["if-none-match"] === etag) {
          response.writeHead(304, { etag }).end();
          return;
        }
        response.writeHead(200, { "content-type": "application/json", etag }).end(body);
      } catch (error) {
        response.writeHead(502, { "content-type": "text/plain" }).end(String(error));
      } finally {
        inFlight--;
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    inFlight: () => inFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
