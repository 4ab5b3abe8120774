import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { applySnapshotDelta, type Snapshot, SnapshotDeltaSchema, SnapshotSchema } from "@rete-urp/shared";
import { describe, expect, test } from "vitest";
import { eventually } from "../support/sheets-sync.ts";
import { type ApiHarness, apiEachTest, COORDINATOR, LUGO_REFERENT, postJson } from "./api-harness.ts";

/**
 * GET /api/v1/snapshot?since=<version>: the version is the value of an ETag the referent was
 * served; a version the service remembers gets only what changed, anything else well-formed the
 * full snapshot, a malformed one a 400 naming `since`.
 */

let api: ApiHarness;
let token: string;

apiEachTest(async (started) => {
  api = started;
  token = await api.tokenFor(COORDINATOR);
});

const versionOf = (etag: string | null) => /^W\/"(.+)"$/.exec(etag ?? "")?.[1] ?? "";

async function full(as = token): Promise<{ snapshot: Snapshot; version: string; etag: string }> {
  const response = await api.call("/api/v1/snapshot", { token: as });
  expect(response.status).toBe(200);
  const etag = response.headers.get("etag")!;
  return { snapshot: SnapshotSchema.parse(await response.json()), version: versionOf(etag), etag };
}

async function addPracticeAndWait(version: string, title = "Nuova prassi"): Promise<string> {
  const id = randomUUID();
  expect((await api.call("/api/v1/practices", postJson({ id, title, url: "https://example.it/nuova" }, token))).status).toBe(201);
  await eventually(async () => (await full()).version !== version, 5000, "a new version");
  return id;
}

describe("snapshot deltas", () => {
  test("a version the service remembers gets a delta: applied to the snapshot of that version it gives the full snapshot, order included", async () => {
    const before = await full();
    const id = await addPracticeAndWait(before.version);
    const response = await api.call(`/api/v1/snapshot?since=${before.version}`, { token });
    expect(response.status).toBe(200);
    const delta = SnapshotDeltaSchema.parse(await response.json());
    const after = await full();
    expect(delta.since).toBe(before.version);
    expect(delta.version).toBe(after.version);
    expect(response.headers.get("etag")).toBe(after.etag);
    expect(applySnapshotDelta(before.snapshot, delta)).toEqual(after.snapshot);
    // The new practice leads, as in the full snapshot (newest first).
    expect(after.snapshot.practices[0]!.id).toBe(id);
  });

  test("after one new practice the delta is that practice and its place: a few hundred bytes against the whole snapshot", async () => {
    const before = await full();
    await addPracticeAndWait(before.version, "Sportello unico per le imprese");
    const response = await api.call(`/api/v1/snapshot?since=${before.version}`, { token });
    const text = await response.text();
    const delta = SnapshotDeltaSchema.parse(JSON.parse(text));
    expect(Object.keys(delta.changes)).toEqual(["practices"]);
    expect(delta.changes.practices?.upsert).toHaveLength(1);
    expect(delta.changes.practices?.upsert?.[0]?.at).toBe(0);
    expect(delta.changes.practices?.remove).toBeUndefined();
    expect(delta).not.toHaveProperty("me");
    expect(delta).not.toHaveProperty("settings");
    expect(delta).not.toHaveProperty("nextMeeting");
    const row = JSON.stringify(delta.changes.practices!.upsert![0]!.record);
    const fullBody = JSON.stringify((await full()).snapshot);
    // The practice itself and an envelope of versions, its place, the list's check, generatedAt.
    expect(Buffer.byteLength(text)).toBeLessThan(Buffer.byteLength(row) + 300);
    expect(Buffer.byteLength(text) * 10).toBeLessThan(Buffer.byteLength(fullBody));
    expect(gzipSync(text).length).toBeLessThan(2 * gzipSync(row).length);
  });

  test("If-None-Match with the current ETag is still a 304, with or without since", async () => {
    const { etag, version } = await full();
    for (const path of ["/api/v1/snapshot", `/api/v1/snapshot?since=${version}`, "/api/v1/snapshot?since=sconosciuta"]) {
      const response = await api.call(path, { token, headers: { "if-none-match": etag } });
      expect(response.status).toBe(304);
      expect(await response.text()).toBe("");
    }
  });

  test("since the current version, without If-None-Match: an empty delta", async () => {
    const { version, snapshot } = await full();
    const delta = SnapshotDeltaSchema.parse(await (await api.call(`/api/v1/snapshot?since=${version}`, { token })).json());
    expect(delta).toEqual({ version, since: version, changes: {}, generatedAt: snapshot.generatedAt, stale: false });
  });

  test("a well-formed version the service does not know (forgotten, another referent's, before a restart) gets the full snapshot", async () => {
    const mine = await full();
    const lugo = await api.tokenFor(LUGO_REFERENT);
    for (const since of ["AAAAAAAAAAAAAAAAAAAAAAAAAAA", mine.version]) {
      const response = await api.call(`/api/v1/snapshot?since=${since}`, { token: lugo });
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body).not.toHaveProperty("since");
      // Lugo's own snapshot: its `me`, its ente's publications; never the coordinator's.
      expect(SnapshotSchema.parse(body)).toEqual((await full(lugo)).snapshot);
      expect(SnapshotSchema.parse(body).me.email).toBe(LUGO_REFERENT);
    }
  });

  test("a since that is no version at all is a 400 naming since", async () => {
    for (const since of ['W/"abc"', "", "a b", "x".repeat(65), "../../etc"]) {
      const response = await api.call(`/api/v1/snapshot?since=${encodeURIComponent(since)}`, { token });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; fields: Record<string, string> } };
      expect(body.error.code).toBe("invalid_request");
      expect(Object.keys(body.error.fields)).toEqual(["since"]);
    }
  });

  test("each referent's delta is theirs: their own version, their me, their ente's publications", async () => {
    const lugo = await api.tokenFor(LUGO_REFERENT);
    const lugoBefore = await full(lugo);
    const coordinatorBefore = await full();
    await addPracticeAndWait(coordinatorBefore.version);
    await eventually(async () => (await full(lugo)).version !== lugoBefore.version, 5000, "Lugo's new version");
    const lugoDelta = SnapshotDeltaSchema.parse(
      await (await api.call(`/api/v1/snapshot?since=${lugoBefore.version}`, { token: lugo })).json(),
    );
    expect(applySnapshotDelta(lugoBefore.snapshot, lugoDelta)).toEqual((await full(lugo)).snapshot);
    // The coordinator's version is not Lugo's: full snapshot, not a delta.
    const crossed = await (await api.call(`/api/v1/snapshot?since=${coordinatorBefore.version}`, { token: lugo })).json();
    expect(crossed).not.toHaveProperty("since");
  });
});
