import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterEach, expect, test } from "vitest";
import { WorkbookStore } from "./workbook-store.ts";

/**
 * Reconciliation of rows the file still has but that sheets-sync updated in place after the copy
 * was taken (an attendance answer changed, a publication outcome given again): a stale copy saved
 * over the workbook must not silently undo an answer the service acknowledged. The cells that
 * still hold what they held in the copy's version get the latest values back; a cell a person
 * changed in the copy keeps the person's value. Real files, read and written by exceljs.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const MEETING = "riunione-2027-01-19";

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), "reconcile-updates-"));
  const workbook = join(dir, "rete-urp.xlsx");
  let now = Date.parse("2026-12-07T10:00:00Z");
  /** A minute later at every call: each save is a moment of its own. */
  const clock = () => {
    now += 60_000;
    return new Date(now);
  };
  const logs: string[] = [];
  const store = new WorkbookStore(workbook, { stateDir: join(dir, "state"), now: clock, log: (message) => logs.push(message) });
  cleanups.push(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  await store.init();
  /** One attendance answer, as the service writes it: the row named by its id, updated in place. */
  const answer = (id: string, email: string, value: string, updatedAt: number) =>
    store.upsert("Presenze", [
      { id, meetingId: MEETING, email, name: email.split("@")[0]!, ente: "Lugo", answer: value, delegate: "", updatedAt },
    ]);
  const practice = (title: string) => store.append("Buone prassi", [{ id: randomUUID(), date: 46363, title, tags: "prova" }]);
  return { workbook, store, logs, answer, practice };
}

/** Each Presenze row's cells by header, by ID, and how many rows carry each ID. */
async function attendance(path: string) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const sheet = book.getWorksheet("Presenze")!;
  const headers = (sheet.getRow(1).values as unknown[]).map((value) => String(value ?? ""));
  const rows = new Map<string, Record<string, unknown>>();
  const counts = new Map<string, number>();
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const cells: Record<string, unknown> = {};
    headers.forEach((header, column) => {
      if (header !== "") cells[header] = row.getCell(column).value;
    });
    const id = String(cells.ID ?? "");
    if (id === "") return;
    rows.set(id, cells);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  });
  return { rows, counts };
}

/** A person's copy of the workbook, with `edit` applied to its Presenze tab as an office suite would. */
async function copyWith(bytes: Buffer, edit: (cell: (id: string, header: string) => ExcelJS.Cell) => void, { keepMarker = true } = {}) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const sheet = book.getWorksheet("Presenze")!;
  const headers = (sheet.getRow(1).values as unknown[]).map((value) => String(value ?? ""));
  edit((id, header) => {
    let found: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(headers.indexOf("ID")).value === id) found = row;
    });
    if (!found) throw new Error(`no row ${id} in the copy`);
    return found.getCell(headers.indexOf(header));
  });
  // A tool that rebuilds the file drops the description, and the version marker with it.
  if (!keepMarker) book.description = "";
  return Buffer.from(await book.xlsx.writeBuffer());
}

const noEdit = () => {};

test("a changed answer undone by a stale copy comes back, and health says which cells", async () => {
  const { workbook, store, logs, answer, practice } = await setup();
  const giulia = randomUUID();
  await answer(giulia, "giulia.bianchi@unione.esempio.it", "Partecipo", 46363.4);
  const copy = await readFile(workbook);
  await answer(giulia, "giulia.bianchi@unione.esempio.it", "Non partecipo", 46364.5);

  await writeFile(workbook, await copyWith(copy, noEdit));
  expect((await attendance(workbook)).rows.get(giulia)?.Risposta).toBe("Partecipo"); // what the copy says
  await practice("Scritta dopo il salvataggio della copia");

  const { rows, counts } = await attendance(workbook);
  expect(counts.get(giulia)).toBe(1);
  expect(rows.get(giulia)?.Risposta).toBe("Non partecipo");
  const report = store.reconciliationReport()!;
  expect(report.count).toBe(1);
  expect(report.last?.restored).toEqual([{ tab: "Presenze", id: giulia, cells: ["Risposta", "Aggiornato"] }]);
  expect(report.last?.baseFrom).toBe("marker");
  expect(logs.some((line) => line.includes("1 righe riportate ai valori dati dopo la copia"))).toBe(true);
});

test("a cell a person changed in the stale copy keeps the person's value; the cells they left get the service's back", async () => {
  const { workbook, answer, practice } = await setup();
  const marco = randomUUID();
  await answer(marco, "marco.verdi@comune.lugo.ra.it", "Partecipo", 46363.4);
  const copy = await readFile(workbook);
  await answer(marco, "marco.verdi@comune.lugo.ra.it", "Delego", 46364.5);

  // In the copy the coordinator writes, by hand, who comes in Marco's place.
  await writeFile(
    workbook,
    await copyWith(copy, (cell) => {
      cell(marco, "Delegato").value = "Anna Neri";
    }),
  );
  await practice("Dopo");
  const row = (await attendance(workbook)).rows.get(marco)!;
  expect(row.Risposta).toBe("Delego");
  expect(row.Delegato).toBe("Anna Neri");

  // And an answer the person changed in the copy (to something the service never wrote) stays theirs.
  const sara = randomUUID();
  await answer(sara, "sara.neri@comune.bagnacavallo.ra.it", "Partecipo", 46365.4);
  const second = await readFile(workbook);
  await answer(sara, "sara.neri@comune.bagnacavallo.ra.it", "Non partecipo", 46365.5);
  await writeFile(
    workbook,
    await copyWith(second, (cell) => {
      cell(sara, "Risposta").value = "Delego";
    }),
  );
  await practice("Dopo la seconda copia");
  expect((await attendance(workbook)).rows.get(sara)?.Risposta).toBe("Delego");
});

test("the answer written in the same save as the reconciliation wins, even when it is what the copy holds", async () => {
  const { workbook, answer } = await setup();
  const luca = randomUUID();
  await answer(luca, "luca.gallo@comune.conselice.ra.it", "Partecipo", 46363.4);
  const copy = await readFile(workbook);
  await answer(luca, "luca.gallo@comune.conselice.ra.it", "Non partecipo", 46364.5);
  await writeFile(workbook, await copyWith(copy, noEdit));

  // Luca changes his mind back: this newest answer is what the file must say.
  await answer(luca, "luca.gallo@comune.conselice.ra.it", "Partecipo", 46366.5);
  const row = (await attendance(workbook)).rows.get(luca)!;
  expect(row.Risposta).toBe("Partecipo");
});

test("without the version marker the copy's version is found from the values it holds, and the answer still comes back", async () => {
  const { workbook, store, answer, practice } = await setup();
  const elena = randomUUID();
  await answer(elena, "elena.russo@comune.massalombarda.ra.it", "Non partecipo", 46363.4);
  await practice("Prima della copia");
  const copy = await readFile(workbook);
  await answer(elena, "elena.russo@comune.massalombarda.ra.it", "Partecipo", 46364.5);

  await writeFile(workbook, await copyWith(copy, noEdit, { keepMarker: false }));
  await practice("Dopo");
  expect((await attendance(workbook)).rows.get(elena)?.Risposta).toBe("Partecipo");
  expect(store.reconciliationReport()!.last?.baseFrom).toBe("rows");
});

test("the same stale copy saved twice: the answer comes back both times, never doubled", async () => {
  const { workbook, answer, practice } = await setup();
  const paolo = randomUUID();
  await answer(paolo, "paolo.fabbri@comune.fusignano.ra.it", "Partecipo", 46363.4);
  const copy = await copyWith(await readFile(workbook), noEdit);
  await answer(paolo, "paolo.fabbri@comune.fusignano.ra.it", "Non partecipo", 46364.5);

  for (const round of [1, 2]) {
    await writeFile(workbook, copy);
    await practice(`Dopo il salvataggio ${round}`);
    const { rows, counts } = await attendance(workbook);
    expect(counts.get(paolo)).toBe(1);
    expect(rows.get(paolo)?.Risposta).toBe("Non partecipo");
  }
});

test("a current copy with a person's edit of an answer is the person's: nothing is put back", async () => {
  const { workbook, store, answer, practice } = await setup();
  const ida = randomUUID();
  await answer(ida, "ida.costa@comune.cotignola.ra.it", "Partecipo", 46363.4);
  await answer(ida, "ida.costa@comune.cotignola.ra.it", "Non partecipo", 46364.5);
  // The coordinator corrects the answer in the current file (Ida phoned).
  await writeFile(
    workbook,
    await copyWith(await readFile(workbook), (cell) => {
      cell(ida, "Risposta").value = "Partecipo";
    }),
  );
  await practice("Dopo la correzione");
  expect((await attendance(workbook)).rows.get(ida)?.Risposta).toBe("Partecipo");
  expect(store.reconciliationReport()!.restoredRows).toBe(0);
});
