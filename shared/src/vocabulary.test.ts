import { describe, expect, test } from "vitest";
import { parseEnte, parseMonth, parseRuolo, parseStato, parseTipo, parseYesNo } from "./vocabulary.ts";

describe("parseEnte()", () => {
  test.each([
    ["Lugo", "Lugo"],
    ["LUGO", "Lugo"],
    ["Comune di Lugo", "Lugo"],
    ["comune di massa lombarda", "Massa Lombarda"],
    ["Sant’Agata sul Santerno", "Sant'Agata sul Santerno"],
    ["Sant'Agata sul Santerno", "Sant'Agata sul Santerno"],
    ["Unione dei Comuni della Bassa Romagna", "Unione"],
    ["unione", "Unione"],
    ["Bagnara di Romagna", "Bagnara di Romagna"],
  ])("%s → %s", (text, ente) => {
    expect(parseEnte(text)).toBe(ente);
  });

  test.each([["Ravenna"], ["Faenza"], [""]])("%s is not an ente of the network", (text) => {
    expect(parseEnte(text)).toBeUndefined();
  });
});

test("parseRuolo() accepts the six roles in any case and nothing else", () => {
  expect(parseRuolo("responsabile urp")).toBe("Responsabile URP");
  expect(parseRuolo("Operatore URP")).toBe("Operatore URP");
  expect(parseRuolo("Sindaco")).toBeUndefined();
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
