import type { Meeting } from "@rete-urp/shared";
import { expect, test } from "vitest";
import { testMeeting } from "../testing/meetings";
import { testTranslator } from "../testing/test-translator";
import { badgeText, formatCompactDate, formatDate, formatLongDate, formatTimeRange, formatWhen } from "./format";

const it = testTranslator("it");
const meeting = (start: string, end: string, extra: Partial<Meeting> = {}): Meeting => testMeeting(start, { id: "m1", end, ...extra });
const january = meeting("2027-01-19T10:00:00+01:00", "2027-01-19T12:00:00+01:00");
const july = meeting("2027-07-20T10:00:00+02:00", "2027-07-20T12:00:00+02:00");

test("formatLongDate() writes the full Italian weekday and date in Rome", () => {
  expect(formatLongDate(january.start, "it-IT")).toBe("martedì 19 gennaio 2027");
  // 23:30 in New York is already the next day in Rome.
  expect(formatLongDate("2027-01-18T23:30:00-05:00", "it-IT")).toBe("martedì 19 gennaio 2027");
});

test("formatTimeRange() is Rome wall-clock time on both sides of DST", () => {
  expect(formatTimeRange(january, "it-IT")).toBe("10:00–12:00");
  expect(formatTimeRange(july, "it-IT")).toBe("10:00–12:00");
});

test("formatWhen() says oggi, domani, tra N giorni and in corso by Rome calendar days", () => {
  expect(formatWhen(january, new Date("2027-01-14T09:00:00+01:00"), it)).toBe("tra 5 giorni");
  expect(formatWhen(january, new Date("2027-01-18T23:59:00+01:00"), it)).toBe("domani");
  expect(formatWhen(january, new Date("2027-01-19T00:01:00+01:00"), it)).toBe("oggi");
  expect(formatWhen(january, new Date("2027-01-19T10:30:00+01:00"), it)).toBe("in corso");
  expect(formatWhen(january, new Date("2027-01-14T09:00:00+01:00"), testTranslator("en"))).toBe("in 5 days");
});

test("badgeText() fits the badge: days, later today, hours, minutes, now", () => {
  expect(badgeText(january, new Date("2027-01-14T09:00:00+01:00"), it)).toBe("5g");
  expect(badgeText(january, new Date("2027-01-19T06:00:00+01:00"), it)).toBe("oggi");
  expect(badgeText(january, new Date("2027-01-19T08:00:00+01:00"), it)).toBe("2h");
  expect(badgeText(january, new Date("2027-01-19T09:15:00+01:00"), it)).toBe("45m");
  expect(badgeText(january, new Date("2027-01-19T11:00:00+01:00"), it)).toBe("ora");
});

test("badgeText() counts the days two weeks ahead at most, an urgent meeting whatever the distance", () => {
  expect(badgeText(january, new Date("2027-01-05T09:00:00+01:00"), it)).toBe("14g");
  expect(badgeText(january, new Date("2027-01-04T09:00:00+01:00"), it)).toBe("");
  // Six weeks ahead: no "43g" on the icon.
  expect(badgeText(january, new Date("2026-12-07T09:00:00+01:00"), it)).toBe("");
  expect(badgeText({ ...january, kind: "urgent" }, new Date("2026-12-07T09:00:00+01:00"), it)).toBe("43g");
});

test("formatDeadline() reads as the referent would say it: entro il 3 dicembre, entro oggi, scaduta ieri, scaduta da 3 giorni", async () => {
  const { formatDeadline } = await import("./format");
  const now = new Date("2026-11-23T09:00:00+01:00");
  expect(formatDeadline("2026-12-03", now, it)).toBe("entro il 3 dicembre");
  expect(formatDeadline("2027-01-08", now, it)).toBe("entro l'8 gennaio 2027");
  expect(formatDeadline("2026-11-23", now, it)).toBe("entro oggi");
  expect(formatDeadline("2026-11-22", now, it)).toBe("scaduta ieri");
  expect(formatDeadline("2026-11-20", now, it)).toBe("scaduta da 3 giorni");
  expect(formatDeadline("2026-12-03", now, testTranslator("en"))).toBe("by 3 December");
});

test("one date style, in words: a day, a meeting's day, the same abbreviated", () => {
  expect(formatDate("2026-11-03", "it-IT")).toBe("3 novembre 2026");
  expect(formatDate("2026-11-03", "en-GB")).toBe("3 November 2026");
  expect(formatCompactDate(january.start, "it-IT")).toBe("mar 19 gen");
  expect(formatCompactDate(january.start, "en-GB")).toBe("Tue 19 Jan");
});
