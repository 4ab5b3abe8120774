import type { Page } from "playwright-core";
import { expect } from "vitest";
import { seriousViolations } from "./support/axe.ts";
import { openPopup, readStorage, screenshotBothSchemes, unfoldMeeting, writeStorage } from "./support/browser.ts";
import { test } from "./support/extension-test.ts";

/**
 * What depends on the popup's real size, 400 × 600 in Chromium: the confirmation of a write
 * takes the form's place in view, and the tab row holds the coordinator's sections on one line,
 * in Italian and English. Zoomed in, Chromium gives the popup fewer CSS pixels (400 × 300 at
 * 200 %, 320 × 256 and less beyond): everything is reached by scrolling, nothing is cut. The demo
 * coordinator (Giulia Bianchi), so Coordinamento is there.
 */

async function popupAt400x600(page: Page): Promise<Page> {
  await page.setViewportSize({ width: 400, height: 600 });
  return page;
}

/**
 * Whether the element lies within the window as it is on screen, give or take a pixel, and clear
 * of the footer when it stays in view (a tall window).
 */
async function inView(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((target) => {
    const element = document.querySelector(target);
    if (!element) return false;
    const box = element.getBoundingClientRect();
    const footer = document.querySelector(".status-footer")!;
    const sticky = getComputedStyle(footer).position === "sticky";
    const bottom = sticky ? footer.getBoundingClientRect().top : window.innerHeight;
    return box.top >= -1 && box.bottom <= bottom + 1 && box.height > 0;
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
  // Nothing widens the popup.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
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

/**
 * Scrolls the popup with the wheel, as a person would, until the document is at its end, or the
 * wheel has stopped moving it (then the assertions that follow say what could not be reached).
 */
async function wheelToEnd(page: Page): Promise<void> {
  const { width, height } = page.viewportSize()!;
  await page.mouse.move(width / 2, height / 2);
  const position = () =>
    page.evaluate(
      () =>
        // After the wheel's (possibly smooth) scroll has had time to move.
        new Promise<{ top: number; end: boolean }>((resolve) =>
          setTimeout(() => {
            const root = document.scrollingElement!;
            resolve({ top: root.scrollTop, end: root.scrollTop + root.clientHeight >= root.scrollHeight - 1 });
          }, 120),
        ),
    );
  let still = 0;
  let last = -1;
  for (let turns = 0; turns < 40 && still < 3; turns++) {
    await page.mouse.wheel(0, 500);
    const now = await position();
    if (now.end) return;
    still = now.top === last ? still + 1 : 0;
    last = now.top;
  }
}

/** Whether the element is wholly within the window, as it is on screen. */
async function wholly(locator: ReturnType<Page["locator"]>): Promise<boolean> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.height > 0 && box.top >= -1 && box.bottom <= window.innerHeight + 1;
  });
}

/** Whether the element's end is on screen: reached, even when the element is taller than the window. */
async function endInView(locator: ReturnType<Page["locator"]>): Promise<boolean> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.height > 0 && box.bottom > 0 && box.bottom <= window.innerHeight + 1;
  });
}

/**
 * Controls cut by the window's edges: every link, button and field shown must lie within the
 * window's width (the tab row excepted: it scrolls sideways by itself, with its arrows).
 */
async function cutControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return Array.from(document.querySelectorAll<HTMLElement>("a, button, input, select, textarea, summary"))
      .filter((element) => element.getClientRects().length > 0 && !element.closest('[role="tablist"], .tabs-bar'))
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && (box.left < -0.5 || box.right > width + 0.5);
      })
      .map(
        (element) =>
          `${element.tagName.toLowerCase()} "${(element.textContent || element.getAttribute("aria-label") || element.id).trim().slice(0, 30)}"`,
      );
  });
}

test("zoomed in, at 400 × 300 and 320 × 256, every tab's last item and the footer are reached by scrolling, and no control is cut, in Italian and English", async ({
  browser,
}) => {
  const tabs = {
    it: ["Aggiungi", /^Da pubblicare/, "Buone prassi", "Referenti", "Coordinamento"],
    en: ["Add", /^To publish/, "Best practices", "Contacts", "Coordination"],
  };
  for (const language of ["it", "en"] as const) {
    const { settings } = await readStorage(browser);
    await writeStorage(browser, { settings: { ...(settings as object), language } });
    for (const size of [
      { width: 400, height: 300 },
      { width: 320, height: 256 },
    ]) {
      const where = `${language} ${size.width}×${size.height}`;
      const page = await openPopup(browser);
      await page.setViewportSize(size);
      await unfoldMeeting(page);
      for (const name of tabs[language]) {
        const tab = page.getByRole("tab", { name });
        await tab.click();
        await expect.poll(() => tab.getAttribute("aria-selected")).toBe("true");
        // The panel drawn (lazily loaded views show a loading line first).
        await page.locator('[role="tabpanel"] :is(li, form, section)').first().waitFor();
        await expect.poll(() => page.locator('[role="tabpanel"] [aria-busy="true"]').count()).toBe(0);
        expect(await cutControls(page), `${where} ${name}`).toEqual([]);
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
          `${where} ${name}`,
        ).toBe(true);
        await wheelToEnd(page);
        // The panel's last item (or control), and the footer with when the data was confirmed.
        const last = page.locator('[role="tabpanel"] :is(li, button, input, textarea, select)').filter({ visible: true }).last();
        expect(await endInView(last), `${where} ${name}: the panel's end`).toBe(true);
        expect(await wholly(page.getByTestId("updated-at")), `${where} ${name}: the footer`).toBe(true);
      }
      // The practices list, to its very last practice.
      await page.getByRole("tab", { name: tabs[language][2] as string }).click();
      const practices = page.getByTestId("practice-list").locator(":scope > li");
      await practices.first().waitFor();
      await wheelToEnd(page);
      expect(await wholly(practices.last()), `${where}: the last practice`).toBe(true);
      await screenshotBothSchemes(page, `popup-zoomed-${size.width}x${size.height}-${language}`);
      expect(await seriousViolations(page), where).toEqual([]);
      await page.close();
    }
  }
  const { settings } = await readStorage(browser);
  await writeStorage(browser, { settings: { ...(settings as object), language: "it" } });
});
