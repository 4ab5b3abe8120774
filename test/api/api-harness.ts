import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdtemp, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { buildServer, demoWorkbookRows, loadConfig, type Service, startService, WorkbookStore } from "@rete-urp/sheets-sync";
import { afterEach, beforeEach, inject } from "vitest";
import type { Clock } from "../../sheets-sync/src/clock.ts";
import { tempWorkspace, type Workspace } from "../support/sheets-sync.ts";

/** A live sheets-sync (in this process, on an ephemeral port) over a temp demo workbook. */
export interface ApiHarness extends Workspace {
  url: string;
  port: number;
  /** The service now running (a new one after `restart`). */
  service: Service;
  clock: Clock & { set(iso: string): void };
  /** What the service logged, line by line. */
  logs: string[];
  tokenFor(email: string): Promise<string>;
  call(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  /**
   * Closes the service as SIGTERM would and starts a new one on the same port, workbook and state
   * dir, as a restart of the process does: what it remembers comes from the state database and
   * the sheet alone.
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface ApiOptions {
  /** The service's environment (SHEETS_SYNC_*), as `serve` would read it. */
  env?: Record<string, string>;
}

export const COORDINATOR = "giulia.bianchi@unione.esempio.it";
export const LUGO_REFERENT = "sara.folli@lugo.esempio.it";
/** The demo's Delegato, who coordinates with the Coordinatore. */
export const DELEGATE = "paolo.gardini@unione.esempio.it";

/**
 * The demo workbook for a given "now", written once per run and copied for each test: writing it
 * through the store takes about half a second, a copy a millisecond. It is kept in the run's demo
 * template folder (removed when the run ends), written beside and renamed, so a file that runs at
 * the same time never copies half of it.
 */
async function demoWorkbookAt(now: Date): Promise<string> {
  const path = join(inject("demoTemplate"), `api-demo-${now.getTime()}.xlsx`);
  if (existsSync(path)) return path;
  // Written in a folder of its own, then renamed into place: files running at once in other
  // workers write the same workbook, and a store cleans up what looks like its own leftovers (a
  // temp file, a lock) beside its file; side by side, one writer's cleanup once took the other's lock.
  const own = await mkdtemp(join(inject("demoTemplate"), `.api-demo-${randomUUID()}-`));
  const temp = join(own, "demo.xlsx");
  const seed = new WorkbookStore(temp);
  await seed.init();
  const demo = demoWorkbookRows(now);
  for (const [tab, rows] of Object.entries(demo)) await seed.append(tab as keyof typeof demo, rows);
  await seed.close();
  await rename(temp, path);
  await rm(own, { recursive: true, force: true });
  return path;
}

export async function startApi(nowIso = "2026-11-23T09:00:00Z", options: ApiOptions = {}): Promise<ApiHarness> {
  const ws = await tempWorkspace();
  let now = new Date(nowIso);
  const clock = { now: () => now, set: (iso: string) => (now = new Date(iso)) };
  await copyFile(await demoWorkbookAt(now), ws.workbook);

  const config = loadConfig({ workbook: ws.workbook, stateDir: ws.stateDir }, { SHEETS_SYNC_REFRESH_SECONDS: "1", ...options.env });
  const logs: string[] = [];
  const start = async (port: number) => {
    const service = await startService(config, { clock, log: (message) => logs.push(message) });
    const app = await buildServer(service);
    await app.listen({ host: "127.0.0.1", port });
    const address = app.server.address();
    return { service, app, port: typeof address === "object" && address ? address.port : port };
  };
  let running = await start(0);
  const url = `http://127.0.0.1:${running.port}`;
  const stop = async () => {
    await running.app.close();
    await running.service.close();
  };
  return {
    ...ws,
    url,
    port: running.port,
    get service() {
      return running.service;
    },
    clock,
    logs,
    tokenFor: (email) => running.service.tokens.create(email, now),
    call: (path, init = {}) => {
      const { token, headers, ...rest } = init;
      return fetch(`${url}${path}`, {
        ...rest,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(headers as Record<string, string>) },
      });
    },
    async restart() {
      await stop();
      running = await start(running.port);
    },
    async close() {
      await stop();
      // Retried: a file the closing service was still finishing can land while the folder goes
      // (ENOTEMPTY, seen once under load); fs.rm's own retries cover it.
      await rm(ws.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}

/**
 * For a file whose every test starts from a fresh demo service: started before each test, then
 * handed to `ready` (the file keeps it and makes the tokens it needs), closed after the test,
 * pass or fail.
 */
export function apiEachTest(ready: (api: ApiHarness) => Promise<void>): void {
  let api: ApiHarness | undefined;
  beforeEach(async () => {
    api = await startApi();
    await ready(api);
  });
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });
}

export function postJson(body: unknown, token: string): RequestInit & { token: string } {
  return { method: "POST", token, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}
