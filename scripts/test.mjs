// npm test: type-check, lint, compile sheets-sync, build the extension, lint its Firefox build,
// then every test (unit, integration, end-to-end in Chromium and in Firefox) in one vitest run,
// and the few that write under /etc or mount a tmpfs in a second one, in a private namespace
// (private-etc.mjs), so that no test needs root or touches the machine's /etc. Fails at once, in
// one line, when no Chromium, LibreOffice, Firefox, Caddy or systemd-analyze is found.
//
// `npm test -- FILE…` (or any vitest arguments) runs just those, in the private namespace when
// the machine allows one; `npm run test:quick` runs the unit and API tests alone.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { requireSupportedNode } from "../sheets-sync/bin/node-version.js";
import { buildSheetsSync } from "../sheets-sync/scripts/build.mjs";
import { buildExtension, EXTENSION_DIR, ROOT } from "./extension-build.mjs";
import { CHROMIUM_HINT, findChromium } from "./find-chromium.mjs";
import { CADDY_HINT, caddyFound, OPENSSL_HINT, opensslFound, SYSTEMD_HINT, systemdAnalyzeFound } from "./find-deploy-tools.mjs";
import { FIREFOX_HINT, findFirefox, lintFirefoxBuild } from "./find-firefox.mjs";
import { LIBREOFFICE_HINT, libreOfficeFound } from "./find-libreoffice.mjs";
import {
  PRIVATE_ETC_TESTS,
  privateEtcAvailable,
  privateEtcCommand,
  privateEtcSkippedLine,
  rootOnlyLine,
  runWithPrivateEtc,
} from "./private-etc.mjs";

requireSupportedNode();

/** vitest run by the Node that runs this script, not whichever `node` comes first on PATH. */
const VITEST = join(ROOT, "node_modules/vitest/vitest.mjs");
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

// The type-check (16 s on a fresh clone, single-threaded) runs beside the lint and the builds;
// its output is held and printed when it ends, and a finding fails the run before any test.
const typecheck = started("npm", ["run", "typecheck"]);
// One linter and formatter (Biome, biome.json): a finding or an unformatted file fails the run.
run("npm", ["run", "lint"]);
// The tests spawn the sheets-sync bin, which runs the compiled dist/: compile the sources as they are now.
await buildSheetsSync();
if (buildExtension()) lintFirefoxBuild();
const typechecked = await typecheck;
process.stdout.write(typechecked.output);
if (typechecked.status !== 0) process.exit(typechecked.status);

const browsers = { CHROME_PATH: chromium, EXTENSION_DIR, FIREFOX_PATH: firefox };
const privateEtc = privateEtcAvailable();
const asked = process.argv.slice(2);

if (asked.length > 0) {
  const status = privateEtc ? runWithPrivateEtc(process.execPath, [VITEST, "run", ...asked], browsers) : await vitest(asked);
  process.exit(status);
}

// The files that need a private /etc run beside the main run, in their own vitest, their output
// held and printed after the main run's; the main run leaves them out.
const privateFiles = PRIVATE_ETC_TESTS.map(([file]) => `test/${file}`);
const privateRun = privateEtc ? startPrivateRun(privateFiles) : undefined;
// --exclude globs match paths below each project's root (test/ here).
let failed = (await vitest(PRIVATE_ETC_TESTS.flatMap(([file]) => ["--exclude", `**/${file}`]))) !== 0;
if (privateRun) {
  const { status, output } = await privateRun;
  console.log(`\nIn a private /etc and mount namespace: ${PRIVATE_ETC_TESTS.map(([file, why]) => `${file} (${why})`).join(", ")}`);
  process.stdout.write(output);
  failed = status !== 0 || failed;
} else {
  console.log(privateEtcSkippedLine());
}
if (process.getuid?.() !== 0) console.log(rootOnlyLine());
process.exit(failed ? 1 : 0);

/** One vitest run outside the namespace, its output on ours; resolves to its exit status. */
function vitest(args) {
  const child = spawn(process.execPath, [VITEST, "run", ...args], { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...browsers } });
  return new Promise((resolve) => child.on("close", (code) => resolve(code ?? 1)));
}

/** The private run, started now; resolves to its exit status and everything it printed. */
function startPrivateRun(files) {
  const { command, args } = privateEtcCommand(process.execPath, [VITEST, "run", "--maxWorkers=2", ...files]);
  return started(command, args, browsers);
}

/** `command args`, started now, its output held; resolves to its exit status and that output. */
function started(command, args, env = {}) {
  const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((resolve) => child.on("close", (code) => resolve({ status: code ?? 1, output })));
}
