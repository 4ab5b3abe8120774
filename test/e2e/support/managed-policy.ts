import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { requirePrivateEtc } from "../../support/private-etc.ts";
import { REPO_ROOT } from "../../support/sheets-sync.ts";

export { extensionIdOfKey } from "../../../scripts/extension-id.mjs";

/**
 * Browser policy as IT sets it (docs/criteri-browser.md), for real: Chromium on Linux reads
 * every JSON file in its managed policy folder, so a test writes one there.
 */

/** The extension's ID in Chrome, Chromium and Edge, fixed by the manifest's `key` (extension/package.json). */
export const CHROME_EXTENSION_ID = "pabdggcpfmcjajkepeabofgciljkjoli";

/** The `key` the extension's manifest declares (Plasmo's manifest overrides in extension/package.json). */
export function manifestKey(): string {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "extension/package.json"), "utf8")) as { manifest?: { key?: string } };
  if (!pkg.manifest?.key) throw new Error("extension/package.json declares no manifest key");
  return pkg.manifest.key;
}

/** Debian's Chromium (and Playwright's) read policies here; Google Chrome reads /etc/opt/chrome/policies/managed. */
export const CHROMIUM_POLICY_DIR = "/etc/chromium/policies/managed";

/**
 * Writes `policy` as one file of Chromium's managed policy folder. Chromium reads the folder at
 * start and watches it, so the file must be there before the browser is launched; the function
 * returned removes it, so that the next browser of the run starts without it. The folder is the
 * private /etc that npm test gives this file (scripts/private-etc.mjs): the machine's own is
 * never written, and whatever is left goes with the run.
 */
export function writeChromiumPolicy(name: string, policy: unknown): () => void {
  requirePrivateEtc(CHROMIUM_POLICY_DIR);
  const path = join(CHROMIUM_POLICY_DIR, `${name}.json`);
  mkdirSync(CHROMIUM_POLICY_DIR, { recursive: true });
  writeFileSync(path, `${JSON.stringify(policy, null, 2)}\n`);
  return () => rmSync(path, { force: true });
}
