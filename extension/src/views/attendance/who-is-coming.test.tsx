import type { Attendance, Meeting } from "@rete-urp/shared";
import { expect, test } from "vitest";
import { renderText } from "../../testing/render";
import { WhoIsComing } from "./who-is-coming";

const meeting = { id: "m-1" } as Meeting;
const answer = (name: string, ente: Attendance["ente"], given: Attendance["answer"]): Attendance => ({
  id: name,
  meetingId: "m-1",
  email: `${name}@esempio.it`,
  name,
  ente,
  answer: given,
  delegate: "",
  updatedAt: "2026-11-10T09:00:00.000Z",
});
const summary = (answers: Attendance[], language: "it" | "en" = "it") =>
  renderText(<WhoIsComing meeting={meeting} answers={answers} />, language).split("Nessuno ha ancora")[0]!;

test("who is coming reads as a sentence, its plurals agreed", () => {
  expect(summary([])).toMatch(/^Per ora non partecipa nessuno/);
  expect(summary([answer("Sara", "Lugo", "yes")])).toMatch(/^Partecipa 1 persona da 1 ente/);
  expect(summary([answer("Sara", "Lugo", "yes"), answer("Marco", "Lugo", "yes"), answer("Anna", "Conselice", "no")])).toMatch(
    /^Partecipano 2 persone da 1 ente; 1 non partecipa/,
  );
  expect(
    summary([
      answer("Sara", "Lugo", "yes"),
      answer("Anna", "Conselice", "yes"),
      answer("Luca", "Cotignola", "no"),
      answer("Eva", "Unione", "no"),
    ]),
  ).toMatch(/^Partecipano 2 persone da 2 enti; 2 non partecipano/);
  expect(summary([answer("Sara", "Lugo", "yes")], "en")).toMatch(/^1 person is coming from 1 organisation/);
});
