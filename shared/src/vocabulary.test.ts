import { describe, expect, test } from "vitest";
import { parseMonth, parseRuolo, parseStato, parseTipo, parseYesNo, RUOLI } from "./vocabulary.ts";

describe("parseRuolo()", () => {
  test.each(RUOLI.map((ruolo) => [ruolo]))("the dropdown's %s as it is, in capitals and in lower case", (ruolo) => {
    expect(parseRuolo(ruolo)).toBe(ruolo);
    expect(parseRuolo(ruolo.toUpperCase())).toBe(ruolo);
    expect(parseRuolo(ruolo.toLowerCase())).toBe(ruolo);
  });

  test.each([
    // The two roles that open Coordinamento, feminine and as people write them.
    ["Coordinatrice", "Coordinatore"],
    ["coordinatrice della rete", "Coordinatore"],
    ["Coordinatore della rete URP", "Coordinatore"],
    ["Delegata", "Delegato"],
    ["DELEGATA", "Delegato"],
    ["Delegata della coordinatrice", "Delegato"],
    ["Delegato del coordinatore", "Delegato"],
    // The other roles, feminine and with their usual words.
    ["Referente URP", "Referente"],
    ["Referente dell'URP", "Referente"],
    ["referente urp di Lugo", "Referente"],
    ["Responsabile dell’URP", "Responsabile URP"],
    ["Responsabile Ufficio Relazioni con il Pubblico", "Responsabile URP"],
    ["Operatrice URP", "Operatore URP"],
    ["Operatrice", "Operatore URP"],
    ["Operatore dell'URP", "Operatore URP"],
    // Roles of the ente, not of the network: the ente's manager is Dirigente, any other job title a referent.
    ["Dirigente d'area", "Dirigente"],
    ["Dirigente di Settore", "Dirigente"],
    ["Funzionaria", "Referente"],
    ["Funzionario amministrativo", "Referente"],
    ["Istruttrice amministrativa", "Referente"],
    ["Impiegata", "Referente"],
  ] as const)("%s → %s", (text, ruolo) => {
    expect(parseRuolo(text)).toBe(ruolo);
  });

  test.each([
    ["surrounding spaces", "  Coordinatrice \t"],
    ["accents", "Coordinatrìce"],
    ["a zero-width space", "Coordi\u200Bnatrice"],
    ["a no-break space", "Delegata\u00A0della\u00A0coordinatrice"],
    ["a byte-order mark", "\uFEFFCoordinatrice"],
    ["a soft hyphen", "Coordi\u00ADnatrice"],
    ["a word joiner and a zero-width joiner", "Coordina\u2060tri\u200Dce"],
  ])("%s never count", (_what, text) => {
    expect(parseRuolo(text)).toBe(text.includes("Delegata") ? "Delegato" : "Coordinatore");
  });

  test.each([
    ["Sindaco"],
    [""],
    ["Coordinatrice dei servizi demografici"],
    ["Delegata sindacale"],
    ["Vicecoordinatore"],
    ["Operatore ecologico"],
    ["Responsabile"],
    ["constructor"],
    ["__proto__"],
  ])("%s is no role: the row stays a problem (only the exact forms give Coordinamento)", (text) => {
    expect(parseRuolo(text)).toBeUndefined();
  });
});

test("parseTipo() and parseStato(): empty means the default, a typo is rejected", () => {
  expect(parseTipo("")).toBe("ordinary");
  expect(parseTipo("URGENTE")).toBe("urgent");
  expect(parseTipo("Urgnte")).toBeUndefined();
  expect(parseStato("")).toBe("planned");
  expect(parseStato("annullata")).toBe("cancelled");
  expect(parseStato("Svolta")).toBe("held");
  expect(parseStato("rimandata")).toBeUndefined();
});

test.each([
  ["", true],
  ["Sì", true],
  ["si", true],
  ["TRUE", true],
  ["✓", true],
  [true, true],
  ["No", false],
  ["FALSE", false],
  [false, false],
  ["forse", undefined],
])("parseYesNo(%s) → %s", (value, expected) => {
  expect(parseYesNo(value)).toBe(expected);
});

test("parseMonth() reads Italian names, abbreviations and numbers", () => {
  expect(["gennaio", "Marzo", "mag", "LUGLIO", "set", "11"].map(parseMonth)).toEqual([1, 3, 5, 7, 9, 11]);
  expect(parseMonth("ge")).toBeUndefined();
  expect(parseMonth("13")).toBeUndefined();
  expect(parseMonth("january")).toBeUndefined();
});
