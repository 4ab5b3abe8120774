import { describe, expect, test } from "vitest";
import { BASSA_ROMAGNA, FALLBACK_NETWORK } from "../network.ts";
import { formatProblem } from "../tab-spec.ts";
import { decodeEnti, enteRows } from "./ente.ts";
import { decodePubblicazioni } from "./publication.ts";
import { decodeReferenti } from "./referent.ts";

const problems = (decoded: { problems: Parameters<typeof formatProblem>[0][] }) => decoded.problems.map(formatProblem);
const header = ["Ente", "Tipo", "Sito", "Notiziario", "Attivo"];

describe("decodeEnti()", () => {
  test("reads the network: active enti in the tab's order, Tipo from the name when empty", () => {
    const decoded = decodeEnti([
      header,
      ["Unione dei Comuni della Romagna Faentina", "", "https://www.romagnafaentina.it", "", "Sì"],
      ["Faenza", "Comune", "https://www.comune.faenza.ra.it", "https://www.comune.faenza.ra.it/newsletter", ""],
      [null, null, null, null, null],
      ["Riolo Terme", "comune", "", "", "No"],
      ["Brisighella", "", "", "", "sì"],
    ]);
    expect(problems(decoded)).toEqual([]);
    expect(decoded.usable).toBe(true);
    expect(decoded.network.enti).toEqual([
      { name: "Unione dei Comuni della Romagna Faentina", kind: "unione", site: "https://www.romagnafaentina.it", newsletter: "" },
      {
        name: "Faenza",
        kind: "comune",
        site: "https://www.comune.faenza.ra.it",
        newsletter: "https://www.comune.faenza.ra.it/newsletter",
      },
      { name: "Brisighella", kind: "comune", site: "", newsletter: "" },
    ]);
    expect(decoded.listed.map((ente) => [ente.name, ente.active])).toContainEqual(["Riolo Terme", false]);
  });

  test("a malformed row is reported with its cell; a row without a name or a repeated one is skipped, never the tab", () => {
    const decoded = decodeEnti([
      ["Attivo", "Ente", "Tipo", "Sito", "Notiziario"],
      ["Sì", "Faenza", "Città", "www.comune.faenza.ra.it", ""],
      ["", "", "Comune", "https://x.example.it", ""],
      ["forse", "Brisighella", "", "", "ftp://files.example.it"],
      ["", "FAENZA", "", "", ""],
      ["", "Casola Valsenio", "", "", ""],
    ]);
    expect(problems(decoded)).toEqual([
      'Enti!C2: tipo sconosciuto "Città": Unione o Comune (si legge Comune)',
      'Enti!D2: indirizzo non valido "www.comune.faenza.ra.it": scrivi https://www.comune.faenza.ra.it',
      "Enti!B3: nome dell'ente mancante",
      'Enti!E4: indirizzo non valido "ftp://files.example.it": scrivi l\'indirizzo con https://',
      'Enti!A4: valore non valido "forse": usa Sì o No (l\'ente resta attivo)',
      'Enti!B5: ente "FAENZA" già nella riga 2: riga ignorata',
    ]);
    // The ente with a bad cell stays in the network, with the default: its referents keep their access.
    expect(decoded.network.enti.map((ente) => [ente.name, ente.kind, ente.site])).toEqual([
      ["Faenza", "comune", ""],
      ["Brisighella", "comune", ""],
      ["Casola Valsenio", "comune", ""],
    ]);
  });

  test("a sheet without the tab reads as the Bassa Romagna's ten, and says to run init", () => {
    const decoded = decodeEnti(undefined);
    expect(decoded.usable).toBe(false);
    expect(decoded.network).toBe(FALLBACK_NETWORK);
    expect(decoded.network.enti.map((ente) => ente.name)).toEqual(BASSA_ROMAGNA.map((ente) => ente.name));
    expect(problems(decoded)).toEqual([
      'Enti: manca la scheda "Enti": si usano i dieci enti della Bassa Romagna; esegui "sheets-sync init" per crearla con questi enti, poi tienila aggiornata',
    ]);
  });

  test("a tab with no row at all reads as the ten, and says to write the enti (or run init)", () => {
    const decoded = decodeEnti([header, [null, null, null, null, null]]);
    expect(decoded.network).toBe(FALLBACK_NETWORK);
    expect(problems(decoded)).toEqual([
      'Enti: la scheda "Enti" non ha enti: si usano i dieci enti della Bassa Romagna; scrivi gli enti della rete, uno per riga (o esegui "sheets-sync init", che ci scrive questi dieci)',
    ]);
  });

  test("a tab with no active ente is reported for the tab", () => {
    const decoded = decodeEnti([header, ["Lugo", "Comune", "", "", "No"]]);
    expect(decoded.network.enti).toEqual([]);
    expect(problems(decoded)).toEqual(["Enti: nessun ente attivo: scrivi gli enti della rete, uno per riga (Ente, Tipo, Sito)"]);
  });

  test("the rows init writes read back as the fallback network", () => {
    const rows = enteRows();
    const grid = [
      header,
      ...rows.map((row) => [row.name ?? null, row.kind ?? null, row.site ?? null, row.newsletter ?? null, row.active ?? null]),
    ];
    const decoded = decodeEnti(grid);
    expect(problems(decoded)).toEqual([]);
    expect(decoded.network.enti).toEqual(BASSA_ROMAGNA);
    expect(decoded.network.enti.find((ente) => ente.name === "Lugo")?.site).toBe("https://www.comune.lugo.ra.it");
    expect(decoded.network.enti.find((ente) => ente.name === "Unione")?.site).toBe("https://www.labassaromagna.it");
  });
});

describe("the other tabs read their Ente cells against the tab", () => {
  const network = decodeEnti([
    header,
    ["Unione", "Unione", "https://www.labassaromagna.it", "", ""],
    ["Lugo", "Comune", "https://www.comune.lugo.ra.it", "", ""],
    ["Faenza", "Comune", "https://www.comune.faenza.ra.it", "", ""],
    ["Fusignano", "Comune", "", "", "No"],
  ]).network;

  test("a comune only the tab lists is accepted, one it lacks or has inactive is a problem named by its cell", () => {
    const decoded = decodeReferenti(
      [
        ["ID", "Nome", "Cognome", "Ente", "Ruolo", "Email"],
        ["r-1", "Anna", "Neri", "Comune di Faenza", "Referente", "anna@faenza.example.it"],
        ["r-2", "Marco", "Ricci", "Lugo", "Referente", "marco@lugo.example.it"],
        ["r-3", "Roberto", "Emiliani", "Fusignano", "Referente", "roberto@fusignano.example.it"],
        ["r-4", "Elena", "Montanari", "Alfonsine", "Referente", "elena@alfonsine.example.it"],
      ],
      network,
    );
    expect(decoded.records.map((r) => [r.id, r.ente])).toEqual([
      ["r-1", "Faenza"],
      ["r-2", "Lugo"],
    ]);
    expect(problems(decoded)).toEqual([
      'Referenti!D4: ente "Fusignano" non attivo: nella scheda Enti ha Attivo No (rimettilo a Sì o correggi questa cella)',
      'Referenti!D5: ente sconosciuto "Alfonsine"',
    ]);
  });

  test("an empty Enti cell of Pubblicazioni means the tab's active comuni", () => {
    const decoded = decodePubblicazioni(
      [
        ["ID", "Titolo", "Scadenza", "Enti"],
        ["p-1", "Bando affitti", "30/11/2026", ""],
        ["p-2", "TARI", "30/11/2026", "Faenza, Unione"],
        ["p-3", "IMU", "30/11/2026", "Lugo, Ravenna"],
      ],
      network,
    );
    expect(decoded.records.map((p) => [p.id, p.enti])).toEqual([
      ["p-1", ["Lugo", "Faenza"]],
      ["p-2", ["Faenza", "Unione"]],
    ]);
    expect(problems(decoded)).toEqual(['Pubblicazioni!D4: ente sconosciuto "Ravenna"']);
  });
});
