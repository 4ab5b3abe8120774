import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "vitest";
import {
  type ExtensionBrowser,
  launchExtension,
  openOptions,
  openPopup,
  readStorage,
  screenshot,
  writeStorage,
} from "./support/browser.ts";
import { test } from "./support/extension-test.ts";
import { createInvitation } from "./support/invitations.ts";
import { italianWhen } from "./support/italian.ts";
import { CHROME_EXTENSION_ID, CHROMIUM_POLICY_DIR, extensionIdOfKey, manifestKey, writeChromiumPolicy } from "./support/managed-policy.ts";
import { nextMeetingInWorkbook } from "./support/workbook.ts";

/**
 * IT's installation (issue 11.5, docs/criteri-browser.md), for real: a policy file in Chromium's
 * managed policy folder presets the service's address for the extension's fixed ID
 * (`3rdparty.extensions.<id>.serviceUrl`, checked against the manifest's storage.managed_schema),
 * and the options page then asks only for the invitation. The folder is the private /etc npm test
 * gives this file; the policy is written before Chromium starts (it reads policies at start) and
 * removed when the file's tests are over, so the next file's browsers start without it.
 */

const MARCO = "marco.ricci@lugo.esempio.it";

// Its own browser, launched once the policy is written: the shared `browser` fixture is not used.
const managedTest = test.extend("managedBrowser", { scope: "file" }, async ({ service }, { onCleanup }): Promise<ExtensionBrowser> => {
  const removePolicy = writeChromiumPolicy(`rete-urp-e2e-${process.pid}`, {
    "3rdparty": { extensions: { [CHROME_EXTENSION_ID]: { serviceUrl: service.url } } },
  });
  let browser: ExtensionBrowser;
  try {
    browser = await launchExtension();
  } catch (error) {
    removePolicy();
    throw error;
  }
  onCleanup(async () => {
    try {
      await browser.close();
    } finally {
      removePolicy();
    }
  });
  return browser;
});

managedTest(
  "the extension has its fixed ID, the one its manifest key gives, and reads the address IT preset",
  async ({ service, managedBrowser }) => {
    expect(managedBrowser.extensionId).toBe(CHROME_EXTENSION_ID);
    expect(extensionIdOfKey(manifestKey())).toBe(CHROME_EXTENSION_ID);
    // The built manifest carries the key, and the schema of what a policy may set.
    const manifest = (await managedBrowser.worker.evaluate(() => chrome.runtime.getManifest())) as chrome.runtime.ManifestV3 & {
      storage?: { managed_schema?: string };
    };
    expect(manifest.key).toBe(manifestKey());
    const schemaPath = manifest.storage?.managed_schema ?? "";
    const schema = await managedBrowser.worker.evaluate(async (path) => (await fetch(chrome.runtime.getURL(path))).json(), schemaPath);
    expect(schema).toMatchObject({ type: "object", properties: { serviceUrl: { type: "string" } } });

    expect(await managedBrowser.worker.evaluate(() => chrome.storage.managed.get(null))).toEqual({ serviceUrl: service.url });
    // The policy file is the one IT would write (docs/criteri-browser.md), in the folder Chromium reads.
    const written = JSON.parse(await readFile(join(CHROMIUM_POLICY_DIR, `rete-urp-e2e-${process.pid}.json`), "utf8"));
    expect(written).toEqual({ "3rdparty": { extensions: { [CHROME_EXTENSION_ID]: { serviceUrl: service.url } } } });
  },
);

managedTest(
  "the options page shows the preset address read-only and asks only for the invitation; the code alone connects, and the popup shows the data",
  async ({ service, managedBrowser }) => {
    const page = await openOptions(managedBrowser);
    const address = page.getByLabel("Indirizzo del servizio");
    await address.waitFor();
    expect(await address.inputValue()).toBe(service.url);
    expect(await address.getAttribute("readonly")).not.toBeNull();
    expect(await page.getByText("Impostato dal tuo ente.").isVisible()).toBe(true);
    // The one field to fill in the connection card: the invitation. The token waits, closed.
    const editable = page.locator("form[aria-labelledby='connection-heading'] input:visible:not([readonly])");
    expect(await editable.evaluateAll((inputs) => inputs.map((input) => input.id))).toEqual(["invitation"]);
    expect(await page.getByLabel("Token personale").isVisible()).toBe(false);
    expect(await page.locator("#invitation-hint").textContent()).toBe(
      "Il link o il codice che ti ha mandato il coordinatore: vale una volta sola.",
    );
    await page.setViewportSize({ width: 400, height: 900 });
    await screenshot(page, "options-managed");
    await page.setViewportSize({ width: 800, height: 900 });

    const invitation = await createInvitation(service, MARCO);
    const invitationField = page.getByLabel("Invito", { exact: true });
    const result = page.getByTestId("connect-result");

    // A link for another service is refused before anything is sent: its token would be for a
    // service this browser does not use.
    const elsewhere = `https://urp.altro-ente.example.it/invito/${invitation.code}`;
    await invitationField.fill(elsewhere);
    await page.getByRole("button", { name: "Collega e salva" }).click();
    await expect
      .poll(() => page.locator("#invitation-error").textContent())
      .toBe(
        `Questo invito è di un altro servizio (https://urp.altro-ente.example.it): il tuo ente usa ${service.url}. Chiedi al coordinatore un invito per il servizio del tuo ente.`,
      );
    expect(await result.textContent()).toBe("Impostazioni non salvate.");
    expect((await readStorage(managedBrowser)).settings).toBeUndefined();

    // The code alone: the address is the preset one.
    await invitationField.fill(invitation.code);
    expect(await page.locator("#invitation-error").count()).toBe(0);
    await page.getByRole("button", { name: "Collega e salva" }).click();
    await expect.poll(() => result.textContent(), { timeout: 15_000 }).toBe("Collegato come Marco Ricci — Lugo. Impostazioni salvate.");
    expect((await readStorage(managedBrowser)).settings).toMatchObject({ serviceUrl: service.url, token: expect.stringMatching(/^urp_/) });
    await page.close();

    const expected = await nextMeetingInWorkbook(service.workbook);
    const popup = await openPopup(managedBrowser);
    await expect.poll(() => popup.getByTestId("meeting-when").textContent(), { timeout: 15_000 }).toBe(italianWhen(expected));
    expect(await popup.getByTestId("me").textContent()).toBe("Marco Ricci — Lugo");
    await popup.close();
  },
);

managedTest("the preset address is the one the extension uses, whatever address storage holds", async ({ service, managedBrowser }) => {
  // As if an older version, or someone through the developer tools, had stored another address.
  const { settings } = await readStorage(managedBrowser);
  await writeStorage(managedBrowser, { settings: { ...(settings as object), serviceUrl: "http://127.0.0.1:9" } });
  await managedBrowser.worker.evaluate(() => chrome.storage.local.remove(["cache:snapshot", "cache:practices", "cache:status"]));
  const popup = await openPopup(managedBrowser);
  await expect.poll(() => popup.getByTestId("me").textContent(), { timeout: 15_000 }).toBe("Marco Ricci — Lugo");
  expect(await popup.getByTestId("updated-at").textContent()).toMatch(/^Aggiornato alle \d{2}:\d{2}$/);
  await popup.close();
  const page = await openOptions(managedBrowser);
  expect(await page.getByLabel("Indirizzo del servizio").inputValue()).toBe(service.url);
  await page.close();
});
