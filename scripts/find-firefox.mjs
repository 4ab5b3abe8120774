import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");
export const FIREFOX_EXTENSION_DIR = join(ROOT, "extension", "build", "firefox-mv3-prod");

/**
 * A Firefox for the end-to-end tests of the Firefox build: FIREFOX_PATH, then Debian's
 * firefox-esr, then a `firefox` on PATH. Driven by puppeteer-core over WebDriver BiDi, which
 * needs no driver binary besides the browser itself.
 */
export function findFirefox(env = process.env) {
  if (env.FIREFOX_PATH) return existsSync(env.FIREFOX_PATH) ? env.FIREFOX_PATH : undefined;
  for (const name of ["firefox-esr", "firefox"]) {
    try {
      const path = execFileSync("which", [name], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
      if (path) return path;
    } catch {
      // not on PATH
    }
  }
  return undefined;
}

export const FIREFOX_HINT =
  "Firefox non trovato: installalo con `sudo apt-get install -y firefox-esr` (Debian/Ubuntu) oppure indica il percorso con FIREFOX_PATH=/percorso/firefox";

/**
 * Mozilla's own linter (the one addons.mozilla.org runs on upload) on the Firefox build. Fails on
 * any error, and on any warning about manifest.json: those are ours to fix (minimum version, data
 * collection); the others are in bundled libraries (React's innerHTML for SVG, Parcel's dynamic
 * import), which AMO accepts. Prints a one-line summary.
 */
export function lintFirefoxBuild(dir = FIREFOX_EXTENSION_DIR) {
  const bin = join(ROOT, "node_modules", ".bin", "addons-linter");
  const result = spawnSync(bin, ["--output", "json", dir], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    console.error(`addons-linter non ha prodotto un rapporto leggibile (uscita ${result.status}):\n${result.stderr || result.stdout}`);
    process.exit(1);
  }
  const describe = (message) =>
    `  ${message.code} ${message.file ?? ""}: ${message.message} ${typeof message.description === "string" ? message.description : ""}`;
  const blocking = [...report.errors, ...report.warnings.filter((warning) => warning.file === "manifest.json")];
  const counts = (list) => {
    const byCode = new Map();
    for (const message of list) byCode.set(message.code, (byCode.get(message.code) ?? 0) + 1);
    return [...byCode].map(([code, count]) => `${code} ×${count}`).join(", ");
  };
  console.log(
    `addons-linter ${dir}: ${report.summary.errors} errors, ${report.summary.warnings} warnings${report.warnings.length ? ` (${counts(report.warnings)})` : ""}, ${report.summary.notices} notices`,
  );
  if (blocking.length > 0) {
    console.error(`la build per Firefox non passa addons-linter:\n${blocking.map(describe).join("\n")}`);
    process.exit(1);
  }
}
