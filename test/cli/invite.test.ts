import { rm } from "node:fs/promises";
import { userInfo } from "node:os";
import { INVITATION_CODE, InvitationRedeemedSchema, parseInvitation } from "@rete-urp/shared";
import { afterEach, describe, expect, test } from "vitest";
import { demoWorkspace, type RunningService, runCli, startService, type Workspace } from "../support/sheets-sync.ts";
import { stateRows, storedState } from "../support/state-database.ts";
import { requireTestNow } from "../support/test-clock.ts";

/**
 * `sheets-sync invite create | list | revoke` (issue 11.2), the real binary on the test clock
 * (SHEETS_SYNC_NOW), alone and beside a running service that redeems what it creates.
 */

const SARA = "sara.folli@lugo.esempio.it";
const MARCO = "marco.ricci@lugo.esempio.it";
const LUCA = "luca.tampieri@lugo.esempio.it";
const DAY_MS = 24 * 60 * 60 * 1000;

const workspaces: Workspace[] = [];
const services: RunningService[] = [];
async function demo() {
  const ws = await demoWorkspace();
  workspaces.push(ws);
  return { ...ws, store: ["--workbook", ws.workbook, "--state-dir", ws.stateDir] };
}
async function serve(ws: Workspace, env: Record<string, string> = {}) {
  const service = await startService({ workbook: ws.workbook, stateDir: ws.stateDir, env });
  services.push(service);
  return service;
}
afterEach(async () => {
  for (const service of services.splice(0)) await service.stop();
  for (const ws of workspaces.splice(0)) await rm(ws.dir, { recursive: true, force: true });
});

/** "10/11/2026 09:00", in Rome, as `invite list` prints it. */
const romeStamp = (iso: string) =>
  new Intl.DateTimeFormat("it-IT", {
    timeZone: "Europe/Rome",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  })
    .format(new Date(iso))
    .replace(", ", " ");

const lastLine = (stdout: string) => stdout.trim().split("\n").at(-1)!;

/** The invitations as the state database holds them, oldest first. */
const invitationRows = (stateDir: string) =>
  stateRows<{ email: string; createdAt: string; expiresAt: string }>(
    stateDir,
    "SELECT email, created_at AS createdAt, expires_at AS expiresAt FROM invitations ORDER BY id",
  );

const redeem = (service: RunningService, code: string) =>
  fetch(`${service.url}/api/v1/invitations/redeem`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code }),
  });

describe("invite create", () => {
  test("prints the text and the link alone on the last line; stores only the code's hash; a new one revokes the pending one", async () => {
    const ws = await demo();
    const created = await runCli([
      "invite",
      "create",
      "--email",
      "Sara.Folli@lugo.esempio.it",
      "--base-url",
      "https://urp.example.it/",
      ...ws.store,
    ]);
    expect(created.code).toBe(0);
    const link = lastLine(created.stdout);
    expect(link).toMatch(/^https:\/\/urp\.example\.it\/invito\/[A-Za-z0-9_-]{24}$/);
    const code = parseInvitation(link)!.code;
    expect(code).toMatch(INVITATION_CODE);
    const lines = created.stdout.split("\n");
    expect(lines[0]).toBe("Ciao Sara,");
    expect(lines[2]).toMatch(/^Il coordinamento della rete ti invita a Rete URP, lo strumento della rete degli URP/);
    expect(lines[4]).toBe("Fai clic sull'icona di Rete URP nella barra del browser, poi su «Impostazioni», e incolla questo invito:");
    expect(lines[5]).toBe(link);
    expect(lines[7]).toMatch(/^Non vedi l'icona\? In Chrome ed Edge fai clic sull'icona a forma di puzzle \(Estensioni\)/);
    expect(lines[9]).toMatch(/^L'invito vale fino a \S+ \d{1,2} \S+ \d{4} alle \d{2}:\d{2} e si può usare una volta sola/);
    expect(created.stderr).toContain(`invito creato per ${SARA}, valido fino al `);

    expect(await storedState(ws.stateDir)).not.toContain(code);
    const record = invitationRows(ws.stateDir)[0]!;
    expect(record.email).toBe(SARA);
    expect(Date.parse(record.expiresAt) - Date.parse(record.createdAt)).toBe(7 * DAY_MS);
    // The service's clock: SHEETS_SYNC_NOW, within the seconds the command took.
    expect(Math.abs(Date.parse(record.createdAt) - requireTestNow().getTime())).toBeLessThan(60_000);

    const again = await runCli(["invite", "create", "--email", SARA, "--days", "2", ...ws.store]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("(quello precedente è revocato)");
    // Without --base-url nor SHEETS_SYNC_PUBLIC_URL: where `serve` listens by default.
    expect(lastLine(again.stdout)).toMatch(/^http:\/\/127\.0\.0\.1:8787\/invito\/[A-Za-z0-9_-]{24}$/);
    const withEnv = await runCli(["invite", "create", "--email", MARCO, ...ws.store], {
      SHEETS_SYNC_PUBLIC_URL: "https://urp.unione.example.it",
    });
    expect(lastLine(withEnv.stdout)).toMatch(/^https:\/\/urp\.unione\.example\.it\/invito\/[A-Za-z0-9_-]{24}$/);
  });

  test("refuses, saying what to do: not in Referenti, Attivo = No, a bad email, bad --days, a bad --base-url", async () => {
    const ws = await demo();
    const stranger = await runCli(["invite", "create", "--email", "nessuno@example.it", ...ws.store]);
    expect(stranger.code).toBe(2);
    expect(stranger.stderr).toContain("errore: nessuno@example.it non è nella scheda Referenti");
    expect(stranger.stderr).toContain("→ aggiungi la persona al foglio, poi crea l'invito");
    expect(stranger.stdout).toBe("");

    const { setCellByHeader } = await import("../support/workbook-files.ts");
    await setCellByHeader(ws.workbook, "Referenti", { header: "Email", value: SARA }, "Attivo", "No");
    const inactive = await runCli(["invite", "create", "--email", SARA, ...ws.store]);
    expect(inactive.code).toBe(2);
    expect(inactive.stderr).toContain(`errore: ${SARA} ha Attivo = No nella scheda Referenti`);

    expect((await runCli(["invite", "create", "--email", "sara", ...ws.store])).stderr).toContain('--email: email non valida "sara"');
    for (const days of ["91", "1.5"]) {
      const bad = await runCli(["invite", "create", "--email", MARCO, "--days", days, ...ws.store]);
      expect(bad.code, days).toBe(2);
      expect(bad.stderr).toContain(`--days: un numero intero di giorni da 1 a 90, non "${days}"`);
    }
    const badUrl = await runCli(["invite", "create", "--email", MARCO, "--base-url", "urp.example.it", ...ws.store]);
    expect(badUrl.stderr).toContain('--base-url: serve un indirizzo http o https, non "urp.example.it"');
    expect(invitationRows(ws.stateDir)).toEqual([]);
  }, 120_000);
});

describe("invite list and revoke, beside a running service", () => {
  test("list shows in attesa, usato, scaduto, revocato; the service redeems what the CLI made; revoke says whether there was one", async () => {
    const ws = await demo();
    const now = requireTestNow().getTime();
    const service = await serve(ws);
    const sara = parseInvitation(lastLine((await runCli(["invite", "create", "--email", SARA, ...ws.store])).stdout))!.code;
    await runCli(["invite", "create", "--email", MARCO, ...ws.store]);
    await runCli(["invite", "create", "--email", LUCA, "--days", "1", ...ws.store]);

    // The running service redeems the CLI's invitation (its own file, re-read under the lock).
    const redeemed = await redeem(service, sara);
    expect(redeemed.status).toBe(200);
    const { token, me } = InvitationRedeemedSchema.parse(await redeemed.json());
    expect(me.email).toBe(SARA);
    expect((await fetch(`${service.url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

    const revoked = await runCli(["invite", "revoke", "--email", "Marco.Ricci@lugo.esempio.it", ...ws.store]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout.trim()).toBe(`invito revocato per ${MARCO}`);
    expect((await runCli(["invite", "revoke", "--email", MARCO, ...ws.store])).stdout.trim()).toBe(`nessun invito in attesa per ${MARCO}`);

    const records = invitationRows(ws.stateDir);
    const expected = (state: Record<string, string>) =>
      records.map((r) => `${r.email}\t${romeStamp(r.createdAt)}\t${romeStamp(r.expiresAt)}\t${state[r.email]}`);
    const list = await runCli(["invite", "list", ...ws.store]);
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split("\n")).toEqual(expected({ [SARA]: "usato", [MARCO]: "revocato", [LUCA]: "in attesa" }));
    expect(list.stdout).not.toContain(sara);

    // Two days later on the service's clock, Luca's one-day invitation has expired.
    const later = { SHEETS_SYNC_NOW: new Date(now + 2 * DAY_MS).toISOString() };
    const expiredList = await runCli(["invite", "list", ...ws.store], later);
    expect(expiredList.stdout.trim().split("\n")).toEqual(expected({ [SARA]: "usato", [MARCO]: "revocato", [LUCA]: "scaduto" }));
  }, 120_000);

  test("an invitation expires on the service's clock (SHEETS_SYNC_NOW): 410 invitation_expired", async () => {
    const ws = await demo();
    const now = requireTestNow().getTime();
    const short = parseInvitation(lastLine((await runCli(["invite", "create", "--email", SARA, "--days", "1", ...ws.store])).stdout))!.code;
    const long = parseInvitation(lastLine((await runCli(["invite", "create", "--email", MARCO, "--days", "3", ...ws.store])).stdout))!.code;
    const service = await serve(ws, { SHEETS_SYNC_NOW: new Date(now + 2 * DAY_MS).toISOString() });
    const expired = await redeem(service, short);
    expect(expired.status).toBe(410);
    expect((await expired.json()).error.code).toBe("invitation_expired");
    expect((await redeem(service, long)).status).toBe(200);
  }, 120_000);

  test("invite create run many times at once beside the service loses none", async () => {
    const ws = await demo();
    await serve(ws);
    const emails = [SARA, MARCO, LUCA, "elena.montanari@alfonsine.esempio.it", "chiara.zauli@cotignola.esempio.it"];
    const results = await Promise.all(emails.map((email) => runCli(["invite", "create", "--email", email, ...ws.store])));
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const list = await runCli(["invite", "list", ...ws.store]);
    expect(
      list.stdout
        .trim()
        .split("\n")
        .map((line) => line.split("\t")[0])
        .sort(),
    ).toEqual([...emails].sort());
    expect(
      list.stdout
        .trim()
        .split("\n")
        .every((line) => line.endsWith("\tin attesa")),
    ).toBe(true);
  }, 120_000);
});

test("each change of access from the CLI is in the access log as the CLI's, with the OS user, on the service's clock", async () => {
  const ws = await demo();
  const run = async (...args: string[]) => expect((await runCli([...args, ...ws.store])).code, args.join(" ")).toBe(0);
  await run("invite", "create", "--email", SARA);
  await run("invite", "create", "--email", SARA);
  await run("invite", "revoke", "--email", SARA);
  // Nothing pending, no token: nothing changed, nothing recorded.
  await run("invite", "revoke", "--email", SARA);
  await run("token", "create", "--email", MARCO);
  await run("token", "revoke", "--email", MARCO);
  await run("token", "revoke", "--email", MARCO);
  const rows = stateRows<{ at: string; kind: string; actor: string; email: string }>(
    ws.stateDir,
    "SELECT at, kind, actor, email FROM access_log ORDER BY id",
  );
  const cli = `CLI (${userInfo().username})`;
  expect(rows.map(({ kind, actor, email }) => [kind, actor, email])).toEqual([
    ["invitation_created", cli, SARA],
    ["invitation_revoked", cli, SARA],
    ["invitation_created", cli, SARA],
    ["invitation_revoked", cli, SARA],
    ["token_created", cli, MARCO],
    ["token_revoked", cli, MARCO],
  ]);
  for (const { at } of rows) expect(Math.abs(Date.parse(at) - requireTestNow().getTime())).toBeLessThan(120_000);
}, 120_000);

test("every invite command has --help with the store options", async () => {
  for (const args of [
    ["invite", "create"],
    ["invite", "list"],
    ["invite", "revoke"],
  ]) {
    const help = await runCli([...args, "--help"]);
    expect(help.code, args.join(" ")).toBe(0);
    expect(help.stdout).toContain("--workbook");
    expect(help.stdout).toContain("--state-dir");
  }
  expect((await runCli(["invite", "create", "--help"])).stdout).toContain("--days");
});
