import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { performance } from "node:perf_hooks";
import { REPO_ROOT } from "../test/support/sheets-sync.ts";

/**
 * The floor the popup is compared with (issue 14): an empty Plasmo React popup, built the way the
 * extension is built. A tiny Plasmo project is generated in bench/.cache/empty-popup/project (git
 * ignored; inside the repository, so it resolves plasmo, react and react-dom from the workspace's
 * node_modules exactly as extension/ does, with nothing installed): a package.json with the
 * extension's own versions of plasmo, react and react-dom and its manifest key, the extension's
 * icon, and a src/popup.tsx rendering one line. It is built with `plasmo build --hoist`, the
 * extension's flags. The build is kept in bench/.cache/empty-popup/build-<hash of its inputs>, so
 * later bench runs reuse it until an input (those files, or the installed versions of plasmo,
 * its Parcel config, react, react-dom) changes. A build takes about 30 s of CPU and waits until
 * no other `plasmo build` is running on the machine.
 */

const CACHE_DIR = join(REPO_ROOT, "bench/.cache/empty-popup");
const PROJECT_DIR = join(CACHE_DIR, "project");
const LOCK_DIR = join(CACHE_DIR, "lock");
const BUILD_FLAGS = ["build", "--hoist"];
/** The selector the popup bench waits for: the floor's one line carries the real popup's test id. */
export const FLOOR_LINE_TEST_ID = "meeting-date";

export interface EmptyPopupBuild {
  /** The built unpacked extension (manifest.json inside). */
  dir: string;
  hash: string;
  /** False when an earlier run's build was reused. */
  built: boolean;
  /** Wall time of `plasmo build`, when it ran. */
  buildSeconds?: number;
  /** Its extension ID, fixed by the manifest key. */
  extensionId: string;
}

export type EmptyPopupOutcome = EmptyPopupBuild | { skipped: string };

interface ExtensionPackage {
  dependencies: Record<string, string>;
  manifest: { key: string };
}

/** The files of the floor project, path → contents. */
function projectFiles(): Map<string, Buffer> {
  const extension = JSON.parse(readFileSync(join(REPO_ROOT, "extension/package.json"), "utf8")) as ExtensionPackage;
  const pick = (name: string) => {
    const version = extension.dependencies[name];
    if (!version) throw new Error(`extension/package.json has no dependency ${name}`);
    return version;
  };
  const packageJson = {
    name: "rete-urp-empty-popup",
    displayName: "Empty popup",
    version: "0.0.0",
    private: true,
    description: "The floor of the popup bench: an empty Plasmo React popup",
    dependencies: { plasmo: pick("plasmo"), react: pick("react"), "react-dom": pick("react-dom") },
    manifest: { key: extension.manifest.key },
  };
  const tsconfig = {
    extends: "plasmo/templates/tsconfig.base",
    include: [".plasmo/index.d.ts", "src/**/*.tsx"],
    compilerOptions: { strict: true, jsx: "react-jsx", moduleResolution: "Bundler" },
  };
  const popup = [
    "// The floor of the popup bench: an empty Plasmo React popup, one line.",
    "export default function Popup() {",
    `  return <p data-testid="${FLOOR_LINE_TEST_ID}">Prossima riunione</p>;`,
    "}",
    "",
  ].join("\n");
  return new Map([
    ["package.json", Buffer.from(`${JSON.stringify(packageJson, null, 2)}\n`)],
    ["tsconfig.json", Buffer.from(`${JSON.stringify(tsconfig, null, 2)}\n`)],
    ["src/popup.tsx", Buffer.from(popup)],
    ["assets/icon.png", readFileSync(join(REPO_ROOT, "extension/assets/icon.png"))],
  ]);
}

function installedVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(REPO_ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "missing";
  }
}

function inputsHash(files: Map<string, Buffer>): string {
  const hash = createHash("sha256");
  for (const [path, contents] of [...files].sort(([a], [b]) => a.localeCompare(b))) hash.update(`${path}\0`).update(contents).update("\0");
  for (const name of ["plasmo", "@plasmohq/parcel-config", "react", "react-dom"]) hash.update(`${name}@${installedVersion(name)}\0`);
  hash.update(BUILD_FLAGS.join(" "));
  return hash.digest("hex").slice(0, 16);
}

/** Chrome's extension ID for a manifest key: the first 128 bits of its SHA-256, hex digits as a–p. */
export function extensionIdFromKey(key: string): string {
  const hex = createHash("sha256").update(Buffer.from(key, "base64")).digest("hex").slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join("");
}

/** Other `plasmo build` processes on the machine (another extension build), from /proc. */
function otherPlasmoBuilds(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    } catch {
      continue;
    }
    if (argv.some((arg, i) => /plasmo/.test(basename(arg)) && !arg.includes(" ") && argv[i + 1] === "build")) pids.push(pid);
    else if (argv.some((arg, i) => /(^|\/)\.bin\/plasmo$|plasmo\/bin\/index\.mjs$/.test(arg) && argv[i + 1] === "build")) pids.push(pid);
  }
  return pids;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForNoPlasmoBuild(log: (line: string) => void, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let said = false;
  for (;;) {
    const others = otherPlasmoBuilds();
    if (others.length === 0) return;
    if (Date.now() > deadline) throw new Error(`another plasmo build (pid ${others.join(", ")}) still running after ${timeoutMs / 1000} s`);
    if (!said) log(`  empty popup: waiting for another plasmo build to end (pid ${others.join(", ")})`);
    said = true;
    await sleep(2_000);
  }
}

/** A lock between bench runs building the floor at the same time (a directory with the owner's pid). */
async function withLock<T>(run: () => Promise<T>, log: (line: string) => void): Promise<T> {
  mkdirSync(CACHE_DIR, { recursive: true });
  for (let said = false; ; said = true) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(join(LOCK_DIR, "pid"), String(process.pid));
      break;
    } catch {
      let owner = Number.NaN;
      try {
        owner = Number(readFileSync(join(LOCK_DIR, "pid"), "utf8"));
      } catch {
        // being written, or left without a pid: judged by its age below
      }
      let alive = false;
      try {
        if (Number.isInteger(owner)) {
          process.kill(owner, 0);
          alive = true;
        }
      } catch {
        alive = false;
      }
      const age = Date.now() - (existsSync(LOCK_DIR) ? statSync(LOCK_DIR).mtimeMs : 0);
      if (!alive && (Number.isInteger(owner) || age > 10_000)) rmSync(LOCK_DIR, { recursive: true, force: true });
      else {
        if (!said) log("  empty popup: another bench is building it, waiting");
        await sleep(1_000);
      }
    }
  }
  try {
    return await run();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

function runPlasmoBuild(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, "node_modules/plasmo/bin/index.mjs"), ...BUILD_FLAGS], {
      cwd: PROJECT_DIR,
      env: { ...process.env, NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** The empty popup's build: the cached one when its inputs have not changed, otherwise built now. */
export async function emptyPopupBuild(log: (line: string) => void, waitForOthersMs = 20 * 60_000): Promise<EmptyPopupOutcome> {
  if (!existsSync(join(REPO_ROOT, "node_modules/plasmo/bin/index.mjs"))) return { skipped: "plasmo not installed" };
  const files = projectFiles();
  const hash = inputsHash(files);
  const dir = join(CACHE_DIR, `build-${hash}`);
  const key = (JSON.parse(files.get("package.json")!.toString("utf8")) as ExtensionPackage).manifest.key;
  const extensionId = extensionIdFromKey(key);
  if (existsSync(join(dir, "manifest.json"))) return { dir, hash, built: false, extensionId };

  return withLock(async () => {
    if (existsSync(join(dir, "manifest.json"))) return { dir, hash, built: false, extensionId };
    rmSync(PROJECT_DIR, { recursive: true, force: true });
    for (const [path, contents] of files) {
      mkdirSync(join(PROJECT_DIR, path, ".."), { recursive: true });
      writeFileSync(join(PROJECT_DIR, path), contents);
    }
    await waitForNoPlasmoBuild(log, waitForOthersMs);
    log("  empty popup: plasmo build --hoist (about 30 s of CPU; cached for later runs)");
    const started = performance.now();
    const { code, output } = await runPlasmoBuild();
    const buildSeconds = (performance.now() - started) / 1000;
    const built = join(PROJECT_DIR, "build/chrome-mv3-prod");
    if (code !== 0 || !existsSync(join(built, "manifest.json"))) {
      throw new Error(`plasmo build of the empty popup failed (exit ${code}):\n${output.slice(-4000)}`);
    }
    // Older builds of the floor are of no further use.
    for (const entry of readdirSync(CACHE_DIR))
      if (entry.startsWith("build-")) rmSync(join(CACHE_DIR, entry), { recursive: true, force: true });
    const staging = `${dir}.partial`;
    cpSync(built, staging, { recursive: true });
    renameSync(staging, dir);
    return { dir, hash, built: true, buildSeconds, extensionId };
  }, log);
}
