import { expect } from "vitest";
import { italianCompactDate, italianLongDate, italianTime, italianWhen } from "../e2e/support/italian.ts";
import { nextMeetingInWorkbook, practiceRows } from "../e2e/support/workbook.ts";
import { button, configure, field, fill, inputValue, screenshot, testIdText } from "./support/firefox.ts";
import { test } from "./support/firefox-test.ts";

/**
 * The Firefox build, for real: installed in Firefox, configured through its options page
 * against a live sheets-sync on a demo workbook, the popup showing the workbook's next meeting,
 * and a practice shared from a web page landing in the workbook once.
 */

const SERVICE_ORIGINS = { origins: ["http://127.0.0.1/*"] };

test("the options page saved the service once it accepted the token, Firefox granted its host, and the page says who I am", async ({
  service,
  firefox,
}) => {
  // The fixture filled the options and clicked Collega e salva as a user does.
  const { settings } = await firefox.evaluate(() => chrome.storage.local.get("settings"), null);
  expect(settings).toMatchObject({ serviceUrl: service.url, token: service.token, language: "browser", notifications: true });
  expect(await firefox.evaluate(() => chrome.permissions.getAll(), null)).toMatchObject(SERVICE_ORIGINS);

  // Reopened, the page shows the saved connection; connecting again says who I am.
  const page = await firefox.open("options.html");
  expect(await inputValue(await field(page, "Indirizzo del servizio"))).toBe(service.url);
  await (await button(page, "Collega e salva")).click();
  await expect
    .poll(() => testIdText(page, "connect-result"), { timeout: 15_000 })
    .toBe("Collegato come Giulia Bianchi — Unione. Impostazioni salvate.");
  await screenshot(page, "firefox-options");
  await page.close();
});

test("a wrong token is not saved: the token field says why, and the connection saved before stays", async ({ service, firefox }) => {
  const page = await firefox.open("options.html");
  await fill(await field(page, "Token personale"), "not-a-real-token");
  await (await button(page, "Collega e salva")).click();
  const tokenError = () => page.evaluate(() => document.getElementById("token-error")?.textContent ?? null);
  await expect
    .poll(tokenError, { timeout: 15_000 })
    .toBe("Token non valido: controlla di averlo copiato per intero, o chiedine uno nuovo al coordinatore.");
  expect(await testIdText(page, "connect-result")).toBe("Impostazioni non salvate: resta in uso il collegamento salvato prima.");
  const { settings } = await firefox.evaluate(() => chrome.storage.local.get("settings"), null);
  expect(settings).toMatchObject({ serviceUrl: service.url, token: service.token });
  await page.close();
});

test("the popup shows the workbook's next meeting in Italian", async ({ service, firefox }) => {
  const expected = await nextMeetingInWorkbook(service.workbook);
  const popup = await firefox.open("popup.html");
  await expect.poll(() => testIdText(popup, "meeting-date"), { timeout: 15_000 }).toBe(italianCompactDate(expected.start));
  expect(await testIdText(popup, "meeting-long-date")).toBe(italianLongDate(expected.start));
  expect(await testIdText(popup, "meeting-time")).toBe(`${italianTime(expected.start)}–${italianTime(expected.end)}`);
  expect(await testIdText(popup, "meeting-when")).toBe(italianWhen(expected));
  expect(await testIdText(popup, "me")).toBe("Giulia Bianchi — Unione");
  expect(await testIdText(popup, "updated-at")).toMatch(/^Aggiornato alle \d{2}:\d{2}$/);
  await screenshot(popup, "firefox-popup");
  await popup.close();
});

test("a practice shared from a web page, its paragraph selected, lands in the workbook exactly once", async ({
  service,
  firefox,
  site,
  testPage,
}) => {
  const page = await firefox.browser.newPage();
  await page.goto(site.url);
  const selected = await page.evaluate(() => {
    const paragraph = document.getElementById("excerpt");
    const selection = getSelection();
    if (!paragraph || !selection) return null;
    const range = document.createRange();
    range.selectNodeContents(paragraph);
    selection.removeAllRanges();
    selection.addRange(range);
    return selection.toString();
  });
  expect(selected).toBe(testPage.paragraph);

  // The popup about that tab, as when opened in a window (`?tabId=`): it reads the tab's title
  // and URL, and the selection through scripting.executeScript, with the host Collega e salva granted.
  // Found by its URL among all tabs: a query's `url` is a match pattern, and Firefox's have no port.
  const tabId = await firefox.evaluate(async (url) => (await chrome.tabs.query({})).find((tab) => tab.url === url)?.id, site.url);
  expect(tabId).toBeTypeOf("number");
  const popup = await firefox.open(`popup.html?tabId=${tabId}`);
  const title = await field(popup, "Titolo");
  await expect.poll(() => inputValue(title), { timeout: 15_000 }).toBe(testPage.title);
  expect(await inputValue(await field(popup, "Link"))).toBe(site.url);
  expect(await inputValue(await field(popup, "Estratto"))).toBe(testPage.paragraph);
  expect(await inputValue(await field(popup, "Ente"))).toBe("Unione");
  await (await field(popup, "Descrizione")).type("Meno code allo sportello.");

  // A double click is still one practice: the form's UUID is the idempotency key.
  await (await button(popup, "Salva buona prassi")).click({ count: 2 });
  await expect.poll(() => testIdText(popup, "quick-add-result"), { timeout: 15_000 }).toContain("Salvata");
  await screenshot(popup, "firefox-quick-add-saved");

  const rows = async () => (await practiceRows(service.workbook)).filter((row) => row.Titolo === testPage.title);
  await expect.poll(async () => (await rows()).length, { timeout: 15_000 }).toBe(1);
  expect((await rows())[0]).toMatchObject({
    Link: site.url,
    Estratto: testPage.paragraph,
    Descrizione: "Meno code allo sportello.",
    Ente: "Unione",
    Autore: "Giulia Bianchi",
    "Email autore": "giulia.bianchi@unione.esempio.it",
  });

  // Once nothing waits anywhere (the extension's outbox, the service's journal), the count is final.
  const outbox = async () =>
    Object.keys(await firefox.evaluate(() => chrome.storage.local.get(null), null)).filter((key) => key.startsWith("outbox:"));
  await expect.poll(outbox).toEqual([]);
  const pendingWrites = async () =>
    ((await (await fetch(`${service.url}/api/v1/health`)).json()) as { pendingWrites: number }).pendingWrites;
  await expect.poll(pendingWrites, { timeout: 15_000 }).toBe(0);
  expect(await rows()).toHaveLength(1);
  await popup.close();
  await page.close();
});

// Last, since it takes the permission away for a while: the other tests need it.
test("the host permission comes only from the click on Collega e salva: taken back, a request without a user gesture is refused", async ({
  service,
  firefox,
}) => {
  expect(await firefox.evaluate((origins) => chrome.permissions.remove(origins), SERVICE_ORIGINS)).toBe(true);
  // The doorhanger is off (support/firefox.ts), yet Firefox still wants a user gesture.
  const withoutGesture = await firefox.evaluate(
    (origins) => chrome.permissions.request(origins).then(String, (error: Error) => error.message),
    SERVICE_ORIGINS,
  );
  expect(withoutGesture).toMatch(/user input handler/);
  expect(await firefox.evaluate((origins) => chrome.permissions.contains(origins), SERVICE_ORIGINS)).toBe(false);

  await (await configure(firefox, service.url, service.token)).close();
  expect(await firefox.evaluate((origins) => chrome.permissions.contains(origins), SERVICE_ORIGINS)).toBe(true);
});
