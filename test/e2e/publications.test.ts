import { BADGE_DAYS, romeDaysUntil } from "@rete-urp/shared";
import { expect } from "vitest";
import { openPopup, outboxKeys, screenshotBothSchemes } from "./support/browser.ts";
import { extensionTest } from "./support/extension-test.ts";
import { romeDateInDays } from "./support/italian.ts";
import { nextMeetingInWorkbook, tabRows } from "./support/workbook.ts";

const test = extensionTest();

/**
 * "Da pubblicare" for a Conselice referent, on the demo workbook: the TARI notice was due three
 * days ago (Lugo, Fusignano and Alfonsine published it, Conselice did not), the rent-support
 * call is due in ten days, and the new URP opening hours are not addressed to Conselice.
 */

const ME = "andrea.bassi@conselice.esempio.it";

test.override({
  referent: ME,
  testPage: { title: "Avviso TARI — Comune di Conselice", paragraph: "Le nuove scadenze di pagamento della TARI." },
  // As if the referent had granted the extension access to the site (Chrome's prompt cannot be
  // answered headless): then the popup may read the page's address, as activeTab allows after a
  // toolbar click.
  hostPermissions: ["http://127.0.0.1/*"],
});

/** The "Da pubblicare" month name, as Intl writes it in Italian: "entro il 3 dicembre". */
function italianDayMonth(days: number): string {
  const { iso } = romeDateInDays(days);
  const sameYear = iso.slice(0, 4) === romeDateInDays(0).iso.slice(0, 4);
  return new Intl.DateTimeFormat("it-IT", {
    day: "numeric",
    month: "long",
    ...(sameYear ? {} : { year: "numeric" }),
    timeZone: "Europe/Rome",
  }).format(new Date(`${iso}T12:00:00Z`));
}

/** The badge's days to the next meeting, as the extension counts them: none beyond two weeks. */
async function meetingBadge(workbook: string): Promise<string> {
  const days = romeDaysUntil(new Date((await nextMeetingInWorkbook(workbook)).start), new Date());
  return days > BADGE_DAYS ? "" : `${days}g`;
}

test('the overdue publication shows on the toolbar badge: orange, with a "!" after the days to the meeting', async ({
  browser,
  service,
}) => {
  const days = await meetingBadge(service.workbook);
  await expect.poll(() => browser.worker.evaluate(() => chrome.action.getBadgeText({})), { timeout: 30_000 }).toBe(`${days}!`);
  expect(await browser.worker.evaluate(() => chrome.action.getBadgeBackgroundColor({}))).toEqual([194, 65, 12, 255]);
  // The tooltip names the meeting by its days, or by its day when the badge does not count it.
  expect(await browser.worker.evaluate(() => chrome.action.getTitle({}))).toMatch(
    days
      ? new RegExp(`^Rete URP — prossima riunione: ${days} — 1 pubblicazione scaduta$`)
      : /^Rete URP — prossima riunione: .+ \d{4} — 1 pubblicazione scaduta$/,
  );
});

test("Da pubblicare lists mine, overdue first, with Italian deadlines; Pubblicato sends the page open in the browser as proof", async ({
  service,
  browser,
  site,
}) => {
  const page = await browser.context.newPage();
  await page.goto(site.url);
  const tabId = await browser.worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0]?.id, site.url);
  expect(tabId).toBeTypeOf("number");

  const popup = await openPopup(browser, `?tabId=${tabId}`);
  await expect.poll(() => popup.getByTestId("publications-count").textContent()).toBe("2 pubblicazioni (qualcuna è scaduta)");
  await popup.getByRole("tab", { name: /Da pubblicare/ }).click();
  expect(await popup.getByRole("heading", { name: "Da pubblicare sul sito del tuo comune" }).count()).toBe(1);
  const items = popup.getByTestId("publication");
  expect(await items.locator("h3").allTextContents()).toEqual([
    "Avviso TARI: nuove scadenze di pagamento",
    "Bando contributi affitto 2027",
  ]);
  const due = italianDayMonth(10);
  expect(await items.getByTestId("deadline").allTextContents()).toEqual([
    "scaduta da 3 giorni",
    /^(8|11) /.test(due) ? `entro l'${due}` : `entro il ${due}`,
  ]);
  await screenshotBothSchemes(popup, "popup-publications");

  const tari = items.first();
  await tari.getByRole("button", { name: "Pubblicato" }).click();
  // The page in front of the user, shown before confirming.
  const address = tari.getByLabel("Indirizzo della pagina pubblicata");
  expect(await address.inputValue()).toBe(site.url);
  await screenshotBothSchemes(popup, "popup-publications-confirm");
  await tari.getByRole("button", { name: "Conferma pubblicazione" }).click();
  await expect.poll(() => tari.textContent()).toContain("pubblicata");

  const outcomes = async () => (await tabRows(service.workbook, "Esiti pubblicazioni")).filter((row) => row.Ente === "Conselice");
  await expect.poll(async () => (await outcomes()).map((row) => row["Link pubblicazione"]), { timeout: 15_000 }).toEqual([site.url]);
  expect((await outcomes())[0]).toMatchObject({ Autore: "Andrea Bassi", "Email autore": ME });

  // Nothing is overdue any more: the badge is the meeting's again, in teal.
  await expect
    .poll(() => browser.worker.evaluate(() => chrome.action.getBadgeText({})), { timeout: 30_000 })
    .toBe(await meetingBadge(service.workbook));
  expect(await browser.worker.evaluate(() => chrome.action.getBadgeBackgroundColor({}))).toEqual([15, 118, 110, 255]);
  await expect.poll(() => popup.getByTestId("publications-count").textContent()).toBe("1 pubblicazione");
  await popup.close();
  await page.close();
});

test("when the page in front of the user is not a web page, Pubblicato asks for the address and refuses anything but http(s)", async ({
  service,
  browser,
}) => {
  // Opened as a tab of its own, the popup's active tab is itself: no web page to offer.
  const popup = await openPopup(browser);
  await popup.getByRole("tab", { name: /Da pubblicare/ }).click();
  const affitto = popup.getByTestId("publication").filter({ hasText: "Bando contributi affitto 2027" });
  await affitto.getByRole("button", { name: "Pubblicato" }).click();
  const address = affitto.getByLabel("Indirizzo della pagina pubblicata");
  expect(await address.inputValue()).toBe("");
  await expect
    .poll(() => popup.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.id))
    .toMatch(/^pub-url-/);
  expect(await affitto.textContent()).toContain("Incolla l'indirizzo della pagina del sito dove l'hai pubblicata.");

  await address.fill("javascript:alert(1)");
  await affitto.getByRole("button", { name: "Conferma pubblicazione" }).click();
  await expect.poll(() => affitto.textContent()).toContain("Serve l'indirizzo http:// o https:// della pagina pubblicata.");

  await service.stop();
  await address.fill("https://www.comune.conselice.ra.it/notizie/bando-affitto-2027");
  await affitto.getByRole("button", { name: "Conferma pubblicazione" }).click();
  await expect.poll(() => affitto.textContent()).toContain("in attesa di invio");
  await screenshotBothSchemes(popup, "popup-publications-offline");
  await service.restart();
  // Opening the popup sends what waits (the worker would at its next alarm).
  await popup.reload();
  await expect.poll(() => outboxKeys(browser), { timeout: 30_000 }).toEqual([]);
  await expect
    .poll(async () => (await tabRows(service.workbook, "Esiti pubblicazioni")).filter((row) => row.Ente === "Conselice").length, {
      timeout: 15_000,
    })
    .toBe(2);
  await popup.close();
});
