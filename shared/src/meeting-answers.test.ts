import { describe, expect, test } from "vitest";
import { answeredBeforeMove, type MeetingTurnout, meetingTurnout, type TurnoutReferent } from "./meeting-answers.ts";
import { type Ente, FALLBACK_NETWORK } from "./network.ts";
import type { Attendance } from "./records/attendance.ts";

const ENTI = FALLBACK_NETWORK.enti.map((ente) => ente.name);

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

describe("meetingTurnout: which answers count, and what they add up to", () => {
  const person = (firstName: string, lastName: string, ente: Ente, active = true): TurnoutReferent => ({
    firstName,
    lastName,
    ente,
    active,
    email: `${firstName}.${lastName}@${ente.replace(/\W/g, "")}.esempio.it`.toLowerCase(),
  });
  const giulia = person("Giulia", "Bianchi", "Unione");
  const marco = person("Marco", "Ricci", "Lugo");
  const sara = person("Sara", "Folli", "Lugo");
  const francesca = person("Francesca", "Randi", "Bagnacavallo");
  const matteo = person("Matteo", "Cortesi", "Bagnacavallo");
  const chiara = person("Chiara", "Zauli", "Cotignola");
  const elena = person("Elena", "Montanari", "Alfonsine");
  const ex = person("Ex", "Referente", "Conselice", false);
  const ROSTER = [giulia, marco, sara, francesca, matteo, chiara, elena, ex];

  const meeting = { id: "m-1", ...moved };
  const BEFORE = "2027-01-04T17:30:00.000Z";
  const AFTER = "2027-01-06T09:00:00.000Z";
  const answer = (who: TurnoutReferent, given: Attendance["answer"], updatedAt: string, delegate = ""): Attendance => ({
    id: `m-1-${who.email}`,
    meetingId: "m-1",
    email: who.email,
    name: `${who.firstName} ${who.lastName}`,
    ente: who.ente,
    answer: given,
    delegate,
    updatedAt,
  });
  const row = (turnout: MeetingTurnout, ente: Ente) => turnout.byEnte.find((r) => r.ente === ente)!;

  // The demo's answers: the Unione and Lugo come, Francesca delegates Matteo, Cotignola does not come.
  const demo = (at: string) => [
    answer(giulia, "yes", at),
    answer(marco, "yes", at),
    answer(francesca, "delegate", at, "Matteo Cortesi"),
    answer(chiara, "no", at),
  ];

  test("answers given after the move count: 3 people from 3 enti, 1 not coming", () => {
    const turnout = meetingTurnout(meeting, ROSTER, demo(AFTER), ENTI);
    expect(turnout).toMatchObject({ people: 3, enti: 3, answered: 4, absent: 1 });
    expect(row(turnout, "Lugo")).toMatchObject({
      yes: ["Marco Ricci"],
      missing: ["Sara Folli"],
      coming: [{ name: "Marco Ricci", for: [] }],
    });
    expect(row(turnout, "Cotignola")).toMatchObject({ no: ["Chiara Zauli"], coming: [] });
  });

  test("the same answers given before the move count for nobody: everyone active is missing", () => {
    const turnout = meetingTurnout(meeting, ROSTER, demo(BEFORE), ENTI);
    expect(turnout).toMatchObject({ people: 0, enti: 0, answered: 0, absent: 0 });
    expect(turnout.byEnte.flatMap((r) => r.missing)).toEqual([
      "Giulia Bianchi",
      "Elena Montanari",
      "Francesca Randi",
      "Matteo Cortesi",
      "Chiara Zauli",
      "Marco Ricci",
      "Sara Folli",
    ]);
    // Given again after the move, one answer counts again.
    const again = meetingTurnout(meeting, ROSTER, [...demo(BEFORE), answer(giulia, "yes", AFTER)], ENTI);
    expect(again).toMatchObject({ people: 1, enti: 1, answered: 1 });
    expect(row(again, "Unione")).toMatchObject({ yes: ["Giulia Bianchi"], missing: [] });
  });

  test("a delegation counts the ente present; the delegate comes for the delegator and is missing nowhere", () => {
    const turnout = meetingTurnout(meeting, ROSTER, demo(AFTER), ENTI);
    expect(row(turnout, "Bagnacavallo")).toEqual({
      ente: "Bagnacavallo",
      yes: [],
      no: [],
      delegations: [{ name: "Francesca Randi", delegate: "Matteo Cortesi" }],
      standIns: [{ name: "Matteo Cortesi", for: ["Francesca Randi"] }],
      missing: [],
      coming: [{ name: "Matteo Cortesi", for: ["Francesca Randi"] }],
    });
  });

  test("a delegate named by hand is found in the roster; one who also said yes is counted once", () => {
    const turnout = meetingTurnout(
      meeting,
      ROSTER,
      [answer(francesca, "delegate", AFTER, " cortesi  MATTEO "), answer(matteo, "yes", AFTER)],
      ENTI,
    );
    expect(turnout).toMatchObject({ people: 1, enti: 1, answered: 2 });
    expect(row(turnout, "Bagnacavallo")).toMatchObject({
      yes: ["Matteo Cortesi"],
      delegations: [{ name: "Francesca Randi", delegate: "Matteo Cortesi" }],
      standIns: [],
      missing: [],
      coming: [{ name: "Matteo Cortesi", for: ["Francesca Randi"] }],
    });
  });

  test("a delegate of another ente, or from outside the roster, comes for the delegator's ente", () => {
    const across = meetingTurnout(meeting, ROSTER, [answer(francesca, "delegate", AFTER, "Elena Montanari")], ENTI);
    expect(across).toMatchObject({ people: 1, enti: 2 });
    expect(row(across, "Alfonsine")).toMatchObject({ standIns: [{ name: "Elena Montanari", for: ["Francesca Randi"] }], missing: [] });
    expect(row(across, "Bagnacavallo")).toMatchObject({ missing: ["Matteo Cortesi"], coming: [{ name: "Elena Montanari" }] });

    const outside = meetingTurnout(meeting, ROSTER, [answer(francesca, "delegate", AFTER, "Mario Rossi")], ENTI);
    expect(outside).toMatchObject({ people: 1, enti: 1 });
    expect(row(outside, "Bagnacavallo")).toMatchObject({
      coming: [{ name: "Mario Rossi", for: ["Francesca Randi"] }],
      missing: ["Matteo Cortesi"],
    });
  });

  test("only the roster's active referents count, each by their latest answer, whatever the case of their email", () => {
    const turnout = meetingTurnout(
      meeting,
      [{ ...sara, email: "Sara.Folli@Lugo.esempio.it" }, ex],
      [
        answer(sara, "no", AFTER),
        answer(sara, "yes", "2027-01-07T09:00:00.000Z"),
        answer(ex, "yes", AFTER),
        { ...answer(giulia, "yes", AFTER), email: "someone@esempio.it" },
        { ...answer(marco, "yes", AFTER), meetingId: "another-meeting" },
      ],
      ENTI,
    );
    expect(turnout).toMatchObject({ people: 1, enti: 1, answered: 1, absent: 0 });
    expect(row(turnout, "Lugo")).toMatchObject({ yes: ["Sara Folli"], no: [] });
    expect(row(turnout, "Conselice")).toMatchObject({ yes: [], missing: [] });
  });

  test("without a meeting nothing counts", () => {
    expect(meetingTurnout(null, ROSTER, demo(AFTER), ENTI)).toMatchObject({ people: 0, enti: 0, answered: 0 });
  });
});
