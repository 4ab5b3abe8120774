import { basename } from "node:path";
import { expect } from "vitest";
import { runCli } from "../support/sheets-sync.ts";
import { configure, openPopup, screenshotBothSchemes } from "./support/browser.ts";
import { extensionTest } from "./support/extension-test.ts";
import { tabRows } from "./support/workbook.ts";

/**
 * The shared projects on the demo workbook: a Lugo referent reads "Progetti" (both demo projects
 * are Lugo's; the social guide's next step is five days late), adds an update from the page she
 * is reading (its title and address proposed), proposes an agenda item naming the project and
 * sees it under the project; then the coordinator finds the late project in Coordinamento, with
 * the cell to open.
 */

const SARA = "sara.folli@lugo.esempio.it";
const COORDINATOR = "giulia.bianchi@unione.esempio.it";
const SOCIAL = "Guida comune ai social in caso di allerta";
const SPORTELLO = "Sportello digitale unico della Bassa Romagna";
const PAGE_TITLE = "Allerta meteo: i post dei comuni — Comune di Lugo";

// A test of its own: the file overrides fixtures, which must not carry into the next file of the worker.
const test = extensionTest();
test.override({
  referent: SARA,
  testPage: { title: PAGE_TITLE, paragraph: "I testi condivisi per i social durante l'allerta." },
  // As if the referent had allowed the site: the popup may then read the page's address.
  hostPermissions: ["http://127.0.0.1/*"],
});

test("a referent adds a project update from a page, proposes an agenda item naming the project; the coordinator sees the late project", async ({
  service,
  browser,
  site,
}) => {
  const page = await browser.context.newPage();
  await page.goto(site.url);
  const tabId = await browser.worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0]?.id, site.url);
  expect(tabId).toBeTypeOf("number");

  const popup = await openPopup(browser, `?tabId=${tabId}`);
  await popup.getByRole("tab", { name: "Progetti" }).click();
  const mine = popup.getByTestId("project-list-mine").getByTestId("project");
  await expect.poll(() => mine.locator("h4").allTextContents(), { timeout: 15_000 }).toEqual([SOCIAL, SPORTELLO]);
  // The late step is marked; the other is due in twelve days.
  const social = mine.filter({ hasText: SOCIAL });
  expect(await social.getByTestId("project-deadline").textContent()).toBe("scaduta da 5 giorni");
  expect(await social.getAttribute("class")).toContain("project-late");
  expect(await social.textContent()).toContain("Capofila: Conselice");
  await screenshotBothSchemes(popup, "popup-projects");

  // An update from the page being read: its title as the text, its address as the link.
  await social.getByRole("button", { name: "Aggiungi un aggiornamento" }).click();
  const form = popup.getByTestId("project-update-form");
  expect(await form.getByLabel("Progetto").inputValue()).toBe(await projectIdOf(service.workbook, SOCIAL));
  expect(await form.getByLabel(/Che cosa è successo/).inputValue()).toBe(PAGE_TITLE);
  expect(await form.getByLabel("Link").inputValue()).toBe(site.url);
  await screenshotBothSchemes(popup, "popup-project-update");
  await form.getByRole("button", { name: "Invia l'aggiornamento" }).click();
  await popup.getByTestId("project-update-result").waitFor();
  const updates = async () => (await tabRows(service.workbook, "Aggiornamenti")).filter((row) => row.Testo === PAGE_TITLE);
  await expect.poll(async () => (await updates()).length, { timeout: 15_000 }).toBe(1);
  expect((await updates())[0]).toMatchObject({
    Progetto: await projectIdOf(service.workbook, SOCIAL),
    Link: site.url,
    Ente: "Lugo",
    Autore: "Sara Folli",
    "Email autore": SARA,
  });
  // The update shows under its project, newest first.
  await expect.poll(() => social.getByTestId("project-update").first().textContent(), { timeout: 15_000 }).toContain(PAGE_TITLE);

  // An agenda item for the next meeting, about the project.
  await popup.getByRole("tab", { name: "Aggiungi" }).click();
  await popup.getByRole("radio", { name: "Punto all'ordine del giorno" }).check();
  const proposal = popup.getByTestId("proposal-form");
  await proposal.getByLabel(/Argomento/).fill("Approvare la guida ai social");
  await proposal.getByLabel("Progetto (facoltativo)").selectOption({ label: SOCIAL });
  await proposal.getByRole("button", { name: "Proponi", exact: true }).click();
  await popup.getByTestId("proposal-result").waitFor();
  const named = async () => (await tabRows(service.workbook, "Proposte")).filter((row) => row.Titolo === "Approvare la guida ai social");
  await expect
    .poll(async () => (await named()).map((row) => row.Progetto), { timeout: 15_000 })
    .toEqual([await projectIdOf(service.workbook, SOCIAL)]);
  // The project shows the proposals that name it: the demo's and this one.
  await popup.getByRole("tab", { name: "Progetti" }).click();
  await expect
    .poll(() => social.getByTestId("project-proposals").locator("li").allTextContents(), { timeout: 15_000 })
    .toEqual([
      expect.stringMatching(/^Linee guida per i post sui social in caso di allerta meteo · riunione del /),
      expect.stringMatching(/^Approvare la guida ai social · riunione del /),
    ]);
  await popup.close();
  await page.close();

  // The coordinator: the late project in Coordinamento, with the cell to open in the workbook.
  const created = await runCli([
    "token",
    "create",
    "--email",
    COORDINATOR,
    "--workbook",
    service.workbook,
    "--state-dir",
    service.stateDir,
  ]);
  expect(created.code, created.stderr).toBe(0);
  await (await configure(browser, service.url, created.stdout.trim().split("\n").at(-1)!)).close();
  const coordination = await openPopup(browser);
  await coordination.getByRole("tab", { name: "Coordinamento" }).click({ timeout: 15_000 });
  const late = coordination.getByTestId("coordination-project");
  await late.first().waitFor({ timeout: 15_000 });
  expect(await late.count()).toBe(1);
  expect(await late.textContent()).toContain(SOCIAL);
  expect(await late.textContent()).toContain("prossimo passo scaduto da 5 giorni");
  expect(await late.textContent()).toContain(`Apri ${basename(service.workbook)}, foglio Progetti, cella I3`);
  await late.evaluate((element) => element.scrollIntoView({ block: "start" }));
  await screenshotBothSchemes(coordination, "popup-coordination-projects");
  await coordination.close();
});

/** The ID the demo gave a project, as its Progetti row has it. */
async function projectIdOf(workbook: string, title: string): Promise<string> {
  const row = (await tabRows(workbook, "Progetti")).find((candidate) => candidate.Titolo === title);
  if (!row) throw new Error(`no project ${title}`);
  return row.ID!;
}
