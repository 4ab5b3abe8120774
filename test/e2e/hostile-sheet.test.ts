import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { demoWorkspace } from "../support/sheets-sync.ts";
import { appendByHeader } from "../support/workbook-files.ts";
import { type ExtensionBrowser, openPopup, screenshot, unfoldMeeting } from "./support/browser.ts";
import { COORDINATOR_EMAIL, extensionTest, type LiveService } from "./support/extension-test.ts";
import { romeDateInDays } from "./support/italian.ts";
import { nextMeetingInWorkbook, setCellByHeader } from "./support/workbook.ts";

const test = extensionTest();

/**
 * Issue 5.4: anyone with edit rights on the sheet can type anything into it. A workbook full of
 * markup, script URLs, 10 000-character words and bidi overrides, in every tab the popup shows,
 * must render as inert text: nothing runs, nothing is fetched, no hostile link is clickable, and
 * the popup keeps its 400 px.
 */

const SCRIPT = `<script>window.__pwned=1;alert("script")</script>`;
const IMG = `<img src=x onerror="window.__pwned=1;alert('img')">`;
const JS_URL = "javascript:window.__pwned=1;alert('js')";
const DATA_URL = "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+";
const LONG = "Sportello".repeat(1_112).slice(0, 10_000);
// U+202E RIGHT-TO-LEFT OVERRIDE: "Modulo‮fdp.exe" would read "Moduloexe.pdf".
const RTL = "Modulo\u202Efdp.exe";

/** The demo workbook with hostile text typed into every tab the popup shows. */
test.override("workspace", async ({ referent }) => {
  const workspace = await demoWorkspace(referent);
  const book = workspace.workbook;
  const today = romeDateInDays(0).text;
  const next = await nextMeetingInWorkbook(book);

  // The next meeting, edited by hand.
  const match = { header: "ID", value: next.id };
  await setCellByHeader(book, "Riunioni", match, "Luogo", `${IMG} ${LONG}`);
  await setCellByHeader(book, "Riunioni", match, "Videoconferenza", JS_URL);
  await setCellByHeader(book, "Riunioni", match, "Ordine del giorno", DATA_URL);
  await setCellByHeader(book, "Riunioni", match, "Note", `${RTL} ${SCRIPT}`);
  // An urgent meeting after it (so the card keeps the hostile ordinary one): the red banner
  // shows every upcoming urgent meeting, with its place.
  const after = Math.round((Date.parse(next.start) - Date.now()) / 86_400_000) + 3;
  await appendByHeader(book, "Riunioni", {
    ID: randomUUID(),
    Data: romeDateInDays(after).text,
    Inizio: "15:00",
    Fine: "16:00",
    Tipo: "Urgente",
    Stato: "Confermata",
    Luogo: `${SCRIPT}${LONG}`,
    Videoconferenza: DATA_URL,
  });

  for (const [title, url, description, excerpt] of [
    [SCRIPT, JS_URL, IMG, SCRIPT],
    [IMG, DATA_URL, LONG, LONG],
    [LONG, `https://www.comune.lugo.ra.it/${"x".repeat(3_000)}`, RTL, ""],
    [RTL, "vbscript:msgbox(1)", "", ""],
  ]) {
    await appendByHeader(book, "Buone prassi", {
      ID: randomUUID(),
      Data: today,
      Titolo: title,
      Descrizione: description,
      Link: url,
      Estratto: excerpt,
      Tag: `<b>tag</b>, ${LONG.slice(0, 300)}`,
      Ente: "Lugo",
      Autore: IMG,
    });
  }

  await appendByHeader(book, "Referenti", {
    ID: randomUUID(),
    Nome: SCRIPT,
    Cognome: LONG,
    Ente: "Lugo",
    Ruolo: "Referente",
    Email: "ostile@lugo.esempio.it",
    Telefono: JS_URL,
    Note: IMG,
  });
  await appendByHeader(book, "Referenti", {
    ID: randomUUID(),
    Nome: RTL,
    Cognome: IMG,
    Ente: "Lugo",
    Ruolo: "Operatore URP",
    Email: `javascript:alert(1)//@lugo.esempio.it`,
    Telefono: "0545 38999",
  });

  await appendByHeader(book, "Presenze", {
    ID: randomUUID(),
    Riunione: next.id,
    Email: "ostile@lugo.esempio.it",
    Nome: `${IMG}${LONG}`,
    Ente: "Lugo",
    Risposta: "Delego",
    Delegato: `${SCRIPT}${RTL}`,
    Aggiornato: "2026-01-01 09:00",
  });
  await appendByHeader(book, "Proposte", {
    ID: randomUUID(),
    Riunione: next.id,
    Data: today,
    Titolo: `${SCRIPT}${LONG}`,
    Link: JS_URL,
    Ente: "Lugo",
    Autore: IMG,
    Stato: "Accettata",
  });
  await appendByHeader(book, "Pubblicazioni", {
    ID: randomUUID(),
    Titolo: `${IMG}${LONG}`,
    "Link fonte": DATA_URL,
    Scadenza: romeDateInDays(-2).text,
    Enti: "Unione",
    Note: `${RTL} ${SCRIPT}`,
  });

  return workspace;
});

/** The popup's own files, the service's API, and nothing else. */
function unexpected(url: string, service: LiveService, browser: ExtensionBrowser): boolean {
  if (url.startsWith(`${service.url}/api/v1/`)) return false;
  const own = `chrome-extension://${browser.extensionId}/`;
  if (!url.startsWith(own)) return true;
  return !/^(popup\.html(\?.*)?|[\w.-]+\.(js|css|png)|_locales\/\w+\/messages\.json)$/.test(url.slice(own.length));
}

async function assertInert(page: Page, view: string) {
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned), `window.__pwned in ${view}`).toBeUndefined();
  // Every link is http(s), mailto or tel; anything else is text.
  const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
  expect(
    hrefs.filter((href) => !/^(https?:\/\/|mailto:[^:]+@|tel:\+?\d+$)/.test(href)),
    `hostile links in ${view}`,
  ).toEqual([]);
  // No markup from the sheet became elements.
  expect(
    await page.locator("#__plasmo :is(script, img, iframe, object, embed, svg image)").count(),
    `elements from the sheet in ${view}`,
  ).toBe(0);
  // The popup keeps its width: long words wrap, nothing scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `scrollWidth in ${view}`).toBeLessThanOrEqual(400);
  // The popup scrolls only down (docs/extension.md, "Accessibility": it reflows in any window).
  const main = await page.locator(".popup-main").evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth }));
  expect(main.scroll, `horizontal overflow of the main area in ${view}`).toBeLessThanOrEqual(main.client);
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
    `the document scrolls sideways in ${view}`,
  ).toBe(true);
  // Bidi overrides are dropped: the text reads in the order it was typed.
  expect(
    // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered is what a reader sees, which is the point here.
    await page.evaluate(() => /[\u202A-\u202E\u2066-\u2069]/.test(document.body.innerText)),
    `bidi controls in ${view}`,
  ).toBe(false);
}

test("a hostile sheet renders as inert text in every popup view, and the popup keeps its 400 px", async ({ service, browser }) => {
  const dialogs: string[] = [];
  const requests: string[] = [];
  browser.context.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  browser.context.on("request", (request) => {
    if (unexpected(request.url(), service, browser)) requests.push(request.url());
  });

  const page = await openPopup(browser);
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  // The hostile urgent meeting: on the card when it is the next one, else in the banner.
  await page.locator('.meeting-urgent, [data-testid="urgent-banner"]').first().waitFor();
  await expect.poll(() => page.getByTestId("publications-count").textContent()).toMatch(/^2/);

  // The meeting card: place, links, notes, my attendance, who is coming, the proposals.
  await unfoldMeeting(page);
  await page.getByTestId("who-is-coming").locator("summary").click();
  await page.getByTestId("agenda-proposals").locator("summary").click();
  expect(await page.getByText(JS_URL).count()).toBeGreaterThan(0);
  expect(await page.getByText("Modulofdp.exe").count()).toBeGreaterThan(0);
  await assertInert(page, "meeting");
  await screenshot(page, "popup-hostile-meeting");

  await page.getByRole("tab", { name: /Da pubblicare/ }).click();
  await page.getByTestId("publication").first().waitFor();
  await assertInert(page, "publications");
  await screenshot(page, "popup-hostile-publications");

  await page.getByRole("tab", { name: "Buone prassi" }).click();
  await page.getByTestId("practice-list").waitFor();
  await expect.poll(() => page.getByTestId("practice-list").locator("li.practice").count()).toBe(9);
  expect(await page.getByText(SCRIPT, { exact: true }).count()).toBeGreaterThan(0);
  // The 10 000-character title wraps inside the list and is cut after four lines.
  const longTitle = page
    .locator(".list-title")
    .filter({ hasText: LONG.slice(0, 100) })
    .first();
  const box = await longTitle.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(400);
  expect(box!.height).toBeLessThan(120);
  await assertInert(page, "practices");
  await screenshot(page, "popup-hostile-practices");

  await page.getByRole("tab", { name: "Referenti" }).click();
  await page.getByLabel("Cerca un collega").fill("lugo");
  await assertInert(page, "roster");
  // The javascript: phone and the script-ish email are plain text, not tel:/mailto: links.
  expect(await page.getByText(JS_URL).count()).toBeGreaterThan(0);
  expect(await page.locator('a[href^="mailto:javascript"]').count()).toBe(0);
  await screenshot(page, "popup-hostile-roster");

  // The coordinator's view: the hostile names in the answers and on the roster, the hostile
  // title among the overdue publications, every problem of the sheet.
  await page.getByRole("tab", { name: "Coordinamento" }).click();
  await page.getByTestId("coordination-access").waitFor({ timeout: 15_000 });
  expect(await page.getByTestId("coordination-publications").getByText(LONG.slice(0, 100)).count()).toBeGreaterThan(0);
  // Lugo's line names the 10 000-character referent among those missing: cut after three lines.
  const lugo = page.getByTestId("coordination-answers-ente").filter({ hasText: "Lugo" });
  expect((await lugo.boundingBox())!.height).toBeLessThan(100);
  await assertInert(page, "coordination");
  await screenshot(page, "popup-hostile-coordination");

  expect(dialogs).toEqual([]);
  expect(requests).toEqual([]);
  // Still me, still working: the hostile rows did not break the snapshot.
  expect(await page.getByTestId("me").textContent()).toBe("Giulia Bianchi — Unione");
  expect(COORDINATOR_EMAIL).toContain("giulia");
  await page.close();
});
