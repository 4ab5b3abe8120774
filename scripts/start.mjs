// npm start: build the extension, create the demo workbook and a demo token when missing, print
// what to load in the browser, then run sheets-sync in the foreground.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { register } from "tsx/esm/api";
import { buildExtension, EXTENSION_DIR, ROOT } from "./extension-build.mjs";

register();
const { TokenStore } = await import("../sheets-sync/src/tokens.ts");
const { DEMO_COORDINATOR_EMAIL } = await import("../sheets-sync/src/demo-data.ts");

const dataDir = join(ROOT, "data");
const workbook = process.env.SHEETS_SYNC_WORKBOOK || join(dataDir, "rete-urp.xlsx");
const stateDir = process.env.SHEETS_SYNC_STATE_DIR || dataDir;
const port = process.env.PORT || "8787";
const host = process.env.HOST || "127.0.0.1";
const bin = join(ROOT, "sheets-sync", "bin", "sheets-sync.js");
const storeArgs = ["--workbook", workbook, "--state-dir", stateDir];

const built = buildExtension();

function cli(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`sheets-sync ${args[0]} uscito con ${code}`))));
  });
}

if (!existsSync(workbook)) {
  console.log(`Creo il foglio dimostrativo ${relative(ROOT, workbook)}…`);
  await cli(["init", "--demo", ...storeArgs]);
}

// The demo token is kept in clear beside the demo data (git-ignored) so that every `npm start`
// can print it; real tokens are only ever stored hashed.
const tokenFile = join(stateDir, "demo-token.txt");
let token = existsSync(tokenFile) ? (await readFile(tokenFile, "utf8")).trim() : "";
if (!token || (await TokenStore.inStateDir(stateDir).verify(token)) === undefined) {
  token = (await cli(["token", "create", "--email", DEMO_COORDINATOR_EMAIL, ...storeArgs])).trim().split("\n").at(-1);
  await mkdir(stateDir, { recursive: true });
  await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
}

const url = `http://${host}:${port}`;
console.log(`
Rete URP — pronto
  Foglio (apribile con LibreOffice o Excel): ${workbook}
  Servizio sheets-sync:                      ${url}
  Token dimostrativo (${DEMO_COORDINATOR_EMAIL}):
    ${token}
${
  built
    ? `  Estensione: ${EXTENSION_DIR}
    Chrome/Chromium → chrome://extensions → Modalità sviluppatore → Carica estensione non pacchettizzata
    → scegli la cartella qui sopra; poi nelle Opzioni dell'estensione incolla indirizzo del servizio e token.`
    : "  Estensione: non ancora presente in questo checkout."
}
`);

const server = spawn(process.execPath, [bin, "serve", ...storeArgs, "--host", host, "--port", port], { cwd: ROOT, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
