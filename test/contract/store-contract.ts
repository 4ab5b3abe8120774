import { randomUUID } from "node:crypto";
import {
  buildAttendance,
  type CellValue,
  decodeBuonePrassi,
  decodeEnti,
  decodeEsitiPubblicazioni,
  decodeImpostazioni,
  decodePresenze,
  decodeReferenti,
  decodeRiunioni,
  encodeAttendance,
  formatProblem,
  type Grid,
  mapHeaders,
  plainDateToSerial,
  referencesOf,
  TABS,
  type TabName,
  tabSpec,
} from "@rete-urp/shared";
import type { Store } from "@rete-urp/sheets-sync";
import { afterEach, beforeEach, describe, expect, test } from "vitest";

/**
 * The store contract: the same behaviour from the local workbook and from the Google Sheet.
 * Each store's test file calls describeStoreContract with a harness that can edit the
 * underlying data "by hand", as the coordinator does.
 */
export interface ContractHarness {
  store: Store;
  /** Replaces a tab's content as the coordinator would by hand (row 1 = headers); creates the tab if missing. */
  seed(tab: string, grid: CellValue[][]): Promise<void>;
  /** The tab as stored: each cell's value and whether it is a formula. */
  stored(tab: string): Promise<{ value: CellValue; formula: boolean }[][]>;
  cleanup(): Promise<void>;
}

const REFERENTI_HEADERS = ["ID", "Nome", "Cognome", "Ente", "Ruolo", "Email", "Telefono", "Attivo", "Note"];
/** Enti as init creates it, written out: the Ente column first, where the other tabs' dropdowns read it. */
export const ENTI_HEADERS = ["Ente", "Tipo", "Sito", "Notiziario", "Attivo"];
/** Riunioni as the coordinator sees it: the headers `init` creates, written out (not derived from the code). */
export const RIUNIONI_HEADERS = [
  "ID",
  "Data",
  "Inizio",
  "Fine",
  "Tipo",
  "Stato",
  "Luogo",
  "Videoconferenza",
  "Ordine del giorno",
  "Verbale",
  "Note",
];
const PRASSI_HEADERS = ["ID", "Data", "Titolo", "Descrizione", "Link", "Estratto", "Tag", "Ente", "Autore", "Email autore"];
/** The tabs with derived columns, as `init` creates them, written out. */
export const PRESENZE_HEADERS = ["ID", "Riunione", "Data riunione", "Email", "Nome", "Ente", "Risposta", "Delegato", "Aggiornato"];
export const PROPOSTE_HEADERS = [
  "ID",
  "Riunione",
  "Data riunione",
  "Data",
  "Titolo",
  "Descrizione",
  "Link",
  "Estratto",
  "Ente",
  "Autore",
  "Email autore",
  "Stato",
  "Progetto",
];
export const ESITI_HEADERS = [
  "ID",
  "Pubblicazione",
  "Titolo pubblicazione",
  "Ente",
  "Stato",
  "Link pubblicazione",
  "Autore",
  "Email autore",
  "Data",
];
/** Presenze as versions before the derived columns wrote it, with the answer's time as UTC ISO text. */
const OLD_PRESENZE_HEADERS = ["ID", "Riunione", "Email", "Nome", "Ente", "Risposta", "Delegato", "Aggiornato"];
const mar16 = plainDateToSerial({ year: 2027, month: 3, day: 16 });

const jan19 = plainDateToSerial({ year: 2027, month: 1, day: 19 });

/** Characters XML 1.0 and Sheets cannot hold, around text that must survive (an emoji's surrogate pair too). */
const HOSTILE = "Prima\uFFFF riga\uFFFE, metà\uD800 e 😀\u0007\u0000 fine\tcon\na capo\uDFFF";
const HOSTILE_STRIPPED = "Prima riga, metà e 😀 fine\tcon\na capo";

/** Every text column of every tab: each one a store may be asked to write. */
const TEXT_FIELDS = TABS.flatMap((spec) =>
  spec.columns
    .filter((column) => !("type" in column) && column.key !== "id")
    .map((column) => ({ tab: spec.name, key: column.key, header: column.header })),
);

/** The cell under `key` in the row whose ID is `id` (the last row in a tab without IDs), as the store reads it back. */
function cellOf(grid: Grid | undefined, tab: string, id: string, key: string): CellValue | undefined {
  const columns = mapHeaders(tabSpec(tab as TabName), grid?.[0] ?? []).indexOf;
  const idColumn = columns.get("id");
  const row = idColumn === undefined ? grid?.at(-1) : grid?.slice(1).find((cells) => cells[idColumn] === id);
  return row?.[columns.get(key)!];
}
const ten = 10 / 24;

async function seedStandard(h: ContractHarness) {
  await h.seed("Referenti", [
    REFERENTI_HEADERS,
    ["r-1", "Giulia", "Bianchi", "Unione", "Coordinatore", "giulia.bianchi@example.it", "0545 38111", "Sì", ""],
    ["r-2", "Marco", "Ricci", "Comune di Lugo", "Referente", "marco.ricci@example.it", null, null, null],
  ]);
  await h.seed("Riunioni", [
    RIUNIONI_HEADERS,
    ["m-1", jan19, ten, 12 / 24, "Ordinaria", "Confermata", "Sala del Consiglio, Lugo", "https://meet.example.it/urp", "", "", ""],
  ]);
  await h.seed("Buone prassi", [
    PRASSI_HEADERS,
    [
      "p-1",
      jan19 - 30,
      "Modulistica unica",
      "Moduli uguali in tutti i comuni",
      "https://example.it/moduli",
      "",
      "modulistica, accessibilità",
      "Lugo",
      "Marco Ricci",
      "marco.ricci@example.it",
    ],
  ]);
  await h.seed("Impostazioni", [
    ["Chiave", "Valore"],
    ["Ora inizio", "09:30"],
  ]);
}

export function describeStoreContract(name: string, createHarness: () => Promise<ContractHarness>): void {
  describe(`store contract: ${name}`, () => {
    let h: ContractHarness;
    beforeEach(async () => {
      h = await createHarness();
    });
    afterEach(async () => {
      await h.store.close();
      await h.cleanup();
    });

    test("readAll() returns every tab with dates as serial numbers and times as fractions", async () => {
      await seedStandard(h);
      const tabs = await h.store.readAll();
      const meetings = decodeRiunioni(tabs.Riunioni);
      expect(meetings.problems).toEqual([]);
      expect(meetings.records).toEqual([
        expect.objectContaining({ id: "m-1", date: { year: 2027, month: 1, day: 19 }, startMinutes: 600, endMinutes: 720 }),
      ]);
      const roster = decodeReferenti(tabs.Referenti);
      expect(roster.records.map((r) => [r.email, r.ente, r.active])).toEqual([
        ["giulia.bianchi@example.it", "Unione", true],
        ["marco.ricci@example.it", "Lugo", true],
      ]);
      expect(decodeBuonePrassi(tabs["Buone prassi"]).records[0]).toMatchObject({
        date: "2026-12-20",
        tags: ["modulistica", "accessibilità"],
      });
      expect(decodeImpostazioni(tabs.Impostazioni).settings.startTime).toBe("09:30");
    });

    test("readTab() gives one tab as readAll() does, hand edits and all; undefined for a tab the store lacks", async () => {
      await seedStandard(h);
      await h.seed("Riunioni", [
        ["Tipo", "data", "Commenti del coordinatore", "ID"],
        ["Ordinaria", "16/03/2027", "portare i dati", "m-2"],
        [null, null, null, null],
        ["Urgente", jan19, "", "m-3"],
      ]);
      const all = await h.store.readAll();
      expect(await h.store.readTab("Riunioni")).toEqual(all.Riunioni);
      expect(await h.store.readTab("Buone prassi")).toEqual(all["Buone prassi"]);
      expect(decodeRiunioni(await h.store.readTab("Riunioni")).records.map((m) => m.id)).toEqual(["m-2", "m-3"]);
      expect(all.Presenze).toBeUndefined();
      expect(await h.store.readTab("Presenze")).toBeUndefined();
    });

    test("readTabsForWrite() gives the tabs asked for as readAll() does, and leaves out a tab the store lacks", async () => {
      await seedStandard(h);
      const all = await h.store.readAll();
      expect(await h.store.readTabsForWrite(["Buone prassi"])).toEqual({ "Buone prassi": all["Buone prassi"] });
      expect(await h.store.readTabsForWrite(["Riunioni", "Buone prassi", "Presenze"])).toEqual({
        Riunioni: all.Riunioni,
        "Buone prassi": all["Buone prassi"],
      });
    });

    test("what append() and upsert() answer, when they answer, is the tab as the next read gives it: columns moved, hand-typed rows, text kept literal", async () => {
      await seedStandard(h);
      await h.seed("Presenze", [
        ["Risposta", "ID", "Commento", "Riunione", "Email", "Aggiornato", "Delegato"],
        ["Partecipo", "a-1", "a mano", "m-1", "marco.ricci@example.it", null],
        [null, null, null, null, null, null],
        ["No", "a-2", null, "m-1", "anna@example.it", 46400.5],
      ]);
      const basis = (await h.store.readTabsForWrite(["Buone prassi", "Presenze"]))["Buone prassi"];
      const appended = await h.store.append(
        "Buone prassi",
        [
          { id: "p-2", date: jan19, title: '=IMPORTXML("https://evil.example","//a")', tags: "+39", ente: "Lugo" },
          { id: "p-3", date: jan19, title: "Seconda\uFFFF", url: "" },
        ],
        basis,
      );
      if (appended !== undefined) expect(appended).toEqual(await h.store.readTab("Buone prassi"));
      const presenze = (await h.store.readTabsForWrite(["Presenze"])).Presenze;
      const upserted = await h.store.upsert(
        "Presenze",
        [
          { id: "a-2", meetingId: "m-1", email: "anna@example.it", answer: "Partecipo", updatedAt: 46401.25 },
          { id: "a-3", meetingId: "m-1", email: "nuova@example.it", answer: "Delego", delegate: "=1+1" },
        ],
        presenze,
      );
      if (upserted !== undefined) expect(upserted).toEqual(await h.store.readTab("Presenze"));
      expect(decodePresenze(await h.store.readTab("Presenze")).records.map((a) => [a.id, a.answer, a.delegate])).toEqual([
        ["a-1", "yes", ""],
        ["a-2", "yes", ""],
        ["a-3", "delegate", "=1+1"],
      ]);
    });

    test("append() puts values under their headers and keeps strings literal, never formulas", async () => {
      await seedStandard(h);
      await h.store.append("Buone prassi", [
        {
          id: "p-2",
          date: jan19,
          title: '=IMPORTXML("https://evil.example","//a")',
          url: "https://example.it/x",
          tags: "+39, @tutti",
          ente: "Fusignano",
          author: "-Anna",
          authorEmail: "anna@example.it",
        },
      ]);
      const practices = decodeBuonePrassi((await h.store.readAll())["Buone prassi"]);
      expect(practices.problems).toEqual([]);
      expect(practices.records.map((p) => p.id)).toEqual(["p-1", "p-2"]);
      expect(practices.records[1]).toMatchObject({
        date: "2027-01-19",
        title: '=IMPORTXML("https://evil.example","//a")',
        tags: ["+39", "@tutti"],
        ente: "Fusignano",
        author: "-Anna",
      });
      const stored = await h.stored("Buone prassi");
      const titleCell = stored[2]![2]!;
      expect(titleCell).toEqual({ value: '=IMPORTXML("https://evil.example","//a")', formula: false });
    });

    test("append() of several rows keeps their order and adds nothing else", async () => {
      await seedStandard(h);
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      await h.store.append(
        "Buone prassi",
        ids.map((id, i) => ({ id, date: jan19 + i, title: `Prassi ${i + 1}` })),
      );
      const practices = decodeBuonePrassi((await h.store.readAll())["Buone prassi"]);
      expect(practices.records.map((p) => p.title)).toEqual(["Modulistica unica", "Prassi 1", "Prassi 2", "Prassi 3"]);
      expect(practices.records.slice(1).map((p) => p.id)).toEqual(ids);
    });

    test("a hand-edited tab: reordered columns, an extra column, a deleted row, dates typed as text, a bad row", async () => {
      await h.seed("Riunioni", [
        ["Tipo", "Data", "Commenti del coordinatore", "ID", "Inizio", "Stato", "Luogo"],
        ["Ordinaria", "16/03/2027", "portare i dati", "m-2", "10:00", "Pianificata", "Bagnacavallo"],
        [null, null, null, null, null, null, null],
        ["Urgente", "2027-02-02", "", "m-3", "15:30", "", "Online"],
        ["Ordinaria", "31/02/2027", "", "m-4", "", "", ""],
      ]);
      const decoded = decodeRiunioni((await h.store.readAll()).Riunioni);
      expect(decoded.records.map((m) => [m.id, m.kind, m.date.month, m.date.day, m.startMinutes])).toEqual([
        ["m-2", "ordinary", 3, 16, 600],
        ["m-3", "urgent", 2, 2, 930],
      ]);
      expect(decoded.problems.map(formatProblem)).toEqual(['Riunioni!B5: data non valida "31/02/2027"']);

      // Appending lands under the moved headers and leaves the extra column alone.
      await h.store.append("Riunioni", [{ id: "m-5", date: jan19, kind: "Ordinaria", location: "Lugo" }]);
      const stored = await h.stored("Riunioni");
      const last = stored[stored.length - 1]!.map((cell) => cell.value);
      expect(last[3]).toBe("m-5");
      expect(last[0]).toBe("Ordinaria");
      expect(last[6]).toBe("Lugo");
      expect(last[2] ?? null).toBeNull();
      expect(decodeRiunioni((await h.store.readAll()).Riunioni).records.map((m) => m.id)).toEqual(["m-2", "m-3", "m-5"]);
    });

    test("fillMissingIds() fills only empty IDs of non-blank rows, in place", async () => {
      await seedStandard(h);
      await h.seed("Referenti", [
        REFERENTI_HEADERS,
        ["r-1", "Giulia", "Bianchi", "Unione", "Coordinatore", "giulia.bianchi@example.it", "", "", ""],
        [null, "Sara", "Neri", "Cotignola", "Referente", "sara.neri@example.it", "", "", ""],
        [null, null, null, null, null, null, null, null, null],
        ["", "Luca", "Verdi", "Conselice", "Operatore URP", "luca.verdi@example.it", "", "No", ""],
      ]);
      let n = 0;
      const filled = await h.store.fillMissingIds(() => `new-${++n}`);
      expect(filled).toBe(2);
      const roster = decodeReferenti((await h.store.readAll()).Referenti);
      expect(roster.missingIds).toBe(0);
      expect(roster.records.map((r) => [r.id, r.lastName, r.active])).toEqual([
        ["r-1", "Bianchi", true],
        ["new-1", "Neri", true],
        ["new-2", "Verdi", false],
      ]);
      expect(await h.store.fillMissingIds(() => "never")).toBe(0);
    });

    test("init() creates the missing tabs and headers and keeps existing data", async () => {
      await h.seed("Referenti", [
        ["Nome", "Cognome", "Ente", "Ruolo", "Email", "Colonna mia"],
        ["Giulia", "Bianchi", "Unione", "Coordinatore", "giulia.bianchi@example.it", "da tenere"],
      ]);
      const report = await h.store.init();
      expect(report.createdTabs).toEqual([
        "Riunioni",
        "Buone prassi",
        "Impostazioni",
        "Presenze",
        "Proposte",
        "Pubblicazioni",
        "Esiti pubblicazioni",
        "Azioni",
        "Enti",
        "Progetti",
        "Aggiornamenti",
      ]);
      expect(report.addedHeaders).toEqual(["Referenti!ID", "Referenti!Telefono", "Referenti!Attivo", "Referenti!Note"]);
      const tabs = await h.store.readAll();
      expect(tabs.Riunioni?.[0]).toEqual(RIUNIONI_HEADERS);
      expect(tabs.Enti?.[0]).toEqual(ENTI_HEADERS);
      expect(tabs.Referenti?.[1]?.slice(0, 6)).toEqual([
        "Giulia",
        "Bianchi",
        "Unione",
        "Coordinatore",
        "giulia.bianchi@example.it",
        "da tenere",
      ]);
      const roster = decodeReferenti(tabs.Referenti);
      expect(roster.problems).toEqual([]);
      expect(roster.missingIds).toBe(1);
      const again = await h.store.init();
      expect(again).toEqual({ createdTabs: [], addedHeaders: [] });
    });

    test("init() creates the derived columns beside the IDs they explain, and adds them at the end of older tabs, data untouched", async () => {
      const oldRow = ["a-1", "m-1", "giulia.bianchi@example.it", "Giulia Bianchi", "Unione", "Partecipo", null, "03/11/2026 10:00"];
      await h.seed("Presenze", [OLD_PRESENZE_HEADERS, oldRow]);
      const report = await h.store.init();
      expect(report.addedHeaders).toEqual(["Presenze!Data riunione"]);
      const tabs = await h.store.readAll();
      expect(tabs.Presenze?.[0]).toEqual([...OLD_PRESENZE_HEADERS, "Data riunione"]);
      expect(tabs.Presenze?.[1]?.slice(0, oldRow.length)).toEqual(oldRow);
      expect(tabs.Proposte?.[0]).toEqual(PROPOSTE_HEADERS);
      expect(tabs["Esiti pubblicazioni"]?.[0]).toEqual(ESITI_HEADERS);
      // The old row still reads, its time typed by hand as the instant it was.
      const answers = decodePresenze(tabs.Presenze);
      expect(answers.problems).toEqual([]);
      expect(answers.records).toEqual([expect.objectContaining({ id: "a-1", updatedAt: "2026-11-03T09:00:00.000Z" })]);
      expect(await h.store.init()).toEqual({ createdTabs: [], addedHeaders: [] });
    });

    test("an answer's time goes in as a date-time (Rome wall clock) and reads back as the same instant, summer and winter", async () => {
      await h.store.init();
      const me = { email: "marco.ricci@example.it", firstName: "Marco", lastName: "Ricci", ente: "Lugo", role: "Referente" } as const;
      const references = referencesOf([{ id: "m-1", date: { year: 2027, month: 1, day: 19 } }], []);
      const instants = ["2026-07-15T08:05:00.000Z", "2027-01-19T09:00:00.000Z", "2026-11-30T23:30:00.000Z"];
      const answers = instants.map((at, i) => buildAttendance(`a-${i}`, "m-1", { answer: "yes" }, me, new Date(at)));
      await h.store.upsert(
        "Presenze",
        answers.map((answer) => encodeAttendance(answer, references)),
      );
      const grid = (await h.store.readAll()).Presenze;
      expect(decodePresenze(grid).records).toEqual(answers);
      // Stored as numbers, the answer's day and time in Rome: 23:30 UTC on 30 November is 00:30 on 1 December.
      expect(cellOf(grid, "Presenze", "a-2", "updatedAt")).toBeCloseTo(plainDateToSerial({ year: 2026, month: 12, day: 1 }) + 30 / 1440, 9);
      expect(cellOf(grid, "Presenze", "a-0", "meetingDate")).toBe(jan19);
    });

    test("updateCells() rewrites only the given cells of the rows found by ID: no new row, no other cell, nothing when equal", async () => {
      await h.store.init();
      await h.store.append("Presenze", [
        { id: "a-1", meetingId: "m-1", meetingDate: jan19, email: "a@example.it", answer: "Partecipo" },
        { id: "a-2", meetingId: "m-2", meetingDate: jan19, email: "b@example.it", answer: "Delego", delegate: "Sara" },
      ]);
      await h.store.append("Esiti pubblicazioni", [{ id: "o-1", publicationId: "pub-1", publicationTitle: "Bando", ente: "Lugo" }]);
      const before = await h.stored("Presenze");
      expect(
        await h.store.updateCells!("Presenze", [
          { id: "a-2", meetingDate: mar16 },
          { id: "a-9", meetingDate: mar16 },
        ]),
      ).toBe(1);
      expect(await h.store.updateCells!("Esiti pubblicazioni", [{ id: "o-1", publicationTitle: "Bando affitti 2027" }])).toBe(1);
      const after = await h.stored("Presenze");
      expect(after).toHaveLength(before.length);
      expect(after[1]).toEqual(before[1]);
      expect(after[2]!.map((cell) => cell.value)).toEqual(before[2]!.map((cell, i) => (i === 2 ? mar16 : cell.value)));
      const tabs = await h.store.readAll();
      expect(cellOf(tabs.Presenze, "Presenze", "a-2", "meetingDate")).toBe(mar16);
      expect(decodeEsitiPubblicazioni(tabs["Esiti pubblicazioni"]).records.map((o) => o.id)).toEqual(["o-1"]);
      expect(cellOf(tabs["Esiti pubblicazioni"], "Esiti pubblicazioni", "o-1", "publicationTitle")).toBe("Bando affitti 2027");
      expect(await h.store.updateCells!("Presenze", [{ id: "a-2", meetingDate: mar16 }])).toBe(0);
    });

    describe("characters a sheet cannot hold are stripped from every string written", () => {
      test.each(TEXT_FIELDS)("append: $tab / $header", async ({ tab, key }) => {
        await h.store.init();
        const id = randomUUID();
        await h.store.append(tab as TabName, [{ id, [key]: HOSTILE }]);
        // The store still reads its own data (for the workbook: exceljs reads the saved file).
        expect(cellOf((await h.store.readAll())[tab as TabName], tab, id, key)).toBe(HOSTILE_STRIPPED);
        const stored = await h.stored(tab);
        expect(stored.some((row) => row.some((cell) => cell.value === HOSTILE_STRIPPED))).toBe(true);
      });

      test("upsert: an existing row's text and a new row's text", async () => {
        await h.store.init();
        const kept = randomUUID();
        await h.store.upsert("Presenze", [{ id: kept, delegate: "prima" }]);
        const fresh = randomUUID();
        await h.store.upsert("Presenze", [
          { id: kept, delegate: HOSTILE },
          { id: fresh, delegate: `${HOSTILE}!` },
        ]);
        const grid = (await h.store.readAll()).Presenze;
        expect(cellOf(grid, "Presenze", kept, "delegate")).toBe(HOSTILE_STRIPPED);
        expect(cellOf(grid, "Presenze", fresh, "delegate")).toBe(`${HOSTILE_STRIPPED}!`);
      });
    });

    test("the Enti tab as the coordinator keeps it: a comune only the tab lists is an ente, one it lacks or has inactive a problem by cell, a bad row skipped alone", async () => {
      await h.store.init();
      await h.seed("Enti", [
        ["Tipo", "Ente", "Sito", "Attivo", "Notiziario"],
        ["Unione", "Unione", "https://www.labassaromagna.it", "Sì", ""],
        ["Comune", "Lugo", "https://www.comune.lugo.ra.it", "", ""],
        ["Comune", "Faenza", "https://www.comune.faenza.ra.it", "Sì", ""],
        ["Comune", "", "https://senza-nome.example.it", "", ""],
        ["Comune", "Fusignano", "www.comune.fusignano.ra.it", "No", ""],
      ]);
      await h.seed("Referenti", [
        REFERENTI_HEADERS,
        ["r-1", "Anna", "Neri", "Comune di Faenza", "Referente", "anna.neri@example.it", null, null, null],
        ["r-2", "Roberto", "Emiliani", "Fusignano", "Referente", "roberto.emiliani@example.it", null, null, null],
        ["r-3", "Elena", "Montanari", "Alfonsine", "Referente", "elena.montanari@example.it", null, null, null],
      ]);
      const tabs = await h.store.readAll();
      const enti = decodeEnti(tabs.Enti);
      expect(enti.problems.map(formatProblem)).toEqual([
        "Enti!B5: nome dell'ente mancante",
        'Enti!C6: indirizzo non valido "www.comune.fusignano.ra.it": scrivi https://www.comune.fusignano.ra.it',
      ]);
      expect(enti.network.enti.map((ente) => [ente.name, ente.kind, ente.site])).toEqual([
        ["Unione", "unione", "https://www.labassaromagna.it"],
        ["Lugo", "comune", "https://www.comune.lugo.ra.it"],
        ["Faenza", "comune", "https://www.comune.faenza.ra.it"],
      ]);
      const roster = decodeReferenti(tabs.Referenti, enti.network);
      expect(roster.records.map((r) => [r.email, r.ente])).toEqual([["anna.neri@example.it", "Faenza"]]);
      expect(roster.problems.map(formatProblem)).toEqual([
        'Referenti!D3: ente "Fusignano" non attivo: nella scheda Enti ha Attivo No (rimettilo a Sì o correggi questa cella)',
        'Referenti!D4: ente sconosciuto "Alfonsine"',
      ]);
    });

    test("a missing required column is reported for the tab, and the other tabs still read", async () => {
      await seedStandard(h);
      await h.seed("Buone prassi", [
        ["ID", "Titolo"],
        ["p-9", "Senza data"],
      ]);
      const tabs = await h.store.readAll();
      const practices = decodeBuonePrassi(tabs["Buone prassi"]);
      expect(practices.records).toEqual([]);
      expect(practices.problems.map(formatProblem)).toEqual([
        'Buone prassi: manca la colonna obbligatoria "Data": aggiungila nella riga 1',
      ]);
      expect(decodeReferenti(tabs.Referenti).records).toHaveLength(2);
    });
  });
}
