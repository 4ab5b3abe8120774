import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { statSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Worker } from "playwright-core";
import { expect } from "vitest";
import { writeRelease } from "../../scripts/extension-release.mjs";
import { accessLog, servedKeyHash, startServiceBehindCaddy } from "../deploy/caddy.ts";
import { REPO_ROOT } from "../support/sheets-sync.ts";
import { test } from "./support/extension-test.ts";
import { createInvitation } from "./support/invitations.ts";
import { extensionIdOfKey, writeChromiumPolicy } from "./support/managed-policy.ts";

/**
 * The whole of IT's installation in Chromium (docs/criteri-browser.md), in a private /etc: no developer
 * mode and no --load-extension. The build is packed as a CRX, served with its update manifest
 * from a local address, and a policy file in Chromium's managed folder force-installs it
 * (`ExtensionSettings`, `installation_mode: force_installed`, `update_url`) and presets the
 * service's address (`3rdparty`). Chromium downloads and installs it at start, and the options
 * page shows the preset address and asks only for the invitation.
 *
 * The real ID's private key is not in the repository, so the CRX is signed with a key made
 * here, and the manifest's `key` is replaced with its public half: the ID differs from the
 * published one, everything else is what IT deploys. `DeveloperToolsAvailability: 1` is for the
 * test alone: Chromium refuses DevTools (and so the test's driver) on extensions installed by
 * policy unless allowed.
 *
 * The second test is the hosting docs/installazione.md describes, for real: `npm run release`
 * (its function) signs the build and writes the folder, deploy/Caddyfile serves it at
 * /estensione/ over HTTPS (Debian's caddy, `tls internal`, trusted by its key as
 * through-caddy.test.ts does) beside sheets-sync, and the policy names the served updates.xml.
 *
 * Both tests are in this one file because both set `ExtensionSettings`: Chromium takes a policy
 * from one file of its folder only (the last by name), so two such files at once would hide one
 * test's policy from the other's browser. The tests of a file run one after the other.
 */

const CHROME_PATH = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const EXTENSION_DIR = process.env.EXTENSION_DIR ?? join(REPO_ROOT, "extension/build/chrome-mv3-prod");
const FIREFOX_DIR = process.env.FIREFOX_EXTENSION_DIR ?? join(REPO_ROOT, "extension/build/firefox-mv3-prod");
const MARCO = "marco.ricci@lugo.esempio.it";

interface Packed {
  id: string;
  version: string;
  crx: Buffer;
}

/** The build, with a key of its own, packed as a CRX by Chromium itself (`--pack-extension`). */
async function packExtension(): Promise<Packed> {
  const dir = await mkdtemp(join(tmpdir(), "rete-urp-crx-"));
  try {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const key = publicKey.export({ type: "spki", format: "der" }).toString("base64");
    const extension = join(dir, "rete-urp");
    await cp(EXTENSION_DIR, extension, { recursive: true });
    const manifestPath = join(extension, "manifest.json");
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as { key?: string; version: string };
    manifest.key = key;
    await writeFile(manifestPath, JSON.stringify(manifest));
    await writeFile(join(dir, "key.pem"), privateKey.export({ type: "pkcs8", format: "pem" }));
    const packed = spawnSync(
      CHROME_PATH,
      ["--headless=new", "--no-sandbox", "--disable-gpu", `--pack-extension=${extension}`, `--pack-extension-key=${join(dir, "key.pem")}`],
      { encoding: "utf8", timeout: 60_000 },
    );
    const crx = await readFile(`${extension}.crx`).catch(() => {
      throw new Error(`chromium --pack-extension made no CRX (exit ${packed.status}): ${packed.stderr}`);
    });
    return { id: extensionIdOfKey(key), version: manifest.version, crx };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What IT's web server holds: the update manifest Chromium asks at `update_url`, and the CRX it names. */
async function serveUpdates(packed: Packed): Promise<{ updateUrl: string; requests: string[]; server: Server }> {
  const requests: string[] = [];
  let base = "";
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    requests.push(path);
    if (path === "/rete-urp/updates.xml") {
      response.setHeader("Content-Type", "text/xml");
      response.end(
        `<?xml version='1.0' encoding='UTF-8'?>\n<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>\n` +
          `  <app appid='${packed.id}'>\n    <updatecheck codebase='${base}/rete-urp/rete-urp.crx' version='${packed.version}' />\n  </app>\n</gupdate>\n`,
      );
    } else if (path === "/rete-urp/rete-urp.crx") {
      response.setHeader("Content-Type", "application/x-chrome-extension");
      response.end(packed.crx);
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { updateUrl: `${base}/rete-urp/updates.xml`, requests, server };
}

/** Chromium as a managed PC runs it, reading the policy folder at start; `args` for more switches. */
function launchManaged(args: string[] = []): Promise<BrowserContext> {
  return chromium.launchPersistentContext("", {
    executablePath: CHROME_PATH,
    headless: false,
    // Playwright's defaults turn extensions and their downloads off; a policy install needs both.
    ignoreDefaultArgs: ["--disable-extensions", "--disable-background-networking", "--disable-component-update"],
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-sync", "--no-first-run", ...args],
    viewport: { width: 800, height: 900 },
    locale: "it-IT",
    timezoneId: "Europe/Rome",
  });
}

async function serviceWorkerOf(context: BrowserContext, id: string): Promise<Worker> {
  const mine = (worker: Worker) => new URL(worker.url()).host === id;
  return context.serviceWorkers().find(mine) ?? (await context.waitForEvent("serviceworker", { predicate: mine, timeout: 60_000 }));
}

test("force-installed by policy from IT's update URL, with the address preset: installed by the administrator, the options page asks only for the invitation, and the code connects", async ({
  service,
}) => {
  const packed = await packExtension();
  const updates = await serveUpdates(packed);
  const removePolicy = writeChromiumPolicy(`rete-urp-e2e-force-${process.pid}`, {
    ExtensionSettings: {
      [packed.id]: { installation_mode: "force_installed", update_url: updates.updateUrl, toolbar_pin: "force_pinned" },
    },
    "3rdparty": { extensions: { [packed.id]: { serviceUrl: service.url } } },
    DeveloperToolsAvailability: 1,
  });
  let context: BrowserContext | undefined;
  try {
    context = await launchManaged();
    const worker = await serviceWorkerOf(context, packed.id);
    expect(updates.requests).toEqual(expect.arrayContaining(["/rete-urp/updates.xml", "/rete-urp/rete-urp.crx"]));
    expect(await worker.evaluate(() => chrome.management.getSelf())).toMatchObject({ installType: "admin", enabled: true });
    // Pinned by the policy, as docs/criteri-browser.md says: the icon is on the toolbar, not in the puzzle menu.
    expect(await worker.evaluate(() => chrome.action.getUserSettings())).toMatchObject({ isOnToolbar: true });
    // Opened at once: Chromium hands a newly installed extension its policy a few seconds after
    // installing it, and the page shows the preset address when it arrives.
    const page = await context.newPage();
    await page.goto(`chrome-extension://${packed.id}/options.html`);
    const address = page.locator("#service-url-preset");
    await expect.poll(() => address.count(), { timeout: 30_000 }).toBe(1);
    expect(await worker.evaluate(() => chrome.storage.managed.get(null))).toEqual({ serviceUrl: service.url });
    expect(await page.getByLabel("Indirizzo del servizio").inputValue()).toBe(service.url);
    expect(await address.getAttribute("readonly")).not.toBeNull();
    const editable = page.locator("form[aria-labelledby='connection-heading'] input:visible:not([readonly])");
    expect(await editable.evaluateAll((inputs) => inputs.map((input) => input.id))).toEqual(["invitation"]);

    const invitation = await createInvitation(service, MARCO);
    await page.getByLabel("Invito", { exact: true }).fill(invitation.code);
    await page.getByRole("button", { name: "Collega e salva" }).click();
    await expect
      .poll(() => page.getByTestId("connect-result").textContent(), { timeout: 15_000 })
      .toBe("Collegato come Marco Ricci — Lugo. Impostazioni salvate.");
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${packed.id}/popup.html`);
    await expect.poll(() => popup.getByTestId("me").textContent(), { timeout: 15_000 }).toBe("Marco Ricci — Lugo");
  } finally {
    await context?.close();
    removePolicy();
    updates.server.close();
  }
});

test("published by npm run release and served by deploy/Caddyfile: Chromium force-installs it from the served updates.xml through Caddy, and it connects with an invitation", async () => {
  const dir = await mkdtemp(join(tmpdir(), "rete-urp-release-e2e-"));
  // The server's folder (/var/www/rete-urp/estensione in deploy/Caddyfile), served from the start.
  const folder = join(dir, "www", "estensione");
  const running = await startServiceBehindCaddy(dir, { extensionFolder: folder });
  const { caddy, ws } = running;
  let removePolicy: (() => void) | undefined;
  let context: BrowserContext | undefined;
  try {
    const keyFile = join(dir, "rete-urp-chrome.pem");
    await writeFile(keyFile, generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }), {
      mode: 0o600,
    });
    // The public address is Caddy's: the one IT gives the release and writes in the policies.
    const release = writeRelease({
      keyFile,
      publicUrl: caddy.origin,
      out: folder,
      chromeDir: EXTENSION_DIR,
      firefoxDir: FIREFOX_DIR,
      chromium: CHROME_PATH,
    });
    const updateUrl = `${caddy.origin}/estensione/updates.xml`;
    expect(release.urls.updatesXml).toBe(updateUrl);
    // Readable by a web server running as another user (Chromium writes its .crx 0600).
    expect(statSync(join(folder, "rete-urp.crx")).mode & 0o777).toBe(0o644);
    removePolicy = writeChromiumPolicy(`rete-urp-e2e-release-${process.pid}`, {
      ExtensionSettings: { [release.id]: { installation_mode: "force_installed", update_url: updateUrl, toolbar_pin: "force_pinned" } },
      "3rdparty": { extensions: { [release.id]: { serviceUrl: caddy.origin } } },
      DeveloperToolsAvailability: 1,
    });
    context = await launchManaged([`--ignore-certificate-errors-spki-list=${await servedKeyHash(caddy)}`]);
    const worker = await serviceWorkerOf(context, release.id);
    expect(await worker.evaluate(() => chrome.management.getSelf())).toMatchObject({ installType: "admin", enabled: true });
    // The installed manifest names the same update manifest: the next version comes from there.
    expect(await worker.evaluate(() => chrome.runtime.getManifest().update_url)).toBe(updateUrl);
    expect(await worker.evaluate(() => chrome.runtime.getManifest().version)).toBe(release.version);
    // Both files came through Caddy, from the folder.
    const served = accessLog(caddy).filter((entry) => entry.status === 200);
    expect(served.some((entry) => entry.uri.startsWith("/estensione/updates.xml?"))).toBe(true);
    expect(served.some((entry) => entry.uri === "/estensione/rete-urp.crx")).toBe(true);

    const page = await context.newPage();
    await page.goto(`chrome-extension://${release.id}/options.html`);
    await expect.poll(() => page.locator("#service-url-preset").count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByLabel("Indirizzo del servizio").inputValue()).toBe(caddy.origin);
    const invitation = await createInvitation({ url: caddy.origin, workbook: ws.workbook, stateDir: ws.stateDir }, MARCO);
    expect(invitation.link).toBe(`${caddy.origin}/invito/${invitation.code}`);
    await page.getByLabel("Invito", { exact: true }).fill(invitation.link);
    await page.getByRole("button", { name: "Collega e salva" }).click();
    await expect
      .poll(() => page.getByTestId("connect-result").textContent(), { timeout: 20_000 })
      .toBe("Collegato come Marco Ricci — Lugo. Impostazioni salvate.");
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${release.id}/popup.html`);
    await expect.poll(() => popup.getByTestId("me").textContent(), { timeout: 20_000 }).toBe("Marco Ricci — Lugo");
    // The invitation was redeemed through Caddy too.
    expect(accessLog(caddy).some((entry) => entry.uri === "/api/v1/invitations/redeem" && entry.status === 200)).toBe(true);
  } finally {
    await context?.close();
    removePolicy?.();
    await running.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
