import { afterAll, beforeAll, expect, test } from "vitest";
import { eventually } from "../support/sheets-sync.ts";
import { appendByHeader } from "../support/workbook-files.ts";
import { type ApiHarness, LUGO_REFERENT, startApi } from "./api-harness.ts";

/**
 * Issue 12.9: GET /api/v1/meetings over 16 years answered 200 with the first 60 months' meetings
 * and no sign that it had stopped there. A range over the limit is now a 400 naming the limit.
 */

let api: ApiHarness;
let token: string;
beforeAll(async () => {
  api = await startApi();
  token = await api.tokenFor(LUGO_REFERENT);
});
afterAll(async () => {
  await api.close();
});

async function get(query: string) {
  const response = await api.call(`/api/v1/meetings?${query}`, { token });
  return { status: response.status, body: await response.json() };
}

test("sixteen years is a 400 that names the limit and the field", async () => {
  expect(await get("from=2015-01-01&to=2030-12-31")).toEqual({
    status: 400,
    body: { error: { code: "invalid_request", message: "Richiesta non valida: to", fields: { to: "al massimo 60 mesi dopo from" } } },
  });
  // One month over: 2027-01 to 2032-01 is 61 months.
  expect((await get("from=2027-01-01&to=2032-01-01")).status).toBe(400);
});

test("exactly 60 months is answered whole: the last month's meeting is there", async () => {
  const { status, body } = await get("from=2027-01-01&to=2031-12-31");
  expect(status).toBe(200);
  const starts = (body.meetings as { start: string }[]).map((m) => m.start.slice(0, 10));
  expect(starts[0]).toBe("2027-01-19");
  expect(starts.at(-1)).toBe("2031-11-18");
  // Six rule months a year, five years.
  expect(starts.length).toBe(30);
});

test("one bound given, the other taken from the calendar: over the limit it is a 400 naming the missing field", async () => {
  // The calendar holds every sheet row: one typed for 2039 stretches the range from today.
  await appendByHeader(api.workbook, "Riunioni", { ID: "u-far", Data: "10/03/2039", Tipo: "Urgente" });
  await eventually(async () => api.service.cache.current?.calendar.some((m) => m.id === "u-far"), 10_000, "the far row");
  expect(await get("from=2026-12-01")).toMatchObject({
    status: 400,
    body: { error: { code: "invalid_request", fields: { to: "al massimo 60 mesi dopo from: indica to" } } },
  });
  expect(await get("to=2039-12-31")).toMatchObject({
    status: 400,
    body: { error: { code: "invalid_request", fields: { from: "al massimo 60 mesi prima di to: indica from" } } },
  });
  // Within the limit with one bound: answered.
  const near = await get("from=2038-01-01");
  expect(near.status).toBe(200);
  expect((near.body.meetings as { id: string }[]).map((m) => m.id)).toContain("u-far");
});

test("a range answer carries what the service remembers of each meeting (its SEQUENCE)", async () => {
  const { body } = await get("from=2026-12-01&to=2027-02-28");
  const january = (body.meetings as { start: string; sequence?: number }[]).find((m) => m.start.startsWith("2027-01-19"));
  expect(january?.sequence).toBe(0);
});
