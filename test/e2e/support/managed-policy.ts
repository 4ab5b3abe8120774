import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../support/sheets-sync.ts";

/**
 * Browser policy as IT sets it (docs/criteri-browser.md), for real: Chromium on Linux reads
 * every JSON file in its managed policy folder, so a test writes one there (root only).
 */

/** The extension's ID in Chrome, Chromium and Edge, fixed by the manifest's `key` (extension/package.json). */
export const CHROME_EXTENSION_ID = "pabdggcpfmcjajkepeabofgciljkjoli";

/** Chrome's rule: the first 128 bits of the SHA-256 of the public key (DER), in hex written with the letters a–p. */
export function extensionIdOfKey(publicKeyBase64: string): string {
  const hex = createHash("sha256").update(Buffer.from(publicKeyBase64, "base64")).digest("hex").slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join("");
}

/** The `key` the extension's manifest declares (Plasmo's manifest overrides in extension/package.json). */
export function manifestKey(): string {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "extension/package.json"), "utf8")) as { manifest?: { key?: string } };
  if (!pkg.manifest?.key) throw new Error("extension/package.json declares no manifest key");
  return pkg.manifest.key;
}

/** Debian's Chromium (and Playwright's) read policies here; Google Chrome reads /etc/opt/chrome/policies/managed. */
export const CHROMIUM_POLICY_DIR = "/etc/chromium/policies/managed";

/**
 * Writes `policy` as one file of Chromium's managed policy folder and returns what removes it.
 * Chromium reads the folder at start and watches it, so the file must be there before the
 * browser is launched and stay while the test needs the policy. It applies to every Chromium
 * started meanwhile on this machine: remove it as soon as the test is done (it is also removed
 * if the test process exits first).
 */
export function writeChromiumPolicy(name: string, policy: unknown): () => void {
  const path = join(CHROMIUM_POLICY_DIR, `${name}.json`);
  try {
    mkdirSync(CHROMIUM_POLICY_DIR, { recursive: true });
    writeFileSync(path, `${JSON.stringify(policy, null, 2)}\n`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`this test needs root: it writes Chromium's policy file ${path} (${code}); run it as root, as CI does`);
  }
  const remove = () => rmSync(path, { force: true });
  process.once("exit", remove);
  return () => {
    remove();
    process.off("exit", remove);
  };
}
