import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { REPO_ROOT, runCli, startService, tempWorkspace } from "../test/support/sheets-sync.ts";
import { createTokens, writeWorkbook } from "./lib/fixtures.ts";
import { median, type Percentiles, percentiles } from "./lib/load.ts";

/**
 * The popup in real Chromium (the built extension, Debian's chromium through playwright-core,
 * launched and configured with the end-to-end suite's own helpers): from navigation to the next
 * meeting on screen, with the snapshot already in storage.local (warm) and with it removed
 * (cold: the popup fetches it from a live sheets-sync); on the demo workbook and on 10 000
 * practices. Then, over 10 000 practices, opening the practices tab and each search keystroke,
 * from keydown until after the next paint. Cold and warm runs alternate.
 */

const OPENS = 7;
const COORDINATOR = "giulia.bianchi@unione.esempio.it";
const QUERIES = ["sportello", "lugo bonus"];

export interface PopupRow {
  workbook: string;
  practices: number;
  /** ms from navigation to the first paint after the meeting card appeared. */
  warmMs: number;
  coldMs: number;
  warmRuns: number[];
  coldRuns: number[];
}

export interface PopupReport {
  chromium: string;
  opens: PopupRow[];
  /** Over 10 000 practices. */
  practicesTabMs: number;
  keystrokeMs: Percentiles;
  keystrokes: number;
}

export type PopupOutcome = { report: PopupReport } | { skipped: string };

/** Records, in the page, when the meeting card is painted and how long each keystroke takes to paint. */
const PAGE_PROBE = `(() => {
  const afterPaint = (callback) => requestAnimationFrame(() => setTimeout(callback, 0));
  window.__bench = { meetingAt: undefined, keys: [] };
  new MutationObserver((_, observer) => {
    if (!document.querySelector('[data-testid="meeting-date"]')) return;
    observer.disconnect();
    afterPaint(() => (window.__bench.meetingAt = performance.now()));
  }).observe(document, { subtree: true, childList: true });
  let keyAt = 0;
  addEventListener("keydown", () => (keyAt = performance.now()), true);
  addEventListener("input", () => {
    const start = keyAt;
    afterPaint(() => window.__bench.keys.push(performance.now() - start));
  }, true);
})();`;

/** The one chrome.* call made here (the bench has no @types/chrome). */
type ChromeGlobal = { chrome: { storage: { local: { remove(keys: string[]): Promise<void> } } } };

declare global {
  interface Window {
    __bench: { meetingAt: number | undefined; keys: number[] };
  }
}

async function meetingPaintedAt(page: Page): Promise<number> {
  await page.waitForFunction(() => window.__bench?.meetingAt !== undefined, undefined, { timeout: 60_000 });
  return page.evaluate(() => window.__bench.meetingAt!);
}

export async function benchPopup(log: (line: string) => void): Promise<PopupOutcome> {
  const extensionDir = process.env.EXTENSION_DIR ?? join(REPO_ROOT, "extension/build/chrome-mv3-prod");
  const chromiumPath = process.env.CHROME_PATH ?? "/usr/bin/chromium";
  if (!existsSync(join(extensionDir, "manifest.json"))) return { skipped: "extension not built" };
  if (!existsSync(chromiumPath)) return { skipped: `no Chromium at ${chromiumPath}` };
  // The end-to-end suite's helpers: loaded here, so the rest of the bench runs without them.
  let e2e: { browser: typeof import("../test/e2e/support/browser.ts") };
  try {
    e2e = { browser: await import("../test/e2e/support/browser.ts") };
  } catch (error) {
    return { skipped: `end-to-end helpers not available (${(error as Error).message.split("\n")[0]})` };
  }

  const opens: PopupRow[] = [];
  let practicesTabMs = 0;
  let keys: number[] = [];
  for (const practices of [0, 10_000]) {
    const ws = await tempWorkspace();
    const name = practices === 0 ? "demo" : "10 000 practices";
    if (practices === 0) {
      const init = await runCli(["init", "--demo", "--workbook", ws.workbook, "--state-dir", ws.stateDir]);
      if (init.code !== 0) throw new Error(`init --demo failed:\n${init.stderr}`);
    } else {
      await writeWorkbook(ws.workbook, practices);
    }
    const [token] = await createTokens(ws.stateDir, [COORDINATOR]);
    const service = await startService({ workbook: ws.workbook, stateDir: ws.stateDir, env: { SHEETS_SYNC_REFRESH_SECONDS: "60" } });
    const browser = await e2e.browser.launchExtension();
    try {
      await browser.context.addInitScript(PAGE_PROBE);
      const options = await e2e.browser.configure(browser, service.url, token!);
      await options.close();

      const open = async (): Promise<{ page: Page; ms: number }> => {
        const page = await browser.context.newPage();
        await page.goto(browser.url("popup.html"));
        return { page, ms: await meetingPaintedAt(page) };
      };
      const hasCache = async () => "cache:snapshot" in (await e2e.browser.readStorage(browser));
      // One open to fill the cache (and warm Chromium's own caches of the extension's files).
      (await open()).page.close();
      await waitFor(hasCache, "the popup to cache the snapshot");

      const warmRuns: number[] = [];
      const coldRuns: number[] = [];
      for (let i = 0; i < OPENS; i++) {
        await browser.worker.evaluate(() =>
          (globalThis as unknown as ChromeGlobal).chrome.storage.local.remove(["cache:snapshot", "cache:status"]),
        );
        const cold = await open();
        coldRuns.push(cold.ms);
        await cold.page.close();
        await waitFor(hasCache, "the popup to cache the snapshot");
        const warm = await open();
        warmRuns.push(warm.ms);
        await warm.page.close();
      }
      const row = { workbook: name, practices: practices || 5, warmMs: median(warmRuns), coldMs: median(coldRuns), warmRuns, coldRuns };
      log(`  popup on ${name}: warm ${row.warmMs.toFixed(0)} ms, cold ${row.coldMs.toFixed(0)} ms`);
      opens.push(row);

      if (practices > 0) {
        const { page } = await open();
        const start = await page.evaluate(() => performance.now());
        await page.getByRole("tab", { name: /Buone prassi/ }).click();
        await page.locator('[data-testid="practice-list"]').waitFor();
        practicesTabMs =
          (await page.evaluate(
            () => new Promise<number>((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0))),
          )) - start;
        const search = page.locator("#practice-search");
        keys = [];
        for (const query of QUERIES) {
          await search.fill("");
          await search.focus();
          await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
          for (const char of query) {
            const before = await page.evaluate(() => window.__bench.keys.length);
            await page.keyboard.press(char === " " ? "Space" : char);
            await page.waitForFunction((n) => window.__bench.keys.length > n, before, { timeout: 60_000 });
            keys.push(await page.evaluate(() => window.__bench.keys.at(-1)!));
          }
        }
        log(`  popup search over ${practices} practices: tab ${practicesTabMs.toFixed(0)} ms, keystroke p50 ${median(keys).toFixed(0)} ms`);
        await page.close();
      }
    } finally {
      await browser.close();
      await service.stop();
      await rm(ws.dir, { recursive: true, force: true });
    }
  }
  return { report: { chromium: chromiumPath, opens, practicesTabMs, keystrokeMs: percentiles(keys), keystrokes: keys.length } };
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
