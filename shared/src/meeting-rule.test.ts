import { describe, expect, test } from "vitest";
import { buildCalendar, nextMeeting, romeDaysUntil, ruleOccurrences, thirdTuesday } from "./meeting-rule.ts";
import type { SheetMeeting } from "./records/meeting.ts";
import { DEFAULT_SETTINGS, type Settings } from "./records/settings.ts";

const settings: Settings = { ...DEFAULT_SETTINGS, defaultLocation: "Sede dell'Unione, Lugo" };

function row(partial: Partial<SheetMeeting> & Pick<SheetMeeting, "id" | "date">): SheetMeeting {
  return { kind: "ordinary", status: "planned", location: "", videoUrl: "", agendaUrl: "", minutesUrl: "", notes: "", ...partial };
}

describe("thirdTuesday()", () => {
  test.each([
    ["January 2027 (1st is a Friday)", 2027, 1, 19],
    ["September 2026 (1st is a Tuesday)", 2026, 9, 15],
    ["June 2027 (1st is a Tuesday)", 2027, 6, 15],
    ["September 2027 (1st is a Wednesday)", 2027, 9, 21],
    ["November 2028 (1st is a Wednesday)", 2028, 11, 21],
    ["March 2027 (1st is a Monday)", 2027, 3, 16],
  ])("%s → day %i", (_what, year, month, day) => {
    expect(thirdTuesday({ year, month })).toEqual({ year, month, day });
  });
});

test("ruleOccurrences() follows Mesi riunioni", () => {
  expect(ruleOccurrences(settings, { year: 2026, month: 11 }, 6).map((d) => `${d.year}-${d.month}-${d.day}`)).toEqual([
    "2026-11-17",
    "2027-1-19",
    "2027-3-16",
  ]);
  expect(ruleOccurrences({ ...settings, meetingMonths: [2, 10] }, { year: 2027, month: 1 }, 12)).toEqual([
    { year: 2027, month: 2, day: 16 },
    { year: 2027, month: 10, day: 19 },
  ]);
});

describe("buildCalendar()", () => {
  test("rule occurrences with no row are 'da confermare' at Ora inizio for Durata minuti, in Rome time", () => {
    const calendar = buildCalendar([], settings, { year: 2027, month: 1 }, 2);
    expect(calendar).toEqual([
      {
        id: "rule-2027-01",
        start: "2027-01-19T10:00:00+01:00",
        end: "2027-01-19T12:00:00+01:00",
        kind: "ordinary",
        status: "planned",
        location: "Sede dell'Unione, Lugo",
        videoUrl: "",
        agendaUrl: "",
        minutesUrl: "",
        notes: "",
        source: "rule",
      },
    ]);
  });

  test("both DST weeks: the offset follows the date, the wall-clock time stays 10:00", () => {
    const calendar = buildCalendar(
      [
        row({ id: "before-spring", date: { year: 2027, month: 3, day: 26 }, kind: "urgent" }),
        row({ id: "after-spring", date: { year: 2027, month: 3, day: 30 }, kind: "urgent" }),
        row({ id: "before-autumn", date: { year: 2027, month: 10, day: 29 }, kind: "urgent" }),
        row({ id: "after-autumn", date: { year: 2027, month: 11, day: 2 }, kind: "urgent" }),
      ],
      { ...settings, meetingMonths: [] },
      { year: 2027, month: 3 },
      9,
    );
    expect(calendar.map((m) => [m.id, m.start, m.end])).toEqual([
      ["before-spring", "2027-03-26T10:00:00+01:00", "2027-03-26T12:00:00+01:00"],
      ["after-spring", "2027-03-30T10:00:00+02:00", "2027-03-30T12:00:00+02:00"],
      ["before-autumn", "2027-10-29T10:00:00+02:00", "2027-10-29T12:00:00+02:00"],
      ["after-autumn", "2027-11-02T10:00:00+01:00", "2027-11-02T12:00:00+01:00"],
    ]);
  });

  test("a meeting across the DST change keeps its real duration: 01:00–04:00 on 28 March 2027 lasts 2 hours", () => {
    const [meeting] = buildCalendar(
      [row({ id: "night", date: { year: 2027, month: 3, day: 28 }, startMinutes: 60, endMinutes: 240 })],
      { ...settings, meetingMonths: [] },
      { year: 2027, month: 3 },
      1,
    );
    expect(meeting!.start).toBe("2027-03-28T01:00:00+01:00");
    expect(meeting!.end).toBe("2027-03-28T04:00:00+02:00");
    expect(Date.parse(meeting!.end) - Date.parse(meeting!.start)).toBe(2 * 3600_000);
  });

  test("a cancelled ordinary meeting removes the month's occurrence and is listed as cancelled", () => {
    const calendar = buildCalendar(
      [row({ id: "m-jan", date: { year: 2027, month: 1, day: 19 }, status: "cancelled" })],
      settings,
      { year: 2027, month: 1 },
      3,
    );
    expect(calendar.map((m) => [m.id, m.status, m.source])).toEqual([
      ["m-jan", "cancelled", "sheet"],
      ["rule-2027-03", "planned", "rule"],
    ]);
    expect(nextMeeting(calendar, new Date("2027-01-01T00:00:00Z"))?.id).toBe("rule-2027-03");
  });

  test("a moved ordinary meeting replaces the rule's date in that month", () => {
    const calendar = buildCalendar(
      [
        row({
          id: "m-jan",
          date: { year: 2027, month: 1, day: 26 },
          startMinutes: 9 * 60 + 30,
          status: "confirmed",
          location: "Lugo, Sala Estense",
        }),
      ],
      settings,
      { year: 2027, month: 1 },
      1,
    );
    expect(calendar).toHaveLength(1);
    expect(calendar[0]).toMatchObject({
      id: "m-jan",
      start: "2027-01-26T09:30:00+01:00",
      end: "2027-01-26T11:30:00+01:00",
      location: "Lugo, Sala Estense",
      status: "confirmed",
    });
  });

  test("an urgent meeting comes from the sheet only and leaves the month's ordinary one in place", () => {
    const calendar = buildCalendar(
      [row({ id: "u-1", date: { year: 2027, month: 1, day: 8 }, kind: "urgent", startMinutes: 15 * 60, endMinutes: 16 * 60 })],
      settings,
      { year: 2027, month: 1 },
      1,
    );
    expect(calendar.map((m) => [m.id, m.kind, m.start])).toEqual([
      ["u-1", "urgent", "2027-01-08T15:00:00+01:00"],
      ["rule-2027-01", "ordinary", "2027-01-19T10:00:00+01:00"],
    ]);
  });

  test("the settings' place and video link are the ordinary meetings' own: an urgent meeting keeps only what its row says", () => {
    const withVideo = { ...settings, defaultVideoUrl: "https://meet.example.it/rete-urp" };
    const calendar = buildCalendar(
      [
        row({ id: "u-video", date: { year: 2027, month: 1, day: 8 }, kind: "urgent", videoUrl: "https://meet.example.it/urgente" }),
        row({ id: "u-bare", date: { year: 2027, month: 1, day: 12 }, kind: "urgent" }),
        row({ id: "o-bare", date: { year: 2027, month: 1, day: 19 } }),
      ],
      withVideo,
      { year: 2027, month: 1 },
      1,
    );
    expect(calendar.map((m) => [m.id, m.location, m.videoUrl])).toEqual([
      ["u-video", "", "https://meet.example.it/urgente"],
      ["u-bare", "", ""],
      ["o-bare", "Sede dell'Unione, Lugo", "https://meet.example.it/rete-urp"],
    ]);
  });

  test("an ordinary row outside the rule months is an extra meeting", () => {
    const calendar = buildCalendar([row({ id: "extra", date: { year: 2027, month: 2, day: 9 } })], settings, { year: 2027, month: 1 }, 3);
    expect(calendar.map((m) => m.id)).toEqual(["rule-2027-01", "extra", "rule-2027-03"]);
  });
});

describe("nextMeeting()", () => {
  const calendar = buildCalendar([], settings, { year: 2027, month: 1 }, 3);

  test.each([
    ["the day before", "2027-01-18T12:00:00+01:00", "rule-2027-01"],
    ["while it is on", "2027-01-19T11:59:00+01:00", "rule-2027-01"],
    ["the minute it ends", "2027-01-19T12:00:00+01:00", "rule-2027-03"],
    ["after the last one", "2027-04-01T00:00:00+02:00", undefined],
  ])("%s", (_what, now, id) => {
    expect(nextMeeting(calendar, new Date(now))?.id).toBe(id);
  });
});

describe("romeDaysUntil()", () => {
  test.each([
    ["later the same day", "2027-01-19T08:00:00+01:00", "2027-01-19T10:00:00+01:00", 0],
    ["tomorrow, even at 23:30 the evening before", "2027-01-18T23:30:00+01:00", "2027-01-19T10:00:00+01:00", 1],
    ["across the spring DST change (a 23-hour day)", "2027-03-27T10:00:00+01:00", "2027-03-30T10:00:00+02:00", 3],
    ["across the autumn DST change (a 25-hour day)", "2027-10-30T10:00:00+02:00", "2027-11-02T10:00:00+01:00", 3],
    ["UTC midnight is already the next day in Rome", "2027-01-18T23:30:00Z", "2027-01-19T10:00:00+01:00", 0],
  ])("%s", (_what, now, start, days) => {
    expect(romeDaysUntil(new Date(start), new Date(now))).toBe(days);
  });
});
