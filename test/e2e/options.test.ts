import { expect } from "vitest";
import { configure, openOptions, openPopup, readStorage, screenshot, screenshotBothSchemes } from "./support/browser.ts";
import { COORDINATOR_EMAIL, test } from "./support/extension-test.ts";
import { setCellByHeader } from "./support/workbook.ts";

// The options are what these tests fill in: the extension starts with none.
test.override({ configured: false });

test("the options page saves the service and Verifica shows who I am", async ({ service, browser }) => {
  const page = await configure(browser, service.url, service.token);
  await page.getByRole("button", { name: "Verifica" }).click();
  await expect.poll(() => page.getByTestId("verify-result").textContent()).toBe("Collegato come Giulia Bianchi — Unione");
  await screenshot(page, "options");

  const stored = await readStorage(browser);
  expect(stored.settings).toMatchObject({ serviceUrl: service.url, token: service.token, language: "it", notifications: true });
  await page.close();
});

test("Calendario in abbonamento: the personal feed URL serves the meetings, Copia copies it, a new one turns the old one off", async ({ service, browser }) => {
  const page = await openOptions(browser);
  const section = page.getByRole("region", { name: "Calendario in abbonamento" });
  await section.getByRole("button", { name: "Ottieni il mio indirizzo" }).click();
  const field = section.getByLabel("Il tuo indirizzo del calendario");
  await expect.poll(() => field.inputValue()).toMatch(/\/api\/v1\/calendar\.ics\?key=cal_/);
  const first = await field.inputValue();
  expect(first.startsWith(service.url)).toBe(true);
  expect(await section.textContent()).toContain("Aggiungi calendario → Da URL");

  // What Google Calendar or Outlook would fetch: no token, just the key in the URL.
  const feed = await fetch(first);
  expect(feed.status).toBe(200);
  expect(feed.headers.get("content-type")).toMatch(/^text\/calendar/);
  expect(await feed.text()).toContain("BEGIN:VCALENDAR");

  await section.getByRole("button", { name: "Copia" }).click();
  await expect.poll(() => section.getByTestId("calendar-feed-result").textContent()).toBe("Indirizzo copiato.");
  // Read back from a web page (Chrome grants clipboard-read to web origins only, not to chrome-extension://).
  await browser.context.grantPermissions(["clipboard-read"], { origin: service.url });
  const reader = await browser.context.newPage();
  await reader.goto(`${service.url}/api/v1/health`);
  await reader.bringToFront();
  expect(await reader.evaluate(() => navigator.clipboard.readText())).toBe(first);
  await reader.close();
  await page.bringToFront();
  await screenshotBothSchemes(page, "options-calendar-feed");

  await section.getByRole("button", { name: "Crea un nuovo indirizzo" }).click();
  await expect.poll(() => field.inputValue()).not.toBe(first);
  expect((await fetch(first)).status).toBe(401);
  expect((await fetch(await field.inputValue())).status).toBe(200);
  await page.close();
});

test("Verifica explains a wrong token, a wrong address and a missing one in Italian", async ({ service, browser }) => {
  const page = await openOptions(browser);
  const url = page.getByLabel("Indirizzo del servizio");
  const token = page.getByLabel("Token personale");
  const verify = page.getByRole("button", { name: "Verifica" });
  const result = page.getByTestId("verify-result");

  await url.fill(service.url);
  await token.fill("not-a-real-token");
  await verify.click();
  await expect.poll(() => result.textContent()).toContain("Token non valido");

  // Nothing listens on port 9 (discard): a network error, not an HTTP one.
  await url.fill("http://127.0.0.1:9");
  await token.fill(service.token);
  await verify.click();
  await expect.poll(() => result.textContent()).toContain("Servizio non raggiungibile");

  await url.fill("javascript:alert(1)");
  await verify.click();
  await expect.poll(() => result.textContent()).toContain("Indirizzo non valido");
  await screenshot(page, "options-error");
  await page.close();
});

test("a saved wrong token: the popup says so and points to the settings", async ({ service, browser }) => {
  (await configure(browser, service.url, "token-sbagliato")).close();
  const popup = await openPopup(browser);
  await expect.poll(() => popup.getByTestId("sync-notice").textContent()).toContain("Il token non è valido");
  await popup.getByTestId("sync-notice").getByRole("button", { name: "Impostazioni" }).waitFor();
  await screenshot(popup, "popup-wrong-token");
  await popup.close();
});

test("a referent set to Attivo = No in the sheet is told so by Verifica", async ({ service, browser }) => {
  await setCellByHeader(service.workbook, "Referenti", { header: "Email", value: COORDINATOR_EMAIL }, "Attivo", "No");
  const page = await openOptions(browser);
  await page.getByLabel("Indirizzo del servizio").fill(service.url);
  await page.getByLabel("Token personale").fill(service.token);
  const result = page.getByTestId("verify-result");
  // The service notices the edited file within a second or two: ask again until it does.
  await expect
    .poll(
      async () => {
        await page.getByRole("button", { name: "Verifica" }).click();
        await expect.poll(() => result.textContent()).not.toBe("");
        return result.textContent();
      },
      { timeout: 20_000, interval: 500 },
    )
    .toContain("non risulti più referente attivo");
  await page.close();
});
