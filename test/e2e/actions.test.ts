import { basename } from "node:path";
import { expect } from "vitest";
import { TokenStore } from "../../sheets-sync/src/access/tokens.ts";
import { seriousViolations } from "./support/axe.ts";
import { configure, openPopup, outboxKeys, screenshotBothSchemes } from "./support/browser.ts";
import { COORDINATOR_EMAIL, extensionTest } from "./support/extension-test.ts";
import { tabRows } from "./support/workbook.ts";

/**
 * What a meeting decided, on the demo workbook: the last held meeting left three actions, one
 * for every ente five days late, one for Lugo and Fusignano due in a week, one of Conselice's
 * already done. A Lugo referent finds the minutes of the last meeting from the card, sees "Da
 * fare per Lugo" beside the publications, and marks an action done while the service is down
 * (it waits in the outbox, then lands in the coordinator's row). The coordinator then sees the
 * open actions by ente, the late one with how late, and where its row is.
 */

const ME = "sara.folli@lugo.esempio.it";
const EVERY_ENTE = "Inviare all'Unione gli orari estivi degli sportelli";
const LUGO_FUSIGNANO = "Aggiornare la pagina URP con il nuovo modulo di segnalazione";

const test = extensionTest();
test.override({ referent: ME });

const actionRow = async (workbook: string, text: string) => (await tabRows(workbook, "Azioni")).find((row) => row.Azione === text);

test("the card keeps the last held meeting's minutes one click away", async ({ popup }) => {
  const last = popup.getByTestId("last-held-meeting");
  await last.locator("summary").click();
  expect(await last.locator("summary").textContent()).toMatch(/^Ultima riunione svolta \S+ \d{1,2} \S+ \d{4}$/);
  const minutes = last.getByRole("link", { name: "Verbale" });
  expect(await minutes.getAttribute("href")).toMatch(/^https:\/\/www\.labassaromagna\.it\/rete-urp\/verbale-\d{4}-\d{2}$/);
  expect(await minutes.getAttribute("target")).toBe("_blank");
  await screenshotBothSchemes(popup, "popup-last-held-meeting");
  expect(await seriousViolations(popup)).toEqual([]);
});

test("Da fare per Lugo: the late action first, in red with how late; Fatto offline waits in the outbox, then writes who and when", async ({
  browser,
  service,
}) => {
  const popup = await openPopup(browser);
  await popup.getByRole("tab", { name: /Da pubblicare/ }).click();
  await popup.getByRole("heading", { name: "Da fare per Lugo" }).waitFor();
  const items = popup.getByTestId("action");
  expect(await items.locator("h3").allTextContents()).toEqual([EVERY_ENTE, LUGO_FUSIGNANO]);
  expect(await items.first().getByTestId("action-deadline").textContent()).toBe("scaduta da 5 giorni");
  expect(await items.first().getAttribute("class")).toContain("action-overdue");
  expect(await popup.getByText("Ancora da fare: 2").count()).toBe(1);
  // Beside what Lugo must publish, in the same tab.
  expect(await popup.getByRole("heading", { name: "Da pubblicare sul sito del tuo comune" }).count()).toBe(1);
  await screenshotBothSchemes(popup, "popup-actions");
  expect(await seriousViolations(popup)).toEqual([]);

  await service.stop();
  const update = items.filter({ hasText: LUGO_FUSIGNANO });
  await update.getByRole("button", { name: "Fatto" }).click();
  await expect.poll(() => update.textContent()).toContain("in attesa di invio");
  expect(await outboxKeys(browser)).toEqual([expect.stringMatching(/^outbox:action:/)]);
  await screenshotBothSchemes(popup, "popup-actions-offline");

  await service.restart();
  // Opening the popup sends what waits (the worker would at its next alarm).
  await popup.reload();
  await expect.poll(() => outboxKeys(browser), { timeout: 30_000 }).toEqual([]);
  await expect.poll(async () => (await actionRow(service.workbook, LUGO_FUSIGNANO))?.Stato, { timeout: 15_000 }).toBe("Fatta");
  const row = (await actionRow(service.workbook, LUGO_FUSIGNANO))!;
  expect(row["Fatta da"]).toBe("Sara Folli (Lugo)");
  // The coordinator's own cells are as they wrote them.
  expect(row.Enti).toBe("Lugo, Fusignano");
  await popup.getByRole("tab", { name: /Da pubblicare/ }).click();
  await expect
    .poll(() => popup.getByTestId("action").filter({ hasText: LUGO_FUSIGNANO }).textContent())
    .toMatch(/fatta da Sara Folli \(Lugo\) il/);
  expect(await popup.getByText("Ancora da fare: 1").count()).toBe(1);
  await popup.close();
});

test("the coordinator sees the open actions by ente, the late one with how late and its cell in the workbook", async ({
  browser,
  service,
}) => {
  const token = await TokenStore.inStateDir(service.stateDir).create(COORDINATOR_EMAIL, new Date());
  await (await configure(browser, service.url, token)).close();
  const popup = await openPopup(browser);
  await popup.getByRole("tab", { name: "Coordinamento" }).click();
  const section = popup.getByTestId("coordination-actions");
  await section.waitFor({ timeout: 15_000 });
  const enti = section.getByTestId("coordination-actions-ente");
  // Every ente has the action for all; the one for Lugo and Fusignano is done.
  expect(await enti.count()).toBe(10);
  const lugo = enti.filter({ hasText: /^Lugo/ });
  expect(await lugo.locator(".coordination-counts").textContent()).toBe("da fare: 1 · in ritardo: 1");
  const late = lugo.getByTestId("coordination-action");
  expect(await late.textContent()).toContain(EVERY_ENTE);
  expect(await late.textContent()).toContain("in ritardo di 5 giorni");
  expect(await late.textContent()).toContain(`Apri ${basename(service.workbook)}, foglio Azioni, cella D2`);
  const fusignano = enti.filter({ hasText: /^Fusignano/ });
  expect(await fusignano.getByTestId("coordination-action").allTextContents()).toEqual([expect.stringContaining(EVERY_ENTE)]);
  await section.scrollIntoViewIfNeeded();
  await screenshotBothSchemes(popup, "popup-coordination-actions");
  expect(await seriousViolations(popup)).toEqual([]);
  await popup.close();
});
