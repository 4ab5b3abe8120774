import { expect, test, vi } from "vitest";
import { serveSubmissions } from "../../features/serve-submissions";
import { readOutbox, readSyncStatus } from "../../lib/storage";
import type { ChromeStub } from "../../testing/chrome-stub";
import { storageContents } from "../../testing/chrome-stub";
import { configureService, fakeService } from "../../testing/fake-service";
import { publish } from "./publish";

const tari = ["pub-tari-2026", "Avviso TARI: nuove scadenze di pagamento"] as const;

test("publish() of an address that is not http(s) is undefined, as before: the worker's schema refused it, nothing is stored", async () => {
  serveSubmissions();
  await configureService();
  const { requests } = fakeService(() => ({ status: 201 }));
  expect(await publish(...tari, "www.comune.lugo.ra.it/tari-2026")).toBeUndefined();
  expect(requests).toEqual([]);
  expect(await readOutbox()).toEqual([]);
});

test("publish() of a page's address goes through the worker's outbox and answers what became of it", async () => {
  serveSubmissions();
  await configureService();
  const { requests } = fakeService((request) => (request.path === "/snapshot" ? { status: 304 } : { status: 201 }));
  expect(await publish(...tari, "https://www.comune.lugo.ra.it/tari-2026")).toEqual({ kind: "delivered" });
  expect(requests[0]).toMatchObject({ method: "POST", path: "/publications/pub-tari-2026/published" });
  // The refresh that follows a delivery is not awaited: let it end in this test.
  await vi.waitFor(async () => expect((await readSyncStatus()).lastAttemptAt).not.toBeNull());
});

test("publish() with no worker to answer says not sent, never queued, and nothing is stored", async () => {
  (globalThis.chrome as unknown as ChromeStub).reset();
  expect(await publish(...tari, "https://www.comune.lugo.ra.it/tari-2026")).toMatchObject({ kind: "not_sent" });
  expect(await storageContents()).toEqual({});
});
