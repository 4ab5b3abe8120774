import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { Page } from "puppeteer-core";
import { expect } from "vitest";
import { test } from "../e2e/support/extension-test.ts";
import { createInvitation } from "../e2e/support/invitations.ts";
import {
  addonId,
  button,
  EXTENSION_DIR,
  type FirefoxExtension,
  field,
  fill,
  find,
  launchFirefox,
  screenshot,
  testIdText,
} from "./support/firefox.ts";
import { withFirefoxPolicies } from "./support/firefox-policy.ts";

/**
 * The invitation and IT's policies in Firefox: an invitation link pasted in the options page
 * connects; with the service's address preset through policies.json (`3rdparty.Extensions.<gecko
 * id>`, read through storage.managed) the page shows it read-only and takes the code alone; and
 * `ExtensionSettings` force-installs the package from IT's address. Each test has a Firefox of
 * its own, started with the policies it needs.
 */

const MARCO = "marco.ricci@lugo.esempio.it";
const SARA = "sara.folli@lugo.esempio.it";
const LUCA = "luca.tampieri@lugo.esempio.it";

async function connectWith(page: Page, pasted: string): Promise<void> {
  await fill(await field(page, "Invito"), pasted);
  await (await button(page, "Collega e salva")).click();
}

/** The ids of the connection card's fields a person can type in, as shown. */
async function editableFields(page: Page): Promise<string[]> {
  await find(page, "#invitation");
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLInputElement>("form[aria-labelledby='connection-heading'] input:not([readonly])"))
      .filter((input) => input.checkVisibility())
      .map((input) => input.id),
  );
}

async function closing<T>(firefox: FirefoxExtension, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } finally {
    await firefox.close();
  }
}

test("the link of an invitation connects Firefox: the host granted by the click, address and token saved, the popup shows who I am; the same link again is used", async ({
  service,
}) => {
  const invitation = await createInvitation(service, MARCO);
  const firefox = await launchFirefox();
  await closing(firefox, async () => {
    const page = await firefox.open("options.html");
    expect(await editableFields(page)).toEqual(["invitation"]);
    await connectWith(page, invitation.link);
    await expect
      .poll(() => testIdText(page, "connect-result"), { timeout: 15_000 })
      .toBe("Collegato come Marco Ricci — Lugo. Impostazioni salvate.");
    const { settings } = await firefox.evaluate(() => chrome.storage.local.get("settings"), null);
    expect(settings).toMatchObject({ serviceUrl: service.url, token: expect.stringMatching(/^urp_/) });
    expect(await firefox.evaluate(() => chrome.permissions.getAll(), null)).toMatchObject({ origins: ["http://127.0.0.1/*"] });
    await screenshot(page, "firefox-options-invitation");

    await connectWith(page, invitation.link);
    await expect
      .poll(() => page.evaluate(() => document.getElementById("invitation-error")?.textContent ?? null), { timeout: 15_000 })
      .toBe("Questo invito è già stato usato (vale una volta sola): se non sei stato tu, avvisa il coordinatore e chiedigliene uno nuovo.");
    await page.close();

    const popup = await firefox.open("popup.html");
    await expect.poll(() => testIdText(popup, "me"), { timeout: 15_000 }).toBe("Marco Ricci — Lugo");
    await popup.close();
  });
});

test("the address preset in policies.json (3rdparty) is shown read-only, only the invitation is asked for, and its code alone connects", async ({
  service,
}) => {
  const id = addonId();
  const firefox = await withFirefoxPolicies({ "3rdparty": { Extensions: { [id]: { serviceUrl: service.url } } } }, () => launchFirefox());
  await closing(firefox, async () => {
    expect(await firefox.evaluate(() => chrome.storage.managed.get(null), null)).toEqual({ serviceUrl: service.url });
    const page = await firefox.open("options.html");
    expect(await editableFields(page)).toEqual(["invitation"]);
    const address = await find(page, "#service-url-preset");
    expect(await address.evaluate((input) => [(input as HTMLInputElement).value, (input as HTMLInputElement).readOnly])).toEqual([
      service.url,
      true,
    ]);
    expect(await page.evaluate(() => document.getElementById("service-url-preset-hint")?.textContent)).toBe("Impostato dal tuo ente.");
    await screenshot(page, "firefox-options-managed");

    const invitation = await createInvitation(service, SARA);
    await connectWith(page, invitation.code);
    await expect
      .poll(() => testIdText(page, "connect-result"), { timeout: 15_000 })
      .toBe("Collegato come Sara Folli — Lugo. Impostazioni salvate.");
    await page.close();
    const popup = await firefox.open("popup.html");
    await expect.poll(() => testIdText(popup, "me"), { timeout: 15_000 }).toBe("Sara Folli — Lugo");
    await popup.close();
  });
});

test("ExtensionSettings force-installs the package from IT's address, with the address preset: installed by the administrator, the code connects", async ({
  service,
}) => {
  const id = addonId();
  const xpi = `${EXTENSION_DIR}.zip`;
  if (!existsSync(xpi)) throw new Error(`${xpi} is missing: build the extension first (npm run build -w @rete-urp/extension)`);
  const firefox = await withFirefoxPolicies(
    {
      ExtensionSettings: { [id]: { installation_mode: "force_installed", install_url: pathToFileURL(xpi).href } },
      "3rdparty": { Extensions: { [id]: { serviceUrl: service.url } } },
    },
    // Firefox ESR installs an unsigned package when told to; addons.mozilla.org signs the real one.
    () => launchFirefox({ install: false, prefs: { "xpinstall.signatures.required": false } }),
  );
  await closing(firefox, async () => {
    const page = await firefox.open("options.html");
    expect(await firefox.evaluate(() => chrome.management.getSelf(), null)).toMatchObject({ installType: "admin", enabled: true });
    await find(page, "#service-url-preset");
    expect(await editableFields(page)).toEqual(["invitation"]);
    const invitation = await createInvitation(service, LUCA);
    await connectWith(page, invitation.code);
    await expect
      .poll(() => testIdText(page, "connect-result"), { timeout: 15_000 })
      .toBe("Collegato come Luca Tampieri — Lugo. Impostazioni salvate.");
    await page.close();
  });
});
