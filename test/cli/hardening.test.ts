import { randomUUID } from "node:crypto";
import { chmod, cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { TokenStore } from "@rete-urp/sheets-sync";
import ExcelJS from "exceljs";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { demoWorkspace, eventually, type RunningService, runCli, startService, type Workspace } from "../support/sheets-sync.ts";

/**
 * The sheets-sync binary where only a process shows it: `serve` refusing a bad configuration or a
 * state dir it cannot write (exit code 2 and what to do, no stack trace), and several processes
 * writing one state database at once (`token create` twenty times, `feed create` beside the
 * service). The same hardening over HTTP is in test/api/hardening.test.ts.
 */

const COORDINATOR = "giulia.bianchi@unione.esempio.it";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => {});
});

type Demo = Workspace & { token: string; store: string[] };

/** One copy of the run's demo workspace + a token for the file; each test works on a copy of it. */
let template: Workspace & { token: string };
beforeAll(async () => {
  template = await demoWorkspace(COORDINATOR);
});
afterAll(async () => {
  await rm(template.dir, { recursive: true, force: true });
});

async function demo(): Promise<Demo> {
  const dir = await mkdtemp(join(tmpdir(), "rete-urp-hardening-"));
  await cp(template.dir, dir, { recursive: true });
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const ws = {
    dir,
    workbook: join(dir, basename(template.workbook)),
    stateDir: join(dir, basename(template.stateDir)),
    token: template.token,
  };
  return { ...ws, store: ["--workbook", ws.workbook, "--state-dir", ws.stateDir] };
}

async function serve(ws: Workspace): Promise<RunningService> {
  const service = await startService({ workbook: ws.workbook, stateDir: ws.stateDir });
  cleanups.unshift(() => service.stop());
  return service;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const get = (service: RunningService, path: string, token?: string) =>
  fetch(`${service.url}${path}`, { headers: token ? bearer(token) : {} });

async function editWorkbook(path: string, change: (workbook: ExcelJS.Workbook) => void) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  change(workbook);
  await workbook.xlsx.writeFile(path);
}

describe("serve refuses a bad configuration", () => {
  test("SHEETS_SYNC_TRUSTED_PROXY must be IPs or CIDRs", async () => {
    const ws = await demo();
    const bad = await runCli(["serve", ...ws.store, "--port", "0"], { SHEETS_SYNC_TRUSTED_PROXY: "proxy.example.it" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("errore: configurazione non valida: SHEETS_SYNC_TRUSTED_PROXY");
  });

  test("SHEETS_SYNC_PUBLIC_URL must be an http(s) URL", async () => {
    const ws = await demo();
    const bad = await runCli(["serve", ...ws.store, "--port", "0"], { SHEETS_SYNC_PUBLIC_URL: "urp.unione.example.it" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("errore: configurazione non valida: SHEETS_SYNC_PUBLIC_URL");
  });
});

describe("the state dir", () => {
  test("a service that cannot write its state dir exits 2 with what to do, not a stack trace", { timeout: 180_000 }, async () => {
    const ws = await demo();
    const file = join(ws.dir, "un-file");
    await writeFile(file, "");
    const unwritable = ["/proc/nope", file, join(file, "sotto")];
    if (process.getuid?.() !== 0) {
      // Root writes anywhere: a read-only directory only stops other users.
      const readOnly = join(ws.dir, "sola-lettura");
      await mkdir(readOnly);
      await chmod(readOnly, 0o555);
      unwritable.push(readOnly);
    }
    for (const stateDir of unwritable) {
      const result = await runCli(["serve", "--workbook", ws.workbook, "--state-dir", stateDir, "--port", "0"]);
      expect(result.code, result.stderr).toBe(2);
      const lines = result.stderr.trim().split("\n");
      expect(lines[0]).toMatch(new RegExp(`^errore: la cartella di stato ${stateDir.replace(/[/.]/g, "\\$&")} non è scrivibile: `));
      expect(lines[1]).toMatch(/^→ scegli con --state-dir/);
      expect(lines).toHaveLength(2);
      expect(result.stdout).not.toContain("listening");
    }
    const token = await runCli(["token", "create", "--email", COORDINATOR, "--workbook", ws.workbook, "--state-dir", "/proc/nope"]);
    expect(token.code).toBe(2);
    expect(token.stderr).toMatch(/^errore: la cartella di stato \/proc\/nope non è scrivibile/);
  });

  test("20 concurrent `token create` processes: 20 tokens, all valid", { timeout: 300_000 }, async () => {
    const ws = await demo();
    const emails = Array.from({ length: 20 }, (_, i) => `persona.${i}@lugo.esempio.it`);
    await editWorkbook(ws.workbook, (workbook) => {
      const sheet = workbook.getWorksheet("Referenti")!;
      for (const [i, email] of emails.entries())
        sheet.addRow([randomUUID(), "Persona", `Numero ${i}`, "Lugo", "Responsabile URP", email, "", "Sì"]);
    });
    const results = await Promise.all(emails.map((email) => runCli(["token", "create", "--email", email, ...ws.store])));
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const tokens = results.map((result) => result.stdout.trim().split("\n").at(-1)!);
    const store = TokenStore.inStateDir(ws.stateDir);
    expect(await Promise.all(tokens.map((token) => store.verify(token)))).toEqual(emails);
    expect(await store.verify(ws.token)).toBe(COORDINATOR);
    expect(await store.list()).toHaveLength(21);
  });

  test("CLI `feed create` while the service makes feed keys for others: every key works", { timeout: 300_000 }, async () => {
    const ws = await demo();
    const service = await serve(ws);
    const roster: { email: string; active: boolean }[] = (await (await get(service, "/api/v1/roster", ws.token)).json()).roster;
    const emails = roster.map((referent) => referent.email).filter((email) => email !== COORDINATOR);
    const cliEmails = emails.slice(0, 6);
    const serviceEmails = [COORDINATOR, ...emails.slice(6, 10)];
    const tokens = new Map<string, string>([[COORDINATOR, ws.token]]);
    const tokenStore = TokenStore.inStateDir(ws.stateDir);
    for (const email of serviceEmails.slice(1)) tokens.set(email, await tokenStore.create(email, new Date()));
    await eventually(
      async () => (await get(service, "/api/v1/roster", tokens.get(serviceEmails.at(-1)!)!)).status === 200,
      5000,
      "the new tokens",
    );

    let running = true;
    const serviceUrls = new Map<string, string>();
    const serviceLoop = (async () => {
      // The service keeps rotating its referents' keys for as long as the CLIs run.
      while (running) {
        await Promise.all(
          serviceEmails.map(async (email) => {
            const answer = await fetch(`${service.url}/api/v1/calendar-feed`, { method: "POST", headers: bearer(tokens.get(email)!) });
            expect(answer.status).toBe(200);
            serviceUrls.set(email, (await answer.json()).url);
          }),
        );
      }
    })();
    const cli = await Promise.all(
      cliEmails.map((email) => runCli(["feed", "create", "--email", email, "--base-url", service.url, ...ws.store])),
    );
    running = false;
    await serviceLoop;

    for (const result of cli) expect(result.code, result.stderr).toBe(0);
    const urls = [...cli.map((result) => result.stdout.trim()), ...serviceUrls.values()];
    expect(urls).toHaveLength(cliEmails.length + serviceEmails.length);
    const statuses = await Promise.all(urls.map(async (url) => (await fetch(url)).status));
    expect(statuses).toEqual(urls.map(() => 200));
  });
});
