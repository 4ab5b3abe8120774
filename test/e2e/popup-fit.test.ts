import type { Page } from "playwright-core";
import { expect } from "vitest";
import { seriousViolations } from "./support/axe.ts";
import { openPopup, readStorage, screenshotBothSchemes, unfoldMeeting, writeStorage } from "./support/browser.ts";
import { test } from "./support/extension-test.ts";

/**
 * What depends on the popup's real size, 400 × 600 in Chromium: the confirmation of a write
 * takes the form's place in view, and the tab row holds the coordinator's sections on one line,
 * in Italian and English. The demo coordinator (Giulia Bianchi), so Coordinamento is there.
 */

async function popupAt400x600(page: Page): Promise<Page> {
  await page.setViewportSize({ width: 400, height: 600 });
  return page;
}

/** Whether the element lies within the popup's scrolling area as it is on screen, give or take a pixel. */
async function inView(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((target) => {
    const element = document.querySelector(target);
    const main = document.querySelector(".popup-main");
    if (!element || !main) return false;
    const box = element.getBoundingClientRect();
    const area = main.getBoundingClientRect();
    return box.top >= area.top - 1 && box.bottom <= Math.min(area.bottom, 600) + 1 && box.height > 0;
  }, selector);
}

test("after Salva buona prassi the confirmation replaces the form, in view and focused; Aggiungi un'altra brings the empty form back", async ({
  popup,
}) => {
  const page = await popupAt400x600(popup);
  // The meeting card unfolded (the fixture does): the form starts low, its end below the fold.
  await page.getByLabel("Titolo").fill("Sportello telefonico unico");
  await page.getByLabel("Link").fill("https://www.comune.lugo.ra.it/sportello-telefonico");
  await page.getByRole("button", { name: "Salva buona prassi" }).click();
  await expect.poll(() => page.getByTestId("quick-add-result").textContent()).toContain("Salvata");
  expect(await inView(page, "[data-testid=outbox-done]")).toBe(true);
  expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("outbox-done");
  expect(await page.getByLabel("Titolo").count()).toBe(0);
  // The popup itself never scrolls, and nothing widens it.
  expect(await page.evaluate(() => [document.documentElement.scrollTop, document.documentElement.scrollWidth])).toEqual([0, 400]);
  await screenshotBothSchemes(page, "popup-quick-add-done");

  await page.getByRole("button", { name: "Aggiungi un'altra" }).click();
  const title = page.getByLabel("Titolo");
  await expect.poll(() => title.evaluate((element) => element === document.activeElement)).toBe(true);
  expect(await title.inputValue()).toBe("");
  expect(await page.getByLabel("Link").inputValue()).toBe("");
  expect(await inView(page, "#qa-title")).toBe(true);
});

test("after Proponi the confirmation replaces the proposal form, in view and focused, in English too", async ({ browser }) => {
  for (const language of ["it", "en"] as const) {
    const { settings } = await readStorage(browser);
    await writeStorage(browser, { settings: { ...(settings as object), language } });
    const page = await popupAt400x600(await openPopup(browser));
    await unfoldMeeting(page);
    const proposals = page.getByTestId("agenda-proposals");
    await proposals.locator("summary").click();
    await proposals
      .getByRole("button", { name: language === "it" ? "Proponi un punto all'ordine del giorno" : "Propose an agenda item" })
      .click();
    const topic = page.getByLabel(language === "it" ? "Argomento" : "Topic");
    await expect.poll(() => topic.evaluate((element) => element === document.activeElement)).toBe(true);
    await topic.fill(language === "it" ? "Calendario condiviso delle aperture estive" : "Shared calendar of summer opening hours");
    await page.getByRole("button", { name: language === "it" ? "Proponi" : "Propose", exact: true }).click();
    await expect.poll(() => page.getByTestId("proposal-result").textContent()).toContain(language === "it" ? "Salvata" : "Saved");
    expect(await inView(page, "[data-testid=outbox-done]")).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("outbox-done");
    await screenshotBothSchemes(page, `popup-proposal-done-${language}`);
    await page.getByRole("button", { name: language === "it" ? "Aggiungi un'altra" : "Add another" }).click();
    await expect.poll(() => topic.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await topic.inputValue()).toBe("");
    await page.close();
  }
  const { settings } = await readStorage(browser);
  await writeStorage(browser, { settings: { ...(settings as object), language: "it" } });
});

/** The tab row as laid out: each tab's box, the row's, and whether the arrows show. */
async function tabRow(page: Page) {
  return page.evaluate(() => {
    const row = document.querySelector('[role="tablist"]')!;
    const box = (element: Element) => {
      const rect = element.getBoundingClientRect();
      return { left: rect.left, right: rect.right, top: rect.top, height: rect.height };
    };
    return {
      row: { ...box(row), scrollLeft: row.scrollLeft, overflows: row.scrollWidth > row.clientWidth },
      tabs: Array.from(row.querySelectorAll('[role="tab"]')).map((tab) => ({ name: tab.textContent ?? "", ...box(tab) })),
      before: Boolean(document.querySelector("[data-testid=tabs-before]")),
      after: Boolean(document.querySelector("[data-testid=tabs-after]")),
      pageWidth: document.documentElement.scrollWidth,
    };
  });
}

test("the coordinator's six tabs stay on one row at 400 px in Italian and English, every one reachable by keyboard and by mouse", async ({
  browser,
}) => {
  const names = {
    it: ["Aggiungi", /^Da pubblicare/, "Progetti", "Buone prassi", "Referenti", "Coordinamento"],
    en: ["Add", /^To publish/, "Projects", "Best practices", "Contacts", "Coordination"],
  };
  for (const language of ["it", "en"] as const) {
    const { settings } = await readStorage(browser);
    await writeStorage(browser, { settings: { ...(settings as object), language } });
    const page = await popupAt400x600(await openPopup(browser));
    await page.getByRole("tab", { name: names[language][5] as string }).waitFor();
    const layout = await tabRow(page);
    expect(layout.tabs).toHaveLength(6);
    for (const [index, tab] of layout.tabs.entries()) expect(tab.name, language).toMatch(names[language][index]!);
    // One row: every tab at the same height, the row no taller than a tab and its padding.
    expect(new Set(layout.tabs.map((tab) => Math.round(tab.top))).size, language).toBe(1);
    expect(layout.row.height, language).toBeLessThan(layout.tabs[0]!.height * 1.5);
    expect(layout.pageWidth, language).toBeLessThanOrEqual(400);
    // Tabs out of sight are announced by the arrow at that end.
    expect(layout.after, language).toBe(layout.row.overflows);
    expect(layout.before, language).toBe(false);
    // The attendance answers fit their card too (three labels side by side, the longest in English).
    await unfoldMeeting(page);
    expect(await page.locator(".segmented").evaluate((group) => group.scrollWidth <= group.clientWidth), language).toBe(true);
    await page.locator(".tabs-bar").evaluate((bar) => bar.scrollIntoView({ block: "center" }));
    await screenshotBothSchemes(page, `popup-tabs-coordinator-${language}`);
    expect(await seriousViolations(page), language).toEqual([]);

    // Keyboard: End selects the last tab and brings it wholly into view, clear of the arrows.
    await page.getByRole("tab", { selected: true }).focus();
    await page.keyboard.press("End");
    const coordination = page.getByRole("tab", { name: names[language][5] as string });
    await expect.poll(() => coordination.getAttribute("aria-selected")).toBe("true");
    expect(await coordination.evaluate((element) => element === document.activeElement)).toBe(true);
    const atEnd = await tabRow(page);
    const last = atEnd.tabs[5]!;
    expect(last.left, language).toBeGreaterThanOrEqual(atEnd.row.left);
    expect(last.right, language).toBeLessThanOrEqual(atEnd.row.right);
    expect(atEnd.after, language).toBe(false);
    expect(atEnd.before, language).toBe(atEnd.row.overflows);
    await screenshotBothSchemes(page, `popup-tabs-coordinator-${language}-end`);
    expect(await seriousViolations(page), language).toEqual([]);
    // Home goes back to the first, in view again.
    await page.keyboard.press("Home");
    await expect.poll(async () => (await tabRow(page)).row.scrollLeft).toBe(0);

    // Mouse: the arrow scrolls the row to the hidden tabs, without changing the selection.
    if (layout.row.overflows) {
      await page.getByTestId("tabs-after").click();
      await expect.poll(async () => (await tabRow(page)).row.scrollLeft).toBeGreaterThan(0);
      await page.getByRole("tab", { name: names[language][5] as string }).click();
      await expect.poll(() => coordination.getAttribute("aria-selected")).toBe("true");
      await page.getByTestId("tabs-before").click();
      await expect.poll(async () => (await tabRow(page)).row.scrollLeft).toBe(0);
    }
    await page.close();
  }
  const { settings } = await readStorage(browser);
  await writeStorage(browser, { settings: { ...(settings as object), language: "it" } });
});
