import { type ChildProcess, spawn } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, inject } from "vitest";
import { TokenStore } from "../../sheets-sync/src/access/tokens.ts";
import { testNow } from "./test-clock.ts";

/** Runs the real sheets-sync binary, as a user would, for CLI, API, fault and end-to-end tests. */

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = join(REPO_ROOT, "sheets-sync/bin/sheets-sync.js");

export interface Workspace {
  dir: string;
  workbook: string;
  stateDir: string;
}

export async function tempWorkspace(): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), "rete-urp-"));
  return { dir, workbook: join(dir, "rete-urp.xlsx"), stateDir: join(dir, "state") };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A clean environment: no store selection leaks in from the developer's shell. */
function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of [
    "SHEETS_SYNC_WORKBOOK",
    "GOOGLE_SHEET_ID",
    "SHEETS_SYNC_STATE_DIR",
    "PORT",
    "HOST",
    "GOOGLE_ACCESS_TOKEN",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "SHEETS_API_ROOT_URL",
    "SHEETS_SYNC_NOW",
    "SHEETS_SYNC_PUBLIC_URL",
    "SHEETS_SYNC_ALLOW_HTTP",
    "SHEETS_SYNC_TRUSTED_PROXY",
    "SHEETS_SYNC_REQUEST_TIMEOUT_SECONDS",
    "SHEETS_SYNC_ALLOWED_ORIGINS",
    "SHEETS_SYNC_REFRESH_SECONDS",
    "SHEETS_API_TIMEOUT_SECONDS",
  ]) {
    delete env[key];
  }
  const now = testNow();
  return { ...env, ...(now ? { SHEETS_SYNC_NOW: now.toISOString() } : {}), ...extra };
}

export function runCli(args: string[], env: Record<string, string> = {}, cwd = REPO_ROOT): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: baseEnv(env), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * A workspace as `init --demo` leaves it, plus a token for `email` (as `token create` makes it):
 * a copy of the run's demo template (demo-template.ts), with the token issued in this process.
 */
export async function demoWorkspace(email = "giulia.bianchi@unione.esempio.it"): Promise<Workspace & { token: string }> {
  const ws = await tempWorkspace();
  await cp(inject("demoTemplate"), ws.dir, { recursive: true });
  const token = await TokenStore.inStateDir(ws.stateDir).create(email, new Date());
  return { ...ws, token };
}

export interface RunningService {
  url: string;
  port: number;
  workbook: string;
  stateDir: string;
  process: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL at once, as a crash would. */
  kill(): Promise<void>;
  /** Starts the service again on the same port, workbook and state dir. */
  restart(): Promise<void>;
}

export interface StartOptions {
  workbook: string;
  stateDir: string;
  port?: number;
  env?: Record<string, string>;
  /** Extra CLI arguments for `serve` (instead of --workbook, e.g. --sheet-id). */
  storeArgs?: string[];
}

async function spawnServe(options: StartOptions, port: number) {
  const args = [
    BIN,
    "serve",
    ...(options.storeArgs ?? ["--workbook", options.workbook]),
    "--state-dir",
    options.stateDir,
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
  ];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: baseEnv({ SHEETS_SYNC_REFRESH_SECONDS: "1", ...options.env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listening = new Promise<number>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`sheets-sync did not start in 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /in ascolto su http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise(Number(match[1]));
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`sheets-sync exited with ${code} before listening:\n${output}`));
    });
  });
  const actualPort = await listening;
  return { child, port: actualPort, output: () => output };
}

function waitExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => child.once("exit", () => resolvePromise()));
}

export async function startService(options: StartOptions): Promise<RunningService> {
  let current = await spawnServe(options, options.port ?? 0);
  const port = current.port;
  const service: RunningService = {
    url: `http://127.0.0.1:${port}`,
    port,
    workbook: options.workbook,
    stateDir: options.stateDir,
    get process() {
      return current.child;
    },
    output: () => current.output(),
    async stop() {
      current.child.kill("SIGTERM");
      await waitExit(current.child);
    },
    async kill() {
      current.child.kill("SIGKILL");
      await waitExit(current.child);
    },
    async restart() {
      await service.stop();
      // The port was just released; retry briefly in case the OS has not freed it yet.
      for (let attempt = 0; ; attempt++) {
        try {
          current = await spawnServe(options, port);
          return;
        } catch (error) {
          if (attempt >= 10 || !String(error).includes("EADDRINUSE")) throw error;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    },
  };
  return service;
}

/** Polls `check` until it returns a truthy value, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ""}`);
}

/**
 * For suites that start one demo workspace and one service per test: whatever a test put in
 * `live` is stopped and removed after it, pass or fail.
 */
export function liveDemoEachTest(): { ws?: Workspace & { token: string }; service?: RunningService } {
  const live: { ws?: Workspace & { token: string }; service?: RunningService } = {};
  afterEach(async () => {
    await live.service?.stop();
    if (live.ws) await rm(live.ws.dir, { recursive: true, force: true });
    delete live.service;
    delete live.ws;
  });
  return live;
}
