import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { request as httpsRequest } from "node:https";
import { createServer } from "node:net";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { demoWorkspace, REPO_ROOT, type RunningService, startService, type Workspace } from "../support/sheets-sync.ts";

/**
 * Debian's caddy in front of a sheets-sync on loopback, configured by deploy/Caddyfile itself:
 * only the site address becomes localhost:<free port> with `tls internal` (Caddy's own CA, kept in
 * a temporary XDG_DATA_HOME) and the upstream the test service's port. Nothing else of the file
 * changes, so what is tested is what IT installs.
 */

export const DEPLOY_CADDYFILE = join(REPO_ROOT, "deploy/Caddyfile");
const SITE = "urp.unione.example.it {";
const UPSTREAM = "reverse_proxy 127.0.0.1:8787";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** deploy/Caddyfile for a test: the site on localhost:`port` with Caddy's internal CA, the upstream on `upstreamPort`. */
export async function testCaddyfile(port: number, upstreamPort: number, httpPort: number): Promise<string> {
  const deployed = await readFile(DEPLOY_CADDYFILE, "utf8");
  if (!deployed.includes(SITE) || !deployed.includes(UPSTREAM)) {
    throw new Error(`deploy/Caddyfile no longer has "${SITE}" and "${UPSTREAM}": update test/deploy/caddy.ts with it`);
  }
  const site = deployed.replace(SITE, `localhost:${port} {\n\ttls internal`).replace(UPSTREAM, `reverse_proxy 127.0.0.1:${upstreamPort}`);
  // No admin endpoint, no attempt to install the CA in the system's trust store, no port 80.
  const global = `{\n\tadmin off\n\tskip_install_trust\n\thttp_port ${httpPort}\n\tauto_https disable_redirects\n}\n\n`;
  return global + site;
}

export interface RunningCaddy {
  origin: string;
  port: number;
  /** Caddy's root certificate (PEM), to trust it as a browser that imported it would. */
  ca: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startCaddy(dir: string, upstreamPort: number): Promise<RunningCaddy> {
  const port = await freePort();
  const httpPort = await freePort();
  const config = join(dir, "Caddyfile");
  await mkdir(join(dir, "home"), { recursive: true });
  await writeFile(config, await testCaddyfile(port, upstreamPort, httpPort));
  const child: ChildProcess = spawn("caddy", ["run", "--config", config, "--adapter", "caddyfile"], {
    env: {
      PATH: process.env.PATH,
      HOME: join(dir, "home"),
      XDG_DATA_HOME: join(dir, "data"),
      XDG_CONFIG_HOME: join(dir, "config"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };

  const rootCertificate = join(dir, "data/caddy/pki/authorities/local/root.crt");
  const origin = `https://localhost:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`caddy exited with ${child.exitCode}:\n${output}`);
    if (existsSync(rootCertificate)) {
      const ca = await readFile(rootCertificate, "utf8");
      try {
        await httpsCall({ origin, ca }, "GET", "/api/v1/health"); // any answer, 502 included: TLS works
        return { origin, port, ca, output: () => output, stop };
      } catch {
        // not serving its certificate yet
      }
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`caddy did not serve ${origin} in 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body, gunzipped when it came gzip-encoded. */
  text: string;
  json<T = unknown>(): T;
}

/** One HTTPS request trusting only `ca`, as the extension makes it once the browser trusts the certificate. */
export function httpsCall(
  target: { origin: string; ca: string },
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(new URL(path, target.origin), { method, ca: target.ca, headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        const text = (res.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.setTimeout(15_000, () => req.destroy(new Error(`${method} ${path}: no answer in 15 s`)));
    req.end(options.body);
  });
}

export interface ServiceBehindCaddy {
  ws: Workspace & { token: string };
  service: RunningService;
  caddy: RunningCaddy;
  stop(): Promise<void>;
}

/**
 * A demo workbook served by sheets-sync on loopback behind Caddy, set up as docs/installazione.md
 * says: SHEETS_SYNC_PUBLIC_URL the proxy's address, SHEETS_SYNC_TRUSTED_PROXY loopback. Caddy
 * starts first (it answers 502 until the service listens), so the public URL can name its port.
 */
export async function startServiceBehindCaddy(dir: string): Promise<ServiceBehindCaddy> {
  const ws = await demoWorkspace();
  const servicePort = await freePort();
  const caddy = await startCaddy(join(dir, "caddy"), servicePort);
  const service = await startService({
    workbook: ws.workbook,
    stateDir: ws.stateDir,
    port: servicePort,
    env: { SHEETS_SYNC_PUBLIC_URL: caddy.origin, SHEETS_SYNC_TRUSTED_PROXY: "127.0.0.1,::1" },
  });
  return {
    ws,
    service,
    caddy,
    async stop() {
      await caddy.stop();
      await service.stop();
      await rm(ws.dir, { recursive: true, force: true });
    },
  };
}
