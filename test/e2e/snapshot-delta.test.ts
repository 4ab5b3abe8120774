import { randomUUID } from "node:crypto";
import { createServer, request as forward } from "node:http";
import type { AddressInfo } from "node:net";
import { SnapshotSchema } from "@rete-urp/shared";
import { expect } from "vitest";
import { startService } from "../support/sheets-sync.ts";
import { cachedSnapshot } from "./support/browser.ts";
import { extensionTest, type LiveService } from "./support/extension-test.ts";
import { reopenUntil } from "./support/reopen.ts";

const test = extensionTest();

/**
 * The built extension against sheets-sync through a proxy that writes down every snapshot
 * request: once it has a snapshot, the extension asks with `?since=` and gets a delta, and what it
 * caches is exactly the service's full snapshot.
 */

interface Logged {
  path: string;
  status: number;
  delta: boolean;
  bytes: number;
}
const logged: Logged[] = [];

test.override("service", async ({ workspace }, { onCleanup }): Promise<LiveService> => {
  const service = await startService({ workbook: workspace.workbook, stateDir: workspace.stateDir });
  const direct = service.url;
  const proxy = createServer((incoming, outgoing) => {
    const upstream = forward(
      `${direct}${incoming.url}`,
      { method: incoming.method, headers: { ...incoming.headers, "accept-encoding": "identity" } },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          const body = Buffer.concat(chunks);
          // GETs only: the browser's CORS preflights (OPTIONS, 204) are not downloads.
          if (incoming.method === "GET" && incoming.url?.startsWith("/api/v1/snapshot")) {
            const text = body.toString("utf8");
            logged.push({ path: incoming.url, status: answer.statusCode!, delta: text.includes('"since":'), bytes: body.length });
          }
          outgoing.writeHead(answer.statusCode!, answer.headers);
          outgoing.end(body);
        });
      },
    );
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  onCleanup(async () => {
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
    await service.stop();
  });
  const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  return Object.assign(service, { token: workspace.token, url });
});

test("after one new practice the extension downloads a delta, and caches exactly the service's snapshot", async ({
  service,
  browser,
  popup: page,
}) => {
  await page.getByTestId("updated-at").waitFor();
  // The options page's check of the token and the first refresh: full snapshots, with no version to start from.
  await expect.poll(() => logged.filter((entry) => entry.status === 200 && !entry.delta).length).toBe(2);
  const fulls = logged.length;

  const id = randomUUID();
  const title = "Sportello unico per le imprese: prenotazione online";
  const posted = await fetch(`${service.url}/api/v1/practices`, {
    method: "POST",
    headers: { authorization: `Bearer ${service.token}`, "content-type": "application/json" },
    body: JSON.stringify({ id, title }),
  });
  expect(posted.status).toBe(201);
  const cachedIds = async () => SnapshotSchema.parse((await cachedSnapshot(browser))?.snapshot).practices.map((p) => p.id);
  await reopenUntil(page, async () => (await cachedIds()).includes(id), "the new practice in the cache");

  const deltas = logged.filter((entry) => entry.path.includes("since=") && entry.status === 200 && entry.delta);
  expect(deltas.length).toBeGreaterThan(0);
  expect(Math.max(...deltas.map((entry) => entry.bytes))).toBeLessThan(2048);
  // No full snapshot since: every later answer was a delta or a 304.
  expect(logged.slice(fulls).filter((entry) => entry.status === 200 && !entry.delta)).toEqual([]);

  const full = await fetch(`${service.url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${service.token}` } });
  const cached = await cachedSnapshot(browser);
  if (!cached) throw new Error("no snapshot cached");
  expect(cached.etag).toBe(full.headers.get("etag"));
  expect(SnapshotSchema.parse(cached.snapshot)).toEqual(SnapshotSchema.parse(await full.json()));
  expect((await cachedIds())[0]).toBe(id);
});
