import type { Page } from "playwright-core";
import { expect } from "vitest";
import { runCli } from "../support/sheets-sync.ts";
import {
  launchExtension,
  openOptions,
  openPopup,
  readStorage,
  screenshot,
  screenshotBothSchemes,
  showTokenFields,
  writeStorage,
} from "./support/browser.ts";
import { COORDINATOR_EMAIL, extensionTest } from "./support/extension-test.ts";
import { italianWhen } from "./support/italian.ts";
import { reopenUntil } from "./support/reopen.ts";
import { nextMeetingInWorkbook } from "./support/workbook.ts";

const test = extensionTest();

// The options are what these tests fill in: the extension starts with none. The tests run in
// order on one browser: the first one connects it, the others start from that connection.
test.override({ configured: false });

/** A field of the connection card, and what the page says about it. */
function connectionField(page: Page, label: string, id: string) {
  const input = page.getByLabel(label, { exact: true });
  return {
    input,
    /** The error shown under the field, or null when there is none. */
    error: async () => ((await page.locator(`#${id}-error`).count()) ? page.locator(`#${id}-error`).textContent() : null),
    /** Whether the field is marked invalid and described by its error, as a screen reader finds it. */
    invalid: async () =>
      (await input.getAttribute("aria-invalid")) === "true" &&
      ((await input.getAttribute("aria-describedby")) ?? "").split(" ").includes(`${id}-error`),
  };
}

function connectionCard(page: Page) {
  return {
    url: connectionField(page, "Indirizzo del servizio", "service-url"),
    token: connectionField(page, "Token personale", "token"),
    connect: page.getByRole("button", { name: "Collega e salva" }),
    result: page.getByTestId("connect-result"),
  };
}

/** The page at the popup's width, light and dark, then at its usual size again. */
async function screenshotsAt400(page: Page, name: string, schemes: "both" | "light" = "both"): Promise<void> {
  await page.setViewportSize({ width: 400, height: 900 });
  if (schemes === "both") await screenshotBothSchemes(page, name);
  else await screenshot(page, name);
  await page.setViewportSize({ width: 800, height: 900 });
}

test("Collega e salva: a wrong token saves nothing and the popup stays unconfigured; the right one says who I am, and the popup shows the meeting", async ({
  service,
  browser,
}) => {
  const page = await openOptions(browser);
  const card = connectionCard(page);
  // One action for the connection: no separate Verifica or Salva.
  expect(await page.getByRole("button", { name: /^(Verifica|Salva)$/ }).count()).toBe(0);
  // Not yet connected, the page asks for the invitation; address and token wait under a disclosure.
  await page.getByLabel("Invito", { exact: true }).waitFor();
  expect(await card.token.input.isVisible()).toBe(false);
  await showTokenFields(page);

  await card.url.input.fill(service.url);
  await card.token.input.fill("not-a-real-token");
  await card.connect.click();
  await expect
    .poll(card.token.error)
    .toBe("Token non valido: controlla di averlo copiato per intero, o chiedine uno nuovo al coordinatore.");
  expect(await card.token.invalid()).toBe(true);
  expect(await card.result.textContent()).toBe("Impostazioni non salvate.");
  expect((await readStorage(browser)).settings).toBeUndefined();

  const popup = await openPopup(browser);
  await popup.getByRole("heading", { name: "Collega Rete URP al servizio" }).waitFor();
  await popup.close();

  // Correcting the token clears its error at once, before anything is sent.
  await card.token.input.fill(service.token);
  expect(await card.token.error()).toBeNull();
  expect(await card.token.input.getAttribute("aria-invalid")).toBeNull();
  await card.connect.click();
  await expect.poll(() => card.result.textContent()).toBe("Collegato come Giulia Bianchi — Unione. Impostazioni salvate.");
  expect((await readStorage(browser)).settings).toEqual({
    serviceUrl: service.url,
    token: service.token,
    // Nothing chosen: the browser's language (Italian here).
    language: "browser",
    notifications: true,
  });
  await screenshotsAt400(page, "options");

  const expected = await nextMeetingInWorkbook(service.workbook);
  const connected = await openPopup(browser);
  await expect.poll(() => connected.getByTestId("meeting-when").textContent(), { timeout: 15_000 }).toBe(italianWhen(expected));
  expect(await connected.getByTestId("me").textContent()).toBe("Giulia Bianchi — Unione");
  await connected.close();
  await page.close();
});

test("errors are shown at their field and clear as soon as it is corrected; an unreachable service saves nothing and the saved connection stays", async ({
  service,
  browser,
}) => {
  const page = await openOptions(browser);
  const card = connectionCard(page);
  // The saved connection is shown again.
  expect(await card.url.input.inputValue()).toBe(service.url);
  expect(await card.token.input.inputValue()).toBe(service.token);

  await card.url.input.fill("");
  await card.token.input.fill("");
  await card.connect.click();
  await expect.poll(card.url.error).toBe("Inserisci l'indirizzo del servizio.");
  expect(await card.token.error()).toBe("Inserisci il tuo token personale.");
  expect(await card.url.invalid()).toBe(true);
  expect(await card.token.invalid()).toBe(true);
  expect(await card.result.textContent()).toBe("Impostazioni non salvate: resta in uso il collegamento salvato prima.");
  // The first field to correct has the focus.
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("service-url");

  // While still wrong, the error stays and says what is wrong now; once right, it goes, and only its own.
  await card.url.input.fill("javascript:alert(1)");
  expect(await card.url.error()).toBe("Indirizzo non valido: deve iniziare con https://.");
  await screenshotsAt400(page, "options-error", "light");
  await card.url.input.fill(service.url);
  expect(await card.url.error()).toBeNull();
  expect(await card.url.input.getAttribute("aria-invalid")).toBeNull();
  expect(await card.token.error()).toBe("Inserisci il tuo token personale.");
  await card.token.input.fill(service.token);
  expect(await card.token.error()).toBeNull();

  // Nothing listens on port 9 (discard): a network error, said at the address.
  await card.url.input.fill("http://127.0.0.1:9");
  await card.connect.click();
  await expect.poll(card.url.error).toBe("Servizio non raggiungibile: controlla l'indirizzo o riprova più tardi.");
  expect(await card.result.textContent()).toBe("Impostazioni non salvate: resta in uso il collegamento salvato prima.");
  expect((await readStorage(browser)).settings).toMatchObject({ serviceUrl: service.url, token: service.token });
  await page.close();
});

test("an http:// address on another machine is refused before anything is sent: neither the token nor an invitation code travels in clear", async ({
  service,
  browser,
}) => {
  const page = await openOptions(browser);
  const card = connectionCard(page);
  const sent: string[] = [];
  const record = (request: { url(): string }) => {
    if (/^https?:\/\/(10\.0\.0\.5|phish\.example)[:/]/.test(request.url())) sent.push(request.url());
  };
  browser.context.on("request", record);
  try {
    await showTokenFields(page);
    await card.url.input.fill("http://10.0.0.5:8787");
    await card.connect.click();
    await expect
      .poll(card.url.error)
      .toBe(
        "Indirizzo non sicuro: con http:// il token viaggerebbe in chiaro sulla rete. Usa l'indirizzo https:// del servizio che ti ha dato l'ufficio informatico.",
      );
    expect(await card.url.invalid()).toBe(true);
    expect(await card.result.textContent()).toBe("Impostazioni non salvate: resta in uso il collegamento salvato prima.");

    // A pasted link on http:// (a forged one, say): its code is not sent either.
    const invitation = page.getByLabel("Invito", { exact: true });
    await invitation.fill("http://phish.example/invito/Qm7vX2kR9tLw4ZpN8cYd1sHf");
    await card.connect.click();
    await expect
      .poll(() => page.locator("#invitation-error").textContent())
      .toBe(
        "Questo invito usa http://: l'invito e il token viaggerebbero in chiaro sulla rete, quindi non è stato inviato. Chiedi al coordinatore un invito con l'indirizzo https:// del servizio, quello dato dall'ufficio informatico.",
      );
    expect(sent).toEqual([]);
    expect((await readStorage(browser)).settings).toMatchObject({ serviceUrl: service.url, token: service.token });
  } finally {
    browser.context.off("request", record);
  }
  await page.close();
});

test("language and reminders are saved as soon as they change, and say so; the page is in English at once", async ({
  service,
  browser,
}) => {
  const page = await openOptions(browser);
  await page.getByLabel("Lingua").selectOption("en");
  await page.getByText("Language saved.").waitFor();
  expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Rete URP settings");
  expect((await readStorage(browser)).settings).toEqual({
    serviceUrl: service.url,
    token: service.token,
    language: "en",
    notifications: true,
  });

  await page.getByLabel("Remind me of meetings").uncheck();
  await page.getByText("Reminders off.").waitFor();
  expect((await readStorage(browser)).settings).toMatchObject({ language: "en", notifications: false });
  await page.getByLabel("Remind me of meetings").check();
  await page.getByText("Reminders on.").waitFor();
  await screenshotsAt400(page, "options-english", "light");

  // A reload shows what was saved.
  await page.reload();
  expect(await page.getByLabel("Language").inputValue()).toBe("en");
  await page.getByLabel("Language").selectOption("it");
  await page.getByText("Lingua salvata.").waitFor();
  expect((await readStorage(browser)).settings).toEqual({
    serviceUrl: service.url,
    token: service.token,
    language: "it",
    notifications: true,
  });
  await page.close();
});

test("Calendario in abbonamento: the address is shown again after a reload and copied; a new one is asked for with a confirmation, and the old one stops working", async ({
  service,
  browser,
}) => {
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

  // Reopened, the page shows the same address, without asking the service for a new one.
  await page.reload();
  await expect.poll(() => field.inputValue()).toBe(first);
  expect((await fetch(first)).status).toBe(200);

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

  // A new address is asked for, then confirmed: cancelling changes nothing.
  const renew = section.getByRole("button", { name: "Crea un nuovo indirizzo" });
  await renew.click();
  const confirm = section.getByTestId("calendar-feed-confirm");
  expect(await confirm.textContent()).toContain("smette subito di funzionare");
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("calendar-feed-confirm");
  await confirm.getByRole("button", { name: "Annulla" }).click();
  expect(await confirm.count()).toBe(0);
  expect(await field.inputValue()).toBe(first);
  expect((await fetch(first)).status).toBe(200);

  await renew.click();
  await screenshotsAt400(page, "options-calendar-feed");
  await confirm.getByRole("button", { name: "Crea e disattiva il vecchio" }).click();
  await expect.poll(() => field.inputValue()).not.toBe(first);
  const second = await field.inputValue();
  expect(await section.getByTestId("calendar-feed-result").textContent()).toContain(
    "Nuovo indirizzo pronto: quello di prima non funziona più.",
  );
  // The service refuses the old key as revoked (401), and serves the new one.
  const old = await fetch(first);
  expect(old.status).toBe(401);
  expect(await old.json()).toMatchObject({ error: { code: "unauthorized" } });
  expect((await fetch(second)).status).toBe(200);

  await page.reload();
  await expect.poll(() => field.inputValue()).toBe(second);
  await screenshotsAt400(page, "options-calendar-feed-kept", "light");
  await page.close();
});

// Last: it revokes the token, then connects again with a new one.
test("a saved token the coordinator revoked: the popup says so and points to the settings, where a new token connects again", async ({
  service,
  workspace,
  browser,
}) => {
  const store = ["--workbook", workspace.workbook, "--state-dir", workspace.stateDir];
  expect((await runCli(["token", "revoke", "--email", COORDINATOR_EMAIL, ...store])).code).toBe(0);
  const popup = await openPopup(browser);
  const notice = popup.getByTestId("sync-notice");
  // The notice in place of the views, as the next refresh finds it (access-revoked.test.ts has the rest).
  await reopenUntil(
    popup,
    async () => (await notice.count()) === 1 && ((await notice.textContent()) ?? "").startsWith("Accesso revocato"),
    "the token revoked",
  );
  await popup.getByTestId("sync-notice").getByRole("button", { name: "Impostazioni" }).waitFor();
  await screenshot(popup, "popup-wrong-token");
  await popup.close();

  const created = await runCli(["token", "create", "--email", COORDINATOR_EMAIL, ...store]);
  const token = created.stdout.trim().split("\n").at(-1) ?? "";
  const page = await openOptions(browser);
  const card = connectionCard(page);
  await card.token.input.fill(token);
  await card.connect.click();
  await expect
    .poll(() => card.result.textContent(), { timeout: 15_000 })
    .toBe("Collegato come Giulia Bianchi — Unione. Impostazioni salvate.");
  expect((await readStorage(browser)).settings).toMatchObject({ serviceUrl: service.url, token });
  await page.close();
});

test("an English browser gets the popup and the options in English with nothing chosen; Italiano chosen in the options wins", async ({
  service,
  browser,
}) => {
  // The token in use in the Italian browser (the test above replaced the first one).
  const { token } = (await readStorage(browser)).settings as { token: string };
  const english = await launchExtension({ locale: "en-US" });
  try {
    await writeStorage(english, { settings: { serviceUrl: service.url, token, language: "browser", notifications: true } });
    const popup = await openPopup(english);
    await popup.getByRole("tab", { name: "Best practices" }).waitFor();
    expect(await popup.evaluate(() => document.documentElement.lang)).toBe("en");
    await popup.close();

    const options = await openOptions(english);
    const language = options.getByLabel("Language", { exact: true });
    expect(await language.inputValue()).toBe("browser");
    expect(await language.locator("option:checked").textContent()).toBe("Browser language (English)");
    await language.selectOption("it");
    await options.getByText("Lingua salvata.").waitFor();
    expect((await readStorage(english)).settings).toMatchObject({ language: "it" });
    await options.close();

    const italian = await openPopup(english);
    await italian.getByRole("tab", { name: "Buone prassi" }).waitFor();
    expect(await italian.evaluate(() => document.documentElement.lang)).toBe("it");
    await italian.close();
  } finally {
    await english.close();
  }
});
