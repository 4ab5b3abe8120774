import ICAL from "ical.js";
import { afterEach, beforeEach, expect, test } from "vitest";
import { eventually } from "../support/sheets-sync.ts";
import { appendByHeader } from "../support/workbook-files.ts";
import { type ApiHarness, COORDINATOR, LUGO_REFERENT, startApi } from "./api-harness.ts";

let api: ApiHarness;
let token: string;
beforeEach(async () => {
  api = await startApi();
  token = await api.tokenFor(LUGO_REFERENT);
});
afterEach(async () => {
  await api.close();
});

async function feedUrl(bearer = token): Promise<string> {
  const response = await api.call("/api/v1/calendar-feed", { method: "POST", token: bearer });
  expect(response.status).toBe(200);
  return (await response.json()).url;
}

async function events(url: string) {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
  const calendar = new ICAL.Component(ICAL.parse(await response.text()));
  const timezone = calendar.getFirstSubcomponent("vtimezone")!;
  ICAL.TimezoneService.register(timezone);
  return {
    timezone: timezone.getFirstPropertyValue("tzid"),
    events: calendar.getAllSubcomponents("vevent").map((vevent) => {
      const event = new ICAL.Event(vevent);
      return {
        uid: event.uid,
        sequence: event.sequence,
        start: event.startDate.toJSDate().toISOString(),
        startZone: event.startDate.zone?.tzid,
        status: String(vevent.getFirstPropertyValue("status")),
        summary: event.summary,
      };
    }),
  };
}

test("the feed parses as iCalendar: Europe/Rome VTIMEZONE, stable UIDs, tentative rule meetings, Rome times", async () => {
  const url = await feedUrl();
  expect(url).toMatch(/\/api\/v1\/calendar\.ics\?key=cal_[A-Za-z0-9_-]{43}$/);
  const feed = await events(url);
  expect(feed.timezone).toBe("Europe/Rome");
  const january = feed.events.find((e) => e.uid === "ordinaria-2027-01@rete-urp.bassaromagna")!;
  expect(january).toMatchObject({ start: "2027-01-19T09:00:00.000Z", startZone: "Europe/Rome", status: "CONFIRMED", sequence: 0 });
  const july = feed.events.find((e) => e.uid === "ordinaria-2027-07@rete-urp.bassaromagna")!;
  expect(july).toMatchObject({ start: "2027-07-20T08:00:00.000Z", status: "TENTATIVE", summary: "Riunione Rete URP (da confermare)" });
  expect(new Set(feed.events.map((e) => e.uid)).size).toBe(feed.events.length);
});

test("a change bumps SEQUENCE and keeps the UID; a cancelled meeting is STATUS:CANCELLED", async () => {
  const url = await feedUrl();
  await events(url);
  // The coordinator confirms July in the sheet at another time, and cancels a new urgent meeting.
  await appendByHeader(api.workbook, "Riunioni", { ID: "m-july", Data: "20/07/2027", Inizio: "15:00", Tipo: "Ordinaria", Stato: "Confermata" });
  await appendByHeader(api.workbook, "Riunioni", { ID: "u-1", Data: "02/12/2026", Inizio: "15:00", Tipo: "Urgente", Stato: "Annullata" });
  await eventually(async () => api.service.cache.current?.calendar.some((m) => m.id === "u-1"), 10_000, "the new rows");
  const after = await events(url);
  expect(after.events.find((e) => e.uid === "ordinaria-2027-07@rete-urp.bassaromagna")).toMatchObject({
    sequence: 1,
    status: "CONFIRMED",
    start: "2027-07-20T13:00:00.000Z",
  });
  expect(after.events.find((e) => e.uid === "u-1@rete-urp.bassaromagna")).toMatchObject({ status: "CANCELLED", sequence: 0 });
  expect(after.events.find((e) => e.uid === "ordinaria-2027-01@rete-urp.bassaromagna")?.sequence).toBe(0);
  // Served again unchanged: the SEQUENCE stays.
  expect((await events(url)).events.find((e) => e.uid === "ordinaria-2027-07@rete-urp.bassaromagna")?.sequence).toBe(1);
});

test("feed keys are separate from tokens and revocable: a new key retires the old one; a bad key is 401", async () => {
  const first = await feedUrl();
  const second = await feedUrl();
  expect((await fetch(first)).status).toBe(401);
  expect((await fetch(second)).status).toBe(200);
  // The feed key is not an API token, nor the other way round.
  const key = new URL(second).searchParams.get("key")!;
  expect((await api.call("/api/v1/snapshot", { token: key })).status).toBe(401);
  expect((await fetch(`${api.url}/api/v1/calendar.ics?key=${token}`)).status).toBe(400);
  // Revoking the token leaves the feed working; the coordinator's feed is its own.
  await api.service.tokens.revoke(LUGO_REFERENT);
  expect((await fetch(second)).status).toBe(200);
  const coordinatorFeed = await feedUrl(await api.tokenFor(COORDINATOR));
  expect((await fetch(coordinatorFeed)).status).toBe(200);
  expect((await fetch(second)).status).toBe(200);
});
