import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..");
export const EXTENSION_DIR = join(ROOT, "extension", "build", "chrome-mv3-prod");

/** Builds the extension when its sources are there; returns false when there is nothing to build. */
export function buildExtension() {
  const pkg = JSON.parse(readFileSync(join(ROOT, "extension", "package.json"), "utf8"));
  if (
    !pkg.scripts?.build ||
    (!existsSync(join(ROOT, "extension", "popup.tsx")) && !existsSync(join(ROOT, "extension", "src", "popup.tsx")))
  ) {
    return false;
  }
  const result = spawnSync("npm", ["run", "build", "--workspace", "@rete-urp/extension"], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) {
    console.error("la build dell'estensione non è riuscita (vedi sopra)");
    process.exit(result.status ?? 1);
  }
  return true;
}
