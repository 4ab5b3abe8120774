import { randomUUID } from "node:crypto";
import { chmod, cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { TokenStore } from "@rete-urp/sheets-sync";
import ExcelJS from "exceljs";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { demoWorkspace, eventually, type RunningService, runCli, startService, type Workspace } from "../support/sheets-sync.ts";
import { appendByHeader, readTab } from "../support/workbook-files.ts";

/**
 * Issue 10, points 1 (the input half), 6 (the state dir's half) and 9, against the real
 * sheets-sync binary: hostile text, id conflicts and case, the bad-token limiter behind a
 * proxy, slow bodies, the Host header, what health tells strangers, a roster nobody can use,
 * an unwritable state dir, and tokens and feed keys written by several processes at once.
 */

const COORDINATOR = "giulia.bianchi@unione.esempio.it";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => {});
});

type Demo = Workspace & { token: string; store: string[] };

/** One `init --demo` + `token create` for the file; each test works on a copy of it. */
let template: Workspace & { token: string };
beforeAll(async () => {
  template = await demoWorkspace(COORDINATOR);
});
afterAll(async () => {
  await rm(template.dir, { recursive: true, force: true });
});

async function demo(): Promise<Demo> {
  const dir = await mkdtemp(join(tmpdir(), "rete-urp-hardening-"));
  await cp(template.dir, dir, { recursive: true });
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const ws = {
    dir,
    workbook: join(dir, basename(template.workbook)),
    stateDir: join(dir, basename(template.stateDir)),
    token: template.token,
  };
  return { ...ws, store: ["--workbook", ws.workbook, "--state-dir", ws.stateDir] };
}

async function serve(ws: Workspace, env: Record<string, string> = {}): Promise<RunningService> {
  const service = await startService({ workbook: ws.workbook, stateDir: ws.stateDir, env });
  cleanups.unshift(() => service.stop());
  return service;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: any JSON the service answers; each test asserts its shape.
  json(): any;
}

/** One request with exactly these headers (fetch will not send a Host of our choosing). */
function raw(
  service: RunningService,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Answer> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port: service.port,
        path,
        method: options.method ?? "GET",
        headers: {
          ...(body ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } : {}),
          ...options.headers,
        },
        agent: false,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const post = (service: RunningService, path: string, body: unknown, token: string) =>
  fetch(`${service.url}${path}`, {
    method: "POST",
    headers: { ...bearer(token), "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const get = (service: RunningService, path: string, token?: string) =>
  fetch(`${service.url}${path}`, { headers: token ? bearer(token) : {} });
const rowsOf = async (workbook: string, tab: string) =>
  (await readTab(workbook, tab)).slice(1).filter((row) => row.some((cell) => cell.value !== null));

async function editWorkbook(path: string, change: (workbook: ExcelJS.Workbook) => void) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  change(workbook);
  await workbook.xlsx.writeFile(path);
}

describe("hostile text (issue 10.1)", () => {
  test("a title holding U+FFFF is 201 and stored stripped; snapshot and check still read the workbook", async () => {
    const ws = await demo();
    const service = await serve(ws);
    const id = randomUUID();
    const created = await post(
      service,
      "/api/v1/practices",
      { id, title: "Titolo\uFFFF", excerpt: "a\u0007b\uD800", tags: ["social\uFFFE"] },
      ws.token,
    );
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id, title: "Titolo", excerpt: "ab", tags: ["social"] });

    const cells = (await rowsOf(ws.workbook, "Buone prassi")).find((row) => row[0]?.value === id)!;
    expect(cells.map((cell) => cell.value)).toContain("Titolo");
    const snapshot = await get(service, "/api/v1/snapshot", ws.token);
    expect(snapshot.status).toBe(200);
    expect((await snapshot.json()).practices.find((p: { id: string }) => p.id === id)).toMatchObject({ title: "Titolo", excerpt: "ab" });
    const check = await runCli(["check", ...ws.store]);
    expect(check.code, check.stderr).toBe(0);
    expect((await (await get(service, "/api/v1/health")).json()).status).toBe("ok");
  });

  test("a title of bad characters only is empty, so 400 for the required field", async () => {
    const ws = await demo();
    const service = await serve(ws);
    const refused = await post(service, "/api/v1/practices", { id: randomUUID(), title: "\uFFFF\uD800\u0007" }, ws.token);
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.fields).toEqual({ title: "il titolo è obbligatorio" });
  });
});

describe("ids (issue 10.9)", () => {
  test("a practice with a proposal's UUID is 409 id_conflict, and the other way round; nothing is written twice", async () => {
    const ws = await demo();
    const service = await serve(ws);
    const snapshot = await (await get(service, "/api/v1/snapshot", ws.token)).json();
    const meetingId = snapshot.nextMeeting.id as string;

    const proposalId = randomUUID();
    expect((await post(service, "/api/v1/proposals", { id: proposalId, meetingId, title: "Una proposta" }, ws.token)).status).toBe(201);
    const asPractice = await post(service, "/api/v1/practices", { id: proposalId, title: "Una prassi" }, ws.token);
    expect(asPractice.status).toBe(409);
    expect((await asPractice.json()).error).toMatchObject({ code: "id_conflict" });

    const practiceId = randomUUID();
    expect((await post(service, "/api/v1/practices", { id: practiceId, title: "Una prassi" }, ws.token)).status).toBe(201);
    const asProposal = await post(
      service,
      "/api/v1/proposals",
      { id: practiceId.toUpperCase(), meetingId, title: "Una proposta" },
      ws.token,
    );
    expect(asProposal.status).toBe(409);
    expect((await asProposal.json()).error.code).toBe("id_conflict");

    // After a restart the journal has forgotten the applied writes: the sheet still knows.
    await service.restart();
    expect((await post(service, "/api/v1/practices", { id: proposalId, title: "Una prassi" }, ws.token)).status).toBe(409);
    expect((await rowsOf(ws.workbook, "Buone prassi")).filter((row) => row[0]?.value === proposalId)).toHaveLength(0);
    expect((await rowsOf(ws.workbook, "Proposte")).filter((row) => row[0]?.value === practiceId)).toHaveLength(0);
  });

  test("upper- and lower-case forms of one UUID are one row", async () => {
    const ws = await demo();
    const service = await serve(ws);
    const id = randomUUID();
    const upper = await post(service, "/api/v1/practices", { id: id.toUpperCase(), title: "Maiuscolo" }, ws.token);
    expect(upper.status).toBe(201);
    expect((await upper.json()).id).toBe(id);
    const lower = await post(service, "/api/v1/practices", { id, title: "Minuscolo" }, ws.token);
    expect(lower.status).toBe(200);
    expect((await lower.json()).title).toBe("Maiuscolo");
    const rows = (await rowsOf(ws.workbook, "Buone prassi")).filter((row) => String(row[0]?.value).toLowerCase() === id);
    expect(rows.map((row) => row[0]?.value)).toEqual([id]);
  });
});

describe("the bad-token limiter (issue 10.9)", () => {
  test("a valid token is never limited by others' bad ones from the same address; X-Forwarded-For is ignored by default", async () => {
    const ws = await demo();
    const service = await serve(ws);
    for (let i = 0; i < 10; i++) {
      const answer = await raw(service, "/api/v1/roster", { headers: { ...bearer(`urp_guess${i}`), "x-forwarded-for": `10.0.0.${i}` } });
      expect(answer.status).toBe(401);
    }
    // Another X-Forwarded-For does not make a new client: the socket's address is the one counted.
    const limited = await raw(service, "/api/v1/roster", { headers: { ...bearer("urp_guess10"), "x-forwarded-for": "10.9.9.9" } });
    expect(limited.status).toBe(429);
    expect(limited.json().error.code).toBe("too_many_attempts");
    expect((await get(service, "/api/v1/roster")).status).toBe(429);
    for (let i = 0; i < 5; i++) expect((await get(service, "/api/v1/roster", ws.token)).status).toBe(200);
    expect((await get(service, "/api/v1/snapshot", ws.token)).status).toBe(200);
  });

  test("behind a trusted proxy each client is limited by its own X-Forwarded-For address", async () => {
    const ws = await demo();
    const service = await serve(ws, { SHEETS_SYNC_TRUSTED_PROXY: "127.0.0.1" });
    const from = (address: string, token: string) =>
      raw(service, "/api/v1/roster", { headers: { ...bearer(token), "x-forwarded-for": address } });
    for (let i = 0; i < 10; i++) expect((await from("203.0.113.7", `urp_guess${i}`)).status).toBe(401);
    expect((await from("203.0.113.7", "urp_guess10")).status).toBe(429);
    expect((await from("203.0.113.8", "urp_guess11")).status).toBe(401);
    expect((await from("203.0.113.7", ws.token)).status).toBe(200);
  });

  test("SHEETS_SYNC_TRUSTED_PROXY must be IPs or CIDRs", async () => {
    const ws = await demo();
    const bad = await runCli(["serve", ...ws.store, "--port", "0"], { SHEETS_SYNC_TRUSTED_PROXY: "proxy.example.it" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("errore: configurazione non valida: SHEETS_SYNC_TRUSTED_PROXY");
  });
});

describe("slow requests (issue 10.9)", () => {
  test("a body sent one byte at a time is cut off within the request timeout", async () => {
    const ws = await demo();
    const service = await serve(ws, { SHEETS_SYNC_REQUEST_TIMEOUT_SECONDS: "2" });
    const body = JSON.stringify({ id: randomUUID(), title: "x".repeat(200) });
    const started = Date.now();
    const outcome = await new Promise<{ closedAfterMs: number; response: string }>((resolve, reject) => {
      const socket = connect(service.port, "127.0.0.1");
      let response = "";
      let sent = 0;
      let timer: NodeJS.Timeout | undefined;
      socket.setEncoding("utf8");
      socket.on("data", (chunk) => (response += chunk));
      socket.on("error", () => {});
      socket.on("close", () => {
        clearInterval(timer);
        resolve({ closedAfterMs: Date.now() - started, response });
      });
      socket.on("connect", () => {
        socket.write(
          `POST /api/v1/practices HTTP/1.1\r\nHost: 127.0.0.1:${service.port}\r\nAuthorization: Bearer ${ws.token}\r\n` +
            `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
        );
        timer = setInterval(() => {
          if (sent < body.length && !socket.destroyed) socket.write(body[sent++]!);
        }, 250);
      });
      setTimeout(() => reject(new Error(`still open after 20 s; sent ${sent} bytes`)), 20_000).unref();
    });
    expect(outcome.closedAfterMs).toBeLessThan(8000);
    if (outcome.response) expect(outcome.response).toMatch(/^HTTP\/1\.1 408/);
    // The service is still there for everyone else.
    expect((await get(service, "/api/v1/health")).status).toBe(200);
  });

  test("headers sent one byte at a time are cut off too", async () => {
    const ws = await demo();
    const service = await serve(ws, { SHEETS_SYNC_REQUEST_TIMEOUT_SECONDS: "2" });
    const head = `GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:${service.port}\r\n${"X-Slow: y\r\n".repeat(40)}\r\n`;
    const started = Date.now();
    const closedAfter = await new Promise<number>((resolve, reject) => {
      const socket = connect(service.port, "127.0.0.1");
      let sent = 0;
      const timer = setInterval(() => {
        if (sent < head.length && !socket.destroyed) socket.write(head[sent++]!);
      }, 100);
      socket.on("error", () => {});
      socket.on("data", () => {});
      socket.on("close", () => {
        clearInterval(timer);
        resolve(Date.now() - started);
      });
      setTimeout(() => reject(new Error("still open after 20 s")), 20_000).unref();
    });
    expect(closedAfter).toBeLessThan(8000);
  });
});

describe("public URLs and the Host header (issue 10.9)", () => {
  test("without a public URL the feed URL is the address the service listens on, whatever the Host", async () => {
    const ws = await demo();
    const service = await serve(ws);
    const answer = await raw(service, "/api/v1/calendar-feed", { method: "POST", headers: { ...bearer(ws.token), host: "evil.example" } });
    expect(answer.status).toBe(200);
    const url: string = answer.json().url;
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${service.port}/api/v1/calendar\\.ics\\?key=cal_`));
    expect(url).not.toContain("evil");
    expect((await fetch(url)).status).toBe(200);
  });

  test("with SHEETS_SYNC_PUBLIC_URL the feed URL is built from it, and a request for another host is 421", async () => {
    const ws = await demo();
    const service = await serve(ws, { SHEETS_SYNC_PUBLIC_URL: "https://urp.unione.example.it/" });
    const spoofed = await raw(service, "/api/v1/calendar-feed", { method: "POST", headers: { ...bearer(ws.token), host: "evil.example" } });
    expect(spoofed.status).toBe(421);
    expect(spoofed.json().error.code).toBe("wrong_host");
    expect((await raw(service, "/api/v1/health", { headers: { host: "evil.example:443" } })).status).toBe(421);

    const proxied = await raw(service, "/api/v1/calendar-feed", {
      method: "POST",
      headers: { ...bearer(ws.token), host: "URP.unione.example.it:443" },
    });
    expect(proxied.status).toBe(200);
    expect(proxied.json().url).toMatch(/^https:\/\/urp\.unione\.example\.it\/api\/v1\/calendar\.ics\?key=cal_[A-Za-z0-9_-]{43}$/);
    // The listening address itself still answers (a local probe, a proxy forwarding to it).
    const local = await raw(service, "/api/v1/calendar-feed", {
      method: "POST",
      headers: { ...bearer(ws.token), host: `127.0.0.1:${service.port}` },
    });
    expect(local.status).toBe(200);
    expect(local.json().url).toMatch(/^https:\/\/urp\.unione\.example\.it\/api\/v1\/calendar\.ics\?key=/);
  });

  test("SHEETS_SYNC_PUBLIC_URL must be an http(s) URL", async () => {
    const ws = await demo();
    const bad = await runCli(["serve", ...ws.store, "--port", "0"], { SHEETS_SYNC_PUBLIC_URL: "urp.unione.example.it" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("errore: configurazione non valida: SHEETS_SYNC_PUBLIC_URL");
  });
});

describe("health (issue 10.9)", () => {
  test("without a token: state and counts only; with one: the details", async () => {
    const ws = await demo();
    await appendByHeader(ws.workbook, "Riunioni", { Data: "31/02/2027", Tipo: "Ordinaria", Note: "testo-di-cella-segreto" });
    const service = await serve(ws);
    await eventually(async () => (await (await get(service, "/api/v1/health")).json()).problems === 1, 10_000, "the problem");

    const publicText = await (await get(service, "/api/v1/health")).text();
    const health = JSON.parse(publicText);
    expect(Object.keys(health).sort()).toEqual([
      "deadLetters",
      "lastRefreshAt",
      "pendingWrites",
      "problems",
      "reasons",
      "reconciliations",
      "stale",
      "status",
      "store",
    ]);
    expect(health).toMatchObject({ status: "ok", store: "workbook", stale: false, problems: 1, pendingWrites: 0, reasons: [] });
    for (const secret of [ws.dir, ws.workbook, "rete-urp.xlsx", "31/02/2027", "Riunioni!"]) expect(publicText).not.toContain(secret);
    // A bad token earns no details (and no error: health is public).
    expect(Object.keys(await (await get(service, "/api/v1/health", "urp_nope")).json()).sort()).toEqual(Object.keys(health).sort());

    const detailed = await (await get(service, "/api/v1/health", ws.token)).json();
    expect(detailed).toMatchObject({
      status: "ok",
      problems: 1,
      location: ws.workbook,
      problemList: ['Riunioni!B8: data non valida "31/02/2027"'],
    });
  });

  test("a missing Referenti tab, where everyone gets 403, makes health degraded and says why", async () => {
    const ws = await demo();
    const service = await serve(ws);
    expect((await (await get(service, "/api/v1/health")).json()).status).toBe("ok");
    await editWorkbook(ws.workbook, (workbook) => {
      workbook.getWorksheet("Referenti")!.name = "Referenti vecchi";
    });
    const degraded = await eventually(
      async () => {
        const health = await (await get(service, "/api/v1/health")).json();
        return health.status === "degraded" && health;
      },
      10_000,
      "degraded",
    );
    expect(degraded.reasons).toEqual(["tab_missing:Referenti"]);
    expect((await get(service, "/api/v1/snapshot", ws.token)).status).toBe(403);
    const detailed = await (await get(service, "/api/v1/health", ws.token)).json();
    expect(detailed.explanations).toEqual([expect.stringContaining("Manca la scheda Referenti")]);
  });

  test("a Referenti tab with no usable active row is degraded too", async () => {
    const ws = await demo();
    await editWorkbook(ws.workbook, (workbook) => {
      const sheet = workbook.getWorksheet("Referenti")!;
      sheet.getCell("F1").value = "Posta";
    });
    const service = await serve(ws);
    const health = await (await get(service, "/api/v1/health")).json();
    expect(health).toMatchObject({ status: "degraded", reasons: ["tab_unusable:Referenti"] });
  });
});

describe("the state dir (issue 10.9, 10.6)", () => {
  test("a service that cannot write its state dir exits 2 with what to do, not a stack trace", { timeout: 180_000 }, async () => {
    const ws = await demo();
    const file = join(ws.dir, "un-file");
    await writeFile(file, "");
    const unwritable = ["/proc/nope", file, join(file, "sotto")];
    if (process.getuid?.() !== 0) {
      // Root writes anywhere: a read-only directory only stops other users.
      const readOnly = join(ws.dir, "sola-lettura");
      await mkdir(readOnly);
      await chmod(readOnly, 0o555);
      unwritable.push(readOnly);
    }
    for (const stateDir of unwritable) {
      const result = await runCli(["serve", "--workbook", ws.workbook, "--state-dir", stateDir, "--port", "0"]);
      expect(result.code, result.stderr).toBe(2);
      const lines = result.stderr.trim().split("\n");
      expect(lines[0]).toMatch(new RegExp(`^errore: la cartella di stato ${stateDir.replace(/[/.]/g, "\\$&")} non è scrivibile: `));
      expect(lines[1]).toMatch(/^→ scegli con --state-dir/);
      expect(lines).toHaveLength(2);
      expect(result.stdout).not.toContain("listening");
    }
    const token = await runCli(["token", "create", "--email", COORDINATOR, "--workbook", ws.workbook, "--state-dir", "/proc/nope"]);
    expect(token.code).toBe(2);
    expect(token.stderr).toMatch(/^errore: la cartella di stato \/proc\/nope non è scrivibile/);
  });

  test("20 concurrent `token create` processes: 20 tokens, all valid", { timeout: 300_000 }, async () => {
    const ws = await demo();
    const emails = Array.from({ length: 20 }, (_, i) => `persona.${i}@lugo.esempio.it`);
    await editWorkbook(ws.workbook, (workbook) => {
      const sheet = workbook.getWorksheet("Referenti")!;
      for (const [i, email] of emails.entries())
        sheet.addRow([randomUUID(), "Persona", `Numero ${i}`, "Lugo", "Responsabile URP", email, "", "Sì"]);
    });
    const results = await Promise.all(emails.map((email) => runCli(["token", "create", "--email", email, ...ws.store])));
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const tokens = results.map((result) => result.stdout.trim().split("\n").at(-1)!);
    const store = TokenStore.inStateDir(ws.stateDir);
    expect(await Promise.all(tokens.map((token) => store.verify(token)))).toEqual(emails);
    expect(await store.verify(ws.token)).toBe(COORDINATOR);
    expect(await store.list()).toHaveLength(21);
  });

  test("CLI `feed create` while the service makes feed keys for others: every key works", { timeout: 300_000 }, async () => {
    const ws = await demo();
    const service = await serve(ws);
    const roster: { email: string; active: boolean }[] = (await (await get(service, "/api/v1/roster", ws.token)).json()).roster;
    const emails = roster.map((referent) => referent.email).filter((email) => email !== COORDINATOR);
    const cliEmails = emails.slice(0, 6);
    const serviceEmails = [COORDINATOR, ...emails.slice(6, 10)];
    const tokens = new Map<string, string>([[COORDINATOR, ws.token]]);
    const tokenStore = TokenStore.inStateDir(ws.stateDir);
    for (const email of serviceEmails.slice(1)) tokens.set(email, await tokenStore.create(email, new Date()));
    await eventually(
      async () => (await get(service, "/api/v1/roster", tokens.get(serviceEmails.at(-1)!)!)).status === 200,
      5000,
      "the new tokens",
    );

    let running = true;
    const serviceUrls = new Map<string, string>();
    const serviceLoop = (async () => {
      // The service keeps rotating its referents' keys for as long as the CLIs run.
      while (running) {
        await Promise.all(
          serviceEmails.map(async (email) => {
            const answer = await fetch(`${service.url}/api/v1/calendar-feed`, { method: "POST", headers: bearer(tokens.get(email)!) });
            expect(answer.status).toBe(200);
            serviceUrls.set(email, (await answer.json()).url);
          }),
        );
      }
    })();
    const cli = await Promise.all(
      cliEmails.map((email) => runCli(["feed", "create", "--email", email, "--base-url", service.url, ...ws.store])),
    );
    running = false;
    await serviceLoop;

    for (const result of cli) expect(result.code, result.stderr).toBe(0);
    const urls = [...cli.map((result) => result.stdout.trim()), ...serviceUrls.values()];
    expect(urls).toHaveLength(cliEmails.length + serviceEmails.length);
    const statuses = await Promise.all(urls.map(async (url) => (await fetch(url)).status));
    expect(statuses).toEqual(urls.map(() => 200));
  });
});
