import { randomUUID } from "node:crypto";
import { ApiErrorSchema, BASSA_ROMAGNA, HealthSchema, PracticeSchema, SnapshotSchema } from "@rete-urp/shared";
import ExcelJS from "exceljs";
import { expect, test } from "vitest";
import { eventually } from "../support/sheets-sync.ts";
import { appendByHeader, readTab, setCellByHeader, writeTab } from "../support/workbook-files.ts";
import { type ApiHarness, apiEachTest, COORDINATOR, LUGO_REFERENT, postJson } from "./api-harness.ts";

/**
 * The network is the sheet's Enti tab: a comune the coordinator adds there is an ente for every
 * tab, the API and the popup at once, without a release; one removed or set to Attivo No is a
 * problem named by its cell wherever a row still names it.
 */

let api: ApiHarness;
let coordinator: string;

apiEachTest(async (started) => {
  api = started;
  coordinator = await api.tokenFor(COORDINATOR);
});

async function snapshotOf(token: string) {
  const answer = await api.call("/api/v1/snapshot", { token });
  return answer.status === 200 ? SnapshotSchema.parse(await answer.json()) : undefined;
}

async function problemList(): Promise<string[]> {
  return HealthSchema.parse(await (await api.call("/api/v1/health", { token: coordinator })).json()).problemList ?? [];
}

test("the demo's Enti tab is the Bassa Romagna's ten, with their sites, and the snapshot carries them", async () => {
  const snapshot = (await snapshotOf(coordinator))!;
  expect(snapshot.enti).toEqual(BASSA_ROMAGNA);
  expect(snapshot.enti.find((ente) => ente.name === "Lugo")?.site).toBe("https://www.comune.lugo.ra.it");
  expect(await problemList()).toEqual([]);
});

test("a comune added to the Enti tab is accepted: its referent reads the API and shares a practice of it; an ente the tab lacks is a 400 on its field", async () => {
  await appendByHeader(api.workbook, "Enti", { Ente: "Faenza", Tipo: "Comune", Sito: "https://www.comune.faenza.ra.it" });
  await appendByHeader(api.workbook, "Referenti", {
    Nome: "Anna",
    Cognome: "Neri",
    Ente: "Comune di Faenza",
    Ruolo: "Referente",
    Email: "anna.neri@faenza.esempio.it",
  });
  const anna = await api.tokenFor("anna.neri@faenza.esempio.it");
  const snapshot = await eventually(async () => await snapshotOf(anna), 10_000, "Anna's snapshot");
  expect(snapshot.me).toMatchObject({ email: "anna.neri@faenza.esempio.it", ente: "Faenza" });
  expect(snapshot.enti.map((ente) => ente.name)).toEqual([...BASSA_ROMAGNA.map((ente) => ente.name), "Faenza"]);
  expect(snapshot.roster.find((person) => person.email === "anna.neri@faenza.esempio.it")?.ente).toBe("Faenza");
  expect(await problemList()).toEqual([]);

  // Her own ente by default, another as people write it, and one that is no ente of the sheet.
  const mine = await api.call("/api/v1/practices", postJson({ id: randomUUID(), title: "Sportello unico a Faenza" }, anna));
  expect(mine.status).toBe(201);
  expect(PracticeSchema.parse(await mine.json()).ente).toBe("Faenza");
  const written = await api.call("/api/v1/practices", postJson({ id: randomUUID(), title: "Da Faenza", ente: "comune di faenza" }, anna));
  expect(written.status).toBe(201);
  expect(PracticeSchema.parse(await written.json()).ente).toBe("Faenza");
  const unknown = await api.call("/api/v1/practices", postJson({ id: randomUUID(), title: "Da Ravenna", ente: "Ravenna" }, anna));
  expect(unknown.status).toBe(400);
  expect(ApiErrorSchema.parse(await unknown.json()).error).toMatchObject({
    code: "invalid_request",
    fields: { ente: 'ente sconosciuto "Ravenna"' },
  });
});

test("an ente set to Attivo No, or removed from the tab, is a problem named by its cell; its referents lose access", async () => {
  const lugo = await api.tokenFor(LUGO_REFERENT);
  expect(await snapshotOf(lugo)).toBeDefined();
  await setCellByHeader(api.workbook, "Enti", { header: "Ente", value: "Lugo" }, "Attivo", "No");
  const enti = await readTab(api.workbook, "Enti");
  await writeTab(
    api.workbook,
    "Enti",
    enti.map((row) => row.map((cell) => cell.value)).filter((row) => row[0] !== "Alfonsine"),
  );

  const problems = await eventually(
    async () => {
      const list = await problemList();
      return list.some((line) => line.includes("Alfonsine")) && list;
    },
    10_000,
    "the problems of the new Enti tab",
  );
  const referenti = await readTab(api.workbook, "Referenti");
  const enteColumn = String.fromCharCode(65 + referenti[0]!.findIndex((cell) => cell.value === "Ente"));
  const rowsOf = (ente: string) => referenti.flatMap((row, i) => (row.some((cell) => cell.value === ente) && i > 0 ? [i + 1] : []));
  expect(problems).toEqual(
    expect.arrayContaining([
      ...rowsOf("Lugo").map(
        (row) =>
          `Referenti!${enteColumn}${row}: ente "Lugo" non attivo: nella scheda Enti ha Attivo No (rimettilo a Sì o correggi questa cella)`,
      ),
      ...rowsOf("Alfonsine").map((row) => `Referenti!${enteColumn}${row}: ente sconosciuto "Alfonsine"`),
    ]),
  );
  expect(rowsOf("Lugo").length).toBeGreaterThan(0);
  // Sara Folli's row is not read: her token is refused; the ente left the pickers and the lists by ente.
  expect((await api.call("/api/v1/snapshot", { token: lugo })).status).toBe(403);
  const snapshot = (await snapshotOf(coordinator))!;
  expect(snapshot.enti.map((ente) => ente.name)).not.toContain("Lugo");
  expect(snapshot.enti.map((ente) => ente.name)).not.toContain("Alfonsine");
});

test("a sheet without the Enti tab (an installation from before it) reads as the ten, with a warning that says to run init", async () => {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(api.workbook);
  book.removeWorksheet(book.getWorksheet("Enti")!.id);
  await book.xlsx.writeFile(api.workbook);

  const problems = await eventually(
    async () => {
      const list = await problemList();
      return list.length > 0 && list;
    },
    10_000,
    "the warning",
  );
  expect(problems).toEqual([
    'Enti: manca la scheda "Enti": si usano i dieci enti della Bassa Romagna; esegui "sheets-sync init" per crearla con questi enti, poi tienila aggiornata',
  ]);
  const lugo = (await snapshotOf(await api.tokenFor(LUGO_REFERENT)))!;
  expect(lugo.me.ente).toBe("Lugo");
  expect(lugo.enti).toEqual(BASSA_ROMAGNA);
});
