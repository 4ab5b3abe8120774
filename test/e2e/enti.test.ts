import { expect } from "vitest";
import { demoWorkspace } from "../support/sheets-sync.ts";
import { appendByHeader } from "../support/workbook-files.ts";
import { seriousViolations } from "./support/axe.ts";
import { openPopup, screenshotBothSchemes } from "./support/browser.ts";
import { extensionTest } from "./support/extension-test.ts";
import { tabRows } from "./support/workbook.ts";

/**
 * The network as the sheet's Enti tab says it is, in the popup of a Conselice referent: a comune
 * the coordinator added to the tab (Faenza, in no list of the code) is in the ente picker; and
 * "Pubblicato" warns, without refusing, when the proof is not on Conselice's Sito.
 */

const ME = "andrea.bassi@conselice.esempio.it";

// A test of its own: its workspace must not carry into the next file of the worker.
const test = extensionTest();
/** The demo workbook with one more comune in Enti, and a token for ME. */
test.override("workspace", async () => {
  const workspace = await demoWorkspace(ME);
  await appendByHeader(workspace.workbook, "Enti", { Ente: "Faenza", Tipo: "Comune", Sito: "https://www.comune.faenza.ra.it" });
  return workspace;
});

test("the quick-add Ente picker offers the Enti tab's enti, a comune only the sheet knows included, mine chosen", async ({ browser }) => {
  const popup = await openPopup(browser);
  const picker = popup.getByLabel("Ente di origine");
  await expect.poll(() => picker.inputValue()).toBe("Conselice");
  const options = await picker.locator("option").allTextContents();
  expect(options).toEqual([
    "Nessuno",
    "Unione",
    "Alfonsine",
    "Bagnacavallo",
    "Bagnara di Romagna",
    "Conselice",
    "Cotignola",
    "Fusignano",
    "Lugo",
    "Massa Lombarda",
    "Sant'Agata sul Santerno",
    "Faenza",
  ]);
  await popup.close();
});

test("Pubblicato warns when the proof is not on my ente's Sito, and still sends it when confirmed", async ({ service, browser }) => {
  const popup = await openPopup(browser);
  await popup.getByRole("tab", { name: /Da pubblicare/ }).click();
  const affitto = popup.getByTestId("publication").filter({ hasText: "Bando contributi affitto 2027" });
  await affitto.getByRole("button", { name: "Pubblicato" }).click();
  const address = affitto.getByLabel("Indirizzo della pagina pubblicata");
  const warning = affitto.getByTestId("published-off-site");

  await address.fill("https://www.comune.conselice.ra.it/notizie/bando-affitto-2027");
  expect(await warning.count()).toBe(0);
  const elsewhere = "https://www.facebook.com/comunediconselice/posts/2027";
  await address.fill(elsewhere);
  await expect
    .poll(() => warning.textContent())
    .toBe(
      "Conselice: questo indirizzo non è sul suo sito (www.comune.conselice.ra.it). Controlla che sia la pagina giusta; puoi confermare lo stesso.",
    );
  // Read with the field: the warning is part of its description.
  const describedBy = (await address.getAttribute("aria-describedby")) ?? "";
  expect(describedBy.split(" ")).toContain(await warning.getAttribute("id"));
  await screenshotBothSchemes(popup, "popup-publications-off-site");
  for (const scheme of ["light", "dark"] as const) {
    await popup.emulateMedia({ colorScheme: scheme });
    expect(await seriousViolations(popup), `axe, ${scheme}`).toEqual([]);
  }
  await popup.emulateMedia({ colorScheme: "light" });

  await affitto.getByRole("button", { name: "Conferma pubblicazione" }).click();
  await expect.poll(() => affitto.textContent()).toContain("pubblicata");
  await expect
    .poll(
      async () =>
        (await tabRows(service.workbook, "Esiti pubblicazioni"))
          .filter((row) => row.Ente === "Conselice")
          .map((row) => row["Link pubblicazione"]),
      { timeout: 15_000 },
    )
    .toEqual([elsewhere]);
  await popup.close();
});
