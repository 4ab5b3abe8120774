import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * A Chromium that can load unpacked extensions: CHROME_PATH, then Debian's chromium, then a
 * Playwright-managed one. (Branded Google Chrome ignores --load-extension since v137.)
 */
export function findChromium(env = process.env) {
  if (env.CHROME_PATH) return existsSync(env.CHROME_PATH) ? env.CHROME_PATH : undefined;
  for (const name of ["chromium", "chromium-browser"]) {
    try {
      const path = execFileSync("which", [name], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
      if (path) return path;
    } catch {
      // not on PATH
    }
  }
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  const cache = env.PLAYWRIGHT_BROWSERS_PATH || join(homedir(), ".cache", "ms-playwright");
  if (existsSync(cache)) {
    for (const dir of readdirSync(cache)
      .filter((d) => d.startsWith("chromium-"))
      .sort()
      .reverse()) {
      for (const sub of ["chrome-linux64/chrome", "chrome-linux/chrome"]) {
        const path = join(cache, dir, sub);
        if (existsSync(path)) return path;
      }
    }
  }
  return undefined;
}

export const CHROMIUM_HINT =
  "Chromium non trovato: installalo con `sudo apt-get install -y chromium` (Debian/Ubuntu) oppure indica il percorso con CHROME_PATH=/percorso/chromium";
