import { describe, expect, test } from "vitest";
import { plainDateToSerial } from "../cell-values.ts";
import { mapHeaders } from "../tab-spec.ts";
import { decodePresenze, PRESENZE } from "./attendance.ts";
import { NO_REFERENCES, referencesOf, staleDerivedCells, withDerivedCells } from "./companions.ts";
import { decodeProposte, PROPOSTE } from "./proposal.ts";
import { decodeEsitiPubblicazioni, ESITI_PUBBLICAZIONI } from "./publication.ts";

/** The derived columns: what an ID refers to, beside it, kept by sheets-sync and never decoded. */

const jan19 = { year: 2027, month: 1, day: 19 };
const mar16 = { year: 2027, month: 3, day: 16 };
const references = referencesOf(
  [
    { id: "m-1", date: jan19 },
    { id: "m-2", date: mar16 },
  ],
  [{ id: "pub-1", title: "Bando affitti 2027" }],
);

describe("derived columns", () => {
  test("Presenze and Proposte show the meeting's date beside its ID, Esiti pubblicazioni the publication's title", () => {
    const derived = (spec: { columns: readonly { header: string; derived?: unknown }[] }) =>
      spec.columns.filter((column) => column.derived).map((column) => [column.header, column.derived]);
    expect(derived(PRESENZE)).toEqual([["Data riunione", { from: "meetingId", show: "meetingDate" }]]);
    expect(derived(PROPOSTE)).toEqual([["Data riunione", { from: "meetingId", show: "meetingDate" }]]);
    expect(derived(ESITI_PUBBLICAZIONI)).toEqual([["Titolo pubblicazione", { from: "publicationId", show: "publicationTitle" }]]);
  });

  test("a row to write gets its derived cells from its reference cells; an unknown reference leaves them out", () => {
    expect(withDerivedCells(PRESENZE, { id: "a-1", meetingId: "m-2" }, references)).toEqual({
      id: "a-1",
      meetingId: "m-2",
      meetingDate: plainDateToSerial(mar16),
    });
    expect(withDerivedCells(ESITI_PUBBLICAZIONI, { id: "o-1", publicationId: "pub-1" }, references)).toMatchObject({
      publicationTitle: "Bando affitti 2027",
    });
    expect(withDerivedCells(PRESENZE, { id: "a-1", meetingId: "m-9" }, references)).toEqual({ id: "a-1", meetingId: "m-9" });
    expect(withDerivedCells(PRESENZE, { id: "a-1", meetingId: "m-1" }, NO_REFERENCES)).toEqual({ id: "a-1", meetingId: "m-1" });
  });

  test("stale cells: only the rows whose derived cell no longer shows what the ID refers to, with only that cell", () => {
    const grid = [
      ["ID", "Riunione", "Email", "Risposta", "Nota mia", "Data riunione"],
      // Right already (a date cell), and right as text typed by hand: both left alone.
      ["a-1", "m-1", "a@esempio.it", "Partecipo", "x", plainDateToSerial(jan19)],
      ["a-2", "m-1", "b@esempio.it", "Partecipo", "", "19/01/2027"],
      // The meeting moved to 16 March: rewritten.
      ["a-3", "m-2", "c@esempio.it", "Delego", "", plainDateToSerial(jan19)],
      // Empty: filled.
      ["a-4", "m-2", "d@esempio.it", "Partecipo", "", null],
      // No ID yet (sheets-sync gives it one first), an unknown meeting, a copied ID: left alone.
      [null, "m-2", "e@esempio.it", "Partecipo", "", null],
      ["a-5", "m-9", "f@esempio.it", "Partecipo", "", null],
      ["a-3", "m-2", "g@esempio.it", "Partecipo", "", null],
    ];
    expect(staleDerivedCells(PRESENZE, grid, references)).toEqual([
      { id: "a-3", meetingDate: plainDateToSerial(mar16) },
      { id: "a-4", meetingDate: plainDateToSerial(mar16) },
    ]);
  });

  test("a retitled publication: its outcomes' titles are rewritten; a sheet without the column gets nothing", () => {
    const grid = [
      ["ID", "Pubblicazione", "Ente", "Titolo pubblicazione"],
      ["o-1", "pub-1", "Lugo", "Bando affitti"],
      ["o-2", "pub-1", "Fusignano", "Bando affitti 2027"],
    ];
    expect(staleDerivedCells(ESITI_PUBBLICAZIONI, grid, references)).toEqual([{ id: "o-1", publicationTitle: "Bando affitti 2027" }]);
    const older = [
      ["ID", "Pubblicazione", "Ente"],
      ["o-1", "pub-1", "Lugo"],
    ];
    expect(staleDerivedCells(ESITI_PUBBLICAZIONI, older, references)).toEqual([]);
    expect(staleDerivedCells(ESITI_PUBBLICAZIONI, undefined, references)).toEqual([]);
  });

  test("never decoded: a derived cell holding anything, or no derived column at all, reads the same and reports nothing", () => {
    const withColumn = [
      ["ID", "Riunione", "Data riunione", "Email", "Risposta"],
      ["a-1", "m-1", "non è una data", "a@esempio.it", "Partecipo"],
    ];
    const without = [
      ["ID", "Riunione", "Email", "Risposta"],
      ["a-1", "m-1", "a@esempio.it", "Partecipo"],
    ];
    expect(decodePresenze(withColumn)).toEqual(decodePresenze(without));
    expect(decodePresenze(withColumn).problems).toEqual([]);
    const proposte = [
      ["ID", "Riunione", "Data riunione", "Data", "Titolo"],
      ["p-1", "m-1", "boh", 46406, "Orari estivi"],
    ];
    expect(decodeProposte(proposte).problems).toEqual([]);
    expect(decodeProposte(proposte).records).toHaveLength(1);
    const esiti = [
      ["ID", "Pubblicazione", "Titolo pubblicazione", "Ente"],
      ["o-1", "pub-1", 42, "Lugo"],
    ];
    expect(decodeEsitiPubblicazioni(esiti).problems).toEqual([]);
  });

  test("headers are matched by name: the derived column can sit anywhere, and 'Data riunione' is not 'Data'", () => {
    const { indexOf } = mapHeaders(PROPOSTE, ["Data riunione", "Titolo", "Data", "Riunione"]);
    expect(indexOf.get("meetingDate")).toBe(0);
    expect(indexOf.get("date")).toBe(2);
  });
});
