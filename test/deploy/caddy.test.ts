import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eventually, type Workspace } from "../support/sheets-sync.ts";
import {
  DEPLOY_CADDYFILE,
  type HttpsAnswer,
  httpsCall,
  type RunningCaddy,
  type ServiceBehindCaddy,
  startServiceBehindCaddy,
} from "./caddy.ts";

/**
 * deploy/Caddyfile in front of sheets-sync, over HTTPS, as the installation guide sets it up
 * (docs/installazione.md): the service on loopback with SHEETS_SYNC_PUBLIC_URL the proxy's
 * address and SHEETS_SYNC_TRUSTED_PROXY loopback; the extension's calls go through Caddy.
 */

const EXTENSION_ORIGIN = "chrome-extension://abcdefghijklmnopabcdefghijklmnop";

let dir: string;
let ws: Workspace & { token: string };
let caddy: RunningCaddy;
let running: ServiceBehindCaddy | undefined;

/** What the server's folder holds once IT has published the extension (npm run release): stand-ins here, the real ones in release.test.ts. */
const PUBLISHED = {
  "rete-urp.crx": "Cr24 stand-in",
  "rete-urp.xpi": "PK stand-in",
  "updates.xml": "<?xml version='1.0' encoding='UTF-8'?>\n<gupdate protocol='2.0'/>\n",
  "updates.json": '{"addons":{}}\n',
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rete-urp-caddy-"));
  const extensionFolder = join(dir, "estensione");
  await mkdir(extensionFolder);
  for (const [name, content] of Object.entries(PUBLISHED)) await writeFile(join(extensionFolder, name), content, { mode: 0o644 });
  running = await startServiceBehindCaddy(dir, { extensionFolder });
  ({ ws, caddy } = running);
}, 120_000);

afterAll(async () => {
  await running?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const call = (method: string, path: string, options: { token?: string; headers?: Record<string, string>; body?: unknown } = {}) =>
  httpsCall(caddy, method, path, {
    headers: {
      origin: EXTENSION_ORIGIN,
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });

test("deploy/Caddyfile as shipped is valid and formatted as `caddy fmt` writes it", async () => {
  const adapted = spawnSync("caddy", ["adapt", "--config", DEPLOY_CADDYFILE, "--adapter", "caddyfile"], { encoding: "utf8" });
  expect(adapted.status, adapted.stderr).toBe(0);
  const route = JSON.stringify(JSON.parse(adapted.stdout));
  expect(route).toContain('"dial":"127.0.0.1:8787"');
  expect(route).toContain('"host":["urp.unione.example.it"]');
  expect(route).toContain('"strip_path_prefix":"/estensione"');
  expect(route).toContain('"root":"/var/www/rete-urp/estensione"');
  const formatted = spawnSync("caddy", ["fmt", DEPLOY_CADDYFILE], { encoding: "utf8" });
  expect(formatted.stdout).toBe(await readFile(DEPLOY_CADDYFILE, "utf8"));
});

describe("sheets-sync behind deploy/Caddyfile, over HTTPS", () => {
  test("health answers ok through the proxy, with HSTS from Caddy and the service's own security headers", async () => {
    const health = await eventually(async () => {
      const answer = await call("GET", "/api/v1/health");
      return answer.status === 200 && answer.json<{ status: string }>().status === "ok" ? answer : undefined;
    }, 30_000);
    expect(health.headers["strict-transport-security"]).toBe("max-age=31536000");
    expect(health.headers["x-content-type-options"]).toBe("nosniff");
    expect(health.headers["access-control-allow-origin"]).toBe(EXTENSION_ORIGIN);
  });

  test("/estensione/ serves the server's folder as files, with the types browsers expect; a missing one is Caddy's 404, not the service's", async () => {
    const types = {
      "rete-urp.crx": "application/x-chrome-extension",
      "rete-urp.xpi": "application/x-xpinstall",
      "updates.xml": "text/xml; charset=utf-8",
      "updates.json": "application/json",
    };
    for (const [name, type] of Object.entries(types)) {
      const answer = await httpsCall(caddy, "GET", `/estensione/${name}`);
      expect(answer.status, name).toBe(200);
      expect(answer.headers["content-type"], name).toBe(type);
      expect(answer.text, name).toBe(PUBLISHED[name as keyof typeof PUBLISHED]);
      expect(answer.headers["strict-transport-security"], name).toBe("max-age=31536000");
    }
    const missing = await httpsCall(caddy, "GET", "/estensione/manca.crx");
    expect(missing.status).toBe(404);
    expect(missing.text).toBe("");
    // No listing of the folder.
    expect((await httpsCall(caddy, "GET", "/estensione/")).status).toBe(404);
    // Only /estensione/… is the folder: the service's own 404 (JSON) for a neighbour.
    const service = await httpsCall(caddy, "GET", "/estensioni/updates.xml");
    expect(service.status).toBe(404);
    expect(String(service.headers["content-type"])).toContain("application/json");
  });

  test("the CORS preflight of a chrome-extension:// origin is answered by sheets-sync through Caddy", async () => {
    const preflight = await call("OPTIONS", "/api/v1/practices", {
      headers: { "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe(EXTENSION_ORIGIN);
    expect(String(preflight.headers["access-control-allow-headers"]).toLowerCase()).toContain("authorization");
    expect(String(preflight.headers["access-control-allow-methods"])).toContain("POST");
    const site = await call("OPTIONS", "/api/v1/practices", {
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(site.headers["access-control-allow-origin"]).toBeUndefined();
  });

  test("the snapshot with a token, gzip-encoded as browsers ask, then 304 for its ETag; a POSTed practice changes it", async () => {
    const gzip = { "accept-encoding": "gzip" };
    const first = await call("GET", "/api/v1/snapshot", { token: ws.token, headers: gzip });
    expect(first.status).toBe(200);
    expect(first.headers["content-encoding"]).toBe("gzip");
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^(W\/)?".+"$/);
    expect(first.json<{ me: { email: string } }>().me.email).toBe("giulia.bianchi@unione.esempio.it");

    const unchanged = await call("GET", "/api/v1/snapshot", { token: ws.token, headers: { ...gzip, "if-none-match": etag } });
    expect(unchanged.status).toBe(304);
    expect(unchanged.text).toBe("");

    const id = randomUUID();
    const practice = { id, title: "Sportello unico attraverso il proxy", url: "https://www.comune.example.it/sportello" };
    const created = await call("POST", "/api/v1/practices", { token: ws.token, body: practice });
    expect([201, 202]).toContain(created.status);
    expect(created.headers["access-control-allow-origin"]).toBe(EXTENSION_ORIGIN);
    expect((await call("POST", "/api/v1/practices", { token: ws.token, body: practice })).status).toBeLessThan(300);

    const changed = await eventually(async () => {
      const answer = await call("GET", "/api/v1/snapshot", { token: ws.token, headers: { ...gzip, "if-none-match": etag } });
      return answer.status === 200 ? answer : undefined;
    }, 30_000);
    expect(changed.headers.etag).not.toBe(etag);
    const titles = changed.json<{ practices: { id: string; title: string }[] }>().practices.filter((p) => p.id === id);
    expect(titles).toEqual([expect.objectContaining({ title: practice.title })]);
  });

  test("a bad token gets 401 and no CORS trouble; a missing one too", async () => {
    const bad = await call("GET", "/api/v1/snapshot", { token: "urp_not-a-token" });
    expect(bad.status).toBe(401);
    expect(bad.headers["access-control-allow-origin"]).toBe(EXTENSION_ORIGIN);
    expect((await call("GET", "/api/v1/snapshot")).status).toBe(401);
  });

  test("the calendar feed's URL is built on the public HTTPS address and works through Caddy", async () => {
    const feed = await call("POST", "/api/v1/calendar-feed", { token: ws.token });
    expect(feed.status).toBe(200);
    const { url } = feed.json<{ url: string }>();
    expect(url.startsWith(`${caddy.origin}/api/v1/calendar.ics?key=`)).toBe(true);
    const calendar = await httpsCall(caddy, "GET", url);
    expect(calendar.status).toBe(200);
    expect(String(calendar.headers["content-type"])).toContain("text/calendar");
    expect(calendar.text).toContain("BEGIN:VCALENDAR");
  });

  // Last: it spends the loopback client's allowance of bad tokens for a minute.
  test("a client cannot pick its address with X-Forwarded-For: Caddy sets it, so ten bad tokens from one client get it 429", async () => {
    const answers: HttpsAnswer[] = [];
    for (let i = 0; i < 11; i++) {
      answers.push(await call("GET", "/api/v1/roster", { token: `urp_guess${i}`, headers: { "x-forwarded-for": `203.0.113.${i + 1}` } }));
    }
    // The earlier tests' bad tokens count too: whatever is left of the ten, every spoofed address
    // was counted as the one real client, so the answers turn from 401 to 429 within eleven.
    const statuses = answers.map((answer) => answer.status);
    const limitedAt = statuses.indexOf(429);
    expect(limitedAt).toBeGreaterThan(0);
    expect(statuses.slice(0, limitedAt)).toEqual(Array(limitedAt).fill(401));
    expect(statuses.slice(limitedAt)).toEqual(Array(statuses.length - limitedAt).fill(429));
    expect(Number(answers[limitedAt]!.headers["retry-after"])).toBeGreaterThan(0);
    // A valid token is never counted nor limited (everyone behind the proxy shares one address for it).
    expect((await call("GET", "/api/v1/roster", { token: ws.token })).status).toBe(200);
  });
});
