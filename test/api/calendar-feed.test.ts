import { type Meeting, meetingsToIcs, SnapshotSchema } from "@rete-urp/shared";
import ICAL from "ical.js";
import { convertIcsCalendar } from "ts-ics";
import { expect, test } from "vitest";
import { eventually } from "../support/sheets-sync.ts";
import { appendByHeader, setCellByHeader } from "../support/workbook-files.ts";
import { type ApiHarness, apiEachTest, COORDINATOR, LUGO_REFERENT } from "./api-harness.ts";

let api: ApiHarness;
let token: string;
apiEachTest(async (started) => {
  api = started;
  token = await api.tokenFor(LUGO_REFERENT);
});

async function feedUrl(bearer = token): Promise<string> {
  const response = await api.call("/api/v1/calendar-feed", { method: "POST", token: bearer });
  expect(response.status).toBe(200);
  return (await response.json()).url;
}

interface FeedEvent {
  uid: string;
  sequence: number;
  /** UTC instant, ISO. */
  start: string;
  status: string;
  summary: string;
}

/**
 * An iCalendar text read by two independent parsers, ical.js and ts-ics, which must agree on
 * every event: a feed one calendar app reads differently from another is a bug too.
 */
function parseIcs(text: string): { timezone: string; events: (FeedEvent & { startZone: string | undefined })[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const timezone = must(calendar.getFirstSubcomponent("vtimezone"), "VTIMEZONE");
  ICAL.TimezoneService.register(timezone);
  const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      sequence: event.sequence,
      start: event.startDate.toJSDate().toISOString(),
      // A date has no zone (an action's deadline, all day): ical.js calls it floating, ts-ics gives none.
      startZone: event.startDate.isDate ? "date" : event.startDate.zone?.tzid,
      status: String(vevent.getFirstPropertyValue("status")),
      summary: event.summary,
    };
  });

  const other = convertIcsCalendar(undefined, text);
  expect(other.timezones?.map((zone) => zone.id)).toEqual(["Europe/Rome"]);
  const otherEvents = (other.events ?? []).map((event) => ({
    uid: event.uid,
    // ts-ics leaves out a SEQUENCE of 0, RFC 5545's default when the property is absent.
    sequence: event.sequence ?? 0,
    start: event.start.date.toISOString(),
    startZone: event.start.type === "DATE" ? "date" : event.start.local?.timezone,
    status: event.status ?? "",
    summary: event.summary ?? "",
  }));
  expect(otherEvents).toEqual(events);
  return { timezone: String(timezone.getFirstPropertyValue("tzid")), events };
}

async function feed(url: string) {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
  const parsed = parseIcs(await response.text());
  // One event per UID, always: a calendar app keeps only one of two events with the same UID.
  expect(new Set(parsed.events.map((e) => e.uid)).size).toBe(parsed.events.length);
  return parsed;
}

/** The value, or a failure naming what was missing. */
function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`missing: ${what}`);
  return value;
}

const sequences = (events: FeedEvent[]) => Object.fromEntries(events.map((e) => [e.uid, e.sequence]));

async function snapshotMeetings(): Promise<Meeting[]> {
  const response = await api.call("/api/v1/snapshot", { token });
  expect(response.status).toBe(200);
  return SnapshotSchema.parse(await response.json()).meetings;
}

/** What the popup's "Aggiungi al calendario" downloads for one meeting, parsed the same way. */
function downloaded(meeting: Meeting): FeedEvent {
  const [event] = parseIcs(meetingsToIcs([meeting], { now: new Date() })).events;
  if (!event) throw new Error(`no event for ${meeting.id}`);
  return event;
}

const calendarHas = (predicate: (meeting: Meeting) => boolean, what: string) =>
  eventually(async () => api.service.cache.current?.calendar.find(predicate), 10_000, what);

test("the feed parses as iCalendar: Europe/Rome VTIMEZONE, stable UIDs, tentative rule meetings, Rome times", async () => {
  const url = await feedUrl();
  expect(url).toMatch(/\/api\/v1\/calendar\.ics\?key=cal_[A-Za-z0-9_-]{43}$/);
  const { timezone, events } = await feed(url);
  expect(timezone).toBe("Europe/Rome");
  const january = must(
    events.find((e) => e.uid === "ordinaria-2027-01@rete-urp.bassaromagna"),
    "January",
  );
  expect(january).toMatchObject({ start: "2027-01-19T09:00:00.000Z", startZone: "Europe/Rome", status: "CONFIRMED", sequence: 0 });
  const july = must(
    events.find((e) => e.uid === "ordinaria-2027-07@rete-urp.bassaromagna"),
    "July",
  );
  expect(july).toMatchObject({ start: "2027-07-20T08:00:00.000Z", status: "TENTATIVE", summary: "Riunione Rete URP (da confermare)" });
});

test("a change bumps SEQUENCE and keeps the UID; a cancelled meeting is STATUS:CANCELLED", async () => {
  const url = await feedUrl();
  await feed(url);
  // The coordinator confirms July in the sheet at another time, and cancels a new urgent meeting.
  await appendByHeader(api.workbook, "Riunioni", {
    ID: "m-july",
    Data: "20/07/2027",
    Inizio: "15:00",
    Tipo: "Ordinaria",
    Stato: "Confermata",
  });
  await appendByHeader(api.workbook, "Riunioni", { ID: "u-1", Data: "02/12/2026", Inizio: "15:00", Tipo: "Urgente", Stato: "Annullata" });
  await calendarHas((m) => m.id === "u-1", "the new rows");
  const after = await feed(url);
  expect(after.events.find((e) => e.uid === "ordinaria-2027-07@rete-urp.bassaromagna")).toMatchObject({
    sequence: 1,
    status: "CONFIRMED",
    start: "2027-07-20T13:00:00.000Z",
  });
  expect(after.events.find((e) => e.uid === "u-1@rete-urp.bassaromagna")).toMatchObject({ status: "CANCELLED", sequence: 0 });
  expect(after.events.find((e) => e.uid === "ordinaria-2027-01@rete-urp.bassaromagna")?.sequence).toBe(0);
  // Served again unchanged: the SEQUENCE stays.
  expect((await feed(url)).events.find((e) => e.uid === "ordinaria-2027-07@rete-urp.bassaromagna")?.sequence).toBe(1);
});

test("a month with a cancelled ordinary meeting and its postponed replacement: two events, two UIDs, one CANCELLED; refetches change nothing", async () => {
  const url = await feedUrl();
  const before = await feed(url);
  const march = must(
    (await snapshotMeetings()).find((m) => m.start.startsWith("2027-03")),
    "March",
  );
  expect(march.source).toBe("sheet");
  expect(before.events.find((e) => e.uid === "ordinaria-2027-03@rete-urp.bassaromagna")).toMatchObject({
    start: "2027-03-16T09:00:00.000Z",
    sequence: 0,
  });

  // The coordinator cancels 16 March and adds the meeting of 30 March in its place.
  await setCellByHeader(api.workbook, "Riunioni", { header: "ID", value: march.id }, "Stato", "Annullata");
  await appendByHeader(api.workbook, "Riunioni", { ID: "m-march-bis", Data: "30/03/2027", Tipo: "Ordinaria", Stato: "Confermata" });
  await calendarHas((m) => m.id === "m-march-bis", "the replacement");

  const after = await feed(url);
  const inMarch = after.events.filter((e) => e.start.startsWith("2027-03"));
  expect(inMarch).toEqual([
    expect.objectContaining({
      uid: `${march.id}@rete-urp.bassaromagna`,
      status: "CANCELLED",
      start: "2027-03-16T09:00:00.000Z",
      sequence: 0,
    }),
    expect.objectContaining({
      uid: "ordinaria-2027-03@rete-urp.bassaromagna",
      status: "CONFIRMED",
      start: "2027-03-30T08:00:00.000Z",
      sequence: 1,
    }),
  ]);
  // Fetched again and again with nothing changed: the same SEQUENCEs (they used to climb).
  const again = await feed(url);
  const third = await feed(url);
  expect(sequences(again.events)).toEqual(sequences(after.events));
  expect(sequences(third.events)).toEqual(sequences(after.events));

  // The popup's download of each meeting carries the feed's UID and SEQUENCE.
  const meetings = await snapshotMeetings();
  for (const meeting of meetings) {
    const event = downloaded(meeting);
    expect(after.events.find((e) => e.uid === event.uid)).toMatchObject({
      sequence: event.sequence,
      start: event.start,
      status: event.status,
    });
  }
  expect(meetings.find((m) => m.id === march.id)).toMatchObject({ status: "cancelled", changedAt: api.clock.now().toISOString() });
});

test("moving a meeting bumps its SEQUENCE by one, once; the snapshot and the download show the move", async () => {
  const url = await feedUrl();
  const before = await feed(url);
  const january = must(
    (await snapshotMeetings()).find((m) => m.start.startsWith("2027-01-19")),
    "January",
  );
  expect(january.movedFrom).toBeUndefined();
  expect(january.changedAt).toBeUndefined();
  const uid = "ordinaria-2027-01@rete-urp.bassaromagna";
  expect(before.events.find((e) => e.uid === uid)?.sequence).toBe(0);

  // The coordinator moves it a week on, a day after the service last read the sheet.
  api.clock.set("2026-11-24T08:30:00Z");
  await setCellByHeader(api.workbook, "Riunioni", { header: "ID", value: january.id }, "Data", "26/01/2027");
  await calendarHas((m) => m.id === january.id && m.start.startsWith("2027-01-26"), "the move");

  const after = await feed(url);
  expect(after.events.find((e) => e.uid === uid)).toMatchObject({ start: "2027-01-26T09:00:00.000Z", sequence: 1 });
  // Nothing else moved, so nothing else changed SEQUENCE.
  const others = (events: FeedEvent[]) => sequences(events.filter((e) => e.uid !== uid));
  expect(others(after.events)).toEqual(others(before.events));
  expect(sequences((await feed(url)).events)).toEqual(sequences(after.events));

  const moved = must(
    (await snapshotMeetings()).find((m) => m.id === january.id),
    "the moved meeting",
  );
  expect(moved).toMatchObject({
    start: "2027-01-26T10:00:00+01:00",
    movedFrom: "2027-01-19T10:00:00+01:00",
    changedAt: "2026-11-24T08:30:00.000Z",
    sequence: 1,
  });
  expect(downloaded(moved)).toMatchObject({ uid, sequence: 1, start: "2027-01-26T09:00:00.000Z" });
});

test("feed keys are separate from tokens and revocable: a new key retires the old one; a bad key is 401", async () => {
  const first = await feedUrl();
  const second = await feedUrl();
  expect((await fetch(first)).status).toBe(401);
  expect((await fetch(second)).status).toBe(200);
  // The feed key is not an API token, nor the other way round.
  const key = must(new URL(second).searchParams.get("key"), "the key");
  expect((await api.call("/api/v1/snapshot", { token: key })).status).toBe(401);
  expect((await fetch(`${api.url}/api/v1/calendar.ics?key=${token}`)).status).toBe(400);
  // Revoking the token leaves the feed working; the coordinator's feed is its own.
  await api.service.tokens.revoke(LUGO_REFERENT);
  expect((await fetch(second)).status).toBe(200);
  const coordinatorFeed = await feedUrl(await api.tokenFor(COORDINATOR));
  expect((await fetch(coordinatorFeed)).status).toBe(200);
  expect((await fetch(second)).status).toBe(200);
});
