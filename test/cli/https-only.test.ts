import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import { parseInvitation } from "@rete-urp/shared";
import { afterEach, describe, expect, test } from "vitest";
import { BIN, demoWorkspace, eventually, type RunningService, runCli, startService, type Workspace } from "../support/sheets-sync.ts";
import { stateRows } from "../support/state-database.ts";

/**
 * Tokens, invitation codes and calendar keys never travel in clear: the real binary refuses an
 * `http://` public address on another machine (SHEETS_SYNC_PUBLIC_URL, --base-url) before doing
 * anything, in one line naming the lab switch, SHEETS_SYNC_ALLOW_HTTP=1. Loopback stays fine.
 */

const MARCO = "marco.ricci@lugo.esempio.it";

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

const cleartext = (source: string, url: string) =>
  `errore: ${source}: "${url}" è http:// verso un'altra macchina: token e inviti viaggerebbero in chiaro sulla rete; usa l'indirizzo https:// del servizio (solo in un laboratorio senza certificati: SHEETS_SYNC_ALLOW_HTTP=1)\n`;

const invitations = (stateDir: string) => stateRows<{ email: string }>(stateDir, "SELECT email FROM invitations");

describe("serve", () => {
  test("SHEETS_API_ROOT_URL on http:// to another machine: exit 2 (the Google token would travel in clear)", async () => {
    const refused = await runCli(["check", "--sheet-id", "1AbC"], {
      GOOGLE_ACCESS_TOKEN: "ya29.test",
      SHEETS_API_ROOT_URL: "http://sheets.example.it/",
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('errore: SHEETS_API_ROOT_URL: "http://sheets.example.it/" è http:// verso un\'altra macchina');
  });

  test("HOST beyond this machine with no SHEETS_SYNC_PUBLIC_URL: exit 2 before listening (its links would be http://); behind an https:// public address it starts", async () => {
    const ws = await demo();
    const refused = await runCli(["serve", ...ws.store, "--host", "0.0.0.0", "--port", "0"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      "errore: HOST 0.0.0.0 senza SHEETS_SYNC_PUBLIC_URL: gli indirizzi degli inviti e del calendario sarebbero http:// verso questa macchina dalla rete, con codici e chiavi in chiaro",
    );
    expect(refused.stdout).toBe("");
    // With its https:// public address (a proxy in front), the same HOST is fine.
    const behindProxy = spawn(process.execPath, [BIN, "serve", ...ws.store, "--host", "0.0.0.0", "--port", "0"], {
      env: { ...process.env, SHEETS_SYNC_PUBLIC_URL: "https://urp.unione.example.it" },
    });
    try {
      let output = "";
      behindProxy.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      behindProxy.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      await eventually(async () => output.includes("sheets-sync in ascolto su http://0.0.0.0:"), 30_000, "the service listening");
    } finally {
      behindProxy.kill("SIGTERM");
      await new Promise((resolve) => behindProxy.once("exit", resolve));
    }
  });

  test("SHEETS_SYNC_PUBLIC_URL on http:// to another machine: exit 2 before listening, one line saying why and the lab switch", async () => {
    const ws = await demo();
    const refused = await runCli(["serve", ...ws.store, "--port", "0"], { SHEETS_SYNC_PUBLIC_URL: "http://urp.example.it" });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(cleartext("SHEETS_SYNC_PUBLIC_URL", "http://urp.example.it"));
    expect(refused.stdout).toBe("");
  });

  test("with SHEETS_SYNC_ALLOW_HTTP=1 a lab's http:// address is served, and the start says tokens may travel in clear", async () => {
    const ws = await demo();
    const service = await startService({
      workbook: ws.workbook,
      stateDir: ws.stateDir,
      env: { SHEETS_SYNC_PUBLIC_URL: "http://urp.example.it", SHEETS_SYNC_ALLOW_HTTP: "1" },
    });
    services.push(service);
    await expect.poll(() => service.output()).toContain("attenzione: SHEETS_SYNC_ALLOW_HTTP=1");
    expect(service.output()).toContain("token e inviti possono viaggiare in chiaro (solo in laboratorio)");
  });

  test("an http:// public address on loopback needs no switch", async () => {
    const ws = await demo();
    const service = await startService({
      workbook: ws.workbook,
      stateDir: ws.stateDir,
      env: { SHEETS_SYNC_PUBLIC_URL: "http://localhost:8787" },
    });
    services.push(service);
    expect(service.output()).not.toContain("SHEETS_SYNC_ALLOW_HTTP");
  });
});

describe("invite create and feed create", () => {
  test("--base-url on http:// to another machine is refused before any invitation is made; SHEETS_SYNC_ALLOW_HTTP=1 allows it", async () => {
    const ws = await demo();
    for (const url of ["http://10.0.0.5:8787", "http://urp.unione.example.it/", "http://127.0.0.1@phish.example"]) {
      const refused = await runCli(["invite", "create", "--email", MARCO, "--base-url", url, ...ws.store]);
      expect(refused.code, url).toBe(2);
      expect(refused.stderr).toBe(cleartext("--base-url", url));
      expect(refused.stdout).toBe("");
    }
    expect(invitations(ws.stateDir)).toEqual([]);

    const allowed = await runCli(["invite", "create", "--email", MARCO, "--base-url", "http://10.0.0.5:8787", ...ws.store], {
      SHEETS_SYNC_ALLOW_HTTP: "1",
    });
    expect(allowed.code).toBe(0);
    const link = allowed.stdout.trim().split("\n").at(-1)!;
    expect(parseInvitation(link)?.serviceUrl).toBe("http://10.0.0.5:8787");
    expect(invitations(ws.stateDir)).toEqual([{ email: MARCO }]);
  });

  test("without --base-url, an http:// SHEETS_SYNC_PUBLIC_URL is refused as by serve; loopback and https are fine", async () => {
    const ws = await demo();
    const refused = await runCli(["invite", "create", "--email", MARCO, ...ws.store], { SHEETS_SYNC_PUBLIC_URL: "http://urp.example.it" });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(cleartext("SHEETS_SYNC_PUBLIC_URL", "http://urp.example.it"));
    const loopback = await runCli(["invite", "create", "--email", MARCO, "--base-url", "http://[::1]:8787", ...ws.store]);
    expect(loopback.code).toBe(0);
    expect(loopback.stdout.trim().split("\n").at(-1)).toMatch(/^http:\/\/\[::1\]:8787\/invito\/[A-Za-z0-9_-]{24}$/);
  });

  test("feed create: the calendar key in the URL travels under the same rule", async () => {
    const ws = await demo();
    const refused = await runCli(["feed", "create", "--email", MARCO, "--base-url", "http://10.0.0.5:8787", ...ws.store]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(cleartext("--base-url", "http://10.0.0.5:8787"));
    expect(stateRows(ws.stateDir, "SELECT * FROM feed_keys")).toEqual([]);
  });
});
