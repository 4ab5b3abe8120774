import { type Attendance, BASSA_ROMAGNA, type Ente, type Meeting, type Referent } from "@rete-urp/shared";
import { expect, test } from "vitest";
import { renderText } from "../../testing/render";
import { WhoIsComing } from "./who-is-coming";

const meeting = { id: "m-1" } as Meeting;
const email = (name: string) => `${name.replace(/\s+/g, ".").toLowerCase()}@esempio.it`;
const referent = (name: string, ente: Ente): Referent => {
  const [firstName = "", lastName = ""] = name.split(" ");
  return { id: name, firstName, lastName, ente, role: "Referente", email: email(name), phone: "", active: true };
};
const answer = (
  name: string,
  ente: Ente,
  given: Attendance["answer"],
  delegate = "",
  updatedAt = "2026-11-10T09:00:00.000Z",
): Attendance => ({
  id: name,
  meetingId: "m-1",
  email: email(name),
  name,
  ente,
  answer: given,
  delegate,
  updatedAt,
});
// The roster the snapshot serves: whoever answers is one of its active referents.
const ROSTER = [
  referent("Giulia Bianchi", "Unione"),
  referent("Sara Folli", "Lugo"),
  referent("Marco Ricci", "Lugo"),
  referent("Anna Liverani", "Conselice"),
  referent("Luca Tampieri", "Cotignola"),
  referent("Eva Neri", "Unione"),
  referent("Francesca Randi", "Bagnacavallo"),
  referent("Matteo Cortesi", "Bagnacavallo"),
  referent("Chiara Zauli", "Cotignola"),
];
const render = (answers: Attendance[], language: "it" | "en" = "it", shown: Meeting = meeting) =>
  renderText(<WhoIsComing meeting={shown} roster={ROSTER} answers={answers} enti={BASSA_ROMAGNA.map((ente) => ente.name)} />, language);
const summary = (answers: Attendance[], language: "it" | "en" = "it", shown: Meeting = meeting) =>
  render(answers, language, shown).split(/Nessuno ha ancora|Unione|Bagnacavallo|Lugo|Conselice/)[0]!;

test("who is coming reads as a sentence, its plurals agreed", () => {
  expect(summary([])).toMatch(/^Per ora non partecipa nessuno/);
  expect(summary([answer("Sara Folli", "Lugo", "yes")])).toMatch(/^Partecipa 1 persona da 1 ente/);
  expect(
    summary([answer("Sara Folli", "Lugo", "yes"), answer("Marco Ricci", "Lugo", "yes"), answer("Anna Liverani", "Conselice", "no")]),
  ).toMatch(/^Partecipano 2 persone da 1 ente; 1 non partecipa/);
  expect(
    summary([
      answer("Sara Folli", "Lugo", "yes"),
      answer("Anna Liverani", "Conselice", "yes"),
      answer("Luca Tampieri", "Cotignola", "no"),
      answer("Eva Neri", "Unione", "no"),
    ]),
  ).toMatch(/^Partecipano 2 persone da 2 enti; 2 non partecipano/);
  expect(summary([answer("Sara Folli", "Lugo", "yes")], "en")).toMatch(/^1 person is coming from 1 organisation/);
});

// The demo's answers, given on 4 January at 17:30; the coordinator moves the meeting on 5 January.
const DEMO = [
  answer("Giulia Bianchi", "Unione", "yes", "", "2027-01-04T17:30:00.000Z"),
  answer("Marco Ricci", "Lugo", "yes", "", "2027-01-04T17:30:00.000Z"),
  answer("Francesca Randi", "Bagnacavallo", "delegate", "Matteo Cortesi", "2027-01-04T17:30:00.000Z"),
  answer("Chiara Zauli", "Cotignola", "no", "", "2027-01-04T17:30:00.000Z"),
];
const moved = { id: "m-1", movedFrom: "2027-01-19T10:00:00+01:00", changedAt: "2027-01-05T08:00:00.000Z" } as Meeting;

test("after the meeting moved, the answers given for the old day count for nobody, as in Coordinamento", () => {
  // Before the move: 3 people from 3 enti, Matteo Cortesi for Francesca Randi.
  expect(summary(DEMO)).toMatch(/^Partecipano 3 persone da 3 enti; 1 non partecipa/);
  expect(render(DEMO)).toContain("Bagnacavallo 1 Matteo Cortesi (per Francesca Randi)");
  // Moved: nobody has answered for the new day.
  expect(summary(DEMO, "it", moved)).toMatch(/^Per ora non partecipa nessuno/);
  expect(render(DEMO, "it", moved)).toContain("Nessuno ha ancora risposto.");
  expect(summary(DEMO, "en", moved)).toMatch(/^Nobody is coming yet/);
  // Giulia answers again, after the move: she alone counts.
  const again = [
    ...DEMO.filter((given) => given.name !== "Giulia Bianchi"),
    answer("Giulia Bianchi", "Unione", "yes", "", "2027-01-05T09:00:00.000Z"),
  ];
  expect(summary(again, "it", moved)).toMatch(/^Partecipa 1 persona da 1 ente/);
  expect(render(again, "it", moved)).not.toContain("Non partecipano");
});

test("a delegate who also said yes is one person, coming for both", () => {
  const answers = [
    answer("Francesca Randi", "Bagnacavallo", "delegate", "matteo cortesi"),
    answer("Matteo Cortesi", "Bagnacavallo", "yes"),
  ];
  expect(summary(answers)).toMatch(/^Partecipa 1 persona da 1 ente/);
  expect(render(answers)).toContain("Bagnacavallo 1 Matteo Cortesi (per Francesca Randi)");
  expect(render(answers, "en")).toContain("Matteo Cortesi (for Francesca Randi)");
});

test("an answer from someone no longer in the roster counts neither here nor in Coordinamento", () => {
  expect(summary([answer("Sara Folli", "Lugo", "yes"), answer("Ex Referente", "Lugo", "yes")])).toMatch(/^Partecipa 1 persona da 1 ente/);
});
