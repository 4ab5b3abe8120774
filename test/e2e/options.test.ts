import { afterAll, beforeAll, expect, test } from "vitest";
import { launchExtension, openOptions, readStorage, screenshot, type ExtensionBrowser } from "./support/browser.ts";
import { configure, startDemoService, type LiveService } from "./support/service.ts";

let service: LiveService;
let browser: ExtensionBrowser;

beforeAll(async () => {
  service = await startDemoService();
  browser = await launchExtension();
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

test("the options page saves the service and Verifica shows who I am", async () => {
  const page = await configure(browser, service.url, service.token);
  await page.getByRole("button", { name: "Verifica" }).click();
  await expect.poll(() => page.getByTestId("verify-result").textContent()).toBe("Collegato come Giulia Bianchi — Unione");
  await screenshot(page, "options");

  const stored = await readStorage(browser);
  expect(stored.settings).toMatchObject({ serviceUrl: service.url, token: service.token, language: "it", notifications: true });
  await page.close();
});

test("Verifica explains a wrong token, a wrong address and a missing one in Italian", async () => {
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
