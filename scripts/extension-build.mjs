import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

export const ROOT = join(import.meta.dirname, "..");
const EXTENSION = join(ROOT, "extension");
const BUILD = join(EXTENSION, "build");
export const EXTENSION_DIR = join(BUILD, "chrome-mv3-prod");

/** The two browser targets: the folder Plasmo writes and the extension's npm script that builds it. */
export const TARGETS = {
  chrome: { dir: EXTENSION_DIR, script: "build:chrome", name: "Chrome" },
  firefox: { dir: join(BUILD, "firefox-mv3-prod"), script: "build:firefox", name: "Firefox" },
};

/**
 * What a build of the extension is made of: every file of extension/ but its outputs and tests,
 * the shared domain it bundles, and the lockfile (a dependency upgrade changes the bundle too).
 */
const SOURCES = [
  { dir: EXTENSION, skip: new Set(["build", ".plasmo", "node_modules"]) },
  { dir: join(ROOT, "shared"), skip: new Set(["node_modules"]) },
  { file: join(ROOT, "package-lock.json") },
];

function extensionPresent() {
  const pkg = JSON.parse(readFileSync(join(EXTENSION, "package.json"), "utf8"));
  return Boolean(pkg.scripts?.build) && (existsSync(join(EXTENSION, "popup.tsx")) || existsSync(join(EXTENSION, "src", "popup.tsx")));
}

/** SHA-256 over the path and content of every source file, in a stable order. */
export function sourcesHash() {
  const hash = createHash("sha256");
  const add = (path) => {
    hash.update(`${relative(ROOT, path)}\0`);
    hash.update(readFileSync(path));
    hash.update("\0");
  };
  const walk = (dir, skip) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (skip.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, new Set());
      else if (entry.isFile() && !/\.test\.tsx?$/.test(entry.name)) add(path);
    }
  };
  for (const source of SOURCES) {
    if (source.file) {
      if (existsSync(source.file)) add(source.file);
    } else walk(source.dir, source.skip);
  }
  return hash.digest("hex");
}

/** Beside the target's folder (not in it: Plasmo zips the folder): the sources hash it was built from. */
const stampPath = (target) => join(BUILD, `.${TARGETS[target].script.replace("build:", "")}-sources.sha256`);

/**
 * True when the target's folder was built by this script from sources with this hash, and nothing
 * rebuilt it since (a plain `npm run build -w @rete-urp/extension` writes no stamp, so its output,
 * newer than the stamp, is not trusted).
 */
function upToDate(target, hash) {
  const manifest = join(TARGETS[target].dir, "manifest.json");
  const stamp = stampPath(target);
  if (!existsSync(manifest) || !existsSync(stamp)) return false;
  if (readFileSync(stamp, "utf8").trim() !== hash) return false;
  return statSync(manifest).mtimeMs <= statSync(stamp).mtimeMs;
}

function fail(status) {
  console.error("la build dell'estensione non è riuscita (vedi sopra)");
  process.exit(status ?? 1);
}

/**
 * Builds the extension when its sources are there; returns false when there is nothing to build.
 * `npm test` builds both targets every time (and the popup's size), printing Plasmo's output.
 */
export function buildExtension() {
  if (!extensionPresent()) return false;
  const hash = sourcesHash();
  for (const target of Object.keys(TARGETS)) rmSync(stampPath(target), { force: true });
  const result = spawnSync("npm", ["run", "build", "--workspace", "@rete-urp/extension"], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) fail(result.status);
  for (const target of Object.keys(TARGETS)) writeFileSync(stampPath(target), `${hash}\n`);
  return true;
}

/**
 * For `npm start`: builds each of `targets` ("chrome", "firefox") whose folder is not already the
 * build of the current sources, quietly (Plasmo's output is shown only when it fails). Returns
 * undefined when there is nothing to build, else per target whether it was built or reused.
 */
export function buildExtensionTargets(targets, { log = console.log } = {}) {
  if (!extensionPresent()) return undefined;
  const hash = sourcesHash();
  const outcome = {};
  for (const target of targets) {
    if (upToDate(target, hash)) {
      outcome[target] = "reused";
      continue;
    }
    log(`Costruisco l'estensione per ${TARGETS[target].name} (circa un minuto la prima volta)…`);
    rmSync(stampPath(target), { force: true });
    const result = spawnSync("npm", ["run", TARGETS[target].script, "--workspace", "@rete-urp/extension"], {
      cwd: ROOT,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status !== 0) {
      process.stdout.write(result.stdout ?? "");
      process.stderr.write(result.stderr ?? "");
      fail(result.status);
    }
    writeFileSync(stampPath(target), `${hash}\n`);
    outcome[target] = "built";
  }
  return outcome;
}
