import type { Page } from "playwright-core";
import { expect } from "vitest";
import { axeViolations, seriousViolations } from "./support/axe.ts";
import { openOptions, screenshot } from "./support/browser.ts";
import { test } from "./support/extension-test.ts";
import { tabRows } from "./support/workbook.ts";

/**
 * Accessibility of the popup and the options page: axe-core (WCAG 2.1 A/AA, as the AgID
 * guidelines require) on every view in light and dark, and a keyboard-only pass through the
 * popup. A Conselice referent, so an overdue publication and an unanswered invitation show.
 */

const ME = "andrea.bassi@conselice.esempio.it";

test.override({ referent: ME });

/** Presses Tab until `matches` holds for the focused element; fails after `limit` presses. */
async function tabTo(
  page: Page,
  matches: (element: { id: string; text: string; role: string | null; tag: string }) => boolean,
  limit = 60,
) {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press("Tab");
    const focused = await focusedElement(page);
    expect(focused.outlineVisible, `focus not visible on ${JSON.stringify(focused)}`).toBe(true);
    if (matches(focused)) return focused;
  }
  throw new Error(`never reached by Tab: ${matches.toString()}`);
}

async function focusedElement(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement;
    const style = getComputedStyle(element);
    // Visible focus: an outline of at least 2 px, or (a radio inside its card) the card's outline.
    const ownOutline = style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) >= 2;
    const card = element.closest("label");
    const cardOutline = card
      ? getComputedStyle(card).outlineStyle !== "none" && Number.parseFloat(getComputedStyle(card).outlineWidth) >= 2
      : false;
    return {
      id: element.id,
      text: (element.textContent ?? "").trim(),
      role: element.getAttribute("role"),
      tag: element.tagName.toLowerCase(),
      outlineVisible: ownOutline || cardOutline,
    };
  });
}

test("keyboard only: Tab reaches the attendance buttons and the quick-add form, with visible focus; arrows move between tabs", async ({
  service,
  popup: page,
}) => {
  await page.getByTestId("attendance").waitFor();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

  await tabTo(page, (element) => element.text === "Partecipo");
  await page.keyboard.press("Enter");
  await expect.poll(() => page.getByTestId("attendance-status").textContent()).toBe("La tua risposta: Partecipo");
  await expect
    .poll(async () => (await tabRows(service.workbook, "Presenze")).filter((row) => row.Email === ME).map((row) => row.Risposta), {
      timeout: 15_000,
    })
    .toEqual(["Partecipo"]);

  // The tab list is one tab stop; arrows move and select, Home and End jump.
  const tab = await tabTo(page, (element) => element.role === "tab");
  expect(tab.text).toBe("Aggiungi");
  await page.keyboard.press("ArrowRight");
  expect(await focusedElement(page)).toMatchObject({ role: "tab", text: expect.stringMatching(/^Da pubblicare/) });
  expect(await page.getByRole("tab", { name: /Da pubblicare/ }).getAttribute("aria-selected")).toBe("true");
  await page.keyboard.press("End");
  expect(await focusedElement(page)).toMatchObject({ text: "Referenti" });
  await page.keyboard.press("ArrowRight");
  expect(await focusedElement(page)).toMatchObject({ text: "Aggiungi" });
  expect(await page.getByRole("tabpanel").getAttribute("aria-labelledby")).toBe("tab-add");

  // Into the panel: past the kind radios, to the title; then on to the submit button.
  await tabTo(page, (element) => element.id === "qa-title");
  await page.keyboard.type("Sportello telefonico unico");
  await tabTo(page, (element) => element.id === "qa-url");
  await page.keyboard.type("https://www.comune.conselice.ra.it/urp/telefono");
  await tabTo(page, (element) => element.tag === "button" && element.text === "Salva buona prassi");
  await screenshot(page, "popup-keyboard-focus");
  await page.keyboard.press("Enter");
  await expect.poll(() => page.getByTestId("quick-add-result").textContent()).toContain("Salvata");
  await expect
    .poll(
      async () => (await tabRows(service.workbook, "Buone prassi")).filter((row) => row.Titolo === "Sportello telefonico unico").length,
      { timeout: 15_000 },
    )
    .toBe(1);
});

/** Runs axe in light and dark; returns what it found, for the failure message. */
async function audit(page: Page, view: string): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const minor = (await axeViolations(page)).filter((violation) => violation.impact !== "serious" && violation.impact !== "critical");
    if (minor.length > 0)
      console.info(
        `axe ${view} ${scheme}, minor/moderate:`,
        minor.map((v) => `${v.id}: ${v.nodes.join("; ")}`),
      );
    found.push(...(await seriousViolations(page)).map((violation) => `[${view}, ${scheme}] ${violation}`));
  }
  await page.emulateMedia({ colorScheme: "light" });
  return found;
}

test("axe finds no serious or critical violation in any popup view, light and dark", async ({ popup: page }) => {
  await page.getByTestId("attendance").waitFor();
  const found: string[] = [];

  // The meeting card with both disclosures open, and the quick-add form.
  await page.getByTestId("who-is-coming").locator("summary").click();
  await page.getByTestId("agenda-proposals").locator("summary").click();
  await page.getByLabel("Link").fill("https://www.labassaromagna.it/newsletter?utm_source=x");
  await page.getByTestId("duplicate-notice").waitFor();
  found.push(...(await audit(page, "add")));

  await page.getByRole("button", { name: "Delego a…" }).click();
  await page.getByRole("button", { name: "Invia delega" }).click();
  await page.getByText("Scrivi il nome della persona a cui deleghi.").waitFor();
  await page.getByRole("radio", { name: "Punto all'ordine del giorno" }).check();
  await page.getByRole("button", { name: "Proponi", exact: true }).click();
  await page.getByText("Scrivi un titolo.").waitFor();
  found.push(...(await audit(page, "proposal")));

  await page.getByRole("tab", { name: /Da pubblicare/ }).click();
  await page.getByTestId("publication").first().getByRole("button", { name: "Pubblicato" }).click();
  found.push(...(await audit(page, "publications")));

  // The shared projects, with the update form open and its required text left empty.
  await page.getByRole("tab", { name: "Progetti" }).click();
  await page.getByTestId("project").first().waitFor();
  await page.getByRole("button", { name: "Aggiungi un aggiornamento" }).first().click();
  await page.getByLabel(/Che cosa è successo/).fill("");
  await page.getByRole("button", { name: "Invia l'aggiornamento" }).click();
  await page.getByText("Scrivi il testo.").waitFor();
  found.push(...(await audit(page, "projects")));

  await page.getByRole("tab", { name: "Buone prassi" }).click();
  found.push(...(await audit(page, "practices")));

  await page.getByRole("tab", { name: "Referenti" }).click();
  found.push(...(await audit(page, "roster")));

  expect(found).toEqual([]);
});

test("axe finds no serious or critical violation in the options page, light and dark", async ({ browser }) => {
  const page = await openOptions(browser);
  await page.getByRole("button", { name: "Ottieni il mio indirizzo" }).click();
  await page.getByLabel("Il tuo indirizzo del calendario").waitFor();
  await page.getByRole("button", { name: "Collega e salva" }).click();
  await page.getByText("Collegato come Andrea Bassi — Conselice").waitFor();
  expect(await audit(page, "options")).toEqual([]);
  await page.close();
});
