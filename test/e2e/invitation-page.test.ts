import type { Page } from "playwright-core";
import { expect } from "vitest";
import { openOptions, screenshotBothSchemes } from "./support/browser.ts";
import { extensionTest } from "./support/extension-test.ts";
import { createInvitation } from "./support/invitations.ts";

const test = extensionTest();

/**
 * The page an invitation link opens (GET /invito/<code>), in real Chromium: styled like the
 * extension in light and dark under the service's strict Content-Security-Policy, in Italian or
 * in English as the browser prefers, and opening it spends nothing: the same link, pasted in the
 * options afterwards, still connects. The browser starts with no connection.
 */
test.override({ configured: false });

const SARA = "sara.folli@lugo.esempio.it";

/** What the page looks like where it matters: the stylesheet applied (the policy let it in), by scheme. */
async function look(page: Page, scheme: "light" | "dark") {
  await page.emulateMedia({ colorScheme: scheme });
  return page.evaluate(() => {
    const card = document.querySelector(".card")!;
    return {
      lang: document.documentElement.lang,
      background: getComputedStyle(document.body).backgroundColor,
      text: getComputedStyle(document.body).color,
      cardBackground: getComputedStyle(card).backgroundColor,
      cardRadius: getComputedStyle(card).borderRadius,
      font: getComputedStyle(document.body).fontFamily,
    };
  });
}

test("the link opened in Chromium: the extension's look, light and dark, Italian and English; then pasted in the options it still connects, and the page says it is used", async ({
  service,
  browser,
}) => {
  const invitation = await createInvitation(service, SARA);
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 800, height: 900 });
  const refused: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
  });

  // The browser speaks Italian (the e2e browser's locale is it-IT).
  const opened = await page.goto(invitation.link);
  expect(opened?.status()).toBe(200);
  expect(await page.locator("h1").textContent()).toBe("Invito a Rete URP");
  expect(await page.getByRole("heading", { name: "Non vedi l'icona di Rete URP?" }).isVisible()).toBe(true);
  expect(await page.locator("code.link").textContent()).toBe(invitation.link);
  // The colours of extension/src/ui/base.css, both schemes: the inline stylesheet is allowed.
  expect(await look(page, "light")).toEqual({
    lang: "it",
    background: "rgb(244, 246, 248)",
    text: "rgb(22, 32, 42)",
    cardBackground: "rgb(255, 255, 255)",
    cardRadius: "10px",
    font: expect.stringMatching(/^system-ui, /),
  });
  expect(await look(page, "dark")).toMatchObject({
    background: "rgb(15, 22, 28)",
    text: "rgb(230, 237, 242)",
    cardBackground: "rgb(24, 34, 43)",
  });
  await screenshotBothSchemes(page, "invitation-page");

  // A browser that prefers English gets the English page. (The context's it-IT locale wins
  // over extra headers, so the request's own header is replaced on its way out.)
  const english = "**/invito/**";
  await page.route(english, (route) => route.continue({ headers: { ...route.request().headers(), "accept-language": "en-GB,en;q=0.9" } }));
  await page.reload();
  expect(await page.locator("h1").textContent()).toBe("Invitation to Rete URP");
  expect(await look(page, "light")).toMatchObject({ lang: "en", background: "rgb(244, 246, 248)" });
  await screenshotBothSchemes(page, "invitation-page-en");
  await page.unroute(english);

  // Opened three times so far, and still pending: pasted in the options, it connects.
  const options = await openOptions(browser);
  await options.getByLabel("Invito", { exact: true }).fill(invitation.link);
  await options.getByRole("button", { name: "Collega e salva" }).click();
  await expect
    .poll(() => options.getByTestId("connect-result").textContent(), { timeout: 15_000 })
    .toBe("Collegato come Sara Folli — Lugo. Impostazioni salvate.");
  await options.close();

  // Used now: the page says so, and what to do if it was not them.
  const used = await page.goto(invitation.link);
  expect(used?.status()).toBe(410);
  expect(await page.locator("h1").textContent()).toBe("Invito già usato");
  expect(await page.locator(".notice").textContent()).toBe(
    "Se non sei stato tu, avvisa il coordinatore della rete e chiedigli un nuovo invito.",
  );
  expect(await look(page, "dark")).toMatchObject({ lang: "it", background: "rgb(15, 22, 28)" });
  await screenshotBothSchemes(page, "invitation-page-used");

  // A code nobody issued: not recognised, check the link or ask for a new one.
  const unknown = await page.goto(`${service.url}/invito/${"A".repeat(24)}`);
  expect(unknown?.status()).toBe(404);
  expect(await page.locator("h1").textContent()).toBe("Invito non riconosciuto");
  await screenshotBothSchemes(page, "invitation-page-unknown");

  expect(refused).toEqual([]);
  await page.close();
});
