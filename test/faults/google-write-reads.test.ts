import { randomUUID } from "node:crypto";
import { applySnapshotDelta, SnapshotDeltaSchema, SnapshotSchema } from "@rete-urp/shared";
import { afterEach, beforeEach, expect, test } from "vitest";
import { insertsRows } from "../support/google-requests.ts";
import { type GoogleWorkspace, googleDemoWorkspace } from "../support/google-workspace.ts";
import { eventually, type RunningService } from "../support/sheets-sync.ts";

/**
 * The real sheets-sync on the Google store, its periodic refresh an hour away: a delivered batch
 * of writes costs one values read at the Sheets double, the refresh included, and the rows are in
 * the snapshot when the POST answers; the next refresh reads the sheet again, hand edits and all.
 */

let gw: GoogleWorkspace;
let service: RunningService;

beforeEach(async () => {
  gw = await googleDemoWorkspace();
});
afterEach(async () => {
  await gw.close();
});

const auth = () => ({ authorization: `Bearer ${gw.token}` });
const valueReads = () => gw.double.count("valuesGet") + gw.double.count("batchGet");
const snapshot = async () => SnapshotSchema.parse(await (await fetch(`${service.url}/api/v1/snapshot`, { headers: auth() })).json());
const post = (id: string, title: string) =>
  fetch(`${service.url}/api/v1/practices`, {
    method: "POST",
    headers: { ...auth(), "content-type": "application/json" },
    body: JSON.stringify({ id, title }),
  });

test("a delivered write costs one values read, refresh included, and is in the next snapshot; a delta from before has it", async () => {
  service = await gw.start({ SHEETS_SYNC_REFRESH_SECONDS: "3600" });
  const before = await fetch(`${service.url}/api/v1/snapshot`, { headers: auth() });
  const version = /^W\/"(.+)"$/.exec(before.headers.get("etag") ?? "")![1]!;
  const cached = SnapshotSchema.parse(await before.json());
  const reads = valueReads();
  const appends = gw.double.requests.filter(insertsRows).length;

  const id = randomUUID();
  expect((await post(id, "Scritta con una sola lettura")).status).toBe(201);
  // Told 201: the row is served already, no read of the sheet after the write.
  expect((await snapshot()).practices[0]?.id).toBe(id);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(gw.double.requests.filter(insertsRows).length - appends).toBe(1);
  expect(valueReads() - reads).toBe(1);
  // The row sits in the sheet once, and a delta from before the write brings it.
  expect(gw.double.values("Buone prassi").filter((row) => row[0] === id)).toHaveLength(1);
  const delta = SnapshotDeltaSchema.parse(
    await (await fetch(`${service.url}/api/v1/snapshot?since=${version}`, { headers: auth() })).json(),
  );
  expect(applySnapshotDelta(cached, delta)).toEqual(await snapshot());

  // The same UUID again: found by the writer's read, not written twice.
  expect((await post(id, "Scritta con una sola lettura")).status).toBe(200);
  expect(gw.double.values("Buone prassi").filter((row) => row[0] === id)).toHaveLength(1);
});

test("the next refresh is the sheet's word: a row edited and one deleted by hand after the write", async () => {
  service = await gw.start({ SHEETS_SYNC_REFRESH_SECONDS: "2" });
  const id = randomUUID();
  expect((await post(id, "Titolo scritto dal servizio")).status).toBe(201);
  const grid = gw.double.values("Buone prassi");
  const titleColumn = grid[0]!.indexOf("Titolo");
  const row = grid.findIndex((cells) => cells[0] === id);
  const edited = grid.map((cells, r) => (r === row ? cells.map((cell, c) => (c === titleColumn ? "Corretto a mano" : cell)) : cells));
  const deletedId = edited[1]![0];
  gw.double.setGrid(
    "Buone prassi",
    edited.filter((_, r) => r !== 1),
  );
  await eventually(async () => (await snapshot()).practices.find((p) => p.id === id)?.title === "Corretto a mano", 10_000, "the hand edit");
  expect((await snapshot()).practices.some((p) => p.id === deletedId)).toBe(false);
});
