import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Firefox's enterprise policies as IT writes them (docs/criteri-browser.md): on Linux Firefox
 * reads /etc/firefox/policies/policies.json at start, and only then. So the file is written just
 * before the launch and removed as soon as Firefox is up: every Firefox started meanwhile on this
 * machine would read it too. Writing it needs root, as CI runs.
 */
export const FIREFOX_POLICY_FILE = "/etc/firefox/policies/policies.json";

export async function withFirefoxPolicies<T>(policies: Record<string, unknown>, launch: () => Promise<T>): Promise<T> {
  if (existsSync(FIREFOX_POLICY_FILE)) {
    throw new Error(`${FIREFOX_POLICY_FILE} already exists: this test does not overwrite the machine's own policies`);
  }
  try {
    mkdirSync(dirname(FIREFOX_POLICY_FILE), { recursive: true });
    writeFileSync(FIREFOX_POLICY_FILE, `${JSON.stringify({ policies }, null, 2)}\n`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`this test needs root: it writes Firefox's policy file ${FIREFOX_POLICY_FILE} (${code}); run it as root, as CI does`);
  }
  try {
    return await launch();
  } finally {
    rmSync(FIREFOX_POLICY_FILE, { force: true });
  }
}
