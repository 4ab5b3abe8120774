import {
  type CellValue,
  decodeBuonePrassi,
  decodeImpostazioni,
  decodePresenze,
  decodeReferenti,
  decodeRiunioni,
  formatProblem,
  instantToRomeSerial,
  PracticeInputSchema,
  parseDateCell,
  parseTimeCell,
  parseTimestampCell,
  romeSerialToInstant,
} from "@rete-urp/shared";
import fc from "fast-check";
import { describe, expect, test } from "vitest";

/**
 * Whatever the coordinator (or anyone with edit rights) types into the sheet, decoding never
 * throws, every problem names a cell, and text comes back as text: formulas stay strings.
 */

const hostileText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 80 }),
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.constantFrom(
    '=IMPORTXML("https://evil.example","//a")',
    "+39 0545 000",
    "-1",
    "@SUM(A1)",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "javascript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "\u0000\u0007\u001b[31m",
    "31/02/2027",
    "99:99",
    "‮Lugo",
    "Sant’Agata",
  ),
  fc.string({ minLength: 10_000, maxLength: 12_000 }),
);

const cell: fc.Arbitrary<CellValue> = fc.oneof(
  hostileText,
  fc.double({ noNaN: false }),
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.boolean(),
  fc.constant(null),
);

const row = (width: number) => fc.array(cell, { maxLength: width });

const headersOf = (names: string[]) => fc.shuffledSubarray(names, { minLength: 0, maxLength: names.length });

const decoders = [
  { decode: decodeReferenti, headers: ["ID", "Nome", "Cognome", "Ente", "Ruolo", "Email", "Telefono", "Attivo", "Note", "Extra"] },
  {
    decode: decodeRiunioni,
    headers: ["ID", "Data", "Inizio", "Fine", "Tipo", "Stato", "Luogo", "Videoconferenza", "Ordine del giorno", "Verbale", "Note"],
  },
  {
    decode: decodeBuonePrassi,
    headers: ["ID", "Data", "Titolo", "Descrizione", "Link", "Estratto", "Tag", "Ente", "Autore", "Email autore"],
  },
  {
    decode: decodePresenze,
    headers: ["ID", "Riunione", "Data riunione", "Email", "Nome", "Ente", "Risposta", "Delegato", "Aggiornato"],
  },
];

describe("row codecs under generated input", () => {
  for (const { decode, headers } of decoders) {
    test(`${decode.name}() never throws; a problem names its tab, and the cell of a row that exists`, () => {
      fc.assert(
        fc.property(headersOf(headers), fc.array(row(12), { maxLength: 15 }), (header, rows) => {
          const decoded = decode([header, ...rows]);
          for (const problem of decoded.problems) {
            expect(formatProblem(problem)).toMatch(/^(Referenti|Riunioni|Buone prassi|Presenze)(![A-Z]+\d+)?: ./);
            expect(formatProblem(problem).length).toBeLessThan(300);
            if (problem.cell) expect(Number(/\d+$/.exec(problem.cell)![0])).toBeGreaterThanOrEqual(2);
            if (problem.cell) expect(Number(/\d+$/.exec(problem.cell)![0])).toBeLessThanOrEqual(rows.length + 1);
          }
          expect(decoded.records.length).toBeLessThanOrEqual(rows.length);
        }),
        { numRuns: 300 },
      );
    });

    test(`${decode.name}() with every column present: every problem is about one cell, never the whole tab`, () => {
      fc.assert(
        fc.property(
          fc.shuffledSubarray(headers, { minLength: headers.length }),
          fc.array(row(12), { minLength: 1, maxLength: 15 }),
          (header, rows) => {
            for (const problem of decode([header, ...rows]).problems) {
              expect(formatProblem(problem)).toMatch(/^(Referenti|Riunioni|Buone prassi|Presenze)![A-Z]+\d+: ./);
            }
          },
        ),
        { numRuns: 300 },
      );
    });
  }

  test("a practice's text cells come back exactly as typed (trimmed), formulas included", () => {
    fc.assert(
      fc.property(
        hostileText.filter((t) => t.trim() !== ""),
        (text) => {
          const decoded = decodeBuonePrassi([
            ["ID", "Data", "Titolo", "Descrizione", "Link"],
            ["p-1", "03/11/2026", text, text, text],
          ]);
          expect(decoded.records[0]).toMatchObject({ title: text.trim(), description: text.trim(), url: text.trim() });
        },
      ),
      { numRuns: 300 },
    );
  });

  test("Impostazioni never throws and always yields usable settings", () => {
    fc.assert(
      fc.property(fc.array(row(3), { maxLength: 10 }), (rows) => {
        const { settings } = decodeImpostazioni([["Chiave", "Valore"], ...rows]);
        expect(settings.meetingMonths.length).toBeGreaterThan(0);
        expect(settings.durationMinutes).toBeGreaterThan(0);
        expect(settings.startTime).toMatch(/^\d{2}:\d{2}$/);
      }),
    );
  });

  test("dates and times out of range are rejected, never wrapped", () => {
    fc.assert(
      fc.property(cell, (value) => {
        const date = parseDateCell(value);
        if (date) {
          expect(date.year).toBeGreaterThanOrEqual(1900);
          expect(date.year).toBeLessThanOrEqual(2200);
        }
        const time = parseTimeCell(value);
        if (time !== undefined) {
          expect(time).toBeGreaterThanOrEqual(0);
          expect(time).toBeLessThan(1440);
        }
      }),
      { numRuns: 1000 },
    );
  });

  test("a timestamp cell holds any cell: none is an error, and what reads is a UTC ISO instant", () => {
    fc.assert(
      fc.property(cell, (value) => {
        const instant = parseTimestampCell(value);
        if (instant !== undefined) expect(instant).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      }),
      { numRuns: 1000 },
    );
  });

  test("any instant written as a Rome date-time cell reads back as itself, but in the hour the clocks go back", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }),
        (instant) => {
          const serial = instantToRomeSerial(instant);
          const back = romeSerialToInstant(serial);
          if (back.getTime() !== instant.getTime()) {
            // 02:00–03:00 on the last Sunday of October happens twice: the cell reads as the second.
            expect(back.getTime() - instant.getTime()).toBe(3_600_000);
            expect(instantToRomeSerial(back)).toBe(serial);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("API bodies under generated input", () => {
  test("PracticeInputSchema accepts only http(s) URLs and bounded text, and never throws", () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.record(
          {
            // Mostly plausible values with hostile ones mixed in, so that both accepted and
            // refused bodies are seen in every run.
            id: fc.oneof({ arbitrary: fc.uuid(), weight: 4 }, { arbitrary: hostileText, weight: 1 }),
            title: hostileText,
            url: fc.oneof({ arbitrary: fc.webUrl(), weight: 3 }, { arbitrary: hostileText, weight: 1 }),
            excerpt: fc.oneof({ arbitrary: fc.string({ maxLength: 200 }), weight: 3 }, { arbitrary: hostileText, weight: 1 }),
            tags: fc.oneof(
              { arbitrary: fc.array(fc.string({ maxLength: 20 }), { maxLength: 5 }), weight: 3 },
              { arbitrary: fc.array(hostileText, { maxLength: 30 }), weight: 1 },
            ),
            ente: fc.oneof(
              { arbitrary: fc.constantFrom("Lugo", "Comune di Cotignola", "unione", "Sant'Agata sul Santerno"), weight: 3 },
              { arbitrary: hostileText, weight: 1 },
            ),
          },
          { requiredKeys: [] },
        ),
        (body) => {
          const parsed = PracticeInputSchema.safeParse(body);
          if (parsed.success) {
            accepted++;
            const url = parsed.data.url ?? "";
            expect(url === "" || /^https?:\/\//i.test(url)).toBe(true);
            expect(parsed.data.title.length).toBeLessThanOrEqual(500);
          } else {
            // A refusal always says which field: the API's 400 lists them.
            for (const issue of parsed.error.issues) expect(issue.path.length > 0 || issue.code === "unrecognized_keys").toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
    // The property above must have seen accepted bodies, or it proved nothing about them.
    expect(accepted).toBeGreaterThan(25);
  });
});
