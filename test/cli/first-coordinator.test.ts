import { rm } from "node:fs/promises";
import { InvitationRedeemedSchema, parseInvitation } from "@rete-urp/shared";
import { afterEach, expect, test } from "vitest";
import { type SheetsDouble, startSheetsDouble } from "../sheets-double/sheets-double.ts";
import { type RunningService, runCli, startService, tempWorkspace, type Workspace } from "../support/sheets-sync.ts";
import { readTab } from "../support/workbook-files.ts";

/**
 * From an empty machine to the first coordinator's invitation, as docs/installazione.md walks it:
 * `init --coordinator` writes the one Referenti row a new installation needs, `check` is clean,
 * `invite create` prints the invitation, and the service redeems it for a coordinator's token.
 * Nobody edits the sheet or the service's files by hand.
 */

const workspaces: Workspace[] = [];
let service: RunningService | undefined;
let double: SheetsDouble | undefined;
afterEach(async () => {
  await service?.stop();
  service = undefined;
  await double?.close();
  double = undefined;
  for (const ws of workspaces.splice(0)) await rm(ws.dir, { recursive: true, force: true });
});

const GIULIA = "Giulia Bianchi <Giulia.Bianchi@unione.example.it>";

test("installazione.md from an empty state dir: init --coordinator, check, invite create, and the invitation connects the coordinator", async () => {
  const ws = await tempWorkspace();
  workspaces.push(ws);
  const store = ["--workbook", ws.workbook, "--state-dir", ws.stateDir];

  const init = await runCli(["init", "--coordinator", GIULIA, ...store]);
  expect(init.code).toBe(0);
  expect(init.stdout).toContain("Referenti: Giulia Bianchi <giulia.bianchi@unione.example.it>, Coordinatore (Unione)");
  const referenti = (await readTab(ws.workbook, "Referenti")).map((row) => row.map((cell) => cell.value));
  expect(referenti).toHaveLength(2);
  const [headers, row] = referenti as [unknown[], unknown[]];
  const cell = (header: string) => row[headers.indexOf(header)];
  expect([cell("Nome"), cell("Cognome"), cell("Ente"), cell("Ruolo"), cell("Email"), cell("Attivo")]).toEqual([
    "Giulia",
    "Bianchi",
    "Unione",
    "Coordinatore",
    "giulia.bianchi@unione.example.it",
    "Sì",
  ]);
  expect(cell("ID")).toMatch(/^[0-9a-f-]{36}$/);

  // Run again (IT follows the guide twice): nothing added.
  const again = await runCli(["init", "--coordinator", GIULIA, ...store]);
  expect(again.code).toBe(0);
  expect(again.stdout).toContain("Referenti: giulia.bianchi@unione.example.it c'è già, nessuna riga aggiunta");
  expect(await readTab(ws.workbook, "Referenti")).toHaveLength(2);

  const check = await runCli(["check", ...store]);
  expect(check.code).toBe(0);
  // One of each noun agrees with its count.
  expect(check.stderr).toContain("nessun problema (1 referente, 0 riunioni, 0 buone prassi)");

  service = await startService({ workbook: ws.workbook, stateDir: ws.stateDir });
  const invite = await runCli(["invite", "create", "--email", "giulia.bianchi@unione.example.it", "--base-url", service.url, ...store]);
  expect(invite.code).toBe(0);
  const code = parseInvitation(invite.stdout.trim().split("\n").at(-1)!)!.code;
  const redeemed = await fetch(`${service.url}/api/v1/invitations/redeem`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code }),
  });
  expect(redeemed.status).toBe(200);
  const { token } = InvitationRedeemedSchema.parse(await redeemed.json());
  const coordination = await fetch(`${service.url}/api/v1/coordination`, { headers: { authorization: `Bearer ${token}` } });
  expect(coordination.status).toBe(200);
});

test("--ente names another ente as people write it; bad input says what to write and creates nothing", async () => {
  const ws = await tempWorkspace();
  workspaces.push(ws);
  const store = ["--workbook", ws.workbook, "--state-dir", ws.stateDir];

  for (const [args, message] of [
    [["--coordinator", "giulia.bianchi@unione.example.it"], "--coordinator: scrivi nome, cognome e indirizzo tra < >"],
    [["--coordinator", "Giulia <giulia.bianchi@unione.example.it>"], '--coordinator: servono nome e cognome, non solo "Giulia"'],
    [["--coordinator", "Giulia Bianchi <giulia.bianchi>"], '--coordinator: "giulia.bianchi" non è un indirizzo email'],
    [["--coordinator", GIULIA, "--ente", "Ravenna"], '--ente: "Ravenna" non è un ente della rete'],
    [["--ente", "Lugo"], "--ente vale solo con --coordinator"],
  ] as const) {
    const result = await runCli(["init", ...args, ...store]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`errore: ${message}`);
  }
  await expect(readTab(ws.workbook, "Referenti")).rejects.toThrow(); // no file was made

  const lugo = await runCli(["init", "--coordinator", "Sara Folli <sara.folli@comune.lugo.ra.it>", "--ente", "Comune di Lugo", ...store]);
  expect(lugo.code).toBe(0);
  expect(lugo.stdout).toContain("Referenti: Sara Folli <sara.folli@comune.lugo.ra.it>, Coordinatore (Lugo)");
});

test("on a Google Sheet too: init --coordinator writes the row through the Sheets API", async () => {
  double = await startSheetsDouble();
  const ws = await tempWorkspace();
  workspaces.push(ws);
  const env = { GOOGLE_ACCESS_TOKEN: "test-token", SHEETS_API_ROOT_URL: double.rootUrl };
  const init = await runCli(["init", "--coordinator", GIULIA, "--sheet-id", double.sheetId, "--state-dir", ws.stateDir], env);
  expect(init.code).toBe(0);
  const referenti = double.values("Referenti");
  expect(referenti).toHaveLength(2);
  expect(referenti[1]).toEqual(
    expect.arrayContaining(["Giulia", "Bianchi", "Unione", "Coordinatore", "giulia.bianchi@unione.example.it", "Sì"]),
  );
});
