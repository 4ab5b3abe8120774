import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page, type Worker } from "playwright-core";
import { SCREENSHOT_DIR, SCREENSHOTS_WANTED } from "../../support/screenshots.ts";
import { REPO_ROOT } from "../../support/sheets-sync.ts";

/**
 * The built extension in real Chromium (docs/extension.md, "Tests"): Debian's chromium driven by
 * playwright-core, never a downloaded browser. `npm test` sets CHROME_PATH and EXTENSION_DIR; the
 * defaults are what a developer has after `npm run build -w @rete-urp/extension` on this machine.
 */

const CHROME_PATH = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const EXTENSION_DIR = process.env.EXTENSION_DIR ?? join(REPO_ROOT, "extension/build/chrome-mv3-prod");

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  url(path: string): string;
  close(): Promise<void>;
}

interface LaunchOptions {
  /**
   * Host permissions the user has granted (as if they had clicked Allow on Chrome's prompt,
   * which headless Chromium cannot show): the build is copied and these are written into its
   * manifest. With "http://127.0.0.1/*" the popup may read the URL of a test page's tab, as
   * activeTab lets it after a toolbar click.
   */
  hostPermissions?: string[];
  /** More Chromium switches, e.g. to trust a test certificate authority's server certificate. */
  args?: string[];
  /**
   * The browser's language (its interface's and its preferred one; Playwright starts Chromium
   * with `--lang`): Italian, as the referents' browsers are, unless a test says otherwise.
   */
  locale?: string;
}

async function extensionDir(options: LaunchOptions): Promise<string> {
  if (!options.hostPermissions?.length) return EXTENSION_DIR;
  const dir = await mkdtemp(join(tmpdir(), "rete-urp-ext-"));
  await cp(EXTENSION_DIR, dir, { recursive: true });
  const manifestPath = join(dir, "manifest.json");
  const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as Record<string, unknown>;
  manifest.host_permissions = options.hostPermissions;
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
  return dir;
}

/** Chromium with one unpacked extension, as the e2e tests and the bench's popup timings launch it. */
export function launchWithExtension(
  dir: string,
  options: { executablePath?: string; args?: string[]; locale?: string } = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext("", {
    executablePath: options.executablePath ?? CHROME_PATH,
    // The new headless mode runs extensions; Playwright's own headless flag would pick the old one.
    headless: false,
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      ...(options.args ?? []),
    ],
    viewport: { width: 400, height: 700 },
    locale: options.locale ?? "it-IT",
    timezoneId: "Europe/Rome",
  });
}

export async function launchExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const dir = await extensionDir(options);
  const context = await launchWithExtension(dir, { args: options.args ?? [], ...(options.locale ? { locale: options.locale } : {}) });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    url: (path) => `chrome-extension://${extensionId}/${path}`,
    close: () => context.close(),
  };
}

/** storage.local as the extension sees it, read through its own service worker. */
export async function readStorage(browser: ExtensionBrowser): Promise<Record<string, unknown>> {
  return browser.worker.evaluate(() => chrome.storage.local.get(null));
}

export async function writeStorage(browser: ExtensionBrowser, items: Record<string, unknown>): Promise<void> {
  await browser.worker.evaluate((values) => chrome.storage.local.set(values), items);
}

/**
 * The snapshot the extension has cached, whole, as its worker would read it: the head under
 * `cache:snapshot` and the practices under `cache:practices` (extension/src/lib/storage-keys.ts);
 * undefined while either is missing.
 */
export async function cachedSnapshot(browser: ExtensionBrowser): Promise<{ snapshot: Record<string, unknown>; etag: string } | undefined> {
  const stored = await readStorage(browser);
  const head = stored["cache:snapshot"] as { snapshot: Record<string, unknown>; etag: string } | undefined;
  const practices = stored["cache:practices"] as { practices: unknown[] } | undefined;
  if (!head || !practices) return undefined;
  return { snapshot: { ...head.snapshot, practices: practices.practices }, etag: head.etag };
}

/**
 * Stops the extension's service worker, as Chrome does after 30 s idle or when it updates the
 * extension, through the DevTools protocol. The next event (a popup's message, an alarm) starts
 * a new one, which runs the worker's top level again; `browser.worker` keeps working for it.
 */
export async function stopWorker(browser: ExtensionBrowser): Promise<void> {
  const page = await browser.context.newPage();
  try {
    const cdp = await browser.context.newCDPSession(page);
    const versions: { versionId: string; scriptURL: string; runningStatus: string }[] = [];
    cdp.on("ServiceWorker.workerVersionUpdated", (event) => versions.push(...event.versions));
    await cdp.send("ServiceWorker.enable");
    const ours = () => versions.filter((version) => version.scriptURL.startsWith(browser.url("")));
    await expectSoon(() => ours().length > 0, "the worker's version");
    const { versionId } = ours()[0]!;
    await cdp.send("ServiceWorker.stopWorker", { versionId });
    await expectSoon(
      () => ours().some((version) => version.versionId === versionId && version.runningStatus === "stopped"),
      "the worker to stop",
    );
  } finally {
    await page.close();
  }
}

async function expectSoon(condition: () => boolean, what: string): Promise<void> {
  const until = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function outboxKeys(browser: ExtensionBrowser): Promise<string[]> {
  return Object.keys(await readStorage(browser)).filter((key) => key.startsWith("outbox:"));
}

export async function openPopup(browser: ExtensionBrowser, query = ""): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(browser.url(`popup.html${query}`));
  return page;
}

/**
 * Unfolds the meeting card (it opens folded to one line) as a referent does to answer or to see
 * the place and links. The choice is remembered by the extension, so later popups open unfolded.
 */
export async function unfoldMeeting(page: Page): Promise<void> {
  const summary = page.getByTestId("meeting-summary");
  await summary.waitFor();
  if ((await summary.getAttribute("aria-expanded")) === "false") await summary.click();
  await page.locator(".meeting-details:not([hidden])").waitFor();
}

export async function openOptions(browser: ExtensionBrowser): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 800, height: 900 });
  await page.goto(browser.url("options.html"));
  return page;
}

/**
 * Opens "Ho già un token personale" on the options page, where the service's address and the
 * token are typed (a browser not yet connected shows only the invitation).
 */
export async function showTokenFields(page: Page): Promise<void> {
  const disclosure = page.getByTestId("token-disclosure");
  if (!(await disclosure.evaluate((details) => (details as HTMLDetailsElement).open))) await disclosure.locator("summary").click();
  await page.getByLabel("Token personale").waitFor();
}

/** Fills and saves the options page with a token as a user would; returns the page (still open). */
export async function configure(browser: ExtensionBrowser, serviceUrl: string, token: string): Promise<Page> {
  const page = await openOptions(browser);
  await showTokenFields(page);
  await page.getByLabel("Indirizzo del servizio").fill(serviceUrl);
  await page.getByLabel("Token personale").fill(token);
  await page.getByRole("button", { name: "Salva" }).click();
  await page.getByText("Impostazioni salvate.").waitFor();
  return page;
}

/** Light and dark screenshots of the same view: `<name>-light.png`, `<name>-dark.png`. */
export async function screenshotBothSchemes(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS_WANTED) return;
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await screenshot(page, `${name}-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/** A full-page screenshot in test-results/screenshots/, for a human to look at (see screenshots.ts). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS_WANTED) return;
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // In a window as tall as the page: a full-page capture of a page that scrolls is laid out again
  // without its scrollbar (the popup's body then takes the 15 px back) but cut at the width it had
  // with it, which made every right edge look cut.
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const taller = viewport !== null && height > viewport.height;
  if (taller) await page.setViewportSize({ width: viewport.width, height });
  await page.screenshot({ path, fullPage: true });
  if (taller) await page.setViewportSize(viewport);
}
