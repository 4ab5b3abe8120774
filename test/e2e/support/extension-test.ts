import type { Page } from "playwright-core";
import { test as base } from "vitest";
import { demoWorkspace, type RunningService, startService, type Workspace } from "../../support/sheets-sync.ts";
import { configure, type ExtensionBrowser, launchExtension, openPopup, unfoldMeeting } from "./browser.ts";
import { serveTestPage, type TestPage } from "./test-page.ts";

/** The demo coordinator (Unione), as `init --demo` writes her. */
export const COORDINATOR_EMAIL = "giulia.bianchi@unione.esempio.it";

export interface LiveService extends RunningService {
  /** The personal token of the file's referent. */
  token: string;
}

/**
 * What every e2e file starts from, set up once per file and torn down after its last test:
 * - `workspace`: a temp demo workbook, with a token for `referent`;
 * - `service`: sheets-sync serving it (re-reading the file every second);
 * - `browser`: the built extension in Chromium, its options filled and saved as a user would;
 * - `site`: a web page on 127.0.0.1 (`testPage`) to share, select text on, or publish;
 * and for one test, `popup`: the popup opened in a new page with its meeting card unfolded,
 * closed after the test.
 *
 * A file says what differs with `override` at its top, on a `test` of its own
 * (`const test = extensionTest()`): `referent` (whose token), `hostPermissions` (as if the user
 * had allowed them), `configured: false` (options left empty), `testPage`, or a `workspace` of its
 * own (a hostile sheet). Its own, because the e2e files of a worker share their modules (one
 * import of Playwright and the helpers per worker, not per file), and vitest's top-level
 * `override` replaces the fixtures of the `test` it is called on: on a shared one it would carry
 * into the next file.
 */
export const extensionTest = () =>
  base
    .extend("referent", { scope: "file" }, COORDINATOR_EMAIL)
    .extend("hostPermissions", { scope: "file" }, [] as string[])
    .extend("configured", { scope: "file" }, true)
    .extend(
      "testPage",
      { scope: "file" },
      { title: "Sportello unico: prenotazioni online", paragraph: "Prenota l'appuntamento allo sportello da casa." },
    )
    .extend("workspace", { scope: "file" }, async ({ referent }): Promise<Workspace & { token: string }> => demoWorkspace(referent))
    .extend("service", { scope: "file" }, async ({ workspace }, { onCleanup }): Promise<LiveService> => {
      const service = await startService({ workbook: workspace.workbook, stateDir: workspace.stateDir });
      onCleanup(() => service.stop());
      return Object.assign(service, { token: workspace.token });
    })
    .extend("browser", { scope: "file" }, async ({ service, hostPermissions, configured }, { onCleanup }): Promise<ExtensionBrowser> => {
      const browser = await launchExtension({ hostPermissions });
      onCleanup(() => browser.close());
      if (configured) await (await configure(browser, service.url, service.token)).close();
      return browser;
    })
    .extend("site", { scope: "file" }, async ({ testPage }, { onCleanup }): Promise<TestPage> => {
      const site = await serveTestPage(testPage.title, testPage.paragraph);
      onCleanup(() => site.close());
      return site;
    })
    .extend("popup", async ({ browser, configured }, { onCleanup }): Promise<Page> => {
      const page = await openPopup(browser);
      onCleanup(() => page.close());
      if (configured) await unfoldMeeting(page);
      return page;
    });

/**
 * The fixtures as they are, for a file that overrides none. `override` on it throws: a file that
 * overrides calls `extensionTest()` for a `test` of its own.
 */
export const test = extensionTest();
test.override = (() => {
  throw new Error("test.override on the shared e2e test would carry into the next file: use `const test = extensionTest()` in this file");
}) as typeof test.override;
