// npm test: type-check, build the extension, then every test (unit, integration, end-to-end in
// Chromium) in one vitest run. Fails at once, in one line, when no Chromium is found.
import { spawnSync } from "node:child_process";
import { CHROMIUM_HINT, findChromium } from "./find-chromium.mjs";
import { EXTENSION_DIR, ROOT, buildExtension } from "./extension-build.mjs";

const chromium = findChromium();
if (!chromium) {
  console.error(CHROMIUM_HINT);
  process.exit(1);
}

const run = (command, args, env = {}) => {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run("npm", ["run", "typecheck"]);
buildExtension();
run("npx", ["vitest", "run", ...process.argv.slice(2)], { CHROME_PATH: chromium, EXTENSION_DIR });
