import type { Meeting } from "@rete-urp/shared";
import { expect, test } from "vitest";
import { testMeeting } from "../testing/meetings";
import { recentlyCancelled } from "./meeting-changes";

const meeting = (id: string, start: string, extra: Partial<Meeting> = {}): Meeting =>
  testMeeting(start, { id, status: "cancelled", ...extra });

const now = new Date("2027-01-10T09:00:00+01:00");

test("a cancellation shows for a week after the service saw it, and never once the day has passed", () => {
  const meetings = [
    meeting("seen-yesterday", "2027-02-16T10:00:00+01:00", { changedAt: "2027-01-09T08:00:00.000Z" }),
    meeting("seen-8-days-ago", "2027-01-19T10:00:00+01:00", { changedAt: "2027-01-02T08:00:00.000Z" }),
    meeting("already-over", "2027-01-05T10:00:00+01:00", { changedAt: "2027-01-09T08:00:00.000Z" }),
    meeting("not-cancelled", "2027-01-19T10:00:00+01:00", { status: "planned", changedAt: "2027-01-09T08:00:00.000Z" }),
  ];
  expect(recentlyCancelled(meetings, now).map((m) => m.id)).toEqual(["seen-yesterday"]);
});

test("without the moment of the cancellation, it shows in the week before the day", () => {
  const meetings = [meeting("in-5-days", "2027-01-15T10:00:00+01:00"), meeting("in-a-month", "2027-02-16T10:00:00+01:00")];
  expect(recentlyCancelled(meetings, now).map((m) => m.id)).toEqual(["in-5-days"]);
});
