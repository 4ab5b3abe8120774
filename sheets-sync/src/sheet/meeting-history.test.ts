import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildCalendar, DEFAULT_SETTINGS, type Meeting, meetingUids, type SheetMeeting } from "@rete-urp/shared";
import { expect, test } from "vitest";
import { StateDatabase } from "../state/database.ts";
import { HISTORY_FILE, MeetingHistory } from "./meeting-history.ts";
import { readHistory } from "./meeting-history-tables.ts";

/**
 * The calendar of the tests: January to December 2027, rule months as in DEFAULT_SETTINGS
 * (January, March, … at 10:00), plus the sheet rows each test gives.
 */
const FROM = { year: 2027, month: 1 };
const WINDOW_START = new Date("2026-12-31T23:00:00Z");
const T1 = new Date("2027-01-05T09:00:00Z");
const T2 = new Date("2027-01-06T09:00:00Z");
const T3 = new Date("2027-01-07T09:00:00Z");

function row(id: string, day: string, overrides: Partial<SheetMeeting> = {}): SheetMeeting {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return {
    id,
    date: { year, month, day: date },
    kind: "ordinary",
    status: "planned",
    location: "Sala del consiglio",
    videoUrl: "",
    agendaUrl: "",
    minutesUrl: "",
    notes: "",
    ...overrides,
  };
}

const calendarOf = (rows: SheetMeeting[]) => buildCalendar(rows, DEFAULT_SETTINGS, FROM, 12);

async function stateDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "meeting-history-"));
}

async function apply(history: MeetingHistory, rows: SheetMeeting[], now: Date): Promise<Meeting[]> {
  return history.annotate(calendarOf(rows), now, WINDOW_START);
}

const byId = (calendar: Meeting[], id: string) => {
  const found = calendar.find((meeting) => meeting.id === id);
  if (!found) throw new Error(`no meeting ${id} in ${calendar.map((m) => m.id).join(", ")}`);
  return found;
};

const uidOf = (calendar: Meeting[], id: string) => meetingUids(calendar).get(byId(calendar, id));

/** What the state database holds, as plain objects. */
function stored(dir: string) {
  const database = StateDatabase.openIn(dir);
  try {
    return JSON.parse(JSON.stringify(readHistory(database))) as ReturnType<typeof readHistory>;
  } finally {
    database.close();
  }
}

/** Rows changed so far by this process's connection to the state database. */
function changesSoFar(dir: string): number {
  const database = StateDatabase.openIn(dir);
  try {
    return (database.db.prepare("SELECT total_changes() AS n").get() as { n: number }).n;
  } finally {
    database.close();
  }
}

test("first run (nothing remembered): every meeting at SEQUENCE 0, nothing flagged as moved; the history is written", async () => {
  const dir = await stateDir();
  const history = await MeetingHistory.open(dir);
  const calendar = await apply(
    history,
    [row("m-jan", "2027-01-26"), row("u-1", "2027-02-10", { kind: "urgent", status: "cancelled" })],
    T1,
  );
  expect(calendar.length).toBe(7);
  for (const meeting of calendar) {
    expect(meeting.sequence).toBe(0);
    expect(meeting.movedFrom).toBeUndefined();
    expect(meeting.changedAt).toBeUndefined();
  }
  const file = stored(dir);
  expect(Object.keys(file.meetings)).toContain("m-jan");
  expect(file.events["ordinaria-2027-01@rete-urp.bassaromagna"]).toMatchObject({ sequence: 0 });
});

test("a refetch with nothing changed bumps nothing and writes nothing", async () => {
  const dir = await stateDir();
  const history = await MeetingHistory.open(dir);
  const rows = [row("m-jan", "2027-01-19"), row("u-1", "2027-02-10", { kind: "urgent" })];
  const first = await apply(history, rows, T1);
  const before = changesSoFar(dir);
  const second = await apply(history, rows, T2);
  const third = await apply(history, rows, T3);
  expect(second).toEqual(first);
  expect(third).toEqual(first);
  expect(changesSoFar(dir)).toBe(before);
});

test("a moved meeting: movedFrom is the start before, changedAt when first seen, SEQUENCE +1 once", async () => {
  const history = await MeetingHistory.open(await stateDir());
  await apply(history, [row("m-jan", "2027-01-19"), row("u-1", "2027-02-10", { kind: "urgent" })], T1);
  const moved = await apply(history, [row("m-jan", "2027-01-19"), row("u-1", "2027-02-12", { kind: "urgent", startMinutes: 15 * 60 })], T2);
  expect(byId(moved, "u-1")).toMatchObject({
    start: "2027-02-12T15:00:00+01:00",
    movedFrom: "2027-02-10T10:00:00+01:00",
    changedAt: T2.toISOString(),
    sequence: 1,
  });
  expect(byId(moved, "m-jan")).toMatchObject({ sequence: 0 });
  expect(byId(moved, "m-jan").movedFrom).toBeUndefined();
  // Seen again later: the same marks, the same SEQUENCE.
  const again = await apply(history, [row("m-jan", "2027-01-19"), row("u-1", "2027-02-12", { kind: "urgent", startMinutes: 15 * 60 })], T3);
  expect(byId(again, "u-1")).toMatchObject({ movedFrom: "2027-02-10T10:00:00+01:00", changedAt: T2.toISOString(), sequence: 1 });
  // A change a calendar shows but not a move (the place): SEQUENCE +1, no new changedAt.
  const placed = await apply(
    history,
    [row("m-jan", "2027-01-19"), row("u-1", "2027-02-12", { kind: "urgent", startMinutes: 15 * 60, location: "Online" })],
    T3,
  );
  expect(byId(placed, "u-1")).toMatchObject({ changedAt: T2.toISOString(), sequence: 2 });
  // A change no calendar shows (Pianificata → Confermata, the minutes): no bump.
  const confirmed = await apply(
    history,
    [
      row("m-jan", "2027-01-19", { status: "confirmed", minutesUrl: "https://example.it/v" }),
      row("u-1", "2027-02-12", { kind: "urgent", startMinutes: 15 * 60, location: "Online" }),
    ],
    T3,
  );
  expect(byId(confirmed, "m-jan").sequence).toBe(0);
});

test("a cancelled meeting: changedAt when first seen cancelled; an urgent one keeps its UID, SEQUENCE +1", async () => {
  const history = await MeetingHistory.open(await stateDir());
  const before = await apply(history, [row("u-1", "2027-02-10", { kind: "urgent" })], T1);
  const after = await apply(history, [row("u-1", "2027-02-10", { kind: "urgent", status: "cancelled" })], T2);
  expect(byId(after, "u-1")).toMatchObject({ status: "cancelled", changedAt: T2.toISOString(), sequence: 1 });
  expect(byId(after, "u-1").movedFrom).toBeUndefined();
  expect(uidOf(after, "u-1")).toBe(uidOf(before, "u-1"));
  // Seen cancelled again: changedAt stays the first sight of the cancellation.
  expect(byId(await apply(history, [row("u-1", "2027-02-10", { kind: "urgent", status: "cancelled" })], T3), "u-1").changedAt).toBe(
    T2.toISOString(),
  );
});

test("a cancelled ordinary meeting and its postponed replacement: two UIDs, the month's UID moves on with SEQUENCE +1", async () => {
  const history = await MeetingHistory.open(await stateDir());
  const before = await apply(history, [row("m-mar", "2027-03-16")], T1);
  expect(uidOf(before, "m-mar")).toBe("ordinaria-2027-03@rete-urp.bassaromagna");
  const after = await apply(history, [row("m-mar", "2027-03-16", { status: "cancelled" }), row("m-mar-bis", "2027-03-30")], T2);
  const uids = meetingUids(after);
  expect(uids.get(byId(after, "m-mar"))).toBe("m-mar@rete-urp.bassaromagna");
  expect(uids.get(byId(after, "m-mar-bis"))).toBe("ordinaria-2027-03@rete-urp.bassaromagna");
  expect(new Set(uids.values()).size).toBe(after.length);
  // The cancellation is flagged on the meeting people answered; the replacement is a new one.
  expect(byId(after, "m-mar")).toMatchObject({ changedAt: T2.toISOString(), sequence: 0 });
  expect(byId(after, "m-mar-bis")).toMatchObject({ sequence: 1 });
  expect(byId(after, "m-mar-bis").changedAt).toBeUndefined();
});

test("a rule meeting replaced by the month's row at another date is moved from the rule's date; at the same date it is not", async () => {
  const history = await MeetingHistory.open(await stateDir());
  const rules = await apply(history, [], T1);
  expect(byId(rules, "rule-2027-05")).toMatchObject({ source: "rule", start: "2027-05-18T10:00:00+02:00", sequence: 0 });
  const rows = await apply(history, [row("m-may", "2027-05-25"), row("m-jul", "2027-07-20")], T2);
  expect(byId(rows, "m-may")).toMatchObject({
    source: "sheet",
    movedFrom: "2027-05-18T10:00:00+02:00",
    changedAt: T2.toISOString(),
    sequence: 1,
  });
  expect(uidOf(rows, "m-may")).toBe("ordinaria-2027-05@rete-urp.bassaromagna");
  const july = byId(rows, "m-jul");
  expect(july.movedFrom).toBeUndefined();
  expect(july.changedAt).toBeUndefined();
  // Confirmed in the sheet: the event is no longer tentative, so calendars get it again.
  expect(july.sequence).toBe(1);
  // A rule meeting the coordinator cancels with a row of that month: a cancellation.
  const cancelled = await apply(
    history,
    [row("m-may", "2027-05-25"), row("m-jul", "2027-07-20"), row("m-sep", "2027-09-21", { status: "cancelled" })],
    T3,
  );
  expect(byId(cancelled, "m-sep")).toMatchObject({ changedAt: T3.toISOString() });
  expect(byId(cancelled, "m-sep").movedFrom).toBeUndefined();
});

test("a row served under a provisional ID keeps its history when its UUID is written", async () => {
  const history = await MeetingHistory.open(await stateDir());
  await apply(history, [], T1);
  const provisional = await apply(history, [row("nuovo-0123456789ab", "2027-05-25")], T2);
  expect(byId(provisional, "nuovo-0123456789ab")).toMatchObject({ movedFrom: "2027-05-18T10:00:00+02:00", changedAt: T2.toISOString() });
  const real = await apply(history, [row("5b1f8f0e-4a5e-4c1e-9d43-0b8a7c0e2f11", "2027-05-25")], T3);
  expect(byId(real, "5b1f8f0e-4a5e-4c1e-9d43-0b8a7c0e2f11")).toMatchObject({
    movedFrom: "2027-05-18T10:00:00+02:00",
    changedAt: T2.toISOString(),
    sequence: 1,
  });
});

test("a restart reads the database: the same SEQUENCEs and marks, nothing bumped again", async () => {
  const dir = await stateDir();
  const first = await MeetingHistory.open(dir);
  await apply(first, [row("u-1", "2027-02-10", { kind: "urgent" })], T1);
  const before = await apply(first, [row("u-1", "2027-02-11", { kind: "urgent" })], T2);
  const restarted = await MeetingHistory.open(dir);
  const after = await apply(restarted, [row("u-1", "2027-02-11", { kind: "urgent" })], T3);
  expect(after).toEqual(before);
  expect(byId(after, "u-1")).toMatchObject({ movedFrom: "2027-02-10T10:00:00+01:00", changedAt: T2.toISOString(), sequence: 1 });
});

test("bounded: what left the calendar is kept while its start is in the window, then forgotten", async () => {
  const dir = await stateDir();
  const history = await MeetingHistory.open(dir);
  await apply(history, [row("u-old", "2026-06-10", { kind: "urgent" }), row("u-gone", "2027-02-10", { kind: "urgent" })], T1);
  const read = async () => stored(dir);
  // Both rows deleted: the past one (before the window) is forgotten, the other kept.
  await apply(history, [], T2);
  const file = await read();
  expect(Object.keys(file.meetings)).not.toContain("u-old");
  expect(Object.keys(file.events)).not.toContain("u-old@rete-urp.bassaromagna");
  expect(Object.keys(file.meetings)).toContain("u-gone");
  // Back (a deleted row restored): its history is still there.
  const back = await apply(history, [row("u-gone", "2027-02-12", { kind: "urgent" })], T3);
  expect(byId(back, "u-gone")).toMatchObject({ movedFrom: "2027-02-10T10:00:00+01:00", sequence: 1 });
  // The window moves past everything (an empty calendar, a window from 2028): all forgotten.
  history.annotate([], T3, new Date("2028-01-01T00:00:00Z"));
  expect(await read()).toEqual({ meetings: {}, events: {} });
});

test("an unreadable file is reported and the memory starts again", async () => {
  const dir = await stateDir();
  await writeFile(join(dir, HISTORY_FILE), "{ not json");
  const messages: string[] = [];
  const history = await MeetingHistory.open(dir, { log: (message) => messages.push(message) });
  expect(messages.join("\n")).toMatch(/non è leggibile/);
  expect((await apply(history, [row("u-1", "2027-02-10", { kind: "urgent" })], T1)).every((m) => m.sequence === 0)).toBe(true);
});

test("today's meeting-history.json is imported once at first open and renamed; its marks and SEQUENCEs carry on", async () => {
  const dir = await stateDir();
  const uid = "u-1@rete-urp.bassaromagna";
  const today = {
    version: 1,
    meetings: {
      "u-1": { start: "2027-02-11T10:00:00+01:00", cancelled: false, movedFrom: "2027-02-10T10:00:00+01:00", changedAt: T1.toISOString() },
    },
    events: { [uid]: { digest: "what the calendar showed", sequence: 5, start: "2027-02-11T10:00:00+01:00" } },
  };
  await writeFile(join(dir, HISTORY_FILE), `${JSON.stringify(today)}\n`);
  const history = await MeetingHistory.open(dir);
  await expect(stat(join(dir, HISTORY_FILE))).rejects.toThrow(/ENOENT/);
  expect(JSON.parse(await readFile(join(dir, `${HISTORY_FILE}.importato`), "utf8"))).toEqual(today);
  expect(stored(dir).events[uid]).toEqual(today.events[uid]);
  const calendar = await apply(history, [row("u-1", "2027-02-11", { kind: "urgent" })], T2);
  expect(byId(calendar, "u-1")).toMatchObject({ movedFrom: "2027-02-10T10:00:00+01:00", changedAt: T1.toISOString(), sequence: 6 });
  // Opened again: nothing imported twice, nothing bumped again.
  const restarted = await MeetingHistory.open(dir);
  expect(byId(await apply(restarted, [row("u-1", "2027-02-11", { kind: "urgent" })], T3), "u-1").sequence).toBe(6);
});
