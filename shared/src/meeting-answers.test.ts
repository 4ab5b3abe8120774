import { expect, test } from "vitest";
import { answeredBeforeMove } from "./meeting-answers.ts";

const moved = { movedFrom: "2027-01-19T10:00:00+01:00", changedAt: "2027-01-05T08:00:00.000Z" };

test("an answer given before the move is to be given again; one given after it stands", () => {
  expect(answeredBeforeMove(moved, "2027-01-04T17:30:00.000Z")).toBe(true);
  expect(answeredBeforeMove(moved, "2027-01-05T08:00:00.000Z")).toBe(false);
  expect(answeredBeforeMove(moved, "2027-01-06T09:00:00.000Z")).toBe(false);
});

test("a meeting never moved, or only cancelled, keeps every answer", () => {
  expect(answeredBeforeMove({}, "2027-01-04T17:30:00.000Z")).toBe(false);
  expect(answeredBeforeMove({ changedAt: "2027-01-05T08:00:00.000Z" }, "2027-01-04T17:30:00.000Z")).toBe(false);
});
