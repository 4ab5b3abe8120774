import { describe, expect, test } from "vitest";
import { comuniOf, FALLBACK_NETWORK, isOnEnteSite, type ListedEnte, matchEnte, networkOf, parseEnte } from "./network.ts";

const comune = (name: string, active = true, site = ""): ListedEnte => ({ name, kind: "comune", site, newsletter: "", active });

describe("parseEnte() against the Bassa Romagna's ten", () => {
  test.each([
    ["Lugo", "Lugo"],
    ["LUGO", "Lugo"],
    ["Comune di Lugo", "Lugo"],
    ["comune di massa lombarda", "Massa Lombarda"],
    ["Sant’Agata sul Santerno", "Sant'Agata sul Santerno"],
    ["Sant'Agata sul Santerno", "Sant'Agata sul Santerno"],
    ["Sant Agata sul Santerno", "Sant'Agata sul Santerno"],
    ["S. Agata sul Santerno", "Sant'Agata sul Santerno"],
    ["Sant'Agata", "Sant'Agata sul Santerno"],
    ["Unione dei Comuni della Bassa Romagna", "Unione"],
    ["Unione Bassa Romagna", "Unione"],
    ["unione", "Unione"],
    ["Bagnara di Romagna", "Bagnara di Romagna"],
    ["  Cotignola ", "Cotignola"],
  ])("%s → %s", (text, ente) => {
    expect(parseEnte(text, FALLBACK_NETWORK)).toBe(ente);
  });

  test.each([["Ravenna"], ["Faenza"], [""], ["Comune"], ["Comune di"]])("%s is not an ente of the network", (text) => {
    expect(parseEnte(text, FALLBACK_NETWORK)).toBeUndefined();
  });
});

describe("matchEnte() against the sheet's own Enti tab", () => {
  const network = networkOf([
    { name: "Unione della Romagna Faentina", kind: "unione", site: "https://www.romagnafaentina.it", newsletter: "", active: true },
    comune("Faenza"),
    comune("Brisighella"),
    comune("San Giovanni in Marignano"),
    comune("San Mauro Pascoli"),
    comune("Castel Bolognese", false),
  ]);

  test("a comune only the tab lists is an ente, in the usual variants", () => {
    expect(matchEnte("Comune di Faenza", network)).toEqual({ ente: "Faenza" });
    expect(matchEnte("BRISIGHELLA", network)).toEqual({ ente: "Brisighella" });
    expect(matchEnte("S. Giovanni in Marignano", network)).toEqual({ ente: "San Giovanni in Marignano" });
  });

  test("any 'Unione …' is the one ente of Tipo Unione, whatever the tab calls it", () => {
    expect(matchEnte("Unione", network)).toEqual({ ente: "Unione della Romagna Faentina" });
    expect(matchEnte("Unione dei Comuni", network)).toEqual({ ente: "Unione della Romagna Faentina" });
  });

  test("the first words name an ente only when they name one alone", () => {
    expect(matchEnte("San Mauro", network)).toEqual({ ente: "San Mauro Pascoli" });
    expect(matchEnte("San", network)).toEqual({ problem: 'ente sconosciuto "San"' });
  });

  test("the Bassa Romagna's comuni are unknown to another network", () => {
    expect(matchEnte("Lugo", network)).toEqual({ problem: 'ente sconosciuto "Lugo"' });
  });

  test("an ente with Attivo No is refused, and the reason says so", () => {
    expect(matchEnte("Castel Bolognese", network)).toEqual({
      problem: 'ente "Castel Bolognese" non attivo: nella scheda Enti ha Attivo No (rimettilo a Sì o correggi questa cella)',
    });
    expect(network.enti.map((ente) => ente.name)).not.toContain("Castel Bolognese");
  });

  test("comuniOf() lists the active comuni, not the Unione", () => {
    expect(comuniOf(network)).toEqual(["Faenza", "Brisighella", "San Giovanni in Marignano", "San Mauro Pascoli"]);
  });
});

describe("isOnEnteSite()", () => {
  const lugo = { site: "https://www.comune.lugo.ra.it", newsletter: "https://newsletter.example.it/lugo" };

  test.each([
    ["https://www.comune.lugo.ra.it/notizie/tari-2027", true],
    ["https://comune.lugo.ra.it/notizie", true],
    ["http://servizi.comune.lugo.ra.it/x", true],
    ["https://newsletter.example.it/lugo/42", true],
    ["https://www.comune.bagnacavallo.ra.it/notizie", false],
    ["https://evil-comune.lugo.ra.it.example.com/", false],
    ["https://www.facebook.com/comunelugo", false],
    ["non un indirizzo", false],
  ])("%s → %s", (proof, expected) => {
    expect(isOnEnteSite(proof, lugo)).toBe(expected);
  });

  test("an ente without Sito or Notiziario has nothing to compare with", () => {
    expect(isOnEnteSite("https://www.facebook.com/comunelugo", { site: "", newsletter: "" })).toBe(true);
  });
});
