import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { writeFileAtomic } from "@rete-urp/sheets-sync";
import ExcelJS from "exceljs";
import { afterEach, describe, expect, test } from "vitest";
import { eventually, runCli } from "../support/sheets-sync.ts";
import { appendByHeader, readTab } from "../support/workbook-files.ts";
import { type ApiHarness, type ApiOptions, COORDINATOR, startApi } from "./api-harness.ts";

/**
 * The HTTP API under hostile input, on a service in this process over a copy of the demo
 * workbook: hostile text, id conflicts and case, the bad-token limiter with and without a trusted
 * proxy, slow bodies and headers, the Host header and the public URL, what health tells
 * strangers, a roster nobody can use. What only the real binary can show (its exit codes, several
 * processes at once on one state dir) is in test/cli/hardening.test.ts.
 */

const running: ApiHarness[] = [];
afterEach(async () => {
  for (const api of running.splice(0)) await api.close().catch(() => {});
});

interface Address {
  url: string;
  port: number;
}

/** A demo service with the coordinator's token, closed after the test. */
async function serveDemo(env: ApiOptions["env"] = {}) {
  const api = await startApi(undefined, { env });
  running.push(api);
  const ws = { dir: api.dir, workbook: api.workbook, stateDir: api.stateDir, token: await api.tokenFor(COORDINATOR) };
  return { ws, service: api };
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
  service: Address,
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
const post = (service: Address, path: string, body: unknown, token: string) =>
  fetch(`${service.url}${path}`, {
    method: "POST",
    headers: { ...bearer(token), "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const get = (service: Address, path: string, token?: string) => fetch(`${service.url}${path}`, { headers: token ? bearer(token) : {} });
const rowsOf = async (workbook: string, tab: string) =>
  (await readTab(workbook, tab)).slice(1).filter((row) => row.some((cell) => cell.value !== null));

/**
 * The coordinator's edit, saved whole (written beside and renamed over): written in place, the
 * service's next read could meet half a file, which it rightly serves as stale, and the test would
 * see that instead of what the edit made.
 */
async function editWorkbook(path: string, change: (workbook: ExcelJS.Workbook) => void) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  change(workbook);
  await writeFileAtomic(path, new Uint8Array(await workbook.xlsx.writeBuffer()));
}

describe("hostile text", () => {
  test("a title holding U+FFFF is 201 and stored stripped; snapshot and check still read the workbook", async () => {
    const { ws, service } = await serveDemo();
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
    const check = await runCli(["check", "--workbook", ws.workbook, "--state-dir", ws.stateDir]);
    expect(check.code, check.stderr).toBe(0);
    expect((await (await get(service, "/api/v1/health")).json()).status).toBe("ok");
  });

  test("a title of bad characters only is empty, so 400 for the required field", async () => {
    const { ws, service } = await serveDemo();
    const refused = await post(service, "/api/v1/practices", { id: randomUUID(), title: "\uFFFF\uD800\u0007" }, ws.token);
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.fields).toEqual({ title: "il titolo è obbligatorio" });
  });
});

describe("ids", () => {
  test("a practice with a proposal's UUID is 409 id_conflict, and the other way round; nothing is written twice", async () => {
    const { ws, service } = await serveDemo();
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
    const { ws, service } = await serveDemo();
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

describe("the bad-token limiter", () => {
  test("a valid token is never limited by others' bad ones from the same address; X-Forwarded-For is ignored by default", async () => {
    const { ws, service } = await serveDemo();
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
    const { ws, service } = await serveDemo({ SHEETS_SYNC_TRUSTED_PROXY: "127.0.0.1" });
    const from = (address: string, token: string) =>
      raw(service, "/api/v1/roster", { headers: { ...bearer(token), "x-forwarded-for": address } });
    for (let i = 0; i < 10; i++) expect((await from("203.0.113.7", `urp_guess${i}`)).status).toBe(401);
    expect((await from("203.0.113.7", "urp_guess10")).status).toBe(429);
    expect((await from("203.0.113.8", "urp_guess11")).status).toBe(401);
    expect((await from("203.0.113.7", ws.token)).status).toBe(200);
  });
});

describe("slow requests", () => {
  test("a body sent one byte at a time is cut off within the request timeout", async () => {
    const { ws, service } = await serveDemo({ SHEETS_SYNC_REQUEST_TIMEOUT_SECONDS: "2" });
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
    const { service } = await serveDemo({ SHEETS_SYNC_REQUEST_TIMEOUT_SECONDS: "2" });
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

describe("public URLs and the Host header", () => {
  test("without a public URL the feed URL is the address the service listens on, whatever the Host", async () => {
    const { ws, service } = await serveDemo();
    const answer = await raw(service, "/api/v1/calendar-feed", { method: "POST", headers: { ...bearer(ws.token), host: "evil.example" } });
    expect(answer.status).toBe(200);
    const url: string = answer.json().url;
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${service.port}/api/v1/calendar\\.ics\\?key=cal_`));
    expect(url).not.toContain("evil");
    expect((await fetch(url)).status).toBe(200);
  });

  test("with SHEETS_SYNC_PUBLIC_URL the feed URL is built from it, and a request for another host is 421", async () => {
    const { ws, service } = await serveDemo({ SHEETS_SYNC_PUBLIC_URL: "https://urp.unione.example.it/" });
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
});

describe("health", () => {
  test("without a token: state and counts only; with one: the details", async () => {
    const { ws, service } = await serveDemo();
    await appendByHeader(ws.workbook, "Riunioni", { Data: "31/02/2027", Tipo: "Ordinaria", Note: "testo-di-cella-segreto" });
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
    const { ws, service } = await serveDemo();
    expect((await (await get(service, "/api/v1/health")).json()).status).toBe("ok");
    await editWorkbook(ws.workbook, (workbook) => {
      workbook.getWorksheet("Referenti")!.name = "Referenti vecchi";
    });
    const degraded = await eventually(
      async () => {
        const health = await (await get(service, "/api/v1/health")).json();
        return health.reasons.includes("tab_missing:Referenti") && health;
      },
      10_000,
      "the missing tab in health",
    );
    expect(degraded).toMatchObject({ status: "degraded", reasons: ["tab_missing:Referenti"] });
    expect((await get(service, "/api/v1/snapshot", ws.token)).status).toBe(403);
    const detailed = await (await get(service, "/api/v1/health", ws.token)).json();
    expect(detailed.explanations).toEqual([expect.stringContaining("Manca la scheda Referenti")]);
  });

  test("a Referenti tab with no usable active row is degraded too", async () => {
    const { ws, service } = await serveDemo();
    await editWorkbook(ws.workbook, (workbook) => {
      const sheet = workbook.getWorksheet("Referenti")!;
      sheet.getCell("F1").value = "Posta";
    });
    const health = await eventually(
      async () => {
        const answer = await (await get(service, "/api/v1/health")).json();
        return answer.reasons.includes("tab_unusable:Referenti") && answer;
      },
      10_000,
      "the unusable tab in health",
    );
    expect(health).toMatchObject({ status: "degraded", reasons: ["tab_unusable:Referenti"] });
  });
});
