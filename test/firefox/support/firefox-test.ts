import { test as e2e } from "../../e2e/support/extension-test.ts";
import { configure, type FirefoxExtension, launchFirefox } from "./firefox.ts";

/**
 * The Chromium suite's fixture (test/e2e/support/extension-test.ts: a demo `workspace` with a
 * token for `referent`, the live `service`, a `site` to share from) plus `firefox`: the built
 * Firefox extension installed in Firefox and configured through its options page, once per file.
 */
export const test = e2e.extend("firefox", { scope: "file" }, async ({ service }, { onCleanup }): Promise<FirefoxExtension> => {
  const extension = await launchFirefox();
  onCleanup(() => extension.close());
  await (await configure(extension, service.url, service.token)).close();
  return extension;
});
