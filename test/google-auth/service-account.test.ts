import { randomUUID } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { insertsRows } from "../support/google-requests.ts";
import { DEMO_COORDINATOR } from "../support/google-workspace.ts";
import { TOKEN_URL } from "../support/oauth-token-endpoint.ts";
import { type OfflineGoogle, SHEETS_SCOPE, startOfflineGoogle } from "../support/offline-google.ts";
import { eventually, type RunningService, runCli, startService } from "../support/sheets-sync.ts";

/**
 * The Google service account, for real: sheets-sync with a service-account key file and nothing
 * else Google-specific (no SHEETS_API_ROOT_URL, no GOOGLE_ACCESS_TOKEN), reaching
 * oauth2.googleapis.com and sheets.googleapis.com through an HTTPS proxy that intercepts TLS with
 * a test CA (test/support/offline-google.ts). The key's signed assertion is exchanged for an
 * access token, which the Sheets double then requires; a key the sheet was not shared with, a
 * key Google does not know, a missing or broken key file each say what to do.
 */

const ACCOUNT = "sheets-sync@rete-urp-test.iam.gserviceaccount.com";
const OTHER_ACCOUNT = "sheets-sync@altro-progetto.iam.gserviceaccount.com";

let google: OfflineGoogle;
let stateDir: string;
let store: string[];
const services: RunningService[] = [];

beforeEach(async () => {
  google = await startOfflineGoogle();
  stateDir = join(google.dir, "state");
  store = ["--sheet-id", google.double.sheetId, "--state-dir", stateDir];
});
afterEach(async () => {
  for (const service of services.splice(0)) await service.stop();
  await google.close();
});

async function serve(keyFile: string): Promise<RunningService> {
  const service = await startService({
    workbook: "",
    stateDir,
    storeArgs: ["--sheet-id", google.double.sheetId],
    env: google.env(keyFile),
  });
  services.push(service);
  return service;
}

/** Only the token endpoint was reached, through the proxy: the refused key never got to Sheets. */
function expectOnlyOAuthReached() {
  expect(google.proxy.refused).toEqual([]);
  expect(new Set(google.proxy.connects)).toEqual(new Set(["oauth2.googleapis.com:443"]));
}

/** Only the two Google hosts were reached, through the proxy: nothing else was tried. */
function expectOnlyGoogleHostsReached() {
  expect(google.proxy.refused).toEqual([]);
  expect(new Set(google.proxy.connects)).toEqual(new Set(["oauth2.googleapis.com:443", "sheets.googleapis.com:443"]));
}

describe("a service-account key through the real token exchange", () => {
  test("init, token create, serve and a practice written through the API, all as the service account", async () => {
    const key = await google.serviceAccount(ACCOUNT);
    google.shareWith(ACCOUNT);
    const env = google.env(key.file);
    expect(env).not.toHaveProperty("SHEETS_API_ROOT_URL");
    expect(env).not.toHaveProperty("GOOGLE_ACCESS_TOKEN");

    const init = await runCli(["init", "--demo", ...store], env);
    expect(init.stderr).not.toMatch(/errore/);
    expect(init.code).toBe(0);
    expect(google.double.tabTitles()).toEqual(expect.arrayContaining(["Referenti", "Riunioni", "Buone prassi", "Impostazioni"]));

    // The assertion the key signed: checked by the endpoint (signature, iss, aud, iat/exp,
    // scope), and what it claims is what Google expects of a service account.
    expect(google.tokenEndpoint.refusals).toEqual([]);
    expect(google.tokenEndpoint.grants.length).toBeGreaterThanOrEqual(1);
    const grant = google.tokenEndpoint.grants[0]!;
    expect(grant.header.alg).toBe("RS256");
    expect(grant.claims).toMatchObject({ iss: ACCOUNT, aud: TOKEN_URL });
    expect(grant.claims.scope.split(" ")).toContain(SHEETS_SCOPE);
    expect(grant.claims.exp - grant.claims.iat).toBeLessThanOrEqual(3600);
    expect(Math.abs(grant.claims.iat - Date.now() / 1000)).toBeLessThan(120);
    // Every call to Sheets carried an access token the endpoint issued to the account.
    expect(google.double.requests.length).toBeGreaterThan(0);
    expect(google.double.requests.every((request) => request.caller === ACCOUNT)).toBe(true);

    const created = await runCli(["token", "create", "--email", DEMO_COORDINATOR, ...store], env);
    expect(created.code).toBe(0);
    const token = created.stdout.trim().split("\n").at(-1)!;

    const service = await serve(key.file);
    const auth = { authorization: `Bearer ${token}` };
    const health = await eventually(
      async () => {
        const body = await (await fetch(`${service.url}/api/v1/health`, { headers: auth })).json();
        return body.lastRefreshAt ? body : undefined;
      },
      20_000,
      "the first read of the sheet",
    );
    expect(health).toMatchObject({ status: "ok", store: "google", stale: false });

    const id = randomUUID();
    const title = "Modulo unico per l'accesso agli atti";
    const answer = await fetch(`${service.url}/api/v1/practices`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ id, title, url: "https://www.comune.lugo.ra.it/accesso-atti" }),
    });
    expect([201, 202]).toContain(answer.status);
    const row = await eventually(
      () => google.double.values("Buone prassi").find((cells) => cells[0] === id),
      20_000,
      "the practice in the sheet",
    );
    expect(row).toContain(title);
    const appends = google.double.requests.filter((request) => insertsRows(request) && JSON.stringify(request.body).includes(id));
    expect(appends.length).toBe(1);
    expect(appends[0]!.caller).toBe(ACCOUNT);

    // One exchange per process (init, token create, serve): the access token is kept for its hour.
    expect(google.tokenEndpoint.grants.map((g) => g.email)).toEqual([ACCOUNT, ACCOUNT, ACCOUNT]);
    expectOnlyGoogleHostsReached();
  });
});

describe("a key that cannot reach the sheet says what to do", () => {
  test("a key of an account the sheet is not shared with: init and check name it and say to share the sheet as Editor, serve's health too", async () => {
    const key = await google.serviceAccount(ACCOUNT);
    google.shareWith(ACCOUNT);
    const env = google.env(key.file);
    expect((await runCli(["init", "--demo", ...store], env)).code).toBe(0);
    const created = await runCli(["token", "create", "--email", DEMO_COORDINATOR, ...store], env);
    const token = created.stdout.trim().split("\n").at(-1)!;

    // The key is swapped for one of another project's account, which nobody shared the sheet with.
    const other = await google.serviceAccount(OTHER_ACCOUNT);
    const shareIt = `condividi il foglio con ${OTHER_ACCOUNT} come Editor`;
    for (const command of ["init", "check"]) {
      const result = await runCli([command, ...store], google.env(other.file));
      expect(result.code, command).not.toBe(0);
      expect(result.stderr, command).toContain(
        `Google nega l'accesso al foglio ${google.double.sheetId} (403: The caller does not have permission)`,
      );
      expect(result.stderr, command).toContain(shareIt);
    }
    // Google did issue the token: it is the sheet that refused the account.
    expect(google.tokenEndpoint.grants.at(-1)!.email).toBe(OTHER_ACCOUNT);
    expect(google.double.requests.at(-1)).toMatchObject({ caller: OTHER_ACCOUNT });

    const service = await serve(other.file);
    const health = await eventually(
      async () => {
        const body = await (await fetch(`${service.url}/api/v1/health`, { headers: { authorization: `Bearer ${token}` } })).json();
        return body.error ? body : undefined;
      },
      20_000,
      "health with the read's error",
    );
    expect(health).toMatchObject({ status: "degraded", reasons: ["store_unread"] });
    expect(health.error).toContain(shareIt);

    // Shared at last: the service reads the sheet at its next refresh, without a restart.
    google.shareWith(ACCOUNT, OTHER_ACCOUNT);
    await eventually(
      async () => (await (await fetch(`${service.url}/api/v1/health`)).json()).status === "ok",
      20_000,
      "health ok once the sheet is shared",
    );
    expectOnlyGoogleHostsReached();
  });

  test("a key Google no longer has (deleted in Google Cloud): the exchange is refused, the message names the account", async () => {
    await google.serviceAccount(ACCOUNT);
    google.shareWith(ACCOUNT);
    const deleted = await google.serviceAccount(ACCOUNT, { known: false, fileName: "chiave-eliminata.json" });
    const result = await runCli(["check", ...store], google.env(deleted.file));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`Google rifiuta la chiave dell'account di servizio ${ACCOUNT} (Invalid JWT Signature.)`);
    expect(result.stderr).toContain("crea una nuova chiave JSON");
    expect(google.tokenEndpoint.refusals).toEqual([{ error: "invalid_grant", description: "Invalid JWT Signature." }]);
    expect(google.double.requests).toEqual([]);
    expectOnlyOAuthReached();
  });

  test("a server whose clock is two hours off: Google refuses the assertion, the message says to fix the clock", async () => {
    const key = await google.serviceAccount(ACCOUNT);
    google.shareWith(ACCOUNT);
    google.tokenEndpoint.skewSeconds = 2 * 3600;
    const result = await runCli(["check", ...store], google.env(key.file));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`Google rifiuta la chiave dell'account di servizio ${ACCOUNT}`);
    expect(result.stderr).toContain("l'orologio di questo server è sbagliato");
    expect(google.tokenEndpoint.refusals.map((refusal) => refusal.error)).toEqual(["invalid_grant"]);
    expect(google.double.requests).toEqual([]);
  });

  test("a key file that is missing, not JSON, incomplete or with a damaged private key: a clear message before any call", async () => {
    const key = await google.serviceAccount(ACCOUNT);
    google.shareWith(ACCOUNT);
    const good = JSON.parse(await readFile(key.file, "utf8"));
    const file = (name: string) => join(google.dir, name);
    await writeFile(file("troncata.json"), (await readFile(key.file, "utf8")).slice(0, 200));
    await writeFile(file("senza-email.json"), JSON.stringify({ ...good, client_email: undefined }));
    await writeFile(
      file("chiave-rovinata.json"),
      JSON.stringify({ ...good, private_key: good.private_key.replace(/\n[A-Za-z0-9+/]{20}/, "\nquesta-riga-e-stata-cambiata") }),
    );
    const cases: [string, string][] = [
      [
        file("non-esiste.json"),
        `Non trovo il file della credenziale Google ${file("non-esiste.json")} (GOOGLE_APPLICATION_CREDENTIALS): controlla il percorso`,
      ],
      [file("troncata.json"), `Il file ${file("troncata.json")} (GOOGLE_APPLICATION_CREDENTIALS) non è un JSON valido`],
      [file("senza-email.json"), `Il file ${file("senza-email.json")} (GOOGLE_APPLICATION_CREDENTIALS) è incompleto (manca client_email)`],
      [
        file("chiave-rovinata.json"),
        `La chiave privata nel file ${file("chiave-rovinata.json")} (GOOGLE_APPLICATION_CREDENTIALS) non è leggibile`,
      ],
    ];
    for (const [keyFile, message] of cases) {
      const result = await runCli(["check", ...store], google.env(keyFile));
      expect(result.code, keyFile).toBe(2);
      expect(result.stderr, keyFile).toContain(message);
    }
    // serve refuses to start on it, with the same message.
    await expect(serve(file("non-esiste.json"))).rejects.toThrow(/Non trovo il file della credenziale Google/);
    expect(google.proxy.connects).toEqual([]);
    expect(google.proxy.refused).toEqual([]);
  });
});

describe("the proxy is the only way out", () => {
  test("without the proxy's CA the TLS handshake fails, and the message points at NODE_EXTRA_CA_CERTS", async () => {
    const key = await google.serviceAccount(ACCOUNT);
    google.shareWith(ACCOUNT);
    const result = await runCli(["check", ...store], { ...google.env(key.file), NODE_EXTRA_CA_CERTS: "" });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("il certificato TLS ricevuto non è fidato");
    expect(result.stderr).toContain("NODE_EXTRA_CA_CERTS");
    // The tunnel was opened, but no request ever reached the token endpoint or the sheet.
    expect(google.proxy.connects.length).toBeGreaterThan(0);
    expect(google.tokenEndpoint.grants).toEqual([]);
    expect(google.tokenEndpoint.refusals).toEqual([]);
    expect(google.double.requests).toEqual([]);
  });

  test("any other host, and plain HTTP, are refused and listed", async () => {
    const proxy = new URL(google.proxy.url);
    const connect = (target: string) =>
      new Promise<number>((resolve, reject) => {
        const request = httpRequest({ host: proxy.hostname, port: proxy.port, method: "CONNECT", path: target });
        request.on("connect", (answer, socket) => {
          socket.destroy();
          resolve(answer.statusCode ?? 0);
        });
        request.on("error", reject);
        request.end();
      });
    expect(await connect("www.googleapis.com:443")).toBe(403);
    expect(await connect("sheets.googleapis.com:80")).toBe(403);
    expect(await connect("sheets.googleapis.com:443")).toBe(200);
    const metadata = "http://metadata.google.internal/computeMetadata/v1/project/project-id";
    const plain = await new Promise<number>((resolve, reject) => {
      const request = httpRequest({ host: proxy.hostname, port: proxy.port, path: metadata }, (answer) => {
        answer.resume();
        resolve(answer.statusCode ?? 0);
      });
      request.on("error", reject);
      request.end();
    });
    expect(plain).toBe(403);
    expect(google.proxy.refused).toEqual(["CONNECT www.googleapis.com:443", "CONNECT sheets.googleapis.com:80", `GET ${metadata}`]);
  });
});
