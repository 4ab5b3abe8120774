import { createHash } from "node:crypto";
import { request as httpRequest } from "node:http";
import {
  AccessRevokedSchema,
  INVITATION_CODE,
  type Invitation,
  InvitationRedeemedSchema,
  InvitationSchema,
  parseInvitation,
  SnapshotSchema,
} from "@rete-urp/shared";
import { describe, expect, test } from "vitest";
import { eventually } from "../support/sheets-sync.ts";
import { stateRows, storedState } from "../support/state-database.ts";
import { setCellByHeader } from "../support/workbook-files.ts";
import { type ApiHarness, apiEachTest, COORDINATOR, DELEGATE, LUGO_REFERENT, postJson } from "./api-harness.ts";

/**
 * Invitations and access (issue 11.2): a coordinator invites a referent of the roster, the
 * referent redeems the code once, with no token, for a token nobody else sees; access is revoked
 * from the API too. The harness's clock is 23 November 2026, 10:00 in Rome.
 */

let api: ApiHarness;
let coordinator: string;

apiEachTest(async (started) => {
  api = started;
  coordinator = await api.tokenFor(COORDINATOR);
});

async function invite(email = LUGO_REFERENT, token = coordinator): Promise<Invitation & { code: string }> {
  const response = await api.call("/api/v1/invitations", postJson({ email }, token));
  expect(response.status).toBe(201);
  const invitation = InvitationSchema.parse(await response.json());
  return { ...invitation, code: parseInvitation(invitation.link)!.code };
}

/** POST /redeem with no Authorization at all. */
const redeem = (code: string, headers: Record<string, string> = {}) =>
  api.call("/api/v1/invitations/redeem", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ code }),
  });

async function errorOf(response: Response) {
  return {
    status: response.status,
    ...((await response.json()) as { error: { code: string; message: string; fields?: Record<string, string> } }).error,
  };
}

describe("POST /api/v1/invitations", () => {
  test("201: the link on the listening address, the Italian text, a mailto; only the code's hash is stored", async () => {
    const invitation = await invite();
    expect(invitation.email).toBe(LUGO_REFERENT);
    expect(invitation.link).toMatch(new RegExp(`^${api.url}/invito/[A-Za-z0-9_-]{24}$`));
    expect(invitation.code).toMatch(INVITATION_CODE);
    expect(invitation.expiresAt).toBe("2026-11-30T10:00:00+01:00");
    const lines = invitation.text.split("\n");
    expect(lines[0]).toBe("Ciao Sara,");
    expect(lines[2]).toMatch(/^Giulia Bianchi \(Unione\) ti invita a Rete URP, lo strumento della rete degli URP/);
    expect(lines[4]).toBe("Fai clic sull'icona di Rete URP nella barra del browser, poi su «Impostazioni», e incolla questo invito:");
    expect(lines[5]).toBe(invitation.link);
    expect(lines[7]).toMatch(/^Non vedi l'icona\? In Chrome ed Edge fai clic sull'icona a forma di puzzle \(Estensioni\)/);
    expect(lines[9]).toContain("vale fino a lunedì 30 novembre 2026 alle 10:00 e si può usare una volta sola");
    const mailto = new URL(invitation.mailto);
    expect(invitation.mailto.startsWith(`mailto:${LUGO_REFERENT}?`)).toBe(true);
    expect(mailto.searchParams.get("subject")).toBe("Invito a Rete URP");
    expect(mailto.searchParams.get("body")).toBe(invitation.text.replace(/\n/g, "\r\n"));

    const file = await storedState(api.stateDir);
    expect(file).not.toContain(invitation.code);
    expect(file).toContain(LUGO_REFERENT);
  });

  test("the link is built from the service's own address, never from the Host header", async () => {
    const port = Number(new URL(api.url).port);
    const body = JSON.stringify({ email: LUGO_REFERENT });
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: "127.0.0.1",
          port,
          path: "/api/v1/invitations",
          method: "POST",
          agent: false,
          headers: {
            host: "evil.example",
            authorization: `Bearer ${coordinator}`,
            "content-type": "application/json",
            "content-length": String(Buffer.byteLength(body)),
          },
        },
        (res) => {
          let text = "";
          res.on("data", (chunk) => (text += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
    expect(answer.status).toBe(201);
    const { link, text } = InvitationSchema.parse(JSON.parse(answer.text));
    expect(link.startsWith(`http://127.0.0.1:${port}/invito/`)).toBe(true);
    expect(text).not.toContain("evil");
  });

  test("400 naming email: not in the roster, Attivo = No, missing or not a string", async () => {
    const stranger = await errorOf(await api.call("/api/v1/invitations", postJson({ email: "nessuno@example.it" }, coordinator)));
    expect(stranger).toMatchObject({ status: 400, code: "invalid_request", fields: { email: "non è nella scheda Referenti" } });
    expect(stranger.message).toBe("nessuno@example.it non è un referente attivo della rete");

    await setCellByHeader(api.workbook, "Referenti", { header: "Email", value: LUGO_REFERENT }, "Attivo", "No");
    await eventually(async () => (await api.call("/api/v1/invitations", postJson({ email: LUGO_REFERENT }, coordinator))).status === 400);
    const inactive = await errorOf(await api.call("/api/v1/invitations", postJson({ email: "SARA.FOLLI@lugo.esempio.it" }, coordinator)));
    expect(inactive).toMatchObject({ status: 400, fields: { email: "ha Attivo = No nella scheda Referenti" } });

    expect(await errorOf(await api.call("/api/v1/invitations", postJson({}, coordinator)))).toMatchObject({
      status: 400,
      fields: { email: "serve l'email di un referente" },
    });
    expect(await errorOf(await api.call("/api/v1/invitations", postJson({ email: 42 }, coordinator)))).toMatchObject({
      status: 400,
      fields: { email: "serve l'email di un referente" },
    });
  });

  test("a Delegato invites too; any other referent gets 403 not_coordinator, before the body is even judged", async () => {
    await invite(LUGO_REFERENT, await api.tokenFor(DELEGATE));
    const lugo = await api.tokenFor(LUGO_REFERENT);
    for (const [path, body] of [
      ["/api/v1/invitations", { email: "marco.ricci@lugo.esempio.it" }],
      ["/api/v1/invitations", { nonsense: true }],
      ["/api/v1/access/revoke", { email: COORDINATOR }],
    ] as const) {
      expect(await errorOf(await api.call(path, postJson(body, lugo)))).toMatchObject({ status: 403, code: "not_coordinator" });
    }
    expect((await api.call("/api/v1/invitations", postJson({ email: LUGO_REFERENT }, "urp_nope"))).status).toBe(401);
  });
});

describe("POST /api/v1/invitations/redeem", () => {
  test("with no token: the referent's own token and who they are; the token works; single use (410 invitation_used)", async () => {
    const { code, link } = await invite();
    const response = await redeem(code);
    expect(response.status).toBe(200);
    const { token, me } = InvitationRedeemedSchema.parse(await response.json());
    expect(me).toEqual({ email: LUGO_REFERENT, firstName: "Sara", lastName: "Folli", ente: "Lugo", role: "Referente" });
    expect(token).toMatch(/^urp_[A-Za-z0-9_-]{43}$/);
    const snapshot = SnapshotSchema.parse(await (await api.call("/api/v1/snapshot", { token })).json());
    expect(snapshot.me.email).toBe(LUGO_REFERENT);
    expect(await storedState(api.stateDir)).not.toContain(token);

    const again = await errorOf(await redeem(code));
    expect(again).toMatchObject({ status: 410, code: "invitation_used" });
    expect(again.message).toMatch(/già stato usato/);
    // The link pasted whole is read as its code.
    expect(await errorOf(await redeem(link))).toMatchObject({ status: 410, code: "invitation_used" });
  });

  test("the coordinator never gets the token: the access list only says it exists", async () => {
    const { code } = await invite();
    const { token } = InvitationRedeemedSchema.parse(await (await redeem(code)).json());
    const view = await (await api.call("/api/v1/coordination", { token: coordinator })).text();
    expect(view).not.toContain(token);
    expect(view).not.toContain(code);
    expect(JSON.parse(view).access.find((a: { email: string }) => a.email === LUGO_REFERENT)).toEqual({
      email: LUGO_REFERENT,
      hasToken: true,
      invitation: null,
    });
  });

  test("two redeems of one code at once: exactly one wins, one token is made", async () => {
    const { code } = await invite();
    const answers = await Promise.all([redeem(code), redeem(code), redeem(code)]);
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 410, 410]);
    const tokens = stateRows<{ email: string }>(api.stateDir, "SELECT email FROM api_tokens");
    expect(tokens.filter((t) => t.email === LUGO_REFERENT)).toHaveLength(1);
  });

  test("expired on the service's clock: 410 invitation_expired", async () => {
    const { code } = await invite();
    api.clock.set("2026-11-30T08:59:59Z");
    const other = await invite("marco.ricci@lugo.esempio.it");
    api.clock.set("2026-11-30T09:00:00Z");
    expect(await errorOf(await redeem(code))).toMatchObject({ status: 410, code: "invitation_expired" });
    expect((await redeem(other.code)).status).toBe(200);
  });

  test("a newer invitation for the same email revokes the older one: 410 invitation_revoked", async () => {
    const older = await invite();
    const newer = await invite("Sara.Folli@lugo.esempio.it");
    expect(await errorOf(await redeem(older.code))).toMatchObject({ status: 410, code: "invitation_revoked" });
    expect((await redeem(newer.code)).status).toBe(200);
  });

  test("unknown: 404 invitation_unknown, counted with bad tokens: ten from one address, then 429; a real code still redeems", async () => {
    const { code } = await invite();
    expect(await errorOf(await redeem("A".repeat(24)))).toMatchObject({ status: 404, code: "invitation_unknown" });
    expect(await errorOf(await redeem("not even a code"))).toMatchObject({ status: 404, code: "invitation_unknown" });
    for (let i = 0; i < 7; i++) expect((await redeem(`${"B".repeat(23)}${i}`)).status).toBe(404);
    // The limiter is the bad tokens' one: a bad token is the tenth failure.
    expect((await api.call("/api/v1/roster", { token: "urp_guess" })).status).toBe(401);
    const limited = await redeem("C".repeat(24));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(50);
    expect((await limited.json()).error.code).toBe("too_many_attempts");
    expect((await redeem(code)).status).toBe(200);
  });

  test("400 names code when it is missing; a body that is not JSON is refused", async () => {
    const missing = await api.call("/api/v1/invitations/redeem", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(await errorOf(missing)).toMatchObject({
      status: 400,
      code: "invalid_request",
      fields: { code: "serve il codice o il link dell'invito" },
    });
    const empty = await errorOf(await redeem(""));
    expect(empty).toMatchObject({ status: 400, fields: { code: "serve il codice o il link dell'invito" } });
  });
});

describe("bound to the roster", () => {
  test("Attivo = No: the invitation is refused (403 forbidden, as the rest of the API) and the token already stops; back to Sì, both work", async () => {
    const lugo = await api.tokenFor(LUGO_REFERENT);
    const { code } = await invite();
    await setCellByHeader(api.workbook, "Referenti", { header: "Email", value: LUGO_REFERENT }, "Attivo", "No");
    await eventually(async () => (await api.call("/api/v1/snapshot", { token: lugo })).status === 403, 10_000, "token refused");
    const refused = await errorOf(await redeem(code));
    expect(refused).toMatchObject({ status: 403, code: "forbidden" });
    expect(refused.message).toContain(`${LUGO_REFERENT} non è più un referente attivo`);

    // Refused, not spent: the code is still pending, and works once the person is active again.
    await setCellByHeader(api.workbook, "Referenti", { header: "Email", value: LUGO_REFERENT }, "Attivo", "Sì");
    await eventually(async () => (await api.call("/api/v1/snapshot", { token: lugo })).status === 200, 10_000, "token back");
    expect((await redeem(code)).status).toBe(200);
  });

  test("removed from Referenti: the invitation is refused and the token stops working", async () => {
    const lugo = await api.tokenFor(LUGO_REFERENT);
    const { code } = await invite();
    // The row now belongs to someone else: Sara's email is no longer in the roster.
    await setCellByHeader(api.workbook, "Referenti", { header: "Email", value: LUGO_REFERENT }, "Email", "nuova.persona@lugo.esempio.it");
    await eventually(async () => (await api.call("/api/v1/snapshot", { token: lugo })).status === 403, 10_000, "token refused");
    expect(await errorOf(await redeem(code))).toMatchObject({ status: 403, code: "forbidden" });
  });
});

describe("POST /api/v1/access/revoke", () => {
  test("revokes the token, the pending invitation and the calendar feed; a second time there is nothing left", async () => {
    const lugo = await api.tokenFor(LUGO_REFERENT);
    expect((await api.call("/api/v1/calendar-feed", { method: "POST", token: lugo })).status).toBe(200);
    const { code } = await invite();
    const response = await api.call("/api/v1/access/revoke", postJson({ email: "Sara.Folli@lugo.esempio.it" }, coordinator));
    expect(response.status).toBe(200);
    expect(AccessRevokedSchema.parse(await response.json())).toEqual({
      email: LUGO_REFERENT,
      tokenRevoked: true,
      invitationRevoked: true,
      feedRevoked: true,
      dataErased: true,
    });
    expect((await api.call("/api/v1/snapshot", { token: lugo })).status).toBe(401);
    expect(await errorOf(await redeem(code))).toMatchObject({ status: 410, code: "invitation_revoked" });

    const again = await api.call("/api/v1/access/revoke", postJson({ email: LUGO_REFERENT }, coordinator));
    expect(await again.json()).toEqual({
      email: LUGO_REFERENT,
      tokenRevoked: false,
      invitationRevoked: false,
      feedRevoked: false,
      dataErased: true,
    });
  });

  test("a coordinator cannot revoke their own access (400 naming email); the Coordinatore can revoke her Delegato's, not he hers", async () => {
    const own = await errorOf(await api.call("/api/v1/access/revoke", postJson({ email: COORDINATOR.toUpperCase() }, coordinator)));
    expect(own).toMatchObject({
      status: 400,
      code: "invalid_request",
      fields: { email: "è il tuo indirizzo: chiedi a un altro coordinatore" },
    });
    expect((await api.call("/api/v1/snapshot", { token: coordinator })).status).toBe(200);

    // A Delegato acts for the Coordinatore, not over her (test/api/access-log.test.ts says more).
    const delegate = await api.tokenFor(DELEGATE);
    const refused = await errorOf(await api.call("/api/v1/access/revoke", postJson({ email: COORDINATOR }, delegate)));
    expect(refused).toMatchObject({ status: 403, code: "not_allowed_for_delegate" });
    expect((await api.call("/api/v1/snapshot", { token: coordinator })).status).toBe(200);
    expect((await api.call("/api/v1/access/revoke", postJson({ email: DELEGATE }, coordinator))).status).toBe(200);
    expect((await api.call("/api/v1/snapshot", { token: delegate })).status).toBe(401);
  });

  test("400 naming email when it is missing", async () => {
    expect(await errorOf(await api.call("/api/v1/access/revoke", postJson({}, coordinator)))).toMatchObject({
      status: 400,
      fields: { email: "serve l'email di un referente" },
    });
  });
});

describe("GET /invito/:code", () => {
  const ENGLISH = { "accept-language": "en-GB,en;q=0.9,it;q=0.8" };
  const ITALIAN = { "accept-language": "it-IT,it;q=0.9,en-US;q=0.8,en;q=0.7" };

  /** The page for `code`, in the language `headers` ask for: status, headers, and the HTML. */
  async function page(code: string, headers: Record<string, string> = {}) {
    const response = await api.call(`/invito/${code}`, { headers });
    return { status: response.status, headers: response.headers, html: await response.text() };
  }

  /** The access log as the coordinator sees it: every kind of change, newest first. */
  async function accessLogKinds(): Promise<string[]> {
    const view = await (await api.call("/api/v1/coordination", { token: coordinator })).json();
    return view.accessLog.map((entry: { kind: string }) => entry.kind);
  }

  test("the headers: HTML, the security headers, a policy that allows its own stylesheet by hash and nothing else", async () => {
    const { code } = await invite();
    const { status, headers, html } = await page(code);
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("text/html; charset=utf-8");
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const hash = createHash("sha256").update(style, "utf8").digest("base64");
    expect(headers.get("content-security-policy")).toBe(
      `default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("referrer-policy")).toBe("no-referrer");
    expect(headers.get("x-frame-options")).toBe("DENY");
    expect(headers.get("cache-control")).toBe("no-store");
    expect(headers.get("vary")).toBe("Accept-Language");
    expect(headers.get("x-robots-tag")).toBe("noindex, nofollow");
    // Nothing to load or run: no script, no handler, no external address, no inline style attribute.
    expect(html).not.toMatch(/<script|\son[a-z]+=|\ssrc=|\shref=|\sstyle=|https?:\/\/(?!127\.0\.0\.1)|@import|url\((?!#brand-bg\))/i);
    // Only the one stylesheet the hash allows.
    expect(html.match(/<style/g)).toHaveLength(1);

    // The API's answers keep the common policy.
    expect((await api.call("/api/v1/health")).headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  test("valid, in Italian: what to do, the link, where the icon is; opening it three times redeems nothing", async () => {
    const { code, link } = await invite();
    const before = await accessLogKinds();
    for (const headers of [{}, ITALIAN, { "accept-language": "de-DE,de;q=0.9" }]) {
      const { status, html } = await page(code, headers);
      expect(status).toBe(200);
      expect(html).toContain('<html lang="it">');
      expect(html).toContain("<title>Invito a Rete URP</title>");
      expect(html).toContain("Questo è un invito personale a Rete URP");
      expect(html).toContain("aprirla non lo consuma");
      expect(html).toContain(
        `Incolla questo invito nel campo <span class="ui">«Invito»</span> e premi <span class="ui">«Collega e salva»</span>:\n<code class="link">${link}</code>`,
      );
      expect(html).toContain(`Fai clic sull'icona di Rete URP nella barra del browser, poi su <span class="ui">«Impostazioni»</span>.`);
      expect(html).toContain("<h2>Non vedi l'icona di Rete URP?</h2>");
      expect(html).toMatch(
        /Chrome ed Edge<\/span>: fai clic sull'icona a forma di puzzle <svg[^>]*>[\s\S]*?<\/svg> \(<span class="ui">Estensioni<\/span>\) a destra della barra degli indirizzi, poi sulla puntina/,
      );
      expect(html).toMatch(/Firefox<\/span>: fai clic sul pulsante <span class="ui">«Estensioni»<\/span> <svg/);
      // Whose invitation it is, and until when, stay in the message: the page names nobody.
      expect(html).not.toContain(LUGO_REFERENT);
      expect(html).not.toContain("Sara");
    }
    // Not redeemed: still pending for the coordinator, nothing in the access log, and it redeems now.
    const access = (await (await api.call("/api/v1/coordination", { token: coordinator })).json()).access;
    expect(access.find((a: { email: string }) => a.email === LUGO_REFERENT)).toMatchObject({
      hasToken: false,
      invitation: expect.any(Object),
    });
    expect(await accessLogKinds()).toEqual(before);
    expect(stateRows<{ email: string }>(api.stateDir, "SELECT email FROM api_tokens").map((t) => t.email)).not.toContain(LUGO_REFERENT);
    expect((await redeem(code)).status).toBe(200);
  });

  test("valid, in English when the browser prefers English: the same steps with the extension's English names", async () => {
    const { code, link } = await invite();
    for (const headers of [ENGLISH, { "accept-language": "en" }, { "accept-language": "de-DE,en;q=0.8,it;q=0.5" }]) {
      const { status, html } = await page(code, headers);
      expect(status).toBe(200);
      expect(html).toContain('<html lang="en">');
      expect(html).toContain("<title>Invitation to Rete URP</title>");
      expect(html).toContain('Click the Rete URP icon in the browser\'s toolbar, then <span class="ui">“Settings”</span>.');
      expect(html).toContain(
        `Paste this invitation in the <span class="ui">“Invitation”</span> field and press <span class="ui">“Connect and save”</span>:\n<code class="link">${link}</code>`,
      );
      expect(html).toMatch(
        /Chrome and Edge<\/span>: click the puzzle-piece icon <svg[^>]*>[\s\S]*?<\/svg> \(<span class="ui">Extensions<\/span>\) right of the address bar, then the pin/,
      );
      expect(html).toMatch(/Firefox<\/span>: click the <span class="ui">“Extensions”<\/span> button/);
      expect(html).not.toContain("Incolla");
    }
  });

  test("used: 410, says so and what to do, in both languages, without the paste instructions", async () => {
    const { code } = await invite();
    expect((await redeem(code)).status).toBe(200);
    const italian = await page(code, ITALIAN);
    expect(italian.status).toBe(410);
    expect(italian.html).toContain('<html lang="it">');
    expect(italian.html).toContain("<h1>Invito già usato</h1>");
    expect(italian.html).toContain("Questo invito è già stato usato: vale una volta sola.");
    expect(italian.html).toContain("Se non sei stato tu, avvisa il coordinatore della rete e chiedigli un nuovo invito.");
    expect(italian.html).not.toContain("Collega e salva");
    expect(italian.html).not.toContain(code);
    const english = await page(code, ENGLISH);
    expect(english.status).toBe(410);
    expect(english.html).toContain('<html lang="en">');
    expect(english.html).toContain("<h1>Invitation already used</h1>");
    expect(english.html).toContain("If it was not you, tell the network coordinator and ask them for a new invitation.");
    expect(english.html).not.toContain("Connect and save");
  });

  test("expired on the service's clock: 410, ask for a new one, in both languages", async () => {
    const { code } = await invite();
    api.clock.set("2026-11-30T08:59:59Z");
    expect((await page(code)).status).toBe(200);
    api.clock.set("2026-11-30T09:00:00Z");
    const italian = await page(code, ITALIAN);
    expect(italian.status).toBe(410);
    expect(italian.html).toContain("<h1>Invito scaduto</h1>");
    expect(italian.html).toContain("Questo invito è scaduto e non si può più usare.");
    expect(italian.html).toContain("Chiedi al coordinatore della rete un nuovo invito.");
    expect(italian.html).not.toContain("Collega e salva");
    const english = await page(code, ENGLISH);
    expect(english.status).toBe(410);
    expect(english.html).toContain("<h1>Invitation expired</h1>");
    expect(english.html).toContain("Ask the network coordinator for a new invitation.");
  });

  test("revoked (replaced by a newer one, or access revoked): 410, use the latest or ask, in both languages", async () => {
    const older = await invite();
    const newer = await invite();
    const italian = await page(older.code, ITALIAN);
    expect(italian.status).toBe(410);
    expect(italian.html).toContain("<h1>Invito annullato</h1>");
    expect(italian.html).toContain("Usa l'ultimo invito ricevuto, oppure chiedi al coordinatore della rete un nuovo invito.");
    const english = await page(older.code, ENGLISH);
    expect(english.status).toBe(410);
    expect(english.html).toContain("<h1>Invitation cancelled</h1>");
    expect(english.html).toContain("Use the latest invitation you received, or ask the network coordinator for a new one.");
    expect((await page(newer.code)).status).toBe(200);
    expect((await api.call("/api/v1/access/revoke", postJson({ email: LUGO_REFERENT }, coordinator))).status).toBe(200);
    const revoked = await page(newer.code);
    expect(revoked.status).toBe(410);
    expect(revoked.html).toContain("<h1>Invito annullato</h1>");
  });

  test("unknown: 404, check the link or ask for a new one, in both languages; what is not a code is escaped", async () => {
    const italian = await page("A".repeat(24), ITALIAN);
    expect(italian.status).toBe(404);
    expect(italian.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(italian.html).toContain("<h1>Invito non riconosciuto</h1>");
    expect(italian.html).toContain("Questo indirizzo non è un invito valido di Rete URP");
    expect(italian.html).toContain("chiedi al coordinatore della rete un nuovo invito.");
    expect(italian.html).not.toContain("Collega e salva");
    const english = await page("A".repeat(24), ENGLISH);
    expect(english.status).toBe(404);
    expect(english.html).toContain("<h1>Invitation not recognised</h1>");
    expect(english.html).toContain("ask the network coordinator for a new invitation.");

    const notACode = await page(encodeURIComponent("<b>x</b>"));
    expect(notACode.status).toBe(404);
    expect(notACode.html).toContain("<h1>Invito non riconosciuto</h1>");
    expect(notACode.html).not.toContain("<b>");
  });

  test("unknown codes count with redeem's and bad tokens': ten from one address, then 429 for every code, looked up or not", async () => {
    const { code } = await invite();
    // What is not a code cannot hit one: not counted (a link cut short is no guess).
    for (let i = 0; i < 12; i++) expect((await page(`short${i}`)).status).toBe(404);
    for (let i = 0; i < 9; i++) expect((await page(`${"B".repeat(23)}${i}`)).status).toBe(404);
    // The tenth failure from redeem: one limiter for both.
    expect((await redeem("C".repeat(24))).status).toBe(404);
    const limited = await page("D".repeat(24), ENGLISH);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(50);
    expect(limited.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(limited.html).toContain('<html lang="en">');
    expect(limited.html).toContain("<h1>Too many attempts</h1>");
    // A real code gets the same page: while limited, the page looks nothing up.
    const real = await page(code);
    expect(real.status).toBe(429);
    expect(real.html).toContain("<h1>Troppi tentativi</h1>");
    expect(real.html).not.toContain("Collega e salva");
    // Redeem is limited for unknown codes too; a real code still redeems there.
    expect((await redeem("E".repeat(24))).status).toBe(429);
    expect((await redeem(code)).status).toBe(200);
  });
});
