import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import puppeteer, { type Browser, type ElementHandle, type Page } from "puppeteer-core";
import { SCREENSHOT_DIR, SCREENSHOTS_WANTED } from "../../support/screenshots.ts";
import { eventually, REPO_ROOT } from "../../support/sheets-sync.ts";

/**
 * The built Firefox extension in real Firefox (docs/extension.md, "Firefox"): Debian's
 * firefox-esr driven by puppeteer-core over WebDriver BiDi, never a downloaded browser.
 * `npm test` sets FIREFOX_PATH; the defaults are what a developer has after
 * `npm run build -w @rete-urp/extension` on this machine.
 */

const FIREFOX_PATH = process.env.FIREFOX_PATH ?? "/usr/bin/firefox-esr";
export const EXTENSION_DIR = process.env.FIREFOX_EXTENSION_DIR ?? join(REPO_ROOT, "extension/build/firefox-mv3-prod");

/** The add-on id the build declares (extension/scripts/firefox-manifest.mjs). */
export function addonId(): string {
  const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, "manifest.json"), "utf8")) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${EXTENSION_DIR}/manifest.json has no gecko id: is it the Firefox build?`);
  return id;
}

export interface FirefoxExtension {
  browser: Browser;
  /** The moz-extension:// host of this installation. */
  uuid: string;
  url(path: string): string;
  /** Opens an extension page (popup.html, options.html…) in a new tab, loaded. */
  open(path: string): Promise<Page>;
  /** Runs `fn` in an extension page, where `chrome.*` is the extension's API. */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  close(): Promise<void>;
}

export interface FirefoxLaunchOptions {
  /**
   * Installs the build as a temporary add-on, as about:debugging does (the default). False when
   * Firefox installs it itself, from a policy (`ExtensionSettings`, docs/criteri-browser.md).
   */
  install?: boolean;
  /** More preferences for the profile. */
  prefs?: Record<string, unknown>;
}

export async function launchFirefox(options: FirefoxLaunchOptions = {}): Promise<FirefoxExtension> {
  const id = addonId();
  // Firefox gives each installation a random moz-extension:// UUID, kept in the pref
  // `extensions.webextensions.uuids` (add-on id → UUID), which it reads before making one up.
  // Set before launch, it fixes the UUID: no need to dig it out of about:debugging.
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: "firefox",
    protocol: "webDriverBiDi",
    executablePath: FIREFOX_PATH,
    headless: true,
    // Without it Firefox's WebDriver BiDi refuses to navigate to moz-extension:// pages.
    args: ["--remote-allow-system-access"],
    env: { ...process.env, TZ: "Europe/Rome" },
    defaultViewport: { width: 400, height: 700 },
    extraPrefsFirefox: {
      "extensions.webextensions.uuids": JSON.stringify({ [id]: uuid }),
      // permissions.request still needs a user gesture (a real click, sent as BiDi input), but
      // headless Firefox cannot show the doorhanger that asks "Consenti?": with prompts off,
      // Firefox grants what the extension asks for, as if the user had clicked Consenti.
      "extensions.webextOptionalPermissionPrompts": false,
      "intl.accept_languages": "it-IT, it",
      ...options.prefs,
    },
  });
  try {
    if (options.install !== false) {
      // A temporary add-on, as about:debugging would load it: no signature needed.
      const installed = await browser.installExtension(EXTENSION_DIR);
      if (installed !== id) throw new Error(`installed ${installed}, expected ${id}`);
    }
  } catch (error) {
    await browser.close();
    throw error;
  }
  const url = (path: string) => `moz-extension://${uuid}/${path}`;
  const open = (path: string) => openExtensionPage(browser, url(path));
  let control: Page | undefined;
  return {
    browser,
    uuid,
    url,
    open,
    async evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
      // One extension page kept open to reach the extension's storage and tabs, as the
      // Chromium suite does through the service worker (Firefox's background page is out of reach).
      control ??= await open("options.html");
      return (await control.evaluate(fn as (arg: unknown) => unknown, arg)) as R;
    },
    close: () => browser.close(),
  };
}

/**
 * Firefox's WebDriver BiDi leaves extension documents out of its events (bug 1755014: no
 * debugging of extensions yet), so the load event `page.goto` waits for never comes, though the
 * navigation itself succeeds. Start it, then ask the tab until it holds the loaded document.
 */
async function openExtensionPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  // Settles when the tab closes (or at puppeteer's timeout): nothing to wait for.
  page.goto(url).catch(() => undefined);
  // Polled from Node, not with waitForFunction: an evaluation that meets the document being
  // replaced fails in Firefox ("right-hand side of 'in' should be an object"), and
  // waitForFunction gives up at the first failure; `eventually` asks again.
  await eventually(
    () => page.evaluate((expected) => location.href === expected && document.readyState === "complete", url),
    30_000,
    `${url} loaded`,
  );
  return page;
}

/**
 * The first element matching `selector`, polled from Node. Locators and waitForSelector with
 * `::-p-aria` wait through bindings that report by BiDi events, which extension pages do not send
 * (above); `page.$` asks Firefox directly.
 */
export async function find(page: Page, selector: string, timeoutMs = 15_000): Promise<ElementHandle<Element>> {
  return eventually(() => page.$(selector), timeoutMs, selector) as Promise<ElementHandle<Element>>;
}

/**
 * A form control by the text of its <label>, as a user reads it: the label that says exactly
 * that, else one that starts with it ("Titolo" finds "Titolo (obbligatorio)").
 */
export async function field(page: Page, label: string, timeoutMs = 15_000): Promise<ElementHandle<Element>> {
  return eventually(
    async () => {
      const handle = await page.evaluateHandle((text) => {
        const labels = Array.from(document.querySelectorAll("label"));
        const said = (node: HTMLLabelElement) => node.textContent?.trim() ?? "";
        const label = labels.find((node) => said(node) === text) ?? labels.find((node) => said(node).startsWith(`${text} `));
        return label?.control ?? null;
      }, label);
      const element = handle.asElement();
      if (element) return element as ElementHandle<Element>;
      await handle.dispose();
      return undefined;
    },
    timeoutMs,
    `the field labelled ${label}`,
  );
}

export function button(page: Page, name: string): Promise<ElementHandle<Element>> {
  return find(page, `::-p-aria([name="${name}"][role="button"])`);
}

/** The text of the element with this data-testid, or null when there is none. */
export async function testIdText(page: Page, testId: string): Promise<string | null> {
  return page.evaluate((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? null, testId);
}

/** Replaces what a text field holds, typing key by key as a user does. */
export async function fill(element: ElementHandle<Element>, text: string): Promise<void> {
  await element.evaluate((node) => (node as HTMLInputElement).select());
  await element.type(text);
}

export async function inputValue(element: ElementHandle<Element>): Promise<string> {
  return element.evaluate((node) => (node as HTMLInputElement | HTMLTextAreaElement).value);
}

/**
 * Fills the options page and presses "Collega e salva" as a user would, until the page says the
 * service accepted the token and the settings are saved; returns the page (still open).
 */
export async function configure(extension: FirefoxExtension, serviceUrl: string, token: string): Promise<Page> {
  const page = await extension.open("options.html");
  await showTokenFields(page);
  await fill(await field(page, "Indirizzo del servizio"), serviceUrl);
  await fill(await field(page, "Token personale"), token);
  await (await button(page, "Collega e salva")).click();
  await eventually(
    async () => (await testIdText(page, "connect-result"))?.endsWith("Impostazioni salvate.") === true,
    15_000,
    "Impostazioni salvate.",
  );
  return page;
}

/**
 * Opens "Ho già un token personale" on the options page, where the service's address and the
 * token are typed (a browser not yet connected shows only the invitation).
 */
export async function showTokenFields(page: Page): Promise<void> {
  const summary = await find(page, '[data-testid="token-disclosure"] > summary');
  if (!(await summary.evaluate((node) => (node.parentElement as HTMLDetailsElement).open))) await summary.click();
}

/** A full-page screenshot in test-results/screenshots/, for a human to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS_WANTED) return;
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
