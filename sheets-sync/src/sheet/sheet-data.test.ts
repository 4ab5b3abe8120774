import { ENTI_TAB, enteRows, formatProblem, TABS, type TabName } from "@rete-urp/shared";
import { describe, expect, test } from "vitest";
import type { RawTabs, SheetProperties } from "../stores/store.ts";
import { decodeSheet, reportedSheetProblems } from "./sheet-data.ts";

/** Every contract tab with its header row and no data but the enti `init` writes. */
function emptySheet(): RawTabs {
  const tabs: RawTabs = {};
  for (const spec of TABS) tabs[spec.name] = [spec.columns.map((column) => column.header)];
  tabs.Enti = [...tabs.Enti!, ...enteRows().map((row) => ENTI_TAB.columns.map((column) => row[column.key] ?? null))];
  return tabs;
}

const headersOf = (tab: TabName) => TABS.find((spec) => spec.name === tab)!.columns.map((column) => column.header);
const italian: SheetProperties = { locale: "it_IT", timeZone: "Europe/Rome", tabTitles: TABS.map((spec) => spec.name) };
const lines = (problems: Parameters<typeof formatProblem>[0][]) => problems.map(formatProblem);

describe("decodeSheet()", () => {
  test("a row typed without an ID gets a provisional one in every tab, the same at every read, until sheets-sync writes its UUID", () => {
    const tabs = emptySheet();
    tabs.Presenze = [...tabs.Presenze!, ["", "m-1", "", "sara.folli@lugo.esempio.it", "Sara Folli", "Lugo", "Partecipo"]];
    tabs["Buone prassi"] = [...tabs["Buone prassi"]!, ["", "20/01/2027", "Sportello"]];
    const data = decodeSheet(tabs);
    expect(data.problems).toEqual([]);
    expect(data.missingIds).toBe(2);
    expect(data.attendance[0]!.id).toMatch(/^nuovo-[0-9a-f]{12}$/);
    expect(data.practices[0]!.id).toMatch(/^nuovo-[0-9a-f]{12}$/);
    expect(decodeSheet(tabs).attendance[0]!.id).toBe(data.attendance[0]!.id);
    expect(data.recordsByTab.Presenze).toBe(data.attendance);
  });
});

describe("projects and what names them", () => {
  test("an update names a project typed without an ID by its title; the project's cells are where it was read; without Progetti the cell is kept", () => {
    const tabs = emptySheet();
    // The coordinator's own layout: Scadenza before Titolo, no ID yet.
    tabs.Progetti = [
      ["Scadenza", "Titolo", "ID"],
      ["", "Archivio", "p-1"],
      ["03/12/2026", "Guida ai social", ""],
    ];
    tabs.Aggiornamenti = [...tabs.Aggiornamenti!, ["u-1", "guida AI SOCIAL", "", "Bozza pronta"]];
    const data = decodeSheet(tabs);
    expect(data.problems).toEqual([]);
    const guida = data.projects.find((project) => project.title === "Guida ai social")!;
    expect(guida.id).toMatch(/^nuovo-[0-9a-f]{12}$/);
    expect(data.projectUpdates.map((update) => update.projectId)).toEqual([guida.id]);
    expect([...data.projectCells]).toEqual([
      ["p-1", { title: "B2", deadline: "A2" }],
      [guida.id, { title: "B3", deadline: "A3" }],
    ]);

    delete tabs.Progetti;
    const without = decodeSheet(tabs);
    expect(without.projectUpdates.map((update) => update.projectId)).toEqual(["guida AI SOCIAL"]);
    expect(lines(without.problems)).toEqual(['Progetti: manca la scheda "Progetti": eseguire "sheets-sync init" per crearla']);
  });
});

describe("a header row moved down", () => {
  test("a title line and an empty row above the headers: one problem that says where they are and what to do", () => {
    const tabs = emptySheet();
    tabs["Buone prassi"] = [["Buone prassi della rete URP"], [], headersOf("Buone prassi"), ["p-1", "20/01/2027", "Sportello"]];
    expect(lines(decodeSheet(tabs).problems)).toEqual([
      "Buone prassi: intestazioni alla riga 3: spostale nella riga 1 (elimina le righe sopra)",
    ]);
  });

  test("in any tab; headers missing for good are still reported column by column", () => {
    const tabs = emptySheet();
    tabs.Presenze = [[], headersOf("Presenze")];
    tabs.Proposte = [["qualcosa"], ["altro"]];
    const found = lines(decodeSheet(tabs).problems);
    expect(found).toContain("Presenze: intestazioni alla riga 2: spostale nella riga 1 (elimina le righe sopra)");
    expect(found.filter((line) => line.startsWith("Presenze:"))).toHaveLength(1);
    expect(found.some((line) => line.startsWith("Proposte: manca la colonna obbligatoria"))).toBe(true);
  });
});

describe("reportedSheetProblems()", () => {
  test("the spreadsheet's locale and time zone, when not Italy's, each with what goes wrong and the fix", () => {
    const found = lines(reportedSheetProblems([], { ...italian, locale: "en_US", timeZone: "America/New_York" }));
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^Foglio: impostazioni internazionali "en_US" invece di Italia: /);
    expect(found[0]).toContain('"03/04/2027" è il 4 marzo');
    expect(found[0]).toContain("File → Impostazioni → Impostazioni internazionali scegli Italia");
    expect(found[1]).toMatch(/^Foglio: fuso orario "America\/New_York" invece di Europe\/Rome: /);
    expect(found[1]).toContain("Fuso orario scegli (GMT+01:00) Roma");
    expect(reportedSheetProblems([], italian)).toEqual([]);
  });

  test("a missing tab with a renamed one beside it: names it and says to rename it back (not to run init)", () => {
    const tabs = emptySheet();
    delete tabs["Buone prassi"];
    const titles = [...italian.tabTitles.filter((title) => title !== "Buone prassi"), "Buone pratiche", "Foglio1"];
    const found = lines(reportedSheetProblems(decodeSheet(tabs).problems, { ...italian, tabTitles: titles }));
    expect(found).toEqual([
      'Buone prassi: manca la scheda "Buone prassi", ma c\'è una scheda "Buone pratiche": se è quella, rinominala "Buone prassi" (non eseguire "sheets-sync init" prima, che ne creerebbe una vuota)',
    ]);
  });

  test("a few letters apart counts as renamed", () => {
    const titles = [...italian.tabTitles.filter((title) => title !== "Presenze"), "Presenza"];
    const tabs = emptySheet();
    delete tabs.Presenze;
    expect(lines(reportedSheetProblems(decodeSheet(tabs).problems, { ...italian, tabTitles: titles }))).toEqual([
      'Presenze: manca la scheda "Presenze", ma c\'è una scheda "Presenza": se è quella, rinominala "Presenze" (non eseguire "sheets-sync init" prima, che ne creerebbe una vuota)',
    ]);
  });

  test("no look-alike, or no properties (the workbook): the problems as decoded", () => {
    const tabs = emptySheet();
    delete tabs.Riunioni;
    const decoded = decodeSheet(tabs).problems;
    const titles = [...italian.tabTitles.filter((title) => title !== "Riunioni"), "Foglio1", "Appunti"];
    expect(reportedSheetProblems(decoded, { ...italian, tabTitles: titles })).toEqual(decoded);
    expect(reportedSheetProblems(decoded, undefined)).toEqual(decoded);
    expect(lines(decoded)).toEqual(['Riunioni: manca la scheda "Riunioni": eseguire "sheets-sync init" per crearla']);
  });

  test("every tab of the contract is expected: a sheet without the network's jobs tabs says each is missing", () => {
    const tabs = emptySheet();
    delete tabs.Presenze;
    delete tabs["Esiti pubblicazioni"];
    expect(lines(decodeSheet(tabs).problems)).toEqual([
      'Presenze: manca la scheda "Presenze": eseguire "sheets-sync init" per crearla',
      'Esiti pubblicazioni: manca la scheda "Esiti pubblicazioni": eseguire "sheets-sync init" per crearla',
    ]);
  });
});
