import type { Page } from "playwright-core";
import { expect } from "vitest";
import { axeViolations, seriousViolations } from "./support/axe.ts";
import {
  type ExtensionBrowser,
  openOptions,
  openPopup,
  readStorage,
  screenshot,
  screenshotBothSchemes,
  unfoldMeeting,
  writeStorage,
} from "./support/browser.ts";
import { extensionTest } from "./support/extension-test.ts";
import { tabRows } from "./support/workbook.ts";

const test = extensionTest();

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
  await page.getByText("Scrivi il nome della persona a cui deleghi.", { exact: true }).waitFor();
  await page.getByRole("radio", { name: "Punto all'ordine del giorno" }).check();
  await page.getByRole("button", { name: "Proponi", exact: true }).click();
  await page.getByText("Scrivi un titolo.", { exact: true }).waitFor();
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
  await page.getByText("Scrivi il testo.", { exact: true }).waitFor();
  // The refused press focuses the first wrong field, as in every outbox form.
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("pu-text");
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

/** The popup's and the options page's language, as the options page sets it. */
async function speak(browser: ExtensionBrowser, language: "it" | "en"): Promise<void> {
  const { settings } = await readStorage(browser);
  await writeStorage(browser, { settings: { ...(settings as object), language } });
}

/** The focused element, described for a failure message: "body" when focus fell to the page. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return "body";
    const name = element.getAttribute("aria-label") ?? element.textContent?.trim() ?? "";
    return `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""}${element.getAttribute("data-testid") ? `[${element.getAttribute("data-testid")}]` : ""} ${name}`.trim();
  });
}

/** Focuses a control as the keyboard would reach it, and presses Enter on it. */
async function enterOn(locator: ReturnType<Page["locator"]>): Promise<void> {
  await locator.focus();
  await locator.press("Enter");
}

/** The text of the page's alert regions that speak, in the accessibility tree. */
async function alerts(scope: Page | ReturnType<Page["locator"]>): Promise<string[]> {
  return (await scope.getByRole("alert").allTextContents()).filter((text) => text.trim() !== "");
}

const WORDS = {
  it: {
    yes: "Partecipo",
    yours: "La tua risposta: Partecipo",
    delegate: "Delego a…",
    send: "Invia delega",
    delegateName: "Nome della persona delegata",
    delegated: "La tua risposta: deleghi Paolo Gardini",
    delegateError: "Non salvata · Scrivi il nome della persona a cui deleghi.",
    title: "Titolo",
    save: "Salva buona prassi",
    titleError: "Non salvata · Scrivi un titolo.",
    saved: "Salvata",
    proposalKind: "Punto all'ordine del giorno",
    propose: "Proponi",
    topic: "Argomento",
    toPublish: /^Da pubblicare/,
    published: "Pubblicato",
    address: "Indirizzo della pagina pubblicata",
    addressError: "Non salvata · Serve l'indirizzo http:// o https:// della pagina pubblicata.",
    cancel: "Annulla",
    confirm: "Conferma pubblicazione",
    proof: "pagina pubblicata",
    connect: "Collega e salva",
    connected: "Collegato come Andrea Bassi — Conselice",
  },
  en: {
    yes: "I'll attend",
    yours: "Your answer: I'll attend",
    delegate: "Delegate to…",
    send: "Send",
    delegateName: "Name of the person you delegate",
    delegated: "Your answer: you delegate Paolo Gardini",
    delegateError: "Not saved · Enter the name of the person you delegate.",
    title: "Title",
    save: "Save best practice",
    titleError: "Not saved · Enter a title.",
    saved: "Saved",
    proposalKind: "Agenda item",
    propose: "Propose",
    topic: "Topic",
    toPublish: /^To publish/,
    published: "Published",
    address: "Address of the published page",
    addressError: "Not saved · Enter the http:// or https:// address of the published page.",
    cancel: "Cancel",
    confirm: "Confirm",
    proof: "published page",
    connect: "Connect and save",
    connected: "Connected as Andrea Bassi — Conselice",
  },
} as const;

test("from the keyboard, focus never falls to the page after an action, and a refused press focuses its field and says why, in Italian and English", async ({
  browser,
}) => {
  for (const language of ["it", "en"] as const) {
    const words = WORDS[language];
    await speak(browser, language);
    const page = await openPopup(browser);
    await unfoldMeeting(page);

    // Partecipo: the button keeps the focus while the answer goes and after.
    const yes = page.getByRole("button", { name: words.yes, exact: true });
    await enterOn(yes);
    await expect.poll(() => page.getByTestId("attendance-status").textContent()).toBe(words.yours);
    await expect.poll(() => yes.getAttribute("aria-disabled")).toBeNull();
    expect(await focused(page), language).toBe(`button ${words.yes}`);

    // Delego a… with no name: the name field takes the focus and the error is an alert; with a
    // name, the field goes and "Delego a…", now the answer given, takes the focus.
    await enterOn(page.getByRole("button", { name: words.delegate }));
    const name = page.getByLabel(words.delegateName);
    // Empty (it starts with the name of an earlier delegation).
    await name.fill("");
    await enterOn(page.getByRole("button", { name: words.send, exact: true }));
    await expect.poll(() => focused(page)).toBe("input#attendance-delegate");
    expect(await name.getAttribute("aria-invalid")).toBe("true");
    expect(await alerts(page.getByTestId("attendance"))).toEqual([words.delegateError]);
    await page.keyboard.type("Paolo Gardini");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("attendance-status").textContent()).toBe(words.delegated);
    await expect.poll(() => focused(page)).toBe(`button ${words.delegate}`);
    expect(await alerts(page.getByTestId("attendance"))).toEqual([]);

    // Salva buona prassi with no title: the title takes the focus, the error is the form's alert
    // and in the accessibility tree; a second press says it again, focus again on the title.
    const title = page.getByLabel(words.title, { exact: false }).first();
    await title.fill("");
    const save = page.getByRole("button", { name: words.save });
    for (let press = 0; press < 2; press++) {
      await enterOn(save);
      await expect.poll(() => focused(page)).toBe("input#qa-title");
    }
    expect(await title.getAttribute("aria-invalid")).toBe("true");
    expect(await alerts(page.getByRole("tabpanel"))).toEqual([words.titleError]);
    // In the accessibility tree as Playwright reads it: the alert, with the error in it.
    const tree = await page.getByRole("tabpanel").ariaSnapshot();
    expect(tree).toContain("- alert");
    expect(tree.slice(tree.indexOf("- alert"))).toContain(words.titleError.split(" · ")[1]);
    await screenshotBothSchemes(page, `popup-quick-add-error-${language}`);
    // With a title: the confirmation takes the focus in the form's place.
    await page.keyboard.type(language === "it" ? "Modulistica accessibile" : "Accessible forms");
    await enterOn(save);
    await expect.poll(() => page.getByTestId("quick-add-result").textContent()).toContain(words.saved);
    expect(await focused(page)).toMatch(/^div\[outbox-done\]/);
    expect(await page.getByTestId("quick-add-result").getByRole("status").textContent()).toContain(words.saved);

    // Proponi with no topic: the same, in the proposal form.
    await page.getByRole("radio", { name: words.proposalKind }).check();
    await page.getByLabel(words.topic, { exact: false }).first().fill("");
    await enterOn(page.getByRole("button", { name: words.propose, exact: true }));
    await expect.poll(() => focused(page)).toBe("input#pf-title");
    expect(await alerts(page.getByRole("tabpanel"))).toEqual([words.titleError]);

    // Pubblicato: the address it asks for takes the focus; Annulla gives it back to the button;
    // a wrong address keeps it in the field with an alert; once confirmed, the proof's link has it.
    await page.getByRole("tab", { name: words.toPublish }).click();
    // The first still to publish (the Italian pass publishes one), found again by its title as it changes.
    const itemTitle =
      (await page
        .getByTestId("publication")
        .filter({ has: page.getByRole("button", { name: words.published }) })
        .first()
        .locator("h3")
        .textContent()) ?? "";
    const item = page.getByTestId("publication").filter({ has: page.getByRole("heading", { name: itemTitle, exact: true }) });
    // Its name says which item it is for.
    const publish = item.getByRole("button", { name: words.published });
    expect(await item.getByRole("button", { name: itemTitle }).count()).toBe(1);
    await enterOn(publish);
    await expect.poll(() => focused(page)).toMatch(/^input#pub-url-/);
    await enterOn(item.getByRole("button", { name: words.cancel }));
    await expect.poll(() => focused(page)).toBe(`button ${words.published}: ${itemTitle}`);
    await page.keyboard.press("Enter");
    const address = item.getByLabel(words.address);
    await expect.poll(() => focused(page)).toMatch(/^input#pub-url-/);
    await address.fill("pagina");
    await address.press("Enter");
    await expect.poll(() => alerts(item)).toEqual([words.addressError]);
    expect(await focused(page)).toMatch(/^input#pub-url-/);
    await address.fill("https://www.comune.conselice.ra.it/avvisi/pubblicato");
    await enterOn(item.getByRole("button", { name: words.confirm }));
    await expect.poll(() => focused(page)).toBe(`a ${words.proof}`);
    await page.close();

    // Collega e salva on the options page: the button keeps the focus while it connects and after.
    const options = await openOptions(browser);
    await showTokenFieldsIfClosed(options);
    await enterOn(options.getByRole("button", { name: words.connect }));
    await options.getByText(words.connected).waitFor();
    expect(await focused(options)).toBe(`button ${words.connect}`);
    await options.close();
  }
  await speak(browser, "it");
});

/** The options page of a connected browser opens with the token's fields shown; open them if not. */
async function showTokenFieldsIfClosed(page: Page): Promise<void> {
  const disclosure = page.getByTestId("token-disclosure");
  await disclosure.waitFor();
  if (!(await disclosure.evaluate((details) => (details as HTMLDetailsElement).open))) await disclosure.locator("summary").click();
}
