import { demoWorkspace, startService, type RunningService } from "../../support/sheets-sync.ts";
import type { ExtensionBrowser } from "./browser.ts";
import { openOptions } from "./browser.ts";

/** The demo coordinator (Unione) and a Lugo referent, as `init --demo` writes them. */
export const COORDINATOR_EMAIL = "giulia.bianchi@unione.esempio.it";

export interface LiveService extends RunningService {
  token: string;
}

/** A demo workbook, a token for `email`, and sheets-sync serving it (refresh every second). */
export async function startDemoService(email = COORDINATOR_EMAIL): Promise<LiveService> {
  const workspace = await demoWorkspace(email);
  const service = await startService({ workbook: workspace.workbook, stateDir: workspace.stateDir });
  return Object.assign(service, { token: workspace.token });
}

/** Fills and saves the options page as a user would; returns the page (still open). */
export async function configure(browser: ExtensionBrowser, serviceUrl: string, token: string) {
  const page = await openOptions(browser);
  await page.getByLabel("Indirizzo del servizio").fill(serviceUrl);
  await page.getByLabel("Token personale").fill(token);
  await page.getByRole("button", { name: "Salva" }).click();
  await page.getByText("Impostazioni salvate.").waitFor();
  return page;
}
