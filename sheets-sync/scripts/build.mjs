// npm run build --workspace @rete-urp/sheets-sync: compiles the CLI and the service to JavaScript in
// dist/, which bin/sheets-sync.js runs. One esbuild pass (well under a second): src/main.ts is the
// entry (dist/cli.js, which runs the CLI), each command is its own chunk (imported when that
// command runs, so `--help` loads only commander), and the packages it uses are compiled in,
// except the Google client and the logger (see EXTERNAL), imported from node_modules. One
// more entry, dist/demo-data.js, gives `npm start` (scripts/start.mjs) the demo coordinator's
// email.
//
// Safe while the bin is running: npm install, npm start, npm test and each vitest run of the
// integration, e2e and firefox projects build before they spawn the bin, possibly in several
// processes at once. So a file whose content did not change is not rewritten; a changed one is
// written beside and renamed over (chunks have content-hashed names and the entries are renamed
// last, so a process that starts reads either the old set or the new one, whole); and a chunk the
// new entries no longer use is removed only ten minutes after the build that dropped it, so a
// process started just before still finds the chunks it imports.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
export const DIST_DIR = join(PACKAGE_DIR, "dist");
const RETIRED_FILE = join(DIST_DIR, ".retired.json");
const RETIRED_GRACE_MS = 10 * 60 * 1000;

/**
 * Packages left as imports resolved from node_modules at run time; every other one is compiled
 * into dist/. Resolving a package's modules one by one (a stat and a package.json read for each)
 * is most of a command's start: bundled, the service answers health 0.54 s after its start on
 * the demo workbook instead of 0.78, and `check` takes 0.45 s of CPU instead of 0.75 (Node 24,
 * 2 cores; `npm run bench -- start` prints the first), which every CLI command, every restart of
 * the service and every test that runs the binary pays. Left out:
 * - the Google client (@googleapis/sheets, google-auth-library and what they import): large, and
 *   loaded only when a Google Sheet is the store;
 * - pino, Fastify's logger, which finds its transport worker files beside its own modules
 *   (`__dirname`), which a bundle does not have (the service runs with `logger: false`, but a
 *   bundle must not depend on that).
 */
const EXTERNAL = /^(@googleapis\/|google-auth-library(\/|$)|googleapis(\/|$)|pino(\/|$)|thread-stream(\/|$))/;

/**
 * Compiled CommonJS packages (commander, exceljs, Fastify) call `require` for Node's built-in
 * modules: an ES module has none, so each output file makes one for itself.
 */
const REQUIRE_SHIM =
  "import { createRequire as __sheetsSyncRequire } from 'node:module'; const require = __sheetsSyncRequire(import.meta.url);";

/** Builds dist/; returns the number of files written (0 when dist/ was already up to date). */
export async function buildSheetsSync() {
  let esbuild;
  try {
    esbuild = await import("esbuild");
  } catch {
    throw new Error("esbuild non è installato: esegui `npm ci` (o `npm install`) nella cartella del progetto");
  }
  const result = await esbuild.build({
    absWorkingDir: PACKAGE_DIR,
    entryPoints: { cli: "src/main.ts", "demo-data": "src/sheet/demo-data.ts" },
    outdir: "dist",
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node22",
    write: false,
    logLevel: "silent",
    banner: { js: REQUIRE_SHIM },
    plugins: [
      {
        name: "google-client-external",
        setup(build) {
          // Bare specifiers are packages: compiled in, except those in EXTERNAL.
          build.onResolve({ filter: /^[^./]/ }, (args) => (EXTERNAL.test(args.path) ? { path: args.path, external: true } : undefined));
        },
      },
    ],
  });
  for (const warning of result.warnings) console.error(`sheets-sync build: ${warning.text}`);

  // Chunks first, the entries last: an entry never names a file that is not there yet.
  const isEntry = (file) => dirname(file.path) === DIST_DIR;
  const outputs = [...result.outputFiles].sort((a, b) => Number(isEntry(a)) - Number(isEntry(b)));
  let written = 0;
  for (const file of outputs) {
    if (existsSync(file.path) && readFileSync(file.path).equals(file.contents)) continue;
    mkdirSync(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
    written++;
  }
  retireUnused(new Set(outputs.map((file) => relative(DIST_DIR, file.path))));
  return written;
}

/** Removes the files (and a crashed build's temporary files) no build has produced for ten minutes. */
function retireUnused(current) {
  let retired = {};
  try {
    retired = JSON.parse(readFileSync(RETIRED_FILE, "utf8"));
  } catch {
    // none yet, or torn by a concurrent build: start again
  }
  const now = Date.now();
  const next = {};
  const list = (dir) => (existsSync(join(DIST_DIR, dir)) ? readdirSync(join(DIST_DIR, dir)).map((name) => join(dir, name)) : []);
  // Entries an older build had (dist/*.js), and every chunk.
  const present = [...list(".").filter((name) => /\.js(\.\d+\.tmp)?$/.test(name)), ...list("chunks")];
  for (const name of present) {
    if (current.has(name)) continue;
    const since = typeof retired[name] === "number" ? retired[name] : now;
    if (now - since >= RETIRED_GRACE_MS) rmSync(join(DIST_DIR, name), { force: true });
    else next[name] = since;
  }
  const temporary = `${RETIRED_FILE}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`);
  renameSync(temporary, RETIRED_FILE);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const written = await buildSheetsSync();
    if (!process.argv.includes("--quiet")) {
      console.log(`sheets-sync compilato in ${relative(process.cwd(), DIST_DIR) || "."}${written === 0 ? " (già aggiornato)" : ""}`);
    }
  } catch (error) {
    console.error(`sheets-sync: compilazione non riuscita\n${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
