import { describe, expect, test } from "vitest";
import { type CellValue, isoDateToSerial } from "../cell-values.ts";
import { formatProblem } from "../tab-spec.ts";
import {
  type Action,
  ActionDoneInputSchema,
  actionConcerns,
  daysLate,
  decodeAzioni,
  encodeAction,
  encodeActionDone,
  markActionDone,
  servedAction,
} from "./action.ts";
import type { Me } from "./referent.ts";

const HEADER = ["ID", "Riunione", "Progetto", "Azione", "Enti", "Scadenza", "Stato", "Fatta da", "Data"];

const open: Action = {
  id: "a-1",
  meetingId: "m-2026-09",
  meetingDate: "",
  projectId: "",
  text: "Inviare all'Unione gli orari estivi degli sportelli",
  enti: [],
  deadline: "2026-11-20",
  status: "open",
  doneBy: "",
  doneAt: "",
};

const sara: Me = { email: "sara.folli@lugo.esempio.it", firstName: "Sara", lastName: "Folli", ente: "Lugo", role: "Referente" };

describe("decodeAzioni()", () => {
  test("reads an action the way the coordinator writes it: enti in any spelling, dates as cells or text, an empty Stato open", () => {
    const decoded = decodeAzioni([
      HEADER,
      ["a-1", "m-2026-09", "", "Aggiornare la pagina URP", "Comune di Lugo, FUSIGNANO", isoDateToSerial("2026-11-20"), "", "", ""],
      [
        "a-2",
        "16/09/2026",
        "p-sportelli",
        "Raccogliere le FAQ sulla TARI",
        "",
        "30/11/2026",
        "fatta",
        "Andrea Bassi (Conselice)",
        "2026-11-02",
      ],
    ]);
    expect(decoded.problems).toEqual([]);
    expect(decoded.records).toEqual([
      {
        id: "a-1",
        meetingId: "m-2026-09",
        meetingDate: "",
        projectId: "",
        text: "Aggiornare la pagina URP",
        enti: ["Lugo", "Fusignano"],
        deadline: "2026-11-20",
        status: "open",
        doneBy: "",
        doneAt: "",
        cell: "D2",
      },
      {
        id: "a-2",
        meetingId: "",
        meetingDate: "2026-09-16",
        projectId: "p-sportelli",
        text: "Raccogliere le FAQ sulla TARI",
        enti: [],
        deadline: "2026-11-30",
        status: "done",
        doneBy: "Andrea Bassi (Conselice)",
        doneAt: "2026-11-02",
        cell: "D3",
      },
    ]);
  });

  test("a bad cell is named and its row skipped; the rest of the tab is read", () => {
    const decoded = decodeAzioni([
      HEADER,
      ["a-1", "", "", "", "Lugo", "", "", "", ""],
      ["a-2", "", "", "Stampare i volantini", "Ravenna", "", "", "", ""],
      ["a-3", "", "", "Stampare i volantini", "", "31/02/2027", "", "", ""],
      ["a-4", "", "", "Stampare i volantini", "", "", "Rinviata", "", ""],
      ["a-5", "", "", "Stampare i volantini", "", "", "Fatta", "", "ieri"],
      ["a-6", "", "", "Tradurre il modulo in inglese", "", "", "Da fare", "", ""],
    ]);
    expect(decoded.problems.map(formatProblem)).toEqual([
      "Azioni!D2: azione mancante",
      'Azioni!E3: ente sconosciuto "Ravenna"',
      'Azioni!F4: scadenza non valida "31/02/2027"',
      'Azioni!G5: stato sconosciuto "Rinviata": Da fare o Fatta',
      'Azioni!I6: data non valida "ieri"',
    ]);
    expect(decoded.records.map((action) => action.id)).toEqual(["a-6"]);
    expect(decoded.usable).toBe(true);
  });

  test("a tab without the Azione column is reported for the tab", () => {
    const decoded = decodeAzioni([
      ["ID", "Cosa"],
      ["a-1", "Stampare i volantini"],
    ]);
    expect(decoded.usable).toBe(false);
    expect(decoded.problems.map(formatProblem)).toEqual(['Azioni: manca la colonna obbligatoria "Azione": aggiungila nella riga 1']);
  });
});

describe("an action's state", () => {
  test("an empty Enti concerns every ente; a list only those it names", () => {
    expect(actionConcerns(open, "Unione")).toBe(true);
    expect(actionConcerns({ enti: ["Lugo", "Fusignano"] }, "Fusignano")).toBe(true);
    expect(actionConcerns({ enti: ["Lugo", "Fusignano"] }, "Conselice")).toBe(false);
  });

  test("daysLate() counts the days past the deadline, and nothing for a done action or one without a deadline", () => {
    expect(daysLate(open, "2026-11-20")).toBe(0);
    expect(daysLate(open, "2026-11-23")).toBe(3);
    // Across the change to winter time the days stay whole.
    expect(daysLate({ ...open, deadline: "2026-10-24" }, "2026-10-26")).toBe(2);
    expect(daysLate({ ...open, status: "done" }, "2026-11-23")).toBe(0);
    expect(daysLate({ ...open, deadline: "" }, "2026-11-23")).toBe(0);
  });

  test("markActionDone() records who, with the ente, and the day in Rome (not UTC's)", () => {
    // 23:30 UTC on 23 November is already the 24th in Rome.
    const done = markActionDone(open, sara, new Date("2026-11-23T23:30:00Z"));
    expect(done).toEqual({ ...open, status: "done", doneBy: "Sara Folli (Lugo)", doneAt: "2026-11-24" });
  });

  test("encodeActionDone() writes Stato, Fatta da and Data only, so the coordinator's other cells stay as written", () => {
    const done = markActionDone(open, sara, new Date("2026-11-23T10:00:00Z"));
    expect(encodeActionDone(done)).toEqual({
      id: "a-1",
      status: "Fatta",
      doneBy: "Sara Folli (Lugo)",
      doneAt: isoDateToSerial("2026-11-23"),
    });
  });

  test("a whole row written by encodeAction() decodes to the same action", () => {
    const action: Action = { ...open, enti: ["Lugo", "Sant'Agata sul Santerno"], projectId: "p-1" };
    const row = encodeAction(action);
    const keys = ["id", "meetingId", "projectId", "text", "enti", "deadline", "status", "doneBy", "doneAt"] as const;
    const grid: CellValue[][] = [HEADER, keys.map((key) => row[key] ?? null)];
    expect(decodeAzioni(grid).records.map(servedAction)).toEqual([action]);
  });

  test("the API input of Fatto is an empty object: who and when never come from the client", () => {
    expect(ActionDoneInputSchema.safeParse({}).success).toBe(true);
    expect(ActionDoneInputSchema.safeParse({ doneBy: "Qualcun altro" }).success).toBe(false);
  });
});
