import { expect } from "vitest";
import { appendByHeader } from "../support/workbook-files.ts";
import {
  cachedSnapshot,
  type ExtensionBrowser,
  openPopup,
  outboxKeys,
  readStorage,
  screenshot,
  screenshotBothSchemes,
  writeStorage,
} from "./support/browser.ts";
import { extensionTest, type LiveService } from "./support/extension-test.ts";
import { romeDateInDays } from "./support/italian.ts";
import type { TestPage } from "./support/test-page.ts";
import { practiceRows } from "./support/workbook.ts";

const test = extensionTest();

const PAGE_TITLE = "Sportello unico: prenotazioni online";
/** A Lugo referent of the demo roster. */
const LUGO_REFERENT = "marco.ricci@lugo.esempio.it";
const PARAGRAPH = "I cittadini prenotano l'appuntamento allo sportello da casa, anche per SPID e carta d'identità.";

test.override({ testPage: { title: PAGE_TITLE, paragraph: PARAGRAPH } });

/**
 * "Aggiungi come buona prassi" on a selection: the test selects the paragraph on a real page,
 * then hands the popup what the context menu hands it (a draft in storage.local: the page's
 * title and URL and the selected text). Headless Chromium can neither open a context menu nor
 * answer the host-permission prompt that would let the popup read another tab by itself.
 */
async function contextMenuOnSelection(browser: ExtensionBrowser, site: TestPage): Promise<void> {
  const page = await browser.context.newPage();
  await page.goto(site.url);
  const selected = await page.evaluate(() => {
    const range = document.createRange();
    range.selectNodeContents(document.getElementById("excerpt")!);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
    return getSelection()!.toString();
  });
  // As features/context-menu.ts writes it (lib/storage.ts reads it as stored, "Trust").
  await writeStorage(browser, {
    draft: { kind: "practice", title: await page.title(), url: page.url(), excerpt: selected, createdAt: Date.now() },
  });
}

async function rowsTitled(service: LiveService, title: string) {
  return (await practiceRows(service.workbook)).filter((row) => row.Titolo === title);
}

test("quick-add from the context menu on a selected paragraph lands in the workbook exactly once", async ({ service, browser, site }) => {
  await contextMenuOnSelection(browser, site);
  const popup = await openPopup(browser, "?window=1");
  // As Chrome sizes the popup: at most 600 px tall and, when its page then scrolls, 400 px plus
  // the scrollbar wide, so the page keeps its 400 px.
  await popup.setViewportSize({ width: 415, height: 600 });
  const title = popup.getByLabel("Titolo");
  await expect.poll(() => title.inputValue()).toBe(PAGE_TITLE);
  // Opened to add: the meeting card is folded to its one line, the form is in view within the
  // popup's 600 px, and the title is focused, ready to type.
  await expect.poll(() => popup.getByTestId("meeting-summary").getAttribute("aria-expanded")).toBe("false");
  await expect.poll(() => title.evaluate((element) => element === document.activeElement)).toBe(true);
  const formTop = (await popup.locator("form").filter({ has: title }).boundingBox())!.y;
  const save = (await popup.getByRole("button", { name: "Salva buona prassi" }).boundingBox())!;
  const footer = (await popup.locator(".status-footer").boundingBox())!;
  // Within the window, above the footer that stays in view, give or take the sub-pixel a scroll
  // position is rounded to.
  expect(formTop).toBeGreaterThanOrEqual(-1);
  expect(save.y + save.height).toBeLessThanOrEqual(footer.y + 1);
  expect(await popup.getByLabel("Link").inputValue()).toBe(site.url);
  expect(await popup.getByLabel("Estratto").inputValue()).toBe(PARAGRAPH);
  // The ente defaults to mine; a suggested tag is one click away.
  expect(await popup.getByLabel("Ente").inputValue()).toBe("Unione");
  await popup.getByRole("button", { name: "sportello", exact: true }).click();
  await popup.getByRole("button", { name: "SPID", exact: true }).click();
  expect(await popup.getByLabel("Tag", { exact: true }).inputValue()).toBe("sportello, SPID");
  await popup.getByLabel("Descrizione").fill("Meno code allo sportello.");
  await screenshot(popup, "popup-quick-add");
  // The draft prefilled this form once; it does not linger for the next popup.
  expect(await readStorage(browser)).not.toHaveProperty("draft");

  const saveButton = popup.getByRole("button", { name: "Salva buona prassi" });
  // A double click is still one practice: the form's UUID is the idempotency key.
  await saveButton.dblclick();
  await expect.poll(() => popup.getByTestId("quick-add-result").textContent()).toContain("Salvata");
  await screenshot(popup, "popup-quick-add-saved");

  await expect.poll(async () => (await rowsTitled(service, PAGE_TITLE)).length, { timeout: 15_000 }).toBe(1);
  const [row] = await rowsTitled(service, PAGE_TITLE);
  expect(row).toMatchObject({
    Link: site.url,
    Estratto: PARAGRAPH,
    Descrizione: "Meno code allo sportello.",
    Ente: "Unione",
    Autore: "Giulia Bianchi",
    "Email autore": "giulia.bianchi@unione.esempio.it",
  });
  expect(row!.Tag).toMatch(/sportello,\s*SPID/);
  expect(row!.ID).toMatch(/^[0-9a-f-]{36}$/);
  expect(await outboxKeys(browser)).toEqual([]);

  // It shows up among the practices, newest first, without waiting for the alarm.
  await popup.getByRole("tab", { name: /Buone prassi/ }).click();
  await expect.poll(() => popup.locator(".list-title").first().textContent(), { timeout: 15_000 }).toBe(PAGE_TITLE);
  await popup.close();
});

test("with the service down the add waits in the outbox, and is delivered exactly once when it is back", async ({ service, browser }) => {
  const offlineTitle = "Modulo unico per l'accesso agli atti";
  await service.stop();

  const popup = await openPopup(browser);
  // The cache still shows the meeting, with a plain reason why it may be old.
  await popup.getByTestId("meeting-date").waitFor();
  await expect.poll(() => popup.getByTestId("sync-notice").textContent()).toContain("Servizio non raggiungibile");

  await popup.getByLabel("Titolo").fill(offlineTitle);
  await popup.getByLabel("Link").fill("https://www.comune.lugo.ra.it/accesso-atti");
  await popup.getByRole("button", { name: "Salva buona prassi" }).click();
  await expect.poll(() => popup.getByTestId("quick-add-result").textContent()).toContain("In attesa di invio");
  await expect.poll(() => popup.getByTestId("outbox-count").textContent()).toBe("1 in attesa di invio");
  expect(await outboxKeys(browser)).toHaveLength(1);
  await screenshot(popup, "popup-offline");
  // Not sent yet, and already found among the practices, marked so.
  await popup.getByRole("tab", { name: /Buone prassi/ }).click();
  await popup.getByLabel("Cerca tra le buone prassi").fill("accesso atti");
  await expect.poll(() => popup.locator(".practice-pending .list-title").allTextContents()).toEqual([offlineTitle]);
  expect(await popup.locator(".practice-pending").textContent()).toContain("in attesa di invio");
  await screenshotBothSchemes(popup, "popup-practices-pending");
  await popup.close();

  // Opening the popup again while the service is down keeps it waiting: still one, never lost.
  const again = await openPopup(browser);
  await expect.poll(() => again.getByTestId("outbox-count").textContent()).toBe("1 in attesa di invio");
  await again.close();
  expect(await rowsTitled(service, offlineTitle)).toHaveLength(0);

  await service.restart();
  const back = await openPopup(browser);
  await expect.poll(() => outboxKeys(browser), { timeout: 30_000 }).toEqual([]);
  await expect.poll(() => back.getByTestId("outbox-count").count()).toBe(0);
  await expect.poll(async () => (await rowsTitled(service, offlineTitle)).length, { timeout: 15_000 }).toBe(1);
  await expect.poll(() => back.getByTestId("sync-notice").count()).toBe(0);

  // And it stays once: another flush (popup opening) does not add a second row.
  await (await openPopup(browser)).close();
  await expect.poll(async () => (await rowsTitled(service, offlineTitle)).length).toBe(1);
  await back.close();
});

test("quick-add on a page already shared says who shared it and when, and still lets me add it", async ({ service, browser, site }) => {
  // Lugo shared this page ten days ago; I am on the same page, reached from a newsletter link.
  const shared = romeDateInDays(-10);
  await appendByHeader(service.workbook, "Buone prassi", {
    ID: "6f0c8a8e-3c59-4a53-9d1e-4f6a1c2b7d10",
    Data: shared.text,
    Titolo: "Prenotazioni online allo sportello unico",
    Link: site.url,
    // Shared by a Lugo referent, about a practice that comes from Conselice.
    Ente: "Conselice",
    Autore: "Marco Ricci",
    "Email autore": LUGO_REFERENT,
  });
  const fromNewsletter = `${site.url}?utm_source=newsletter&utm_medium=email#prenota`;
  // Until the service has re-read the file the cache does not know Lugo's practice: each
  // opening of the popup revalidates it.
  const cachedTitles = async () =>
    ((await cachedSnapshot(browser))?.snapshot.practices as { title: string }[] | undefined)?.map((p) => p.title) ?? [];
  const warmUp = await openPopup(browser);
  await expect
    .poll(
      async () => {
        const titles = await cachedTitles();
        if (!titles.includes("Prenotazioni online allo sportello unico")) {
          await warmUp.reload();
          await warmUp.getByTestId("updated-at").waitFor();
        }
        return titles;
      },
      { timeout: 30_000, interval: 500 },
    )
    .toContain("Prenotazioni online allo sportello unico");
  await warmUp.close();

  await writeStorage(browser, { draft: { kind: "practice", title: PAGE_TITLE, url: fromNewsletter, excerpt: "", createdAt: Date.now() } });
  const popup = await openPopup(browser, "?window=1");
  const sharedOn = new Intl.DateTimeFormat("it-IT", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Rome" }).format(
    new Date(`${shared.iso}T12:00:00Z`),
  );
  // The oldest sharing wins (the first test shared this page today, as Unione), named by the
  // person who shared it and the ente they work for.
  await expect
    .poll(() => popup.getByTestId("duplicate-notice").textContent())
    .toBe(`Già segnalata da Marco Ricci (Lugo) il ${sharedOn}: “Prenotazioni online allo sportello unico”. Puoi aggiungerla comunque.`);
  expect(await popup.getByLabel("Link").getAttribute("aria-describedby")).toContain("qa-url-duplicate");
  await screenshotBothSchemes(popup, "popup-quick-add-duplicate");

  // Still allowed: a second practice for the same page.
  await popup.getByRole("button", { name: "Salva buona prassi" }).click();
  await expect.poll(() => popup.getByTestId("quick-add-result").textContent()).toContain("Salvata");
  await expect
    .poll(async () => (await practiceRows(service.workbook)).filter((row) => row.Link === fromNewsletter).length, { timeout: 15_000 })
    .toBe(1);
  await popup.close();
});

test('Ente "Nessuno" saves the practice with no ente, not the author\'s', async ({ service, browser }) => {
  const popup = await openPopup(browser, "?window=1");
  await popup.getByRole("tab", { name: /Aggiungi/ }).click();
  const title = "Guida regionale ai servizi online";
  await popup.getByLabel("Titolo").fill(title);
  await popup.getByLabel("Ente").selectOption({ label: "Nessuno" });
  await popup.getByRole("button", { name: "Salva buona prassi" }).click();
  await expect.poll(() => popup.getByTestId("quick-add-result").textContent()).toContain("Salvata");
  await expect.poll(async () => (await rowsTitled(service, title)).length, { timeout: 15_000 }).toBe(1);
  const [row] = await rowsTitled(service, title);
  expect(row?.Ente ?? "").toBe("");
  expect(row).toMatchObject({ Autore: "Giulia Bianchi" });
  await popup.close();
});
