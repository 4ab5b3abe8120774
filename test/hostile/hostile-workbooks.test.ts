import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import ExcelJS from "exceljs";
import { afterEach, expect, test } from "vitest";
import { demoWorkspace, eventually, type RunningService, runCli, startService, type Workspace } from "../support/sheets-sync.ts";

/**
 * Workbooks as people really leave them: merged cells, formulas, rich text, hyperlinks, numbers
 * where text belongs, 10 000 rows, renamed tabs, missing or repeated headers. `check` and health
 * must say what is wrong, and the valid rows must still be served.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function demo(): Promise<Workspace & { token: string; store: string[] }> {
  const ws = await demoWorkspace();
  cleanups.push(() => rm(ws.dir, { recursive: true, force: true }));
  return { ...ws, store: ["--workbook", ws.workbook, "--state-dir", ws.stateDir] };
}

async function edit(path: string, change: (workbook: ExcelJS.Workbook) => void) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  change(workbook);
  await workbook.xlsx.writeFile(path);
}

async function serve(ws: Workspace): Promise<RunningService> {
  const service = await startService({ workbook: ws.workbook, stateDir: ws.stateDir });
  cleanups.unshift(() => service.stop());
  return service;
}

test("merged cells, formulas, rich text, hyperlinks and numbers as text: valid rows served, bad ones named", async () => {
  const ws = await demo();
  await edit(ws.workbook, (workbook) => {
    const sheet = workbook.getWorksheet("Buone prassi")!;
    const add = (values: ExcelJS.CellValue[]) => sheet.addRow(values);
    add([
      "p-rich",
      new Date(Date.UTC(2026, 10, 20)),
      { richText: [{ text: "Carta ", font: { bold: true } }, { text: "dei servizi" }] },
      "",
      "https://example.it/carta",
    ]);
    add([
      "p-formula",
      { formula: "DATE(2026,11,21)", result: new Date(Date.UTC(2026, 10, 21)) },
      { formula: 'CONCATENATE("Sportello ","unico")', result: "Sportello unico" },
    ]);
    add([
      "p-link",
      "22/11/2026",
      { text: "Guida SPID", hyperlink: "https://www.spid.gov.it/" },
      "",
      { text: "https://www.spid.gov.it/", hyperlink: "https://www.spid.gov.it/" },
    ]);
    add(["p-number", 46348, 2027, 42, null, null, 7]);
    const merged = add(["p-merged", "22/11/2026", "Titolo su due celle", null]);
    sheet.mergeCells(merged.number, 3, merged.number, 4);
    add(["p-bad-ente", "22/11/2026", "Altro comune", "", "", "", "", "Ravenna"]);
    add(["p-error", { formula: "1/0", result: { error: "#DIV/0!" } }, "Formula rotta"]);
    const referenti = workbook.getWorksheet("Referenti")!;
    referenti.addRow(["r-num", "Anna", "Rossi", "Lugo", "Referente", 12345]);
  });

  const check = await runCli(["check", ...ws.store]);
  expect(check.code).toBe(1);
  const lines = check.stdout.trim().split("\n");
  expect(lines).toEqual([
    'Referenti!F19: email non valida "12345"',
    'Buone prassi!H12: ente sconosciuto "Ravenna"',
    'Buone prassi!B13: data non valida ""',
  ]);

  const service = await serve(ws);
  const health = await (await fetch(`${service.url}/api/v1/health`, { headers: { authorization: `Bearer ${ws.token}` } })).json();
  expect(health).toMatchObject({ status: "ok", problems: 3, problemList: lines });
  const { practices } = await (await fetch(`${service.url}/api/v1/practices`, { headers: { authorization: `Bearer ${ws.token}` } })).json();
  const byId = new Map((practices as { id: string; title: string; url: string; date: string }[]).map((p) => [p.id, p]));
  expect(byId.get("p-rich")).toMatchObject({ title: "Carta dei servizi", date: "2026-11-20" });
  expect(byId.get("p-formula")).toMatchObject({ title: "Sportello unico", date: "2026-11-21" });
  expect(byId.get("p-link")).toMatchObject({ title: "Guida SPID", url: "https://www.spid.gov.it/" });
  expect(byId.get("p-number")).toMatchObject({ title: "2027", description: "42", date: "2026-11-22" });
  expect(byId.get("p-merged")).toMatchObject({ title: "Titolo su due celle" });
  expect(byId.has("p-bad-ente")).toBe(false);
  expect(byId.size).toBe(5 + 5);
});

test("a renamed tab, a missing required column and a repeated header are reported; the other tabs still served", async () => {
  const ws = await demo();
  await edit(ws.workbook, (workbook) => {
    workbook.getWorksheet("Buone prassi")!.name = "Prassi vecchie";
    const riunioni = workbook.getWorksheet("Riunioni")!;
    riunioni.getCell("K1").value = "Data";
    const referenti = workbook.getWorksheet("Referenti")!;
    referenti.getCell("F1").value = "Posta";
  });
  const check = await runCli(["check", ...ws.store]);
  expect(check.code).toBe(1);
  expect(check.stdout.trim().split("\n")).toEqual([
    'Referenti: manca la colonna obbligatoria "Email": aggiungila nella riga 1',
    'Riunioni!K1: colonna "Data" ripetuta (si usa quella in B1): rinomina o elimina questa',
    'Buone prassi: manca la scheda "Buone prassi": eseguire "sheets-sync init" per crearla',
  ]);
  // Without a readable roster nobody can be authenticated: the service says so instead of crashing.
  const service = await serve(ws);
  const health = await (await fetch(`${service.url}/api/v1/health`)).json();
  expect(health).toMatchObject({ status: "degraded", problems: 3, reasons: ["tab_unusable:Referenti"] });
  const denied = await fetch(`${service.url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${ws.token}` } });
  expect(denied.status).toBe(403);
});

test("10 000 practices: check and the service read them all, and a search answers", async () => {
  const ws = await demo();
  await edit(ws.workbook, (workbook) => {
    const sheet = workbook.getWorksheet("Buone prassi")!;
    for (let i = 0; i < 10_000; i++) {
      sheet.addRow([
        randomUUID(),
        new Date(Date.UTC(2026, 0, 1 + (i % 300))),
        `Prassi numero ${i}`,
        "Descrizione ".repeat(5),
        `https://example.it/${i}`,
        "",
        i % 2 ? "social" : "sito web",
        "Lugo",
        "Marco Ricci",
        "marco.ricci@lugo.esempio.it",
      ]);
    }
  });
  const check = await runCli(["check", ...ws.store]);
  expect(check.code).toBe(0);
  expect(check.stderr).toContain("10005 buone prassi");
  const service = await serve(ws);
  const auth = { headers: { authorization: `Bearer ${ws.token}` } };
  const snapshot = await (await fetch(`${service.url}/api/v1/snapshot`, auth)).json();
  expect(snapshot.practices).toHaveLength(10_005);
  const found = await (await fetch(`${service.url}/api/v1/practices?q=${encodeURIComponent("numero 9999")}`, auth)).json();
  expect(found.practices.map((p: { title: string }) => p.title)).toEqual(["Prassi numero 9999"]);
  await eventually(async () => (await (await fetch(`${service.url}/api/v1/health`)).json()).status === "ok", 5000, "health");
});
