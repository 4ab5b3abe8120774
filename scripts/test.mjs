// npm test: type-check, lint, compile sheets-sync, build the extension, lint its Firefox build,
// then every test (unit, integration, end-to-end in Chromium and in Firefox) in one vitest run,
// and the few that write under /etc or mount a tmpfs in a second one, in a private namespace
// (private-etc.mjs), so that no test needs root or touches the machine's /etc. Fails at once, in
// one line, when no Chromium, LibreOffice, Firefox, Caddy or systemd-analyze is found.
//
// `npm test -- FILE…` (or any vitest arguments) runs just those, in the private namespace when
// the machine allows one; `npm run test:quick` runs the unit and API tests alone.
import { spawnSync } from "node:child_process";
import { requireSupportedNode } from "../sheets-sync/bin/node-version.js";
import { buildSheetsSync } from "../sheets-sync/scripts/build.mjs";
import { buildExtension, EXTENSION_DIR, ROOT } from "./extension-build.mjs";
import { CHROMIUM_HINT, findChromium } from "./find-chromium.mjs";
import { CADDY_HINT, caddyFound, OPENSSL_HINT, opensslFound, SYSTEMD_HINT, systemdAnalyzeFound } from "./find-deploy-tools.mjs";
import { FIREFOX_HINT, findFirefox, lintFirefoxBuild } from "./find-firefox.mjs";
import { LIBREOFFICE_HINT, libreOfficeFound } from "./find-libreoffice.mjs";
import { PRIVATE_ETC_TESTS, privateEtcAvailable, privateEtcSkippedLine, runWithPrivateEtc } from "./private-etc.mjs";

requireSupportedNode();

/** Integration suites whose expectations come from the test clock (test/support/test-clock.ts). */
const DATE_SENSITIVE_SUITES = ["cli/"];

const chromium = findChromium();
if (!chromium) {
  console.error(CHROMIUM_HINT);
  process.exit(1);
}
if (!libreOfficeFound()) {
  console.error(LIBREOFFICE_HINT);
  process.exit(1);
}
const firefox = findFirefox();
if (!firefox) {
  console.error(FIREFOX_HINT);
  process.exit(1);
}
if (!caddyFound()) {
  console.error(CADDY_HINT);
  process.exit(1);
}
if (!systemdAnalyzeFound()) {
  console.error(SYSTEMD_HINT);
  process.exit(1);
}
if (!opensslFound()) {
  console.error(OPENSSL_HINT);
  process.exit(1);
}

const run = (command, args, env = {}) => {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run("npm", ["run", "typecheck"]);
// One linter and formatter (Biome, biome.json): a finding or an unformatted file fails the run.
run("npm", ["run", "lint"]);
// The tests spawn the sheets-sync bin, which runs the compiled dist/: compile the sources as they are now.
await buildSheetsSync();
if (buildExtension()) lintFirefoxBuild();

const browsers = { CHROME_PATH: chromium, EXTENSION_DIR, FIREFOX_PATH: firefox };
const privateEtc = privateEtcAvailable();
const asked = process.argv.slice(2);

if (asked.length > 0) {
  const status = privateEtc ? runWithPrivateEtc("npx", ["vitest", "run", ...asked], browsers) : vitest(asked);
  process.exit(status);
}

const privateFiles = PRIVATE_ETC_TESTS.map(([file]) => `test/${file}`);
let failed = vitest(privateFiles.flatMap((file) => ["--exclude", file])) !== 0;
if (privateEtc) {
  console.log(`\nIn a private /etc and mount namespace: ${PRIVATE_ETC_TESTS.map(([file, why]) => `${file} (${why})`).join(", ")}`);
  failed = runWithPrivateEtc("npx", ["vitest", "run", ...privateFiles], browsers) !== 0 || failed;
} else {
  console.log(privateEtcSkippedLine());
}

// The suites whose expectations depend on "today" run again with the test clock a year after the
// real date: a test that hard-codes a date, and so would turn red on some future day, fails now.
const yearAhead = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString();
console.log(`\nDate-sensitive suites with the clock at ${yearAhead}:`);
failed = vitest(["--project", "integration", ...DATE_SENSITIVE_SUITES], { RETE_URP_TEST_NOW: yearAhead }) !== 0 || failed;
process.exit(failed ? 1 : 0);

/** One vitest run outside the namespace; returns its exit status. */
function vitest(args, env = {}) {
  const result = spawnSync("npx", ["vitest", "run", ...args], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, ...browsers, ...env },
  });
  return result.status ?? 1;
}
