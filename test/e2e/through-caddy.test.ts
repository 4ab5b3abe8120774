import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type RunningCaddy, type ServiceBehindCaddy, servedKeyHash, startServiceBehindCaddy } from "../deploy/caddy.ts";
import type { Workspace } from "../support/sheets-sync.ts";
import { type ExtensionBrowser, launchExtension, openOptions, openPopup } from "./support/browser.ts";
import { createInvitation } from "./support/invitations.ts";
import { italianWhen } from "./support/italian.ts";
import { nextMeetingInWorkbook, practiceRows } from "./support/workbook.ts";

/**
 * The installation IT makes (docs/installazione.md): sheets-sync on loopback behind Debian's
 * caddy with deploy/Caddyfile, over HTTPS with caddy's own authority (`tls internal`). The built
 * extension connects through it with an invitation, shows the network's data and sends a
 * practice: every call it makes goes through the proxy.
 *
 * Chromium trusts the proxy's certificate by its public key (--ignore-certificate-errors-spki-list),
 * as a browser that imported caddy's authority would; any other certificate error still fails.
 */

const REFERENT = "marco.ricci@lugo.esempio.it";

let dir: string;
let ws: Workspace & { token: string };
let caddy: RunningCaddy;
let running: ServiceBehindCaddy | undefined;
let browser: ExtensionBrowser;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rete-urp-caddy-e2e-"));
  running = await startServiceBehindCaddy(dir);
  ({ ws, caddy } = running);
  browser = await launchExtension({
    hostPermissions: ["https://localhost/*"],
    args: [`--ignore-certificate-errors-spki-list=${await servedKeyHash(caddy)}`],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await running?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("through caddy over HTTPS: an invitation connects the extension, the popup shows the next meeting, a practice lands in the workbook", async () => {
  // The invitation names the public HTTPS address, never the loopback one the service listens on.
  const invitation = await createInvitation({ url: caddy.origin, workbook: ws.workbook, stateDir: ws.stateDir }, REFERENT);
  expect(invitation.link).toBe(`${caddy.origin}/invito/${invitation.code}`);

  const options = await openOptions(browser);
  await options.getByLabel("Invito", { exact: true }).fill(invitation.link);
  await options.getByRole("button", { name: "Collega e salva" }).click();
  await expect
    .poll(() => options.getByTestId("connect-result").textContent(), { timeout: 20_000 })
    .toBe("Collegato come Marco Ricci — Lugo. Impostazioni salvate.");
  await options.close();

  const popup = await openPopup(browser);
  const expected = await nextMeetingInWorkbook(ws.workbook);
  await expect.poll(() => popup.getByTestId("meeting-when").textContent(), { timeout: 20_000 }).toBe(italianWhen(expected));

  const title = `Attraverso il proxy HTTPS ${Date.now()}`;
  await popup.getByLabel("Titolo").fill(title);
  await popup.getByLabel("Link").fill("https://www.comune.lugo.ra.it/sportello");
  await popup.getByRole("button", { name: "Salva buona prassi" }).click();
  await expect
    .poll(async () => (await practiceRows(ws.workbook)).filter((row) => row.Titolo === title).map((row) => row["Email autore"]), {
      timeout: 30_000,
    })
    .toEqual([REFERENT]);
  await popup.close();
});
