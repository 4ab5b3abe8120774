import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TabName } from "@rete-urp/shared";
import { afterEach, expect, test } from "vitest";
import { toStoreError } from "../stores/google/google-errors.ts";
import { MemoryStore } from "../stores/memory-store.test-helper.ts";
import type { RowValues } from "../stores/store.ts";
import { Journal } from "./journal.ts";
import { Writer } from "./writer.ts";
import { passTime, until, useRealTimers, useWriterTime } from "./writer-time.test-helper.ts";

afterEach(useRealTimers);

/**
 * What the writer does with Google's refusals that need the coordinator: a protected range or a
 * strict dropdown in one tab holds back that tab's writes only; the API off in the project holds
 * back all; a range past a grid that shrank is retried. None of them is ever a dead letter.
 */

const clock = { now: () => new Date("2026-11-23T10:00:00Z") };
const fast = { baseMs: 20, maxMs: 100 };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const context = { sheetId: "abc", principal: "rete-urp@progetto.iam.gserviceaccount.com" };

/** Google's error for a request, as the client throws it and the store converts it. */
function google(status: number, message: string, details?: unknown[]) {
  const data = { error: { code: status, message, status: "X", ...(details ? { details } : {}) } };
  return toStoreError(
    Object.assign(new Error(message), {
      status,
      config: { url: "https://sheets.googleapis.com/v4/spreadsheets/abc:batchUpdate" },
      response: { status, data, headers: new Headers() },
    }),
    context,
  );
}

const PROTECTED =
  "You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.";
const STRICT = "Invalid requests[1].updateCells: The data you entered in cell D7 violates the data validation rules set on this cell.";

/** A memory store whose writes to some tabs Google refuses, until `refusals` is emptied. */
class RefusingStore extends MemoryStore {
  refusals = new Map<TabName | "*", () => Error>();
  calls = 0;
  private refuse(tab: TabName) {
    this.calls++;
    const refusal = this.refusals.get(tab) ?? this.refusals.get("*");
    if (refusal) throw refusal();
  }
  override async append<Name extends TabName>(tab: Name, rows: readonly RowValues<Name>[]) {
    this.refuse(tab);
    return super.append(tab, rows);
  }
  override async upsert<Name extends TabName>(tab: Name, rows: readonly RowValues<Name>[]) {
    this.refuse(tab);
    return super.upsert(tab, rows);
  }
}

async function setup() {
  const store = new RefusingStore();
  const journal = await Journal.open(await mkdtemp(join(tmpdir(), "writer-google-")));
  const writer = new Writer(store, journal, { clock, backoff: fast });
  cleanups.push(async () => {
    await writer.stop();
    await journal.close();
  });
  const answer = () =>
    journal.add({ id: "p1", mode: "upsert", tab: "Presenze", row: { id: "m1:x@y.it", answer: "Sì" }, result: null }, clock.now());
  const practice = (id: string) => journal.add({ id, tab: "Buone prassi", row: { id, title: id }, result: null }, clock.now());
  return { store, journal, writer, answer, practice };
}

test.each([
  ["a protected range", PROTECTED, "google_protected_range"],
  ["a strict dropdown", STRICT, "google_strict_validation"],
])("%s in one tab holds back that tab's writes, never dead-letters them, and the other tabs apply", async (_, message, code) => {
  useWriterTime();
  const { store, journal, writer, answer, practice } = await setup();
  store.refusals.set("Presenze", () => google(400, message));
  await answer();
  await practice("a");
  writer.kick();
  await until(() => store.ids("Buone prassi").includes("a"));
  await until(() => writer.tabWaits.has("Presenze"));
  // Retried at the slowest pace a few times: still waiting, never moved to the dead letters.
  await passTime(60_000);
  expect(journal.pendingWrites().map((write) => write.id)).toEqual(["p1"]);
  expect(writer.deadLetterCount).toBe(0);
  expect([...writer.tabWaits.keys()]).toEqual(["Presenze"]);
  expect(writer.tabWaits.get("Presenze")).toMatchObject({ code });

  // The coordinator lifts the protection (or the strict rule): the answer goes, the wait is gone.
  store.refusals.clear();
  await until(() => journal.pendingWrites().length === 0, 120_000);
  await until(() => writer.tabWaits.size === 0);
  expect(store.ids("Presenze")).toEqual(["m1:x@y.it"]);
});

test("the Sheets API off in the project (no quota project) holds back every tab, never as a quota and never dead", async () => {
  useWriterTime();
  const { store, journal, writer, answer, practice } = await setup();
  const noQuotaProject = () =>
    google(
      403,
      "Your application is authenticating by using local Application Default Credentials. The sheets.googleapis.com API requires a quota project, which is not set by default.",
      [
        {
          "@type": "type.googleapis.com/google.rpc.ErrorInfo",
          reason: "SERVICE_DISABLED",
          domain: "googleapis.com",
          metadata: { consumer: "projects/764086051850", service: "sheets.googleapis.com" },
        },
      ],
    );
  store.refusals.set("*", noQuotaProject);
  await answer();
  await practice("a");
  writer.kick();
  await until(() => writer.lastError !== null);
  await passTime(60_000);
  expect(journal.pendingWrites().map((write) => write.id)).toEqual(["p1", "a"]);
  expect(writer.deadLetterCount).toBe(0);
  expect(writer.lastError).toMatchObject({ code: "google_api_disabled", retryable: false });
  expect(writer.lastError?.message).toContain("set-quota-project");
});

test("a range past a grid that shrank (rows deleted meanwhile) is retried, not dead-lettered", async () => {
  const { store, writer, practice } = await setup();
  let refusals = 2;
  store.refusals.set("Buone prassi", () => {
    if (--refusals === 0) store.refusals.clear();
    return google(400, "Range ('Buone prassi'!A1001:K1001) exceeds grid limits. Max rows: 1000, max columns: 26");
  });
  await practice("a");
  writer.kick();
  expect(await writer.waitApplied("a", 3000)).toBe(true);
  expect(writer.deadLetterCount).toBe(0);
  expect(store.ids("Buone prassi")).toEqual(["a"]);
});
