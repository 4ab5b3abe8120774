import { describe, expect, test } from "vitest";
import type { CellValue } from "../cell-values.ts";
import { search } from "../search.ts";
import type { RowOf, TabSpec } from "../tab-spec.ts";
import { buildAttendance, decodePresenze, encodeAttendance, PRESENZE } from "./attendance.ts";
import { referencesOf } from "./companions.ts";
import {
  BUONE_PRASSI,
  buildPractice,
  decodeBuonePrassi,
  encodePractice,
  type Practice,
  PracticeInputSchema,
  practiceSearchText,
  sortPracticesNewestFirst,
} from "./practice.ts";
import { buildProposal, decodeProposte, encodeProposal, PROPOSTE } from "./proposal.ts";
import {
  buildPublicationOutcome,
  decodeEsitiPubblicazioni,
  ESITI_PUBBLICAZIONI,
  encodePublicationOutcome,
  myPublication,
  type Publication,
} from "./publication.ts";
import { authorOf, type Me } from "./referent.ts";
import type { Grid } from "./tab-reader.ts";

/**
 * Each record is defined once (records/): these tests pin what the service and the extension's
 * outbox both build from an input, and that what is written reads back as the same record.
 */

const giulia: Me = { email: "giulia.bassi@comune.lugo.ra.it", firstName: "Giulia", lastName: "Bassi", ente: "Lugo", role: "Referente" };
// 23:30 UTC on 30 November is already 1 December in Rome.
const lateEvening = new Date("2026-11-30T23:30:00Z");
const id = "0b9c7f2e-4a51-4d0e-9d8a-3f1c2b7e6a10";

/** A tab holding the rows `encode` made, under the tab's own headers, as a store would give it back. */
function gridOf<Spec extends TabSpec>(spec: Spec, rows: RowOf<Spec>[]): Grid {
  const keys = spec.columns.map((column) => column.key as keyof RowOf<Spec>);
  return [spec.columns.map((column) => column.header), ...rows.map((row) => keys.map((key) => (row[key] ?? null) as CellValue))];
}

describe("practice", () => {
  const input = PracticeInputSchema.parse({
    id,
    title: "  Sportello SPID assistito ",
    url: "https://www.comune.lugo.ra.it/spid",
    tags: ["SPID"],
  });

  test("built from an input and its author: Rome date, author from the token, the author's ente when none is given", () => {
    expect(buildPractice(input, giulia, lateEvening)).toEqual({
      id,
      date: "2026-12-01",
      title: "Sportello SPID assistito",
      description: "",
      url: "https://www.comune.lugo.ra.it/spid",
      excerpt: "",
      tags: ["SPID"],
      ente: "Lugo",
      author: "Giulia Bassi",
      authorEmail: "giulia.bassi@comune.lugo.ra.it",
    });
  });

  test('"Nessuno" (ente "") stays none, and another comune stays that comune', () => {
    expect(buildPractice(PracticeInputSchema.parse({ id, title: "T", ente: "" }), giulia, lateEvening).ente).toBe("");
    expect(buildPractice(PracticeInputSchema.parse({ id, title: "T", ente: "Conselice" }), giulia, lateEvening).ente).toBe("Conselice");
    // Which names are enti is the sheet's Enti tab to say (the API checks it: test/api/enti.test.ts); the schema, only the shape.
    expect(PracticeInputSchema.safeParse({ id, title: "T", ente: "Faenza" }).success).toBe(true);
    expect(PracticeInputSchema.safeParse({ id, title: "T", ente: "x".repeat(201) }).success).toBe(false);
  });

  test("what is written reads back as the same practice (date cell, tags joined)", () => {
    const practice = buildPractice({ ...input, tags: ["SPID", "sportello"], description: "Su appuntamento" }, giulia, lateEvening);
    const row = encodePractice(practice);
    expect(row.date).toBe(46357); // 1 December 2026 as a date serial
    expect(row.tags).toBe("SPID, sportello");
    const decoded = decodeBuonePrassi(gridOf(BUONE_PRASSI, [row]));
    expect(decoded.problems).toEqual([]);
    expect(decoded.records).toEqual([practice]);
  });

  test("the search text holds title, description, excerpt, tags, ente and author; the search ignores case and accents", () => {
    const practice: Practice = {
      ...buildPractice(input, giulia, lateEvening),
      description: "Identità digitale",
      excerpt: "Giovedì mattina",
    };
    const entries = [{ item: practice.id, text: practiceSearchText(practice) }];
    for (const query of ["spid", "IDENTITA", "giovedi", "lugo", "bassi", "spid sportello"])
      expect(search(entries, query), query).toEqual([id]);
    expect(search(entries, "ravenna")).toEqual([]);
  });

  test("newest first; the same day, the one added later first", () => {
    const day = (date: string, title: string): Practice => ({ ...buildPractice(input, giulia, lateEvening), date, title, id: title });
    const sheetOrder = [day("2026-11-03", "a"), day("2026-11-20", "b"), day("2026-11-03", "c"), day("2026-11-20", "d")];
    expect(sortPracticesNewestFirst(sheetOrder).map((p) => p.title)).toEqual(["d", "b", "c", "a"]);
  });
});

describe("proposal", () => {
  test("built for the resolved meeting with the proposer's ente and status proposed; reads back the same", () => {
    const proposal = buildProposal({ id, meetingId: "rule-2027-01", title: "Orari estivi" }, "m-2027-01", giulia, lateEvening);
    expect(proposal).toMatchObject({
      meetingId: "m-2027-01",
      date: "2026-12-01",
      ente: "Lugo",
      author: "Giulia Bassi",
      status: "proposed",
    });
    const row = encodeProposal(proposal, referencesOf([{ id: "m-2027-01", date: { year: 2027, month: 1, day: 19 } }], []));
    expect(row.status).toBe("Proposta");
    expect(row.meetingDate).toBe(46406);
    expect(decodeProposte(gridOf(PROPOSTE, [row])).records).toEqual([proposal]);
  });
});

describe("attendance", () => {
  test("a delegate is kept only with the answer delegate; reads back the same", () => {
    const delegating = buildAttendance("a-1", "m-1", { answer: "delegate", delegate: "Marco Ricci" }, giulia, lateEvening);
    expect(delegating).toEqual({
      id: "a-1",
      meetingId: "m-1",
      email: "giulia.bassi@comune.lugo.ra.it",
      name: "Giulia Bassi",
      ente: "Lugo",
      answer: "delegate",
      delegate: "Marco Ricci",
      updatedAt: "2026-11-30T23:30:00.000Z",
    });
    expect(buildAttendance("a-1", "m-1", { answer: "yes", delegate: "Marco Ricci" }, giulia, lateEvening).delegate).toBe("");
    const row = encodeAttendance(delegating);
    expect(row.answer).toBe("Delego");
    expect(decodePresenze(gridOf(PRESENZE, [row])).records).toEqual([delegating]);
  });

  test("the time of the answer is a date-time cell in Rome wall-clock time (23:30 UTC is 00:30 the next day) and reads back as the instant", () => {
    const answer = buildAttendance("a-1", "m-1", { answer: "yes" }, giulia, lateEvening);
    const row = encodeAttendance(answer);
    // 1 December 2026 at 00:30 in Rome.
    expect(row.updatedAt).toBeCloseTo(46357 + 30 / 1440, 9);
    expect(decodePresenze(gridOf(PRESENZE, [row])).records[0]!.updatedAt).toBe("2026-11-30T23:30:00.000Z");
    const summer = buildAttendance("a-1", "m-1", { answer: "yes" }, giulia, new Date("2026-07-15T08:05:00.000Z"));
    expect(encodeAttendance(summer).updatedAt).toBeCloseTo(46218 + (10 * 60 + 5) / 1440, 9);
    expect(decodePresenze(gridOf(PRESENZE, [encodeAttendance(summer)])).records[0]!.updatedAt).toBe("2026-07-15T08:05:00.000Z");
  });

  test("with what the sheet knows, the row carries the meeting's date beside its ID", () => {
    const answer = buildAttendance("a-1", "m-1", { answer: "yes" }, giulia, lateEvening);
    const references = referencesOf([{ id: "m-1", date: { year: 2027, month: 1, day: 19 } }], []);
    expect(encodeAttendance(answer, references).meetingDate).toBe(46406);
    expect(encodeAttendance(answer).meetingDate).toBeUndefined();
  });
});

describe("publication outcome", () => {
  const bando: Publication = { id: "pub-1", title: "Bando affitti", sourceUrl: "", deadline: "2026-11-30", enti: ["Lugo"], notes: "" };

  test("built for the author's ente with the page as proof; reads back the same", () => {
    const outcome = buildPublicationOutcome("o-1", bando.id, { url: "https://www.comune.lugo.ra.it/bando" }, giulia, lateEvening);
    expect(outcome).toEqual({
      id: "o-1",
      publicationId: "pub-1",
      ente: "Lugo",
      publishedUrl: "https://www.comune.lugo.ra.it/bando",
      ...authorOf(giulia),
      date: "2026-12-01",
    });
    const row = encodePublicationOutcome(outcome, referencesOf([], [bando]));
    expect(row.status).toBe("Pubblicato");
    expect(row.publicationTitle).toBe("Bando affitti");
    expect(decodeEsitiPubblicazioni(gridOf(ESITI_PUBBLICAZIONI, [row])).records).toEqual([outcome]);
  });

  test("as its ente sees it: overdue only while not published and past the deadline", () => {
    const outcome = buildPublicationOutcome("o-1", bando.id, { url: "https://www.comune.lugo.ra.it/bando" }, giulia, lateEvening);
    expect(myPublication(bando, undefined, "2026-11-30")).toMatchObject({ published: false, overdue: false });
    expect(myPublication(bando, undefined, "2026-12-01")).toMatchObject({ published: false, overdue: true, publishedUrl: "" });
    expect(myPublication(bando, outcome, "2026-12-01")).toMatchObject({ published: true, overdue: false, publishedAt: "2026-12-01" });
  });
});
