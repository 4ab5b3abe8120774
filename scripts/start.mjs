// npm start [-- --firefox]: compile sheets-sync, create the demo workbook when missing, start
// sheets-sync, build the extension for Chrome (and Firefox when asked) unless the build already
// matches its sources, check the demo token against the running service (a new one when it does
// not work), then print "pronto" with what to load in the browser.
// Environment: PORT, HOST (default 127.0.0.1:8787), SHEETS_SYNC_WORKBOOK, SHEETS_SYNC_STATE_DIR.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { isAbsolute, join, relative } from "node:path";
import { requireSupportedNode } from "../sheets-sync/bin/node-version.js";
import { buildSheetsSync } from "../sheets-sync/scripts/build.mjs";
import { buildExtensionTargets, ROOT, TARGETS } from "./extension-build.mjs";

requireSupportedNode();

const args = process.argv.slice(2);
for (const arg of args) {
  if (arg !== "--firefox") {
    console.error(`opzione sconosciuta ${arg}: npm start accetta solo --firefox (npm start -- --firefox)`);
    process.exit(2);
  }
}
const targets = args.includes("--firefox") ? ["chrome", "firefox"] : ["chrome"];

const dataDir = join(ROOT, "data");
const workbook = process.env.SHEETS_SYNC_WORKBOOK || join(dataDir, "rete-urp.xlsx");
const stateDir = process.env.SHEETS_SYNC_STATE_DIR || dataDir;
const port = process.env.PORT || "8787";
const host = process.env.HOST || "127.0.0.1";
const bin = join(ROOT, "sheets-sync", "bin", "sheets-sync.js");
const storeArgs = ["--workbook", workbook, "--state-dir", stateDir];
// The demo tokens are kept in clear beside the demo data (git-ignored), so that every `npm start`
// can print them again; real tokens are only ever stored hashed, and shown once. A referent's
// first: the popup most people see; then the coordinator's, which also opens Coordinamento.
/** A path as short as it can be said: relative to the repo when inside it. */
const show = (path) => {
  const inside = relative(ROOT, path);
  return inside && !inside.startsWith("..") && !isAbsolute(inside) ? inside : path;
};

/** Runs a sheets-sync command quietly; its output is shown only when it fails. */
function cli(commandArgs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...commandArgs], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`sheets-sync ${commandArgs[0]} è uscito con ${code}\n${stdout}${stderr}`));
    });
  });
}

/**
 * The service in the foreground. Its lines are held until "pronto" is printed, then pass
 * straight through; when it exits, so does npm start, with its code. `listening` resolves with the
 * address it listens on (PORT=0 takes a free port).
 */
function serve() {
  const server = spawn(process.execPath, [bin, "serve", ...storeArgs, "--host", host, "--port", port], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
  let held = "";
  let passThrough = false;
  const relay = (stream) => (chunk) => {
    if (passThrough) stream.write(chunk);
    else held += chunk;
  };
  server.stdout.on("data", relay(process.stdout));
  server.stderr.on("data", relay(process.stderr));
  server.on("exit", (code, signal) => {
    if (!passThrough) process.stdout.write(held);
    process.exit(code ?? (signal ? 0 : 1));
  });
  const listening = new Promise((resolve) => {
    server.stdout.on("data", () => {
      const url = /in ascolto su (\S+)/.exec(held)?.[1];
      if (url) resolve(url);
    });
  });
  return {
    listening,
    release() {
      process.stdout.write(held);
      passThrough = true;
    },
  };
}

/** The email the token belongs to when the service accepts it, else undefined. Waits for the service to answer. */
async function tokenOwner(url, token) {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const answer = await fetch(`${url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${token}` } });
      if (answer.status === 200) return (await answer.json()).me?.email;
      if (answer.status === 401 || answer.status === 403) return undefined;
    } catch {
      // not answering yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

try {
  await buildSheetsSync();
  if (!existsSync(workbook)) {
    console.log(`Creo il foglio dimostrativo ${show(workbook)}…`);
    await cli(["init", "--demo", ...storeArgs]);
  }
  const service = serve();
  // While the service starts (its own process), the extension: usually just a hash of its sources.
  const built = buildExtensionTargets(targets);
  const url = await service.listening;

  const { DEMO_COORDINATOR_EMAIL, DEMO_REFERENT_EMAIL } = await import("../sheets-sync/dist/demo-data.js");
  const tokens = [];
  for (const demo of [
    { email: DEMO_REFERENT_EMAIL, file: join(stateDir, "demo-token.txt"), who: "referente di Lugo" },
    { email: DEMO_COORDINATOR_EMAIL, file: join(stateDir, "demo-token-coordinatrice.txt"), who: "coordinatrice: vede anche Coordinamento" },
  ]) {
    tokens.push({ ...demo, token: await demoToken(url, demo.file, demo.email) });
  }

  service.release();
  printReady({ url, tokens, built });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

/** The demo token of `email` kept in `file`, made (and kept) when it is missing or no longer works. */
async function demoToken(url, file, email) {
  const kept = existsSync(file) ? (await readFile(file, "utf8")).trim() : "";
  if (kept && (await tokenOwner(url, kept)) === email) return kept;
  console.log(`Creo il token dimostrativo di ${email}…`);
  const token = (await cli(["token", "create", "--email", email, ...storeArgs])).trim().split("\n").at(-1);
  await mkdir(stateDir, { recursive: true });
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  // The running service reads the new token within a second.
  await tokenOwner(url, token);
  return token;
}

function printReady({ url, tokens, built }) {
  const extension = [];
  if (!built) extension.push("  Estensione: non presente in questo checkout.");
  else {
    for (const target of targets) {
      const { name, dir } = TARGETS[target];
      extension.push(`  Estensione per ${name}: ${dir}${built[target] === "reused" ? " (già aggiornata)" : ""}`);
    }
    extension.push(
      "    Chrome: chrome://extensions → Modalità sviluppatore → Carica estensione non pacchettizzata → la cartella qui sopra",
    );
    if (targets.includes("firefox")) {
      extension.push(
        "    Firefox: about:debugging → Questo Firefox → Carica componente aggiuntivo temporaneo → manifest.json della cartella",
      );
    } else extension.push("    Per Firefox: npm start -- --firefox");
  }
  console.log(`
Rete URP — pronto
  Foglio (si apre con LibreOffice o Excel): ${show(workbook)}
  Servizio: ${url}
${extension.join("\n")}
  Nelle Opzioni dell'estensione: indirizzo ${url} e uno dei token dimostrativi
  (gli stessi a ogni avvio, conservati in ${show(stateDir)}):
${tokens.map(({ email, who, token }) => `    ${email}, ${who}:\n      ${token}`).join("\n")}
  Ctrl+C per fermare.
`);
}
