import { describe, expect, test } from "vitest";
import { formatProblem } from "../tab-spec.ts";
import { DEFAULT_SETTINGS, decodeImpostazioni } from "./settings.ts";

const months = (value: string | number) =>
  decodeImpostazioni([
    ["Chiave", "Valore"],
    ["Mesi riunioni", value],
  ]);

describe("Impostazioni → Mesi riunioni", () => {
  test('"1,10" typed in an Italian sheet is the number 1.1: a named problem with its cell, not month 11', () => {
    const { settings, problems } = months(1.1);
    expect(settings.meetingMonths).toEqual(DEFAULT_SETTINGS.meetingMonths);
    expect(problems.map(formatProblem)).toEqual([
      'Impostazioni!B2: "1,1" non è un elenco di mesi: il foglio ha letto i mesi scritti (per esempio 1,10) come un numero decimale; scrivi i mesi come testo, es. "gennaio, ottobre"',
    ]);
  });

  test("a number that is no month (1100, a date's serial) is a named problem too", () => {
    expect(months(1100).problems.map(formatProblem)).toEqual([
      'Impostazioni!B2: "1100" non è un elenco di mesi: il foglio ha letto la cella come un numero o una data; scrivi i mesi come testo, es. "gennaio, ottobre"',
    ]);
    expect(months(46296).settings.meetingMonths).toEqual(DEFAULT_SETTINGS.meetingMonths);
  });

  test('"1.1" as text is no month either (its digits would fold to 11)', () => {
    const { settings, problems } = months("1.1, 5");
    expect(settings.meetingMonths).toEqual(DEFAULT_SETTINGS.meetingMonths);
    expect(problems.map(formatProblem)).toEqual(['Impostazioni!B2: mese non valido "1.1"']);
  });

  test("a whole number from 1 to 12 is one month; text lists still read", () => {
    expect(months(10)).toMatchObject({ settings: { meetingMonths: [10] }, problems: [] });
    expect(months("gennaio, ottobre")).toMatchObject({ settings: { meetingMonths: [1, 10] }, problems: [] });
    expect(months("1, 10")).toMatchObject({ settings: { meetingMonths: [1, 10] }, problems: [] });
  });
});
