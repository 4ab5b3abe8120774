import { describe, expect, test } from "vitest";
import { formatProblem } from "../tab-spec.ts";
import { decodeRiunioni } from "./meeting.ts";
import { decodeBuonePrassi } from "./practice.ts";
import { decodeReferenti } from "./referent.ts";
import { decodeImpostazioni } from "./settings.ts";

const problems = (decoded: { problems: Parameters<typeof formatProblem>[0][] }) => decoded.problems.map(formatProblem);

describe("decodeRiunioni()", () => {
  test("reads any column order, ignores extra columns and blank rows, and matches headers loosely", () => {
    const decoded = decodeRiunioni([
      ["  data ", "Note interne", "ORDINE DEL GIORNO", "id", "Tipo"],
      [46406, "solo per me", "https://example.it/odg", "m-1", "Ordinaria"],
      [null, null, null, null, null],
      ["02/02/2027", "", "", "m-2", "urgente"],
    ]);
    expect(problems(decoded)).toEqual([]);
    expect(decoded.records).toEqual([
      expect.objectContaining({
        id: "m-1",
        date: { year: 2027, month: 1, day: 19 },
        agendaUrl: "https://example.it/odg",
        kind: "ordinary",
        status: "planned",
      }),
      expect.objectContaining({ id: "m-2", date: { year: 2027, month: 2, day: 2 }, kind: "urgent" }),
    ]);
  });

  test("skips each bad row and names its cell", () => {
    const decoded = decodeRiunioni([
      ["ID", "Data", "Inizio", "Fine", "Tipo", "Stato"],
      ["m-1", "19/01/2027", "10:00", "12:00", "Ordinaria", "Confermata"],
      ["m-2", "31/02/2027", "", "", "", ""],
      ["m-3", "16/03/2027", "25:00", "", "", ""],
      ["m-4", "16/03/2027", "11:00", "10:00", "", ""],
      ["m-5", "16/03/2027", "", "", "Straordinaria", ""],
      ["m-6", "16/03/2027", "", "", "", "Rinviata"],
      ["m-1", "18/05/2027", "", "", "", ""],
    ]);
    expect(decoded.records.map((m) => m.id)).toEqual(["m-1"]);
    expect(problems(decoded)).toEqual([
      'Riunioni!B3: data non valida "31/02/2027"',
      'Riunioni!C4: ora non valida "25:00": usa HH:MM',
      "Riunioni!D5: l'ora di fine \"10:00\" non è dopo l'inizio",
      'Riunioni!E6: tipo sconosciuto "Straordinaria": Ordinaria o Urgente',
      'Riunioni!F7: stato sconosciuto "Rinviata": Pianificata, Confermata, Annullata o Svolta',
      'Riunioni!A8: ID "m-1" già usato nella riga 2: riga ignorata',
    ]);
  });

  test("a tab without a required column is reported for the tab", () => {
    const decoded = decodeRiunioni([
      ["ID", "Giorno"],
      ["m-1", "19/01/2027"],
    ]);
    expect(decoded.usable).toBe(false);
    expect(problems(decoded)).toEqual(['Riunioni: manca la colonna obbligatoria "Data": aggiungila nella riga 1']);
  });

  test("a missing tab is reported with what to do", () => {
    expect(problems(decodeRiunioni(undefined))).toEqual(['Riunioni: manca la scheda "Riunioni": eseguire "sheets-sync init" per crearla']);
  });

  test("a header repeated twice is reported and the first one is used", () => {
    const decoded = decodeRiunioni([
      ["ID", "Data", "Data"],
      ["m-1", "19/01/2027", "20/01/2027"],
    ]);
    expect(decoded.records[0]?.date.day).toBe(19);
    expect(problems(decoded)).toEqual(['Riunioni!C1: colonna "Data" ripetuta (si usa quella in B1): rinomina o elimina questa']);
  });

  test("counts rows without an ID so that sheets-sync can fill them", () => {
    const decoded = decodeRiunioni([
      ["ID", "Data"],
      ["", "19/01/2027"],
      [null, "16/03/2027"],
    ]);
    expect(decoded.missingIds).toBe(2);
    expect(decoded.records).toHaveLength(2);
  });
});

describe("decodeReferenti()", () => {
  const header = ["ID", "Nome", "Cognome", "Ente", "Ruolo", "Email", "Telefono", "Attivo"];

  test("normalises ente variants, emails and the Attivo flag", () => {
    const decoded = decodeReferenti([
      header,
      ["r-1", "Marco", "Ricci", "Comune di Lugo", "responsabile urp", "Marco.Ricci@Example.it", "0545 1", ""],
      ["r-2", "Anna", "Liverani", "Sant’Agata sul Santerno", "Referente", "anna@example.it", "", "No"],
    ]);
    expect(problems(decoded)).toEqual([]);
    expect(decoded.records.map((r) => [r.ente, r.role, r.email, r.active])).toEqual([
      ["Lugo", "Responsabile URP", "marco.ricci@example.it", true],
      ["Sant'Agata sul Santerno", "Referente", "anna@example.it", false],
    ]);
  });

  test("reads the roles as people write them; the cell is kept as written, the record has the role of the dropdown", () => {
    const decoded = decodeReferenti([
      header,
      ["r-1", "Giulia", "Bianchi", "Unione", "Coordinatrice", "giulia@example.it", "", ""],
      ["r-2", "Paola", "Gardini", "Unione", " Delegata\u200B", "paola@example.it", "", ""],
      ["r-3", "Sara", "Folli", "Lugo", "Referente URP", "sara@example.it", "", ""],
      ["r-4", "Luca", "Tampieri", "Lugo", "Dirigente d'area", "luca@example.it", "", ""],
    ]);
    expect(problems(decoded)).toEqual([]);
    expect(decoded.records.map((r) => r.role)).toEqual(["Coordinatore", "Delegato", "Referente", "Dirigente"]);
  });

  test("a role that still cannot be read is a problem named with its cell, and the row is left out", () => {
    const decoded = decodeReferenti([
      header,
      ["r-1", "Mario", "Rossi", "Lugo", "Coordinatrice dei servizi demografici", "mario@example.it", "", ""],
    ]);
    expect(decoded.records).toEqual([]);
    expect(problems(decoded)).toEqual(['Referenti!E2: ruolo sconosciuto "Coordinatrice dei servizi demografici"']);
  });

  test("reports an unknown ente, a bad email and an unclear Attivo", () => {
    const decoded = decodeReferenti([
      header,
      ["r-1", "Mario", "Rossi", "Ravenna", "Referente", "mario@example.it", "", ""],
      ["r-2", "Sara", "Neri", "Lugo", "Referente", "sara.neri-at-example.it", "", ""],
      ["r-3", "Luca", "Verdi", "Lugo", "Referente", "luca@example.it", "", "forse"],
      ["r-4", "", "Bassi", "Lugo", "Referente", "bassi@example.it", "", ""],
    ]);
    expect(decoded.records).toEqual([]);
    expect(problems(decoded)).toEqual([
      'Referenti!D2: ente sconosciuto "Ravenna"',
      'Referenti!F3: email non valida "sara.neri-at-example.it"',
      'Referenti!H4: valore non valido "forse": usa Sì o No',
      "Referenti!B5: nome mancante",
    ]);
  });
});

describe("decodeBuonePrassi()", () => {
  test("splits tags, keeps any link as text for the UI to judge, and leaves formulas as text", () => {
    const decoded = decodeBuonePrassi([
      ["ID", "Data", "Titolo", "Link", "Tag", "Ente"],
      ["p-1", "03/11/2026", '=HYPERLINK("x")', "javascript:alert(1)", "social; newsletter, Social", ""],
    ]);
    expect(decoded.records[0]).toMatchObject({
      date: "2026-11-03",
      title: '=HYPERLINK("x")',
      url: "javascript:alert(1)",
      tags: ["social", "newsletter"],
      ente: "",
    });
  });

  test("a 10 000-character cell is quoted shortened in the problem", () => {
    const decoded = decodeBuonePrassi([
      ["ID", "Data", "Titolo"],
      ["p-1", "x".repeat(10_000), "T"],
    ]);
    expect(problems(decoded)).toEqual([`Buone prassi!B2: data non valida "${"x".repeat(57)}..."`]);
  });
});

describe("decodeImpostazioni()", () => {
  test("reads the keys loosely and keeps defaults for what is missing", () => {
    const { settings, problems: found } = decodeImpostazioni([
      ["Chiave", "Valore"],
      ["mesi riunioni", "febbraio, aprile, giugno"],
      ["Ora inizio", 9.5 / 24],
      ["Tag suggeriti", "SPID, PagoPA"],
    ]);
    expect(found).toEqual([]);
    expect(settings).toEqual({
      meetingMonths: [2, 4, 6],
      startTime: "09:30",
      durationMinutes: 120,
      defaultLocation: "",
      defaultVideoUrl: "",
      suggestedTags: ["SPID", "PagoPA"],
    });
  });

  test("a coordinator's typo keeps the default and is reported", () => {
    const { settings, problems: found } = decodeImpostazioni([
      ["Chiave", "Valore"],
      ["Mesi riunioni", "gennaio, marzzo"],
      ["Durata minuti", "due ore"],
      ["Colore", "blu"],
    ]);
    expect(settings.meetingMonths).toEqual([1, 3, 5, 7, 9, 11]);
    expect(settings.durationMinutes).toBe(120);
    expect(found.map(formatProblem)).toEqual([
      'Impostazioni!B2: mese non valido "marzzo"',
      'Impostazioni!B3: durata non valida "due ore": minuti, per esempio 120',
      'Impostazioni!A4: impostazione sconosciuta "Colore"',
    ]);
  });
});
