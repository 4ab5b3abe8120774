import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Global setup of the projects that spawn the sheets-sync bin (integration, e2e, firefox): the bin
 * runs the compiled dist/, so it is built once before the run, and a test file run alone right
 * after editing sheets-sync/src or shared/src runs that code, not an older build. Takes well
 * under a second, and writes nothing when dist/ is already up to date.
 */
export default function buildSheetsSync(): void {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, "sheets-sync/scripts/build.mjs"), "--quiet"], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0) throw new Error("sheets-sync build failed (see above)");
}
