import { type ChildProcess, spawn } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { request as httpsRequest } from "node:https";
import { createServer } from "node:net";
import { join } from "node:path";
import { connect } from "node:tls";
import { gunzipSync } from "node:zlib";
import { demoWorkspace, REPO_ROOT, type RunningService, startService, type Workspace } from "../support/sheets-sync.ts";

/**
 * Debian's caddy in front of a sheets-sync on loopback, configured by deploy/Caddyfile itself:
 * only the site address becomes localhost:<free port> with `tls internal` (Caddy's own CA, kept in
 * a temporary XDG_DATA_HOME), the upstream the test service's port, and the folder served at
 * /estensione/ the test's own. Nothing else of the file changes, so what is tested is what IT
 * installs.
 */

export const DEPLOY_CADDYFILE = join(REPO_ROOT, "deploy/Caddyfile");
const SITE = "urp.unione.example.it {";
const UPSTREAM = "reverse_proxy 127.0.0.1:8787";
/** Where the server keeps what `npm run release` writes (scripts/extension-release.mjs, SERVER_FOLDER). */
const EXTENSION_ROOT = "root * /var/www/rete-urp/estensione";

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

/**
 * deploy/Caddyfile for a test: the site on localhost:`port` with Caddy's internal CA, the upstream
 * on `upstreamPort`, the extension's files from `extensionFolder`.
 */
export async function testCaddyfile(port: number, upstreamPort: number, httpPort: number, extensionFolder: string): Promise<string> {
  const deployed = await readFile(DEPLOY_CADDYFILE, "utf8");
  for (const line of [SITE, UPSTREAM, EXTENSION_ROOT]) {
    if (!deployed.includes(line)) throw new Error(`deploy/Caddyfile no longer has "${line}": update test/deploy/caddy.ts with it`);
  }
  const site = deployed
    .replace(SITE, `localhost:${port} {\n\ttls internal`)
    .replace(UPSTREAM, `reverse_proxy 127.0.0.1:${upstreamPort}`)
    .replace(EXTENSION_ROOT, `root * ${extensionFolder}`);
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

/** Caddy with the test's deploy/Caddyfile; the extension's files from `extensionFolder` (by default an empty one in `dir`). */
export async function startCaddy(dir: string, upstreamPort: number, extensionFolder = join(dir, "estensione")): Promise<RunningCaddy> {
  const port = await freePort();
  const httpPort = await freePort();
  const config = join(dir, "Caddyfile");
  await mkdir(join(dir, "home"), { recursive: true });
  await mkdir(extensionFolder, { recursive: true });
  await writeFile(config, await testCaddyfile(port, upstreamPort, httpPort, extensionFolder));
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

/** One request as Caddy's access log has it (deploy/Caddyfile's `log`: JSON lines in its output). */
export interface AccessLogEntry {
  uri: string;
  status: number;
  userAgent: string;
}

/** The requests Caddy has answered so far, in order, from its access log. */
export function accessLog(caddy: RunningCaddy): AccessLogEntry[] {
  const entries: AccessLogEntry[] = [];
  for (const line of caddy.output().split("\n")) {
    if (!line.startsWith("{")) continue;
    const entry = JSON.parse(line) as { logger?: string; status?: number; request?: { uri: string; headers?: Record<string, string[]> } };
    if (!entry.logger?.startsWith("http.log.access") || !entry.request) continue;
    entries.push({ uri: entry.request.uri, status: entry.status ?? 0, userAgent: entry.request.headers?.["User-Agent"]?.[0] ?? "" });
  }
  return entries;
}

/**
 * base64 SHA-256 of the public key of the certificate Caddy serves, as Chromium's
 * --ignore-certificate-errors-spki-list wants it: Chromium then trusts that one certificate, as a
 * browser that imported Caddy's authority would; any other certificate error still fails.
 */
export function servedKeyHash(caddy: RunningCaddy): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "localhost", port: caddy.port, ca: caddy.ca, servername: "localhost" }, () => {
      const certificate = new X509Certificate(socket.getPeerCertificate().raw);
      const spki = certificate.publicKey.export({ type: "spki", format: "der" });
      socket.end();
      resolve(createHash("sha256").update(spki).digest("base64"));
    });
    socket.once("error", reject);
  });
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
 * `extensionFolder` is what Caddy serves at /estensione/ (the published extension).
 */
export async function startServiceBehindCaddy(dir: string, options: { extensionFolder?: string } = {}): Promise<ServiceBehindCaddy> {
  const ws = await demoWorkspace();
  const servicePort = await freePort();
  const caddy = await startCaddy(join(dir, "caddy"), servicePort, options.extensionFolder);
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
