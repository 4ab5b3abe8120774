import { type Practice, type PracticeInput, type Snapshot, snapshotDelta } from "@rete-urp/shared";
import { expect, test, vi } from "vitest";
import { readCachedSnapshot, readOutbox, readSyncStatus, writeCachedSnapshot, writeOutboxItem } from "../lib/storage";
import { recordStorageReads } from "../testing/chrome-stub";
import { configureService, fakeService, lugoSnapshot, type ServiceAnswer, type ServiceRequest } from "../testing/fake-service";
import { flushOutbox } from "./outbox";
import { refresh, serveRefreshes } from "./refresh";
import { refreshOnce, versionOf } from "./refresh-here";

const practice = (id: string, date: string, title: string): Practice => ({
  id,
  date,
  title,
  description: "",
  url: `https://example.it/${id}`,
  excerpt: "",
  tags: [],
  ente: "Lugo",
  author: "Marco Ricci",
  authorEmail: "marco.ricci@lugo.esempio.it",
});

/** What the service had at version v1, and has now at v2: a practice added, newest first. */
function versions(): { v1: Snapshot; v2: Snapshot } {
  const v1 = lugoSnapshot();
  const added = practice("p-nuova", "2026-11-10", "Sportello unico per le imprese");
  return { v1, v2: { ...v1, practices: [added, ...v1.practices], generatedAt: "2026-11-10T09:00:00.000Z" } };
}

function serve(answer: (request: ServiceRequest) => ServiceAnswer) {
  return fakeService((request) => (request.path === "/snapshot" ? answer(request) : { status: 404 }));
}

test("a cached snapshot asks for what changed since its version, and the delta applied gives the service's snapshot", async () => {
  await configureService();
  const { v1, v2 } = versions();
  await writeCachedSnapshot({ snapshot: v1, etag: 'W/"v1"' });
  const { requests } = serve((request) =>
    request.query.get("since") === "v1"
      ? { status: 200, body: snapshotDelta(v1, v2, { since: "v1", version: "v2" }), headers: { ETag: 'W/"v2"' } }
      : { status: 500 },
  );
  expect((await refresh()).error).toBeNull();
  expect(requests).toHaveLength(1);
  expect(requests[0]!.headers.get("If-None-Match")).toBe('W/"v1"');
  expect(await readCachedSnapshot()).toEqual({ snapshot: v2, etag: 'W/"v2"' });
});

test("unchanged: a 304 keeps the cache", async () => {
  await configureService();
  const { v1 } = versions();
  await writeCachedSnapshot({ snapshot: v1, etag: 'W/"v1"' });
  serve(() => ({ status: 304 }));
  expect((await refresh()).error).toBeNull();
  expect(await readCachedSnapshot()).toEqual({ snapshot: v1, etag: 'W/"v1"' });
});

test("a 304 reads no practices: only the head's ETag, however many practices are cached", async () => {
  await configureService();
  const { v1 } = versions();
  await writeCachedSnapshot({ snapshot: v1, etag: 'W/"v1"' });
  const reads = recordStorageReads();
  try {
    serve(() => ({ status: 304 }));
    expect((await refresh()).error).toBeNull();
  } finally {
    reads.stop();
  }
  expect(reads.keys).toContain("cache:snapshot");
  expect(reads.keys).not.toContain("cache:practices");
  expect(reads.keys).not.toContain("everything");
});

test("a head cached without its practices is no cache: no If-None-Match, the whole snapshot", async () => {
  await configureService();
  const { v1, v2 } = versions();
  await writeCachedSnapshot({ snapshot: v1, etag: 'W/"v1"' });
  await chrome.storage.local.remove("cache:practices");
  const { requests } = serve(() => ({ status: 200, body: v2, headers: { ETag: 'W/"v2"' } }));
  expect((await refresh()).error).toBeNull();
  expect(requests[0]!.headers.get("If-None-Match")).toBeNull();
  expect(requests[0]!.query.get("since")).toBeNull();
  expect(await readCachedSnapshot()).toEqual({ snapshot: v2, etag: 'W/"v2"' });
});

test("a delta made from another version is not applied: the full snapshot replaces the cache", async () => {
  await configureService();
  const { v1, v2 } = versions();
  await writeCachedSnapshot({ snapshot: v1, etag: 'W/"v1"' });
  const { requests } = serve((request) =>
    request.query.has("since")
      ? { status: 200, body: snapshotDelta(v1, v2, { since: "v0", version: "v2" }), headers: { ETag: 'W/"v2"' } }
      : { status: 200, body: v2, headers: { ETag: 'W/"v2"' } },
  );
  await refresh();
  expect(requests.map((request) => request.query.get("since"))).toEqual(["v1", null]);
  expect(requests[1]!.headers.get("If-None-Match")).toBeNull();
  expect(await readCachedSnapshot()).toEqual({ snapshot: v2, etag: 'W/"v2"' });
});

test("a cached snapshot that is not the version's (a practice the outbox showed before the service had it) takes the full snapshot, never a wrong list", async () => {
  await configureService();
  const { v1, v2 } = versions();
  const guessed = { ...v1, practices: [practice("p-mia", "2026-11-09", "La mia, non ancora nel foglio"), ...v1.practices] };
  await writeCachedSnapshot({ snapshot: guessed, etag: 'W/"v1"' });
  const { requests } = serve((request) =>
    request.query.has("since")
      ? { status: 200, body: snapshotDelta(v1, v2, { since: "v1", version: "v2" }), headers: { ETag: 'W/"v2"' } }
      : { status: 200, body: v2, headers: { ETag: 'W/"v2"' } },
  );
  await refresh();
  expect(requests).toHaveLength(2);
  expect(await readCachedSnapshot()).toEqual({ snapshot: v2, etag: 'W/"v2"' });
});

test("no cache, or an ETag the service did not expose: no since, the full snapshot; a full snapshot in answer to since is read as full", async () => {
  await configureService();
  const { v1, v2 } = versions();
  const { requests } = serve(() => ({ status: 200, body: v1, headers: { ETag: 'W/"v1"' } }));
  await refresh();
  expect(requests[0]!.query.has("since")).toBe(false);
  expect(await readCachedSnapshot()).toEqual({ snapshot: v1, etag: 'W/"v1"' });

  await writeCachedSnapshot({ snapshot: v1, etag: "" });
  const hidden = serve(() => ({ status: 200, body: v2 }));
  await refresh();
  expect(hidden.requests[0]!.query.has("since")).toBe(false);

  await writeCachedSnapshot({ snapshot: v1, etag: 'W/"v1"' });
  serve(() => ({ status: 200, body: v2, headers: { ETag: 'W/"v2"' } }));
  await refresh();
  expect(await readCachedSnapshot()).toEqual({ snapshot: v2, etag: 'W/"v2"' });
});

test("a delta that is not one (garbage with since and changes) is a bad answer: the cache stays, the status says why", async () => {
  await configureService();
  const { v1 } = versions();
  await writeCachedSnapshot({ snapshot: v1, etag: 'W/"v1"' });
  serve(() => ({ status: 200, body: { since: "v1", changes: { practices: { upsert: [{ at: -1 }] } } } }));
  expect((await refresh()).error?.code).toBe("bad_response");
  expect(await readCachedSnapshot()).toEqual({ snapshot: v1, etag: 'W/"v1"' });
  expect((await readSyncStatus()).error?.code).toBe("bad_response");
});

test("versionOf() reads the ETag's value, and nothing the service would not have made", () => {
  expect(versionOf('W/"abc_-9"')).toBe("abc_-9");
  expect(versionOf('"abc"')).toBe("abc");
  expect(versionOf("")).toBe("");
  expect(versionOf('W/"a b"')).toBe("");
  expect(versionOf("abc")).toBe("");
});

test("a page (the popup) does not refresh itself: it asks the background worker, which refreshes once however many ask", async () => {
  await configureService();
  const { v1 } = versions();
  const { requests } = serve(() => ({ status: 200, body: v1, headers: { ETag: 'W/"v1"' } }));
  // The popup's own copy of the modules, with no refresh of its own (the worker's is this test's).
  vi.resetModules();
  const page = await import("./refresh");
  const statuses = await Promise.all([page.refresh(), page.refresh(), refresh()]);
  expect(statuses.map((status) => status.error)).toEqual([null, null, null]);
  expect(requests).toHaveLength(1);
  expect(await readCachedSnapshot()).toEqual({ snapshot: v1, etag: 'W/"v1"' });
});

test("a page whose worker does not answer keeps the cache and the status as they were", async () => {
  // A browser where no worker listens (reset forgets the listeners, and everything stored).
  (globalThis.chrome as unknown as { reset(): void }).reset();
  await configureService();
  const { requests } = serve(() => ({ status: 500 }));
  vi.resetModules();
  const page = await import("./refresh");
  expect(await page.refresh()).toEqual({ lastSuccessAt: null, lastAttemptAt: null, error: null });
  expect(requests).toHaveLength(0);
  expect(await readCachedSnapshot()).toBeUndefined();
});

test("a page's refresh sends what waits in the outbox first, in the worker, once however many pages ask at once", async () => {
  // The worker as background/index.ts wires it.
  (globalThis.chrome as unknown as { reset(): void }).reset();
  serveRefreshes(refreshOnce, { flushFirst: flushOutbox });
  await configureService();
  const { v1 } = versions();
  const waiting: PracticeInput = { id: "6f0d3a52-8c1e-4f7b-a9d2-3e5b7c9a1f04", title: "Prenotazioni online allo sportello unico" };
  await writeOutboxItem({ kind: "practice", input: waiting, queuedAt: 1_000, attempts: 0, lastError: null });
  const { requests } = fakeService((request) =>
    request.path === "/snapshot" ? { status: 200, body: v1, headers: { ETag: 'W/"v1"' } } : { status: 201 },
  );
  // Two pages (the popup and the options page, each its own copy of the modules) ask at the same time.
  vi.resetModules();
  const popup = await import("./refresh");
  vi.resetModules();
  const options = await import("./refresh");
  const statuses = await Promise.all([popup.refresh(), options.refresh()]);
  expect(statuses.map((status) => status.error)).toEqual([null, null]);
  expect(requests.filter((request) => request.path === "/practices")).toMatchObject([{ method: "POST", body: waiting }]);
  expect(await readOutbox()).toEqual([]);
  // The refresh the delivery asks for (outbox.ts, showDelivered) does not wait for the flush it is part of.
  await vi.waitFor(() => expect(requests.filter((request) => request.path === "/snapshot").length).toBeGreaterThanOrEqual(1));
  expect(await readCachedSnapshot()).toMatchObject({ etag: 'W/"v1"' });
});

test("the worker's own refreshes (the alarm's sync, the one after a delivery) do not flush: only a page's does", async () => {
  (globalThis.chrome as unknown as { reset(): void }).reset();
  serveRefreshes(refreshOnce, { flushFirst: flushOutbox });
  await configureService();
  const waiting: PracticeInput = { id: "6f0d3a52-8c1e-4f7b-a9d2-3e5b7c9a1f04", title: "Prenotazioni online allo sportello unico" };
  await writeOutboxItem({ kind: "practice", input: waiting, queuedAt: 1_000, attempts: 0, lastError: null });
  const { requests } = serve(() => ({ status: 304 }));
  await refresh();
  expect(requests.map((request) => request.path)).toEqual(["/snapshot"]);
  expect(await readOutbox()).toHaveLength(1);
});
