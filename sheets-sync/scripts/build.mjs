// npm run build --workspace @rete-urp/sheets-sync: compiles the CLI and the service to JavaScript in
// dist/, which bin/sheets-sync.js runs. One esbuild pass (well under a second): src/main.ts is the
// entry (dist/cli.js, which runs the CLI), each command is its own chunk (imported when that
// command runs, so `--help` loads only commander), @rete-urp/shared and date-fns are bundled in
// (see BUNDLED), every other package stays an import resolved from node_modules at run time. One
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
 * Packages compiled into dist/ rather than imported at run time: the workspace's own (they ship
 * TypeScript), and date-fns with its time-zone companion, tree-shaken to the functions used.
 * date-fns is some 250 modules under one 200 KB package.json, which Node 22 and 24 read again for
 * each module they load: importing it whole costs about a second of CPU there (0.1 s in Node 20),
 * bundled it costs nothing. zod stays external: fastify-type-provider-zod must see the same copy.
 */
const BUNDLED = /^(@rete-urp\/|date-fns(\/|$)|@date-fns\/tz(\/|$))/;

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
    plugins: [
      {
        name: "packages-external-but-shared",
        setup(build) {
          // Bare specifiers are packages: external, except those in BUNDLED.
          build.onResolve({ filter: /^[^./]/ }, (args) =>
            args.kind === "entry-point" || BUNDLED.test(args.path) ? undefined : { path: args.path, external: true },
          );
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
