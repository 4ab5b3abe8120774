import type { Page } from "playwright-core";
import { expect } from "vitest";
import { openPopup, outboxKeys, readStorage, screenshotBothSchemes, unfoldMeeting, writeStorage } from "./support/browser.ts";
import { COORDINATOR_EMAIL, extensionTest, type LiveService } from "./support/extension-test.ts";
import { nextMeetingInWorkbook, tabRows } from "./support/workbook.ts";

const test = extensionTest();

/**
 * The next meeting's jobs in the popup: my attendance (Partecipo / Non partecipo / Delego a…),
 * who is coming by ente, and the agenda proposals, written through the outbox to the live
 * service and checked in the workbook file, as the coordinator would see them.
 */

test.override({ testPage: { title: "Orari estivi degli sportelli", paragraph: "Dal 15 giugno gli sportelli chiudono alle 13." } });

/** My rows in Presenze: there must only ever be one per meeting. */
async function myAnswers(service: LiveService) {
  return (await tabRows(service.workbook, "Presenze")).filter((row) => row.Email?.toLowerCase() === COORDINATOR_EMAIL);
}

async function pressed(page: Page): Promise<string[]> {
  return page.getByTestId("attendance").locator('button[aria-pressed="true"]').allTextContents();
}

test("the popup shows my answer and who is coming by ente; changing it updates my one row in Presenze", async ({
  service,
  browser,
  popup: page,
}) => {
  await expect.poll(() => pressed(page)).toEqual(["Partecipo"]);
  expect(await page.getByTestId("attendance-status").textContent()).toBe("La tua risposta: Partecipo");

  // Who is coming: Giulia (Unione), Marco Ricci (Lugo), Matteo Cortesi for Francesca Randi (Bagnacavallo); Chiara Zauli not.
  const coming = page.getByTestId("who-is-coming");
  expect(await coming.locator("summary").textContent()).toBe("Partecipano 3 persone da 3 enti; 1 non partecipa");
  await coming.locator("summary").click();
  expect(await coming.getByTestId("coming-ente").allTextContents()).toEqual([
    "Unione 1 Giulia Bianchi",
    "Bagnacavallo 1 Matteo Cortesi (per Francesca Randi)",
    "Lugo 1 Marco Ricci",
  ]);
  expect(await coming.textContent()).toContain("Non partecipano: Chiara Zauli (Cotignola)");
  await screenshotBothSchemes(page, "popup-attendance");

  await page.getByRole("button", { name: "Non partecipo" }).click();
  await expect.poll(() => pressed(page)).toEqual(["Non partecipo"]);
  await expect.poll(async () => (await myAnswers(service)).map((row) => row.Risposta), { timeout: 15_000 }).toEqual(["Non partecipo"]);

  await page.getByRole("button", { name: "Delego a…" }).click();
  // Opened, not chosen: "Non partecipo" is still the answer the service has.
  expect(await pressed(page)).toEqual(["Non partecipo"]);
  // An empty name is refused in the popup, before anything is sent.
  await page.getByRole("button", { name: "Invia delega" }).click();
  await expect.poll(() => page.getByText("Scrivi il nome della persona a cui deleghi.", { exact: true }).count()).toBe(1);
  await page.getByLabel("Nome della persona delegata").fill("Paolo Gardini");
  await screenshotBothSchemes(page, "popup-attendance-delegate");
  await page.getByRole("button", { name: "Invia delega" }).click();
  await expect.poll(() => page.getByTestId("attendance-status").textContent()).toBe("La tua risposta: deleghi Paolo Gardini");
  await expect.poll(() => pressed(page)).toEqual(["Delego a…"]);
  await expect
    .poll(async () => (await myAnswers(service)).map((row) => [row.Risposta, row.Delegato]), { timeout: 15_000 })
    .toEqual([["Delego", "Paolo Gardini"]]);
  // Reopened, the popup shows the answer the service now has.
  await page.reload();
  await expect.poll(() => page.getByTestId("attendance-status").textContent()).toBe("La tua risposta: deleghi Paolo Gardini");
  expect(await outboxKeys(browser)).toEqual([]);
});

test("with the service down only my latest answer waits, and it lands once the service is back", async ({ service, browser }) => {
  await service.stop();
  const page = await openPopup(browser);
  await expect.poll(() => page.getByTestId("sync-notice").textContent()).toContain("Servizio non raggiungibile");
  await unfoldMeeting(page);
  await page.getByRole("button", { name: "Non partecipo" }).click();
  await expect.poll(() => page.getByTestId("attendance-status").textContent()).toBe("La tua risposta: Non partecipoin attesa di invio");
  await page.getByRole("button", { name: "Partecipo", exact: true }).click();
  await expect.poll(() => page.getByTestId("attendance-status").textContent()).toBe("La tua risposta: Partecipoin attesa di invio");
  // Not sent yet: marked as waiting, not shown as chosen.
  expect(await pressed(page)).toEqual([]);
  expect(await page.getByTestId("attendance").locator("button.segment-pending").allTextContents()).toEqual(["Partecipo"]);
  // One outbox item for the meeting, holding the latest answer.
  const meeting = await nextMeetingInWorkbook(service.workbook);
  await expect.poll(() => outboxKeys(browser)).toEqual([`outbox:attendance:${meeting.id}`]);
  expect((await readStorage(browser))[`outbox:attendance:${meeting.id}`]).toMatchObject({ kind: "attendance", input: { answer: "yes" } });
  await expect.poll(() => page.getByTestId("outbox-count").textContent()).toBe("1 in attesa di invio");
  await screenshotBothSchemes(page, "popup-attendance-offline");
  await page.close();

  await service.restart();
  const back = await openPopup(browser);
  await expect.poll(() => outboxKeys(browser), { timeout: 30_000 }).toEqual([]);
  await expect
    .poll(async () => (await myAnswers(service)).map((row) => [row.Risposta, row.Delegato]), { timeout: 15_000 })
    .toEqual([["Partecipo", ""]]);
  await expect.poll(() => back.getByTestId("attendance-status").textContent()).toBe("La tua risposta: Partecipo");
  // Delivered: now it shows as chosen.
  await unfoldMeeting(back);
  await expect.poll(() => pressed(back)).toEqual(["Partecipo"]);
  await back.close();
});

test("the next meeting's agenda proposals are listed with the accepted one marked; a new one lands once", async ({
  service,
  popup: page,
}) => {
  const proposals = page.getByTestId("agenda-proposals");
  await expect.poll(() => proposals.locator("summary").textContent()).toBe("Proposte per l'ordine del giorno: 2 · accettate: 1");
  await proposals.locator("summary").click();
  const items = proposals.getByTestId("proposal");
  expect(await items.allTextContents()).toEqual([
    "Calendario unico degli sportelli estiviaccettataLugo · Marco Ricci",
    "Linee guida per i post sui social in caso di allerta meteoConselice · Andrea Bassi",
  ]);
  expect(await items.first().getByRole("link").getAttribute("href")).toBe("https://www.labassaromagna.it/sportelli");
  await screenshotBothSchemes(page, "popup-proposals");

  await proposals.getByRole("button", { name: "Proponi un punto all'ordine del giorno" }).click();
  // The form opens on the Aggiungi tab, on the agenda item, focused.
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("pf-title");
  expect(await page.getByRole("radio", { name: "Punto all'ordine del giorno" }).isChecked()).toBe(true);
  await page.getByLabel("Argomento").fill("Modulo unico per le richieste di accesso agli atti");
  await page.getByLabel("Descrizione").fill("Proposta di adottarlo in tutti i comuni.");
  await screenshotBothSchemes(page, "popup-proposal-form");
  // A double click is one proposal: the form's UUID is the idempotency key.
  await page.getByRole("button", { name: "Proponi", exact: true }).dblclick();
  await expect.poll(() => page.getByTestId("proposal-result").textContent()).toContain("Salvata");

  const rows = async () =>
    (await tabRows(service.workbook, "Proposte")).filter((row) => row.Titolo === "Modulo unico per le richieste di accesso agli atti");
  await expect.poll(async () => (await rows()).length, { timeout: 15_000 }).toBe(1);
  const meeting = await nextMeetingInWorkbook(service.workbook);
  expect((await rows())[0]).toMatchObject({
    Riunione: meeting.id,
    Ente: "Unione",
    Autore: "Giulia Bianchi",
    Descrizione: "Proposta di adottarlo in tutti i comuni.",
  });
  // And it shows among the meeting's proposals.
  await expect
    .poll(() => proposals.locator("summary").textContent(), { timeout: 15_000 })
    .toBe("Proposte per l'ordine del giorno: 3 · accettate: 1");
});

test('"Proponi all\'ordine del giorno" from the context menu prefills the proposal with the page and the selection', async ({
  service,
  browser,
  site,
}) => {
  const tab = await browser.context.newPage();
  await tab.goto(site.url);
  // What the context menu hands the popup (headless Chromium cannot open a context menu).
  await writeStorage(browser, {
    draft: {
      kind: "proposal",
      title: await tab.title(),
      url: tab.url(),
      excerpt: "Dal 15 giugno gli sportelli chiudono alle 13.",
      createdAt: Date.now(),
    },
  });
  const popup = await openPopup(browser, "?window=1");
  await expect.poll(() => popup.getByLabel("Argomento").inputValue()).toBe("Orari estivi degli sportelli");
  expect(await popup.getByRole("radio", { name: "Punto all'ordine del giorno" }).isChecked()).toBe(true);
  expect(await popup.getByLabel("Link").inputValue()).toBe(site.url);
  expect(await popup.getByLabel("Estratto").inputValue()).toBe("Dal 15 giugno gli sportelli chiudono alle 13.");
  await popup.getByRole("button", { name: "Proponi", exact: true }).click();
  await expect.poll(() => popup.getByTestId("proposal-result").textContent()).toContain("Salvata");
  await expect
    .poll(async () => (await tabRows(service.workbook, "Proposte")).filter((row) => row.Link === site.url).map((row) => row.Estratto), {
      timeout: 15_000,
    })
    .toEqual(["Dal 15 giugno gli sportelli chiudono alle 13."]);
  await popup.close();
  await tab.close();
});
