import { randomUUID } from "node:crypto";
import { rm, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { TokenStore } from "../../sheets-sync/src/access/tokens.ts";
import { demoWorkspace, eventually, type RunningService, runCli, startService, type Workspace } from "../support/sheets-sync.ts";
import { storedState } from "../support/state-database.ts";

/**
 * `sheets-sync forget --email`, the real binary: a person's tokens, calendar keys, invitations,
 * applied writes and rows of the workbook's ledger leave the state database, to the last byte of
 * the file and its WAL, also while the service runs; a write of theirs still waiting for the
 * sheet makes it refuse, changing nothing.
 */

const SARA = "sara.folli@lugo.esempio.it";
/** Sara's in the demo roster (demo-data.ts), as init --demo wrote it into the ledger. */
const SARA_PHONE = "0545 38113";

const workspaces: Workspace[] = [];
const services: RunningService[] = [];
async function demo() {
  const ws = await demoWorkspace();
  workspaces.push(ws);
  return { ...ws, store: ["--workbook", ws.workbook, "--state-dir", ws.stateDir] };
}
afterEach(async () => {
  for (const service of services.splice(0)) await service.stop();
  for (const ws of workspaces.splice(0)) await rm(ws.dir, { recursive: true, force: true });
});

const report = (counts: {
  tokens: number;
  feedKeys: number;
  invitations: number;
  accessLog: number;
  ledgerRows: number;
  appliedWrites: number;
}) =>
  [
    `dati di ${SARA} cancellati dallo stato di sheets-sync:`,
    `  token personali: ${counts.tokens}`,
    `  chiavi del calendario: ${counts.feedKeys}`,
    `  inviti: ${counts.invitations}`,
    `  voci del registro accessi: ${counts.accessLog}`,
    `  righe nel registro del file .xlsx: ${counts.ledgerRows}`,
    `  scritture già applicate (journal): ${counts.appliedWrites}`,
    "  scritture scartate (dead letters): 0",
    "  scritture scartate di altri, ripulite: 0",
    "",
  ].join("\n");

/** True when the state database's files, WAL included, hold none of Sara's email, surname and phone. */
async function saraGone(stateDir: string): Promise<boolean> {
  const bytes = (await storedState(stateDir)).toLowerCase();
  return ![SARA, "folli", SARA_PHONE].some((text) => bytes.includes(text));
}

describe("forget --email", () => {
  test("removes the person's token, calendar key, invitation, access-log entries and ledger rows, prints each count; the rest stays", async () => {
    const ws = await demo();
    for (const args of [
      ["token", "create"],
      ["feed", "create"],
      ["invite", "create"],
    ]) {
      const made = await runCli([...args, "--email", SARA, ...ws.store]);
      expect(made.code, `${args.join(" ")}: ${made.stderr}`).toBe(0);
    }
    expect(await saraGone(ws.stateDir)).toBe(false);

    // As a person types it: other case, spaces around.
    const forgot = await runCli(["forget", "--email", "  Sara.Folli@LUGO.esempio.it ", ...ws.store]);
    expect(forgot.code, forgot.stderr).toBe(0);
    // init --demo wrote her Referenti row: the ledger's one row naming her.
    expect(forgot.stdout).toBe(report({ tokens: 1, feedKeys: 1, invitations: 1, accessLog: 2, ledgerRows: 1, appliedWrites: 0 }));
    expect(forgot.stderr).toContain("il foglio non è toccato");
    expect(await saraGone(ws.stateDir)).toBe(true);
    // Everyone else's: the coordinator's token still opens the service.
    expect(await TokenStore.inStateDir(ws.stateDir).verify(ws.token)).toBe("giulia.bianchi@unione.esempio.it");

    const again = await runCli(["forget", "--email", SARA, ...ws.store]);
    expect(again.code).toBe(0);
    expect(again.stdout.split("\n")[0]).toBe(`nessun dato di ${SARA} nello stato di sheets-sync`);
    expect(again.stderr).toBe("");
  });

  test("without --email: commander's error and exit 1, as every command's required option; a malformed one: errore, exit 2; --help", async () => {
    const ws = await demo();
    const missing = await runCli(["forget", ...ws.store]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("error: required option '--email <email>' not specified");
    for (const email of ["sara.folli", "", "sara folli@lugo.esempio.it"]) {
      const malformed = await runCli(["forget", "--email", email, ...ws.store]);
      expect(malformed.code, email).toBe(2);
      expect(malformed.stderr).toBe(`errore: --email: email non valida "${email}"\n`);
      expect(malformed.stdout).toBe("");
    }
    const help = await runCli(["forget", "--help"]);
    expect(help.code).toBe(0);
    for (const text of ["--email", "--state-dir", "anche a servizio acceso"]) expect(help.stdout).toContain(text);
    expect((await runCli(["--help"])).stdout).toContain("forget");
  });

  test("beside the running service: refused while a write of hers waits for the sheet, then done; her token stops at once", async () => {
    const ws = await demo();
    const sara = await TokenStore.inStateDir(ws.stateDir).create(SARA, new Date());
    const service = await startService({ workbook: ws.workbook, stateDir: ws.stateDir });
    services.push(service);
    const post = async (token: string) => {
      const id = randomUUID();
      const response = await fetch(`${service.url}/api/v1/practices`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ id, title: `Prassi ${id.slice(0, 8)}` }),
      });
      await response.arrayBuffer();
      return response.status;
    };
    const snapshot = async (token: string) => {
      const response = await fetch(`${service.url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${token}` } });
      await response.arrayBuffer();
      return response.status;
    };
    expect(await post(sara)).toBe(201);

    // LibreOffice has the workbook open: her next practice waits in the journal.
    const lock = join(dirname(ws.workbook), `.~lock.${basename(ws.workbook)}#`);
    await writeFile(lock, "Giulia Bianchi,coordinatore,pc-urp,23.11.2026 10:00,file:///home/giulia/.config/libreoffice/4;");
    expect(await post(sara)).toBe(202);
    const refused = await runCli(["forget", "--email", SARA, ...ws.store]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `errore: 1 scrittura che riguarda ${SARA} aspetta ancora di entrare nel foglio: nessun dato cancellato`,
    );
    expect(refused.stdout).toBe("");
    expect(await snapshot(sara)).toBe(200);

    await unlink(lock);
    await eventually(async () => {
      const health = (await (await fetch(`${service.url}/api/v1/health`)).json()) as { pendingWrites: number };
      return health.pendingWrites === 0;
    });
    const forgot = await runCli(["forget", "--email", SARA, ...ws.store]);
    expect(forgot.code, forgot.stderr).toBe(0);
    // Her Referenti row and her two practices in the ledger; the two writes in the journal.
    expect(forgot.stdout).toBe(report({ tokens: 1, feedKeys: 0, invitations: 0, accessLog: 0, ledgerRows: 3, appliedWrites: 2 }));
    expect(await snapshot(sara)).toBe(401);
    expect(await snapshot(ws.token)).toBe(200);
    expect(await saraGone(ws.stateDir)).toBe(true);
  });
});
