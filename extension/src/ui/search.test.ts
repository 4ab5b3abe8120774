import { expect, test } from "vitest";
import { matchesAll, normalise, search, searchableText } from "./search";

test("normalise() drops accents and case and straightens apostrophes", () => {
  expect(normalise("Città di Lugo")).toBe("citta di lugo");
  expect(normalise("Sant’Agata sul Santerno")).toBe("sant'agata sul santerno");
  expect(normalise("PERCHÉ")).toBe("perche");
});

test("searchableText() is made once and matched by any query, accents and case aside", () => {
  const entries = [
    { item: "spid", text: searchableText(["Sportello SPID assistito", "Aiuto all'identità digitale", "Lugo", "spid", "sportello"]) },
    { item: "rifiuti", text: searchableText(["Risposte tipo per le segnalazioni sui rifiuti", "", "Sant’Agata sul Santerno", "ambiente"]) },
    { item: "agid", text: searchableText(["Pagine accessibili: checklist AgID", "Città accessibile", "Unione", "accessibilità"]) },
  ];
  expect(search(entries, "spid")).toEqual(["spid"]);
  expect(search(entries, "IDENTITA")).toEqual(["spid"]); // description
  expect(search(entries, "sant'agata")).toEqual(["rifiuti"]); // ente, typed with a straight apostrophe
  expect(search(entries, "ambiente")).toEqual(["rifiuti"]); // tag
  expect(search(entries, "citta accessibil")).toEqual(["agid"]); // every word, anywhere
  expect(search(entries, "lugo rifiuti")).toEqual([]);
  // No words: everything, in the order given (the list's newest first).
  expect(search(entries, "  ")).toEqual(["spid", "rifiuti", "agid"]);
  expect(search(entries, "s")).toEqual(["spid", "rifiuti", "agid"]);
});

test("matchesAll() and search() agree", () => {
  const fields = ["Bonus affitti", "Domande entro il 30 novembre", "Bagnacavallo", "casa"];
  for (const query of ["bonus", "BAGNACAVALLO casa", "affitti lugo", "", "novèmbre"]) {
    expect(search([{ item: 1, text: searchableText(fields) }], query).length === 1, query).toBe(matchesAll(fields, query));
  }
});
