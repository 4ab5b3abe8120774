import { randomUUID } from "node:crypto";
import { SnapshotSchema } from "@rete-urp/shared";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type GoogleWorkspace, googleDemoWorkspace } from "../support/google-workspace.ts";
import { eventually, type RunningService } from "../support/sheets-sync.ts";

/**
 * The real sheets-sync process on the Google store, with the Sheets double misbehaving: reads
 * stay served (stale), writes are accepted (202) and delivered once Google is back, exactly once;
 * and however many extensions poll, Google is read once per refresh interval.
 */

let gw: GoogleWorkspace;
let service: RunningService;

beforeEach(async () => {
  gw = await googleDemoWorkspace();
  service = await gw.start();
});
afterEach(async () => {
  await gw.close();
});

const auth = () => ({ headers: { authorization: `Bearer ${gw.token}` } });
const snapshot = async () => SnapshotSchema.parse(await (await fetch(`${service.url}/api/v1/snapshot`, auth())).json());
const health = async () => (await fetch(`${service.url}/api/v1/health`)).json();
const post = (body: unknown) =>
  fetch(`${service.url}/api/v1/practices`, {
    method: "POST",
    headers: { ...auth().headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const rowsWithId = (id: string) => gw.double.values("Buone prassi").filter((row) => row[0] === id).length;

describe("sheets-sync on Google through outages", () => {
  test("however many extensions poll, Google is read about once per refresh interval", async () => {
    const readsBefore = gw.double.count("batchGet");
    const started = Date.now();
    // 50 extensions polling every 100 ms for 3 s: 1 500 requests.
    let etag = "";
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (Date.now() - started < 3000) {
          const response = await fetch(`${service.url}/api/v1/snapshot`, {
            headers: { ...auth().headers, ...(etag ? { "if-none-match": etag } : {}) },
          });
          if (![200, 304].includes(response.status)) throw new Error(`${response.status} ${await response.text()}`);
          etag = response.headers.get("etag") ?? etag;
          await response.arrayBuffer();
          await new Promise((r) => setTimeout(r, 100));
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const reads = gw.double.count("batchGet") - readsBefore;
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(reads).toBeLessThanOrEqual(Math.ceil(seconds) + 2);
  });

  test("Google answering 500: snapshot served stale, health degraded, the add is 202 and lands once when Google is back", async () => {
    expect((await snapshot()).stale).toBe(false);
    gw.double.failNext(100_000, { status: 500 });
    await eventually(async () => (await health()).status === "degraded", 10_000, "degraded");
    const stale = await snapshot();
    expect(stale.stale).toBe(true);
    expect(stale.roster.length).toBe(17);
    expect(stale.nextMeeting).not.toBeNull();

    const id = randomUUID();
    const accepted = await post({ id, title: "Scritta durante il guasto" });
    expect(accepted.status).toBe(202);
    expect((await health()).pendingWrites).toBe(1);
    expect((await post({ id, title: "Scritta durante il guasto" })).status).toBe(202);

    gw.double.clearFaults();
    await eventually(() => rowsWithId(id) === 1, 30_000, "the row after the outage");
    await eventually(async () => (await health()).status === "ok", 10_000, "ok again");
    expect(rowsWithId(id)).toBe(1);
    expect((await snapshot()).practices.some((p) => p.id === id)).toBe(true);
    expect((await post({ id, title: "Scritta durante il guasto" })).status).toBe(200);
  });

  test("a 429 storm and hanging calls: nothing lost, nothing doubled", async () => {
    const ids = Array.from({ length: 10 }, () => randomUUID());
    gw.double.failNext(40, { status: 429 });
    const first = await Promise.all(ids.slice(0, 5).map((id) => post({ id, title: `Durante il 429 ${id.slice(0, 4)}` })));
    const statuses = await Promise.all(first.map(async (r) => `${r.status}${[201, 202].includes(r.status) ? "" : await r.text()}`));
    expect(statuses.filter((s) => s !== "201" && s !== "202")).toEqual([]);
    gw.double.clearFaults();
    gw.double.hang(5_000, { times: 3 });
    const second = await Promise.all(ids.slice(5).map((id) => post({ id, title: `Durante il blocco ${id.slice(0, 4)}` })));
    expect(second.every((r) => [201, 202].includes(r.status))).toBe(true);
    // Every client retries everything, as the extension's outbox does.
    await Promise.all(ids.map((id) => post({ id, title: "ritentata" })));
    await eventually(() => ids.every((id) => rowsWithId(id) === 1), 60_000, "all ten rows");
    await new Promise((r) => setTimeout(r, 1500));
    expect(ids.map(rowsWithId)).toEqual(ids.map(() => 1));
  });

  test("an append that lands but whose answer is lost is not written twice", async () => {
    gw.double.dropAfterApply(1, { match: "append" });
    const id = randomUUID();
    const answer = await post({ id, title: "Risposta persa" });
    expect([201, 202]).toContain(answer.status);
    await eventually(async () => (await health()).pendingWrites === 0, 30_000, "the journal drained");
    expect(rowsWithId(id)).toBe(1);
  });
});
