import { randomUUID } from "node:crypto";
import { decodeBuonePrassi, plainDateToSerial } from "@rete-urp/shared";
import { type Store, StoreError } from "@rete-urp/sheets-sync";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { openGoogleStore } from "../../sheets-sync/src/stores/google/google-store.ts";
import { SHEETS_FAULTS, type SheetsDouble, startSheetsDouble } from "../sheets-double/sheets-double.ts";
import { insertsRows } from "../support/google-requests.ts";

/**
 * The google store when Google misbehaves: quota storms, 5xx, hanging calls, connections that
 * drop before or after a write landed. Reads may retry a little on their own; writes never do,
 * and every failure is a StoreError that says whether waiting helps.
 */

const PRASSI_HEADERS = ["ID", "Data", "Titolo", "Descrizione", "Link", "Estratto", "Tag", "Ente", "Autore", "Email autore"];
const jan19 = plainDateToSerial({ year: 2027, month: 1, day: 19 });

let double: SheetsDouble;
let store: Store;

async function open(timeoutMs: number): Promise<Store> {
  return openGoogleStore({ sheetId: double.sheetId, apiRootUrl: double.rootUrl, accessToken: "test", timeoutMs });
}

async function failure(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

beforeEach(async () => {
  double = await startSheetsDouble();
  double.setGrid("Buone prassi", [PRASSI_HEADERS, ["p-1", jan19, "Modulistica unica"]]);
  double.setGrid("Referenti", [["ID", "Nome", "Cognome", "Ente", "Ruolo", "Email"]]);
  double.setGrid("Riunioni", [["ID", "Data"]]);
  double.setGrid("Impostazioni", [["Chiave", "Valore"]]);
  store = await open(5_000);
});

afterEach(async () => {
  await store.close();
  await double.close();
});

describe("google store under faults", () => {
  test("readAll() makes one batchGet per call, and one spreadsheets.get in all", async () => {
    for (let i = 0; i < 5; i++) await store.readAll();
    expect(double.count("batchGet")).toBe(5);
    expect(double.count("get")).toBe(1);
    expect(double.requests.every((request) => request.method === "GET")).toBe(true);
  });

  test("readAll() rides out a short 503 storm and returns the data", async () => {
    await store.readAll();
    double.failNext(2, { status: 503, match: "batchGet" });
    const started = Date.now();
    const tabs = await store.readAll();
    expect(decodeBuonePrassi(tabs["Buone prassi"]).records.map((p) => p.title)).toEqual(["Modulistica unica"]);
    expect(double.count("batchGet")).toBe(4);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test("a 429 is not retried inside the read (the per-minute quota has not refilled a second later): retryable at once, then recovers", async () => {
    await store.readAll();
    double.failNext(50, { ...SHEETS_FAULTS.readQuota, match: "batchGet" });
    const error = await failure(store.readAll());
    expect(error.retryable).toBe(true);
    expect(error.code).toBe("google_quota");
    expect(error.message).toMatch(/429/);
    // One attempt: the caller's backoff (the writer's, the next refresh) waits for the quota.
    expect(double.count("batchGet")).toBe(2);

    double.clearFaults();
    const tabs = await store.readAll();
    expect(decodeBuonePrassi(tabs["Buone prassi"]).records).toHaveLength(1);
  });

  test("readAll() retries a 500 and a dropped connection, and reports a run of 503s as retryable", async () => {
    double.failNext(1, { status: 500, match: "batchGet" });
    double.dropConnections(1, { match: "batchGet" });
    expect((await store.readAll())["Buone prassi"]).toHaveLength(2);

    double.failNext(3, { status: 503, match: "batchGet" });
    const error = await failure(store.readAll());
    expect(error).toMatchObject({ code: "google_unavailable", retryable: true });
  });

  test("a 502 with Google's HTML error page is a retryable StoreError, not a crash", async () => {
    await store.readAll();
    double.failNext(3, { status: 502, body: "<!DOCTYPE html><html><title>Error 502 (Server Error)!!1</title></html>", match: "batchGet" });
    const error = await failure(store.readAll());
    expect(error).toMatchObject({ code: "google_unavailable", retryable: true });
  });

  test("a hanging read hits the timeout and gives a retryable StoreError", async () => {
    await store.close();
    store = await open(400);
    await store.readAll();
    double.hang(5_000, { match: "batchGet" });
    const started = Date.now();
    const error = await failure(store.readAll());
    const elapsed = Date.now() - started;
    expect(error).toMatchObject({ code: "google_timeout", retryable: true });
    expect(elapsed).toBeGreaterThanOrEqual(350);
    expect(elapsed).toBeLessThan(2_000);
  });

  test("append() is never retried by the store: a 503 leaves no row and one request", async () => {
    await store.readAll();
    double.failNext(1, { status: 503, match: insertsRows });
    const error = await failure(store.append("Buone prassi", [{ id: randomUUID(), date: jan19, title: "Sportello" }]));
    expect(error.retryable).toBe(true);
    expect(double.requests.filter(insertsRows).length).toBe(1);
    expect(double.values("Buone prassi")).toHaveLength(2);
  });

  test("a connection dropped after the append landed is retryable, and the row exists exactly once", async () => {
    const id = randomUUID();
    double.dropAfterApply(1, { match: insertsRows });
    const error = await failure(store.append("Buone prassi", [{ id, date: jan19, title: "Carta dei servizi" }]));
    expect(error.retryable).toBe(true);
    expect(["google_network", "google_timeout"]).toContain(error.code);
    expect(double.requests.filter(insertsRows).length).toBe(1);
    // The unknown outcome is resolved by reading, as the journal writer does before a retry.
    const practices = decodeBuonePrassi((await store.readAll())["Buone prassi"]);
    expect(practices.records.filter((p) => p.id === id)).toHaveLength(1);
    expect(double.values("Buone prassi").filter((row) => row[0] === id)).toHaveLength(1);
  });

  test("an append that hangs past the timeout is retryable, and may still land (unknown outcome)", async () => {
    await store.close();
    store = await open(400);
    const id = randomUUID();
    double.hang(700, { match: insertsRows });
    const error = await failure(store.append("Buone prassi", [{ id, date: jan19, title: "Lenta" }]));
    expect(error).toMatchObject({ code: "google_timeout", retryable: true });
    expect(double.values("Buone prassi").some((row) => row[0] === id)).toBe(false);
    // Google finishes the write after the client gave up: only a read can tell.
    const landed = () => double.values("Buone prassi").filter((row) => row[0] === id).length;
    for (let waited = 0; landed() === 0 && waited < 3_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(landed()).toBe(1);
  });

  test("fillMissingIds() is a single write attempt: a 500 fills nothing and is retryable", async () => {
    double.setGrid("Referenti", [
      ["ID", "Nome", "Cognome", "Ente", "Ruolo", "Email"],
      [null, "Sara", "Neri", "Cotignola", "Referente", "sara.neri@example.it"],
    ]);
    double.failNext(1, { status: 500, match: "valuesBatchUpdate" });
    const error = await failure(store.fillMissingIds(() => "id-1"));
    expect(error.retryable).toBe(true);
    expect(double.count("valuesBatchUpdate")).toBe(1);
    expect(double.values("Referenti")[1]![0]).toBeNull();
    expect(await store.fillMissingIds(() => "id-2")).toBe(1);
    expect(double.values("Referenti")[1]![0]).toBe("id-2");
  });

  test("403 and 404 need a person: not retryable, not retried, with what to do", async () => {
    double.failNext(1, { status: 403 });
    const forbidden = await failure(store.readAll());
    expect(forbidden).toMatchObject({ code: "google_forbidden", retryable: false });
    expect(forbidden.message).toMatch(/condividi il foglio/);
    expect(double.requests).toHaveLength(1);

    const wrong = await openGoogleStore({ sheetId: "not-the-sheet", apiRootUrl: double.rootUrl, accessToken: "test" });
    const missing = await failure(wrong.readAll());
    expect(missing).toMatchObject({ code: "google_sheet_not_found", retryable: false });
    expect(missing.message).toMatch(/GOOGLE_SHEET_ID/);
  });

  test("writes queue behind each other: concurrent appends land whole and in call order", async () => {
    double.hang(150, { match: insertsRows });
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    await Promise.all(ids.map((id, i) => store.append("Buone prassi", [{ id, date: jan19, title: `Prassi ${i}` }])));
    expect(
      double
        .values("Buone prassi")
        .slice(2)
        .map((row) => row[0]),
    ).toEqual(ids);
  });
});
