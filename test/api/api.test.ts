import { randomUUID } from "node:crypto";
import { unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { SnapshotSchema } from "@rete-urp/shared";
import { describe, expect, test } from "vitest";
import { eventually } from "../support/sheets-sync.ts";
import { appendByHeader, readTab, setCellByHeader } from "../support/workbook-files.ts";
import { type ApiHarness, apiEachTest, COORDINATOR, LUGO_REFERENT, postJson } from "./api-harness.ts";

let api: ApiHarness;
let token: string;

apiEachTest(async (started) => {
  api = started;
  token = await api.tokenFor(COORDINATOR);
});

async function practiceRows() {
  const rows = await readTab(api.workbook, "Buone prassi");
  return rows.slice(1).filter((row) => row.some((cell) => cell.value !== null));
}

describe("health", () => {
  test("GET /api/v1/health needs no token and says ok on a readable workbook", async () => {
    const response = await api.call("/api/v1/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", store: "workbook", stale: false, problems: 0, pendingWrites: 0 });
  });
});

describe("access", () => {
  test("401 without a token, with a malformed header and with an unknown token", async () => {
    for (const headers of [{}, { authorization: "Basic abc" }, { authorization: "Bearer urp_not-a-real-token" }] as Record<
      string,
      string
    >[]) {
      const response = await api.call("/api/v1/snapshot", { headers });
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe("unauthorized");
    }
  });

  test("403 for a token whose email is not in the roster", async () => {
    const stranger = await api.tokenFor("mario.rossi@example.it");
    const response = await api.call("/api/v1/snapshot", { token: stranger });
    expect(response.status).toBe(403);
    expect((await response.json()).error.message).toContain("mario.rossi@example.it non è un referente attivo");
  });

  test("a referent set Attivo = No in the workbook loses access at the next refresh", async () => {
    const lugo = await api.tokenFor(LUGO_REFERENT);
    expect((await api.call("/api/v1/snapshot", { token: lugo })).status).toBe(200);
    await setCellByHeader(api.workbook, "Referenti", { header: "Email", value: LUGO_REFERENT }, "Attivo", "No");
    await eventually(async () => (await api.call("/api/v1/snapshot", { token: lugo })).status === 403, 10_000, "403");
    expect((await api.call("/api/v1/snapshot", { token })).status).toBe(200);
  });

  test("repeated bad tokens from one address get 429 with Retry-After; good tokens are never counted", async () => {
    for (let i = 0; i < 20; i++) expect((await api.call("/api/v1/roster", { token })).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await api.call("/api/v1/roster", { token: `urp_guess${i}` })).status).toBe(401);
    const limited = await api.call("/api/v1/roster", { token: "urp_guess10" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(50);
    expect((await limited.json()).error.code).toBe("too_many_attempts");
  });

  test("CORS admits the extension origins only", async () => {
    const preflight = (origin: string) =>
      api.call("/api/v1/snapshot", {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
      });
    const extension = await preflight("chrome-extension://abcdefghijklmnopabcdefghijklmnop");
    expect(extension.headers.get("access-control-allow-origin")).toBe("chrome-extension://abcdefghijklmnopabcdefghijklmnop");
    expect(extension.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
    const firefox = await preflight("moz-extension://2f1c3a4b-0000-4000-8000-1234567890ab");
    expect(firefox.headers.get("access-control-allow-origin")).toBe("moz-extension://2f1c3a4b-0000-4000-8000-1234567890ab");
    const site = await preflight("https://evil.example");
    expect(site.headers.get("access-control-allow-origin")).toBeNull();
    const get = await api.call("/api/v1/snapshot", { token, headers: { origin: "https://evil.example" } });
    expect(get.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("every answer carries the security headers, errors included", async () => {
    for (const response of [await api.call("/api/v1/health"), await api.call("/api/v1/snapshot"), await api.call("/nope")]) {
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    }
  });

  test("a revoked token is refused at once", async () => {
    expect((await api.call("/api/v1/roster", { token })).status).toBe(200);
    await api.service.tokens.revoke(COORDINATOR);
    expect((await api.call("/api/v1/roster", { token })).status).toBe(401);
  });
});

describe("snapshot", () => {
  test("has me, the next meeting in Rome time, the calendar, the active roster, the practices newest first", async () => {
    const response = await api.call("/api/v1/snapshot", { token });
    expect(response.status).toBe(200);
    const snapshot = SnapshotSchema.parse(await response.json());
    expect(snapshot.me).toEqual({ email: COORDINATOR, firstName: "Giulia", lastName: "Bianchi", ente: "Unione", role: "Coordinatore" });
    expect(snapshot.nextMeeting).toMatchObject({
      start: "2027-01-19T10:00:00+01:00",
      end: "2027-01-19T12:00:00+01:00",
      status: "confirmed",
      source: "sheet",
      location: "Sede dell'Unione, Piazza dei Martiri 1, Lugo",
    });
    expect(snapshot.meetings.some((m) => m.source === "rule" && m.start === "2027-07-20T10:00:00+02:00")).toBe(true);
    expect(new Set(snapshot.roster.map((r) => r.ente)).size).toBe(10);
    expect(snapshot.practices.map((p) => p.date)).toEqual([...snapshot.practices.map((p) => p.date)].sort().reverse());
    expect(snapshot.settings.suggestedTags).toContain("accessibilità");
    expect(snapshot.stale).toBe(false);
  });

  test("ETag: If-None-Match gives 304 until the data changes", async () => {
    const first = await api.call("/api/v1/snapshot", { token });
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await api.call("/api/v1/snapshot", { token, headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");

    await api.service.cache.refresh();
    expect((await api.call("/api/v1/snapshot", { token, headers: { "if-none-match": etag } })).status).toBe(304);

    expect((await api.call("/api/v1/practices", postJson({ id: randomUUID(), title: "Nuova prassi" }, token))).status).toBe(201);
    await eventually(
      async () => (await api.call("/api/v1/snapshot", { token, headers: { "if-none-match": etag } })).status === 200,
      5000,
      "a new ETag",
    );
  });

  test("large snapshots go out gzipped to clients that accept it, and plain to others", async () => {
    const { request } = await import("node:http");
    const get = (headers: Record<string, string>) =>
      new Promise<{ status: number; encoding?: string; bytes: number }>((resolve, reject) => {
        const req = request(`${api.url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${token}`, ...headers } }, (res) => {
          let bytes = 0;
          res.on("data", (chunk: Buffer) => (bytes += chunk.length));
          res.on("end", () =>
            resolve({
              status: res.statusCode!,
              ...(res.headers["content-encoding"] ? { encoding: String(res.headers["content-encoding"]) } : {}),
              bytes,
            }),
          );
        });
        req.on("error", reject);
        req.end();
      });
    const plain = await get({});
    const gzipped = await get({ "accept-encoding": "gzip, deflate, br" });
    expect(plain.encoding).toBeUndefined();
    expect(gzipped.encoding).toBe("gzip");
    expect(gzipped.bytes).toBeLessThan(plain.bytes / 3);
    // fetch decodes it transparently, as the extension's does.
    expect(SnapshotSchema.parse(await (await api.call("/api/v1/snapshot", { token })).json()).me.email).toBe(COORDINATOR);
  });

  test("the next meeting moves on when the clock passes the meeting's end", async () => {
    api.clock.set("2027-01-19T11:59:00Z");
    const during = SnapshotSchema.parse(await (await api.call("/api/v1/snapshot", { token })).json());
    expect(during.nextMeeting?.start).toBe("2027-03-16T10:00:00+01:00");
  });
});

describe("meetings, roster, practices", () => {
  test("GET /meetings/next and /meetings?from&to, rule occurrences included beyond the default window", async () => {
    const next = await (await api.call("/api/v1/meetings/next", { token })).json();
    expect(next.meeting.start).toBe("2027-01-19T10:00:00+01:00");
    const range = await (await api.call("/api/v1/meetings?from=2028-01-01&to=2028-06-30", { token })).json();
    expect(range.meetings.map((m: { start: string; source: string }) => [m.start, m.source])).toEqual([
      ["2028-01-18T10:00:00+01:00", "rule"],
      ["2028-03-21T10:00:00+01:00", "rule"],
      ["2028-05-16T10:00:00+02:00", "rule"],
    ]);
  });

  test("400 names the bad query field", async () => {
    const response = await api.call("/api/v1/meetings?from=31/02/2027", { token });
    expect(response.status).toBe(400);
    expect((await response.json()).error.fields).toEqual({ from: "data non valida: usa AAAA-MM-GG" });
    const reversed = await api.call("/api/v1/meetings?from=2027-05-01&to=2027-01-01", { token });
    expect((await reversed.json()).error.fields).toEqual({ to: "from deve precedere to" });
  });

  test("GET /roster lists active referents of all ten enti", async () => {
    const { roster } = await (await api.call("/api/v1/roster", { token })).json();
    expect(roster.length).toBe(17);
    expect(roster.find((r: { email: string }) => r.email === LUGO_REFERENT)).toMatchObject({
      ente: "Lugo",
      role: "Referente",
      active: true,
    });
  });

  test("GET /practices filters by words (ignoring accents), tag and ente", async () => {
    const search = async (query: string) =>
      ((await (await api.call(`/api/v1/practices?${query}`, { token })).json()).practices as { title: string }[]).map((p) => p.title);
    expect(await search("q=accessibilita")).toEqual(["Pagine accessibili: checklist AgID"]);
    expect(await search("q=spid%20sportello")).toEqual(["Sportello SPID assistito"]);
    expect(await search("tag=Newsletter")).toEqual(['Newsletter con sezione "Dai comuni"']);
    expect(await search("ente=Comune%20di%20Lugo")).toEqual(["Risposte tipo per le segnalazioni sui rifiuti"]);
    expect(await search("q=inesistente")).toEqual([]);
  });
});

describe("POST /api/v1/practices", () => {
  test("201 with the practice, author from the token, literal text in the workbook; the same id again is 200 and no second row", async () => {
    const id = randomUUID();
    const body = {
      id,
      title: '=IMPORTXML("https://evil.example","//a")',
      url: "https://www.comune.lugo.ra.it/x",
      tags: ["social", "+39"],
      excerpt: "Testo selezionato",
    };
    const created = await api.call("/api/v1/practices", postJson(body, token));
    expect(created.status).toBe(201);
    const practice = await created.json();
    expect(practice).toMatchObject({
      id,
      title: body.title,
      ente: "Unione",
      author: "Giulia Bianchi",
      authorEmail: COORDINATOR,
      date: "2026-11-23",
      tags: ["social", "+39"],
    });

    const again = await api.call("/api/v1/practices", postJson({ ...body, title: "altro titolo" }, token));
    expect(again.status).toBe(200);
    expect((await again.json()).title).toBe(body.title);

    const rows = (await practiceRows()).filter((row) => row[0]?.value === id);
    expect(rows).toHaveLength(1);
    expect(rows[0]![2]).toEqual({ value: body.title, formula: false });
    expect(rows[0]![6]?.value).toBe("social, +39");
    expect(rows[0]![9]?.value).toBe(COORDINATOR);
  });

  test("concurrent retries of one id make one row", async () => {
    const id = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => api.call("/api/v1/practices", postJson({ id, title: "Una sola volta" }, token))),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect((await practiceRows()).filter((row) => row[0]?.value === id)).toHaveLength(1);
  });

  test("400 names each invalid field; the author cannot be forged", async () => {
    const bad = await api.call(
      "/api/v1/practices",
      postJson({ id: "abc", title: "  ", url: "javascript:alert(1)", author: "Qualcun altro" }, token),
    );
    expect(bad.status).toBe(400);
    const { error } = await bad.json();
    expect(error.code).toBe("invalid_request");
    expect(error.fields).toEqual({
      id: "l'id deve essere un UUID generato dal client",
      title: "il titolo è obbligatorio",
      url: "solo indirizzi http o https",
      author: "campo non previsto",
    });
    expect(await practiceRows()).toHaveLength(5);
  });

  test("400 for a body that is not JSON, 413 for one over 64 KB", async () => {
    const notJson = await api.call("/api/v1/practices", {
      method: "POST",
      token,
      headers: { "content-type": "application/json" },
      body: "{title",
    });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.code).toBe("invalid_request");
    const huge = await api.call("/api/v1/practices", postJson({ id: randomUUID(), title: "x", excerpt: "a".repeat(70_000) }, token));
    expect(huge.status).toBe(413);
  });

  test("while LibreOffice holds the workbook the write is 202, waits in the journal, and lands once when it is closed", async () => {
    const lock = join(dirname(api.workbook), `.~lock.${basename(api.workbook)}#`);
    await writeFile(lock, "Giulia Bianchi,coordinatore,pc-urp,23.11.2026 10:00,file:///home/\n");
    const id = randomUUID();
    const accepted = await api.call("/api/v1/practices", postJson({ id, title: "Scritta durante il blocco" }, token));
    expect(accepted.status).toBe(202);
    expect((await accepted.json()).id).toBe(id);
    const health = await (await api.call("/api/v1/health")).json();
    expect(health).toMatchObject({ status: "degraded", pendingWrites: 1 });
    expect((await practiceRows()).some((row) => row[0]?.value === id)).toBe(false);

    await unlink(lock);
    await eventually(async () => (await practiceRows()).some((row) => row[0]?.value === id), 15_000, "the row after the lock");
    expect((await practiceRows()).filter((row) => row[0]?.value === id)).toHaveLength(1);
    await eventually(async () => (await (await api.call("/api/v1/health")).json()).status === "ok", 5000, "health ok");
  });
});

describe("hand edits", () => {
  test("a meeting the coordinator adds to the file shows in the API within seconds and gets an ID", async () => {
    await appendByHeader(api.workbook, "Riunioni", { Data: "02/12/2026", Inizio: "15:00", Tipo: "Urgente", Luogo: "Online" });
    const meeting = await eventually(
      async () => {
        const { meetings } = await (await api.call("/api/v1/meetings", { token })).json();
        return (meetings as { kind: string; start: string; id: string }[]).find((m) => m.kind === "urgent");
      },
      10_000,
      "the urgent meeting",
    );
    expect(meeting.start).toBe("2026-12-02T15:00:00+01:00");
    const rows = await readTab(api.workbook, "Riunioni");
    const last = rows.at(-1)!;
    expect(String(last[0]?.value)).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("a bad row is skipped and counted in health; the rest is still served", async () => {
    await appendByHeader(api.workbook, "Riunioni", { Data: "31/02/2027", Tipo: "Ordinaria" });
    await eventually(async () => (await (await api.call("/api/v1/health")).json()).problems === 1, 10_000, "the problem");
    // The cells' text is for token holders only (issue 10.9).
    expect((await (await api.call("/api/v1/health")).json()).problemList).toBeUndefined();
    expect((await (await api.call("/api/v1/health", { token })).json()).problemList).toEqual(['Riunioni!B8: data non valida "31/02/2027"']);
    const { meetings } = await (await api.call("/api/v1/meetings", { token })).json();
    expect(meetings.length).toBeGreaterThan(5);
  });
});
