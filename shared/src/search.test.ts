import { expect, test } from "vitest";
import { matchesAll, normaliseForSearch, search, searchText } from "./search.ts";

test("normaliseForSearch() drops accents and case and straightens apostrophes", () => {
  expect(normaliseForSearch("Città di Lugo")).toBe("citta di lugo");
  expect(normaliseForSearch("Sant’Agata sul Santerno")).toBe("sant'agata sul santerno");
  expect(normaliseForSearch("PERCHÉ")).toBe("perche");
});

test("searchText() is made once and matched by any query, accents and case aside", () => {
  const entries = [
    { item: "spid", text: searchText(["Sportello SPID assistito", "Aiuto all'identità digitale", "Lugo", "spid", "sportello"]) },
    { item: "rifiuti", text: searchText(["Risposte tipo per le segnalazioni sui rifiuti", "", "Sant’Agata sul Santerno", "ambiente"]) },
    { item: "agid", text: searchText(["Pagine accessibili: checklist AgID", "Città accessibile", "Unione", "accessibilità"]) },
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
    expect(search([{ item: 1, text: searchText(fields) }], query).length === 1, query).toBe(matchesAll(fields, query));
  }
});
