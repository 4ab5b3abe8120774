import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { requirePrivateEtc } from "../../support/private-etc.ts";

/**
 * Firefox's enterprise policies as IT writes them (docs/criteri-browser.md): on Linux Firefox
 * reads /etc/firefox/policies/policies.json at start, and only then. The file is written just
 * before the launch and removed once Firefox is up, so the next launch of the file starts without
 * it; it lives in the private /etc that npm test gives this file, never the machine's.
 */
export const FIREFOX_POLICY_FILE = "/etc/firefox/policies/policies.json";

export async function withFirefoxPolicies<T>(policies: Record<string, unknown>, launch: () => Promise<T>): Promise<T> {
  requirePrivateEtc(FIREFOX_POLICY_FILE);
  mkdirSync(dirname(FIREFOX_POLICY_FILE), { recursive: true });
  writeFileSync(FIREFOX_POLICY_FILE, `${JSON.stringify({ policies }, null, 2)}\n`);
  try {
    return await launch();
  } finally {
    rmSync(FIREFOX_POLICY_FILE, { force: true });
  }
}
