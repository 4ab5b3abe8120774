import type { Page } from "playwright-core";
import { expect } from "vitest";
import { openOptions, openPopup, readStorage, screenshot, screenshotBothSchemes } from "./support/browser.ts";
import { extensionTest } from "./support/extension-test.ts";
import { createInvitation } from "./support/invitations.ts";
import { italianWhen } from "./support/italian.ts";
import { nextMeetingInWorkbook, setCellByHeader } from "./support/workbook.ts";

const test = extensionTest();

/**
 * The options page's "Invito" against the real service: invitations made with
 * `sheets-sync invite create`, pasted as a referent pastes them, redeemed by
 * POST /api/v1/invitations/redeem. The tests run in order on one browser, which starts with no
 * connection: the first connects it.
 */
test.override({ configured: false });

const MARCO = "marco.ricci@lugo.esempio.it";
const SARA = "sara.folli@lugo.esempio.it";
const LUCA = "luca.tampieri@lugo.esempio.it";
const KEPT = "Impostazioni non salvate: resta in uso il collegamento salvato prima.";

function invitationCard(page: Page) {
  const input = page.getByLabel("Invito", { exact: true });
  return {
    input,
    error: async () => ((await page.locator("#invitation-error").count()) ? page.locator("#invitation-error").textContent() : null),
    invalid: async () =>
      (await input.getAttribute("aria-invalid")) === "true" &&
      ((await input.getAttribute("aria-describedby")) ?? "").split(" ").includes("invitation-error"),
    connect: page.getByRole("button", { name: "Collega e salva" }),
    result: page.getByTestId("connect-result"),
  };
}

test("the link of an invitation, pasted, connects the browser: address and token saved, who I am said, the popup shows the network's data", async ({
  service,
  browser,
}) => {
  const invitation = await createInvitation(service, MARCO);
  const page = await openOptions(browser);
  const card = invitationCard(page);
  // Not connected yet: the invitation is the one field in sight.
  await card.input.waitFor();
  expect(await page.getByLabel("Token personale").isVisible()).toBe(false);
  expect(await page.getByLabel("Indirizzo del servizio").isVisible()).toBe(false);

  // Pressed with nothing pasted: said at the field.
  await card.connect.click();
  await expect.poll(card.error).toBe("Incolla l'invito che ti ha mandato il coordinatore.");
  expect(await card.invalid()).toBe(true);
  expect(await card.result.textContent()).toBe("Impostazioni non salvate.");

  // As a mail client pastes it, with angle brackets.
  await card.input.fill(` <${invitation.link}> `);
  expect(await card.error()).toBeNull();
  await screenshot(page, "options-invitation");
  await card.connect.click();
  await expect.poll(() => card.result.textContent(), { timeout: 15_000 }).toBe("Collegato come Marco Ricci — Lugo. Impostazioni salvate.");
  expect(await card.input.inputValue()).toBe("");
  const { settings } = await readStorage(browser);
  expect(settings).toMatchObject({ serviceUrl: service.url, language: "browser", notifications: true });
  const token = (settings as { token: string }).token;
  expect(token).toMatch(/^urp_/);
  // The token is Marco's: the service says so.
  const snapshot = await fetch(`${service.url}/api/v1/snapshot`, { headers: { Authorization: `Bearer ${token}` } });
  expect(((await snapshot.json()) as { me: { email: string } }).me.email).toBe(MARCO);

  const expected = await nextMeetingInWorkbook(service.workbook);
  const popup = await openPopup(browser);
  await expect.poll(() => popup.getByTestId("meeting-when").textContent(), { timeout: 15_000 }).toBe(italianWhen(expected));
  expect(await popup.getByTestId("me").textContent()).toBe("Marco Ricci — Lugo");
  await popup.close();

  // The same link again: used, said at the field; the connection it made stays.
  await card.input.fill(invitation.link);
  await card.connect.click();
  await expect
    .poll(card.error, { timeout: 15_000 })
    .toBe("Questo invito è già stato usato (vale una volta sola): se non sei stato tu, avvisa il coordinatore e chiedigliene uno nuovo.");
  expect(await card.invalid()).toBe(true);
  expect(await card.result.textContent()).toBe(KEPT);
  expect((await readStorage(browser)).settings).toEqual(settings);
  await page.setViewportSize({ width: 400, height: 900 });
  await screenshotBothSchemes(page, "options-invitation-used");
  await page.close();
});

test("an invitation replaced by a newer one, an unknown code, and what is not an invitation are each said at the field, and save nothing", async ({
  service,
  browser,
}) => {
  const before = (await readStorage(browser)).settings;
  const older = await createInvitation(service, SARA);
  await createInvitation(service, SARA);
  const page = await openOptions(browser);
  const card = invitationCard(page);

  await card.input.fill(older.link);
  await card.connect.click();
  await expect
    .poll(card.error, { timeout: 15_000 })
    .toBe(
      "Questo invito è stato annullato, forse perché te ne è arrivato uno più recente: usa l'ultimo ricevuto o chiedine uno nuovo al coordinatore.",
    );

  // Well formed, but never made by the service.
  await card.input.fill(`${service.url}/invito/AAAAAAAAAAAAAAAAAAAAAAAA`);
  await card.connect.click();
  await expect
    .poll(card.error, { timeout: 15_000 })
    .toBe("Invito non riconosciuto: controlla di averlo copiato per intero, o chiedine uno nuovo al coordinatore.");

  // Not an invitation at all: nothing is sent.
  await card.input.fill(`${service.url}/api/v1/health`);
  await card.connect.click();
  await expect
    .poll(card.error)
    .toBe("Questo non è un invito: incolla il link che ti ha mandato il coordinatore, quello che contiene /invito/.");
  expect(await card.result.textContent()).toBe(KEPT);
  expect((await readStorage(browser)).settings).toEqual(before);
  await page.close();
});

test("the code alone works when the address is known; a referent deactivated after being invited is told their access was removed", async ({
  service,
  browser,
}) => {
  const page = await openOptions(browser);
  const card = invitationCard(page);
  // Connected: the address in use is under "Ho già un token personale", open; the bare code takes it.
  expect(await page.getByLabel("Indirizzo del servizio").inputValue()).toBe(service.url);
  const sara = await createInvitation(service, SARA);
  await card.input.fill(sara.code);
  await card.connect.click();
  await expect.poll(() => card.result.textContent(), { timeout: 15_000 }).toBe("Collegato come Sara Folli — Lugo. Impostazioni salvate.");
  const saved = (await readStorage(browser)).settings;
  expect(saved).toMatchObject({ serviceUrl: service.url });

  // Invited, then set to Attivo = No before pasting the invitation: the service refuses it (403).
  const luca = await createInvitation(service, LUCA);
  await setCellByHeader(service.workbook, "Referenti", { header: "Email", value: LUCA }, "Attivo", "No");
  // Once the service has re-read the sheet, Luca is no longer in the roster it serves.
  await expect
    .poll(
      async () => {
        const roster = await fetch(`${service.url}/api/v1/roster`, { headers: { Authorization: `Bearer ${service.token}` } });
        return ((await roster.json()) as { roster: { email: string }[] }).roster.some((person) => person.email === LUCA);
      },
      { timeout: 15_000 },
    )
    .toBe(false);
  await card.input.fill(luca.link);
  await card.connect.click();
  await expect
    .poll(() => card.result.textContent(), { timeout: 15_000 })
    .toBe(`Il tuo accesso alla rete URP è stato disattivato dal coordinatore: scrivigli per riattivarlo. ${KEPT}`);
  expect(await card.error()).toBeNull();
  expect((await readStorage(browser)).settings).toEqual(saved);
  await page.close();
});
