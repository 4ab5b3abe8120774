import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import { afterEach, describe, expect, test } from "vitest";
import { demoWorkspace, REPO_ROOT, runCli, tempWorkspace, type Workspace } from "../support/sheets-sync.ts";
import { storedState } from "../support/state-database.ts";
import { appendTwoBadRows, readTab } from "../support/workbook-files.ts";
import { scheduleFromLastDemoMeeting } from "./schedule-expectations.ts";

const workspaces: Workspace[] = [];
async function demo() {
  const ws = await demoWorkspace();
  workspaces.push(ws);
  return { ...ws, store: ["--workbook", ws.workbook, "--state-dir", ws.stateDir] };
}
afterEach(async () => {
  for (const ws of workspaces.splice(0)) await rm(ws.dir, { recursive: true, force: true });
});

describe("sheets-sync CLI (the real binary)", () => {
  test("npx sheets-sync works from the repo root and every command has --help", async () => {
    const { stdout } = await promisify(execFile)("npx", ["--no-install", "sheets-sync", "--help"], { cwd: REPO_ROOT });
    for (const command of ["serve", "init", "check", "schedule", "token", "ics", "feed"]) expect(stdout).toContain(command);
    for (const args of [
      ["serve"],
      ["init"],
      ["check"],
      ["schedule"],
      ["token", "create"],
      ["token", "list"],
      ["token", "revoke"],
      ["ics"],
    ]) {
      const help = await runCli([...args, "--help"]);
      expect(help.code, args.join(" ")).toBe(0);
      expect(help.stdout).toContain("--workbook");
      expect(help.stdout).toContain("--state-dir");
    }
  });

  test("init --demo creates the four tabs with demo rows; a second --demo adds nothing", async () => {
    const ws = await demo();
    const referenti = await readTab(ws.workbook, "Referenti");
    expect(referenti[0]!.map((c) => c.value)).toEqual(["ID", "Nome", "Cognome", "Ente", "Ruolo", "Email", "Telefono", "Attivo", "Note"]);
    expect(referenti.length - 1).toBe(17);
    const again = await runCli(["init", "--demo", ...ws.store]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("la scheda Referenti ha già dei dati");
    expect((await readTab(ws.workbook, "Referenti")).length - 1).toBe(17);
  });

  test("init --demo writes the Enti tab with the Bassa Romagna's ten; a workbook from before the tab gets it from init, with the same ten", async () => {
    const ws = await demo();
    const enti = (await readTab(ws.workbook, "Enti")).map((row) => row.map((cell) => cell.value));
    expect(enti[0]).toEqual(["Ente", "Tipo", "Sito", "Notiziario", "Attivo"]);
    expect(enti.slice(1).map((row) => row.slice(0, 3))).toContainEqual(["Lugo", "Comune", "https://www.comune.lugo.ra.it"]);
    expect(enti.slice(1).map((row) => row.slice(0, 3))).toContainEqual(["Unione", "Unione", "https://www.labassaromagna.it"]);
    expect(enti).toHaveLength(11);

    // The same workbook as an older version left it: no Enti tab. It still reads, with the ten, and says to run init.
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(ws.workbook);
    book.removeWorksheet(book.getWorksheet("Enti")!.id);
    await book.xlsx.writeFile(ws.workbook);
    const before = await runCli(["check", ...ws.store]);
    expect(before.code).toBe(1);
    expect(before.stdout.trim()).toBe(
      'Enti: manca la scheda "Enti": si usano i dieci enti della Bassa Romagna; esegui "sheets-sync init" per crearla con questi enti, poi tienila aggiornata',
    );
    const init = await runCli(["init", ...ws.store]);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain("creata la scheda Enti");
    expect(init.stdout).toContain("Enti: 10 enti della Bassa Romagna (cambiali nella scheda se la rete è un'altra)");
    expect((await readTab(ws.workbook, "Enti")).map((row) => row.map((cell) => cell.value))).toEqual(enti);
    expect((await runCli(["check", ...ws.store])).code).toBe(0);
  });

  test("check: exit 0 on a clean sheet, exit 1 with one line per problem naming the cell", async () => {
    const ws = await demo();
    const clean = await runCli(["check", ...ws.store]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe("");
    expect(clean.stderr).toContain("nessun problema (17 referenti, 6 riunioni, 5 buone prassi)");

    await appendTwoBadRows(ws.workbook);
    const dirty = await runCli(["check", ...ws.store]);
    expect(dirty.code).toBe(1);
    expect(dirty.stdout.trim().split("\n")).toEqual([
      'Referenti!D19: ente sconosciuto "Ravenna"',
      'Riunioni!B8: data non valida "31/02/2027"',
    ]);
  });

  test("token create prints the token alone on the last line and stores only its hash; list and revoke", async () => {
    const ws = await demo();
    const created = await runCli(["token", "create", "--email", "Sara.Folli@lugo.esempio.it", ...ws.store]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim().split("\n").at(-1)!;
    expect(token).toMatch(/^urp_[A-Za-z0-9_-]{43}$/);
    const file = await storedState(ws.stateDir);
    expect(file).not.toContain(token);
    expect(file).toContain("sara.folli@lugo.esempio.it");

    const list = await runCli(["token", "list", ...ws.store]);
    expect(list.stdout).toMatch(/^sara\.folli@lugo\.esempio\.it\t\d{4}-/m);
    expect(list.stdout).not.toContain(token);

    const revoked = await runCli(["token", "revoke", "--email", "sara.folli@lugo.esempio.it", ...ws.store]);
    expect(revoked.stdout).toContain("revocati 1 token");
    expect((await runCli(["token", "list", ...ws.store])).stdout).not.toContain("sara.folli");
  });

  test("token create refuses an email that is not in Referenti, saying what to do", async () => {
    const ws = await demo();
    const result = await runCli(["token", "create", "--email", "nessuno@example.it", ...ws.store]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("errore: nessuno@example.it non è nella scheda Referenti");
    expect(result.stderr).toContain("→ aggiungi la persona al foglio");
    expect(result.stdout).toBe("");
  });

  test("schedule appends the rule's meetings missing from the sheet, once", async () => {
    const ws = await demo();
    const demoDates = (await readTab(ws.workbook, "Riunioni")).slice(1).map((row) => row[1]!.value);
    const expected = scheduleFromLastDemoMeeting(demoDates);
    const result = await runCli(["schedule", "--from", expected.from, "--count", "4", ...ws.store]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split("\n")).toEqual(expected.lines);
    const again = await runCli(["schedule", "--from", expected.from, "--count", "4", ...ws.store]);
    expect(again.stderr).toContain("0 riunioni aggiunte");
    const rows = await readTab(ws.workbook, "Riunioni");
    expect(rows.length - 1).toBeGreaterThanOrEqual(9);
    const bad = await runCli(["schedule", "--from", "2027-13", ...ws.store]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--from: usa AAAA-MM, per esempio 2027-01");
  });

  test("two schedule at once add each month once, as one after the other would", async () => {
    const ws = await demo();
    const demoDates = (await readTab(ws.workbook, "Riunioni")).slice(1).map((row) => row[1]!.value);
    const expected = scheduleFromLastDemoMeeting(demoDates);
    const schedule = () => runCli(["schedule", "--from", expected.from, "--count", "4", ...ws.store]);
    const results = await Promise.all([schedule(), schedule(), schedule()]);
    expect(results.map((result) => result.code)).toEqual([0, 0, 0]);
    // One of them added the three missing months, the others found them there.
    expect(results.map((result) => result.stderr.match(/(\d+) riuni/)?.[1]).sort()).toEqual(["0", "0", "3"]);
    const dates = (await readTab(ws.workbook, "Riunioni")).slice(1).map((row) => row[1]!.value);
    const months = dates.filter((cell): cell is number => typeof cell === "number").map((serial) => serial);
    expect(months.length).toBe(demoDates.length + expected.added.length);
  });

  test("feed create prints a calendar URL with a key of its own; feed revoke retires it", async () => {
    const ws = await demo();
    const created = await runCli([
      "feed",
      "create",
      "--email",
      "sara.folli@lugo.esempio.it",
      "--base-url",
      "https://urp.example.it/",
      ...ws.store,
    ]);
    expect(created.code).toBe(0);
    expect(created.stdout.trim()).toMatch(/^https:\/\/urp\.example\.it\/api\/v1\/calendar\.ics\?key=cal_[A-Za-z0-9_-]{43}$/);
    const revoked = await runCli(["feed", "revoke", "--email", "sara.folli@lugo.esempio.it", ...ws.store]);
    expect(revoked.stdout).toContain("revocate 1 chiavi");
  });

  test("ics prints a calendar with Rome times", async () => {
    const ws = await demo();
    const result = await runCli(["ics", ...ws.store]);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(result.stdout).toContain("TZID:Europe/Rome");
    expect(result.stdout.match(/BEGIN:VEVENT/g)!.length).toBeGreaterThanOrEqual(12);
  });

  test("a missing workbook and a bad configuration give a clear error and exit 2", async () => {
    const ws = await tempWorkspace();
    workspaces.push(ws);
    const missing = await runCli(["check", "--workbook", ws.workbook, "--state-dir", ws.stateDir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`errore: Il file ${ws.workbook} non esiste: esegui "sheets-sync init --demo"`);
    const badRefresh = await runCli(["check", "--workbook", ws.workbook], { SHEETS_SYNC_REFRESH_SECONDS: "0" });
    expect(badRefresh.code).toBe(2);
    expect(badRefresh.stderr).toContain("configurazione non valida: SHEETS_SYNC_REFRESH_SECONDS");
    const noCredentials = await runCli(["check", "--sheet-id", "abc"]);
    expect(noCredentials.code).toBe(2);
    expect(noCredentials.stderr).toContain("GOOGLE_APPLICATION_CREDENTIALS");
  });
});
