import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, existsSync, symlinkSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, expect, test } from "vitest";
import { REPO_ROOT } from "../support/sheets-sync.ts";

/**
 * `npm start` twice, as a developer does, on a free port (PORT=0), in a private copy of this
 * checkout (its node_modules linked): nobody edits the copy's sources between the two runs, and
 * neither run touches the extension build the end-to-end suites load. The copy takes this
 * checkout's Chrome build and its stamp as they are, so the first run rebuilds only when they do
 * not match the sources (after `npm test` built them, they do). The second run finds the build
 * up to date, creates nothing, and is "pronto" in seconds.
 */

let checkout: string;
const stamp = () => join(checkout, "extension/build/.chrome-sources.sha256");

/** The files npm start reads, copied; node_modules linked; the Chrome build and its stamp copied with their times. */
function copyCheckout(into: string): void {
  const skip = /\/(node_modules|dist|build|\.plasmo)(\/|$)/;
  for (const item of ["package.json", "package-lock.json", "tsconfig.base.json", "scripts", "shared", "sheets-sync", "extension"]) {
    cpSync(join(REPO_ROOT, item), join(into, item), { recursive: true, filter: (source) => !skip.test(source.slice(REPO_ROOT.length)) });
  }
  for (const modules of ["node_modules", "sheets-sync/node_modules"]) {
    if (existsSync(join(REPO_ROOT, modules))) symlinkSync(join(REPO_ROOT, modules), join(into, modules));
  }
  for (const built of ["extension/build/chrome-mv3-prod", "extension/build/.chrome-sources.sha256"]) {
    if (existsSync(join(REPO_ROOT, built)))
      cpSync(join(REPO_ROOT, built), join(into, built), { recursive: true, preserveTimestamps: true });
  }
}

interface Started {
  child: ChildProcess;
  output: string;
  url: string;
  token: string;
  seconds: number;
}

let dir: string;
const running: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rete-urp-start-"));
  checkout = join(dir, "checkout");
  copyCheckout(checkout);
});

afterAll(async () => {
  await Promise.all(running.map(stop));
  await rm(dir, { recursive: true, force: true });
});

/** npm start in its own process group, until "pronto" and the token are printed. */
async function npmStart(timeoutMs: number): Promise<Started> {
  const started = performance.now();
  const child = spawn("npm", ["start"], {
    cwd: checkout,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      // Nothing from the developer's shell chooses another store or clock.
      ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(SHEETS_SYNC_|SHEETS_API_|GOOGLE_)/.test(key))),
      PORT: "0",
      HOST: "127.0.0.1",
    },
  });
  running.push(child);
  let output = "";
  return new Promise<Started>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start not ready in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // The first token printed: the referent's.
      const ready = /Rete URP — pronto[\s\S]*Servizio: (http:\/\/\S+)[\s\S]*?\n\s+(urp_\S+)\n[\s\S]*Ctrl\+C/.exec(output);
      if (!ready) return;
      clearTimeout(timer);
      resolve({ child, output, url: ready[1]!, token: ready[2]!, seconds: (performance.now() - started) / 1000 });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-child.pid!, "SIGINT");
  await exited;
}

test("the second npm start reuses the extension build, the demo workbook and the token, and is ready in seconds", async () => {
  const first = await npmStart(540_000);
  expect(first.output).toContain("Creo il foglio dimostrativo");
  // A referent's token first (the popup most people see), then the coordinator's.
  expect(first.output).toContain("Creo il token dimostrativo di sara.folli@lugo.esempio.it");
  expect(first.output).toContain("Creo il token dimostrativo di giulia.bianchi@unione.esempio.it");
  expect(first.output).toMatch(
    /sara\.folli@lugo\.esempio\.it, referente di Lugo:\n\s+urp_\S+\n\s+giulia\.bianchi@unione\.esempio\.it, coordinatrice/,
  );
  // One language, and no promise the next line breaks: the token is shown again at every start.
  expect(first.output).not.toMatch(/non verrà più mostrato|token created|listening on/);
  const snapshot = await fetch(`${first.url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${first.token}` } });
  expect(snapshot.status).toBe(200);
  expect(((await snapshot.json()) as { me?: { email: string } }).me?.email).toBe("sara.folli@lugo.esempio.it");
  await stop(first.child);
  const stampAfterFirst = (await stat(stamp())).mtimeMs;

  const second = await npmStart(60_000);
  try {
    expect(second.output).not.toContain("Costruisco l'estensione");
    expect(second.output).toContain(`Estensione per Chrome: ${join(checkout, "extension/build/chrome-mv3-prod")} (già aggiornata)`);
    expect(second.output).not.toContain("Creo il");
    expect(second.token).toBe(first.token);
    expect((await stat(stamp())).mtimeMs).toBe(stampAfterFirst);
    expect(second.seconds).toBeLessThan(15);
    const again = await fetch(`${second.url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${second.token}` } });
    expect(again.status).toBe(200);
  } finally {
    await stop(second.child);
  }
}, 660_000);
