import { type AccessLogEntry, CoordinationSchema, InvitationRedeemedSchema, InvitationSchema, parseInvitation } from "@rete-urp/shared";
import { describe, expect, test } from "vitest";
import { eventually } from "../support/sheets-sync.ts";
import { stateRows } from "../support/state-database.ts";
import { setCellByHeader } from "../support/workbook-files.ts";
import { type ApiHarness, apiEachTest, COORDINATOR, DELEGATE, LUGO_REFERENT, postJson } from "./api-harness.ts";

/**
 * A delegate is a delegate: the Delegato invites and revokes like the Coordinatore, but not a
 * person whose Ruolo is Coordinatore (403 `not_allowed_for_delegate`). And every change of access
 * is in the access log (Registro accessi), which Coordinamento serves to the coordinators alone.
 * The harness's clock is 23 November 2026, 10:00 in Rome.
 */

let api: ApiHarness;
let coordinator: string;
let delegate: string;

apiEachTest(async (started) => {
  api = started;
  coordinator = await api.tokenFor(COORDINATOR);
  delegate = await api.tokenFor(DELEGATE);
});

const MARCO = "marco.ricci@lugo.esempio.it";

async function errorOf(response: Response) {
  return { status: response.status, ...((await response.json()) as { error: { code: string; message: string } }).error };
}

const invite = (email: string, token: string) => api.call("/api/v1/invitations", postJson({ email }, token));
const revoke = (email: string, token: string) => api.call("/api/v1/access/revoke", postJson({ email }, token));

async function coordination(token = coordinator) {
  const response = await api.call("/api/v1/coordination", { token });
  expect(response.status).toBe(200);
  return CoordinationSchema.parse(await response.json());
}

async function accessLog(token = coordinator): Promise<AccessLogEntry[]> {
  return (await coordination(token)).accessLog;
}

describe("what a Delegato cannot do", () => {
  test("revoke the Coordinatore: 403 not_allowed_for_delegate in Italian, and her access stays", async () => {
    const refused = await errorOf(await revoke(COORDINATOR, delegate));
    expect(refused).toEqual({
      status: 403,
      code: "not_allowed_for_delegate",
      message:
        "Solo il Coordinatore può revocare l'accesso di chi ha Ruolo Coordinatore (oppure l'ufficio informatico, dal terminale): un Delegato non può farlo",
    });
    // Written as the address was typed: the same person.
    expect((await errorOf(await revoke("Giulia.Bianchi@unione.esempio.it", delegate))).code).toBe("not_allowed_for_delegate");
    expect((await api.call("/api/v1/snapshot", { token: coordinator })).status).toBe(200);
    expect(await accessLog()).toEqual([]);
  });

  test("invite the Coordinatore (and redeem the link himself): 403 not_allowed_for_delegate, no invitation made", async () => {
    const refused = await errorOf(await invite(COORDINATOR, delegate));
    expect(refused).toEqual({
      status: 403,
      code: "not_allowed_for_delegate",
      message:
        "Solo il Coordinatore può invitare chi ha Ruolo Coordinatore (oppure l'ufficio informatico, dal terminale): un Delegato non può farlo",
    });
    const view = await coordination();
    expect(view.access.find((entry) => entry.email === COORDINATOR)?.invitation).toBeNull();
    expect(view.accessLog).toEqual([]);
    expect(stateRows(api.stateDir, "SELECT email FROM invitations")).toEqual([]);
  });

  test("a Ruolo written Coordinatrice is the Coordinatore for this too; the Delegato still invites and revokes a Referente", async () => {
    await setCellByHeader(api.workbook, "Referenti", { header: "Email", value: MARCO }, "Ruolo", "Coordinatrice");
    await eventually(async () => (await invite(MARCO, delegate)).status === 403, 10_000, "Marco read as a Coordinatore");
    expect((await errorOf(await revoke(MARCO, delegate))).code).toBe("not_allowed_for_delegate");
    expect((await invite(LUGO_REFERENT, delegate)).status).toBe(201);
    expect((await revoke(LUGO_REFERENT, delegate)).status).toBe(200);
  });
});

describe("what the Coordinatore still does", () => {
  test("invite and revoke another Coordinatore, and the Delegato", async () => {
    await setCellByHeader(api.workbook, "Referenti", { header: "Email", value: MARCO }, "Ruolo", "Coordinatore");
    await eventually(async () => (await invite(MARCO, delegate)).status === 403, 10_000, "Marco read as a Coordinatore");
    expect((await invite(MARCO, coordinator)).status).toBe(201);
    const revoked = await revoke(MARCO, coordinator);
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ email: MARCO, invitationRevoked: true });
    expect((await invite(DELEGATE, coordinator)).status).toBe(201);
    expect(await (await revoke(DELEGATE, coordinator)).json()).toMatchObject({ tokenRevoked: true, invitationRevoked: true });
    expect((await api.call("/api/v1/snapshot", { token: delegate })).status).toBe(401);
  });
});

describe("Registro accessi", () => {
  test("invite, redeem and revoke are in Coordinamento's accessLog, newest first, with who, whom and when in Rome", async () => {
    api.clock.set("2026-11-23T09:00:00Z");
    const created = await invite(LUGO_REFERENT, delegate);
    expect(created.status).toBe(201);
    const { link } = InvitationSchema.parse(await created.json());

    api.clock.set("2026-11-23T15:30:00Z");
    const redeemed = await api.call("/api/v1/invitations/redeem", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: parseInvitation(link)!.code }),
    });
    expect(redeemed.status).toBe(200);
    const sara = InvitationRedeemedSchema.parse(await redeemed.json()).token;

    api.clock.set("2026-11-24T08:15:00Z");
    expect((await revoke(LUGO_REFERENT, coordinator)).status).toBe(200);

    const expected: AccessLogEntry[] = [
      {
        at: "2026-11-24T09:15:00+01:00",
        kind: "access_revoked",
        by: COORDINATOR,
        byName: "Giulia Bianchi",
        email: LUGO_REFERENT,
        name: "Sara Folli",
      },
      // Whoever pasted the link, the redeem is in the invitee's name: the record is the control.
      {
        at: "2026-11-23T16:30:00+01:00",
        kind: "invitation_redeemed",
        by: LUGO_REFERENT,
        byName: "Sara Folli",
        email: LUGO_REFERENT,
        name: "Sara Folli",
      },
      {
        at: "2026-11-23T10:00:00+01:00",
        kind: "invitation_created",
        by: DELEGATE,
        byName: "Paolo Gardini",
        email: LUGO_REFERENT,
        name: "Sara Folli",
      },
    ];
    expect(await accessLog(coordinator)).toEqual(expected);
    expect(await accessLog(delegate)).toEqual(expected);
    // Nothing else of the redeem is kept: no browser, no address.
    expect(stateRows(api.stateDir, "SELECT * FROM access_log ORDER BY id")).toEqual([
      { id: 1, at: "2026-11-23T09:00:00.000Z", kind: "invitation_created", actor: DELEGATE, email: LUGO_REFERENT },
      { id: 2, at: "2026-11-23T15:30:00.000Z", kind: "invitation_redeemed", actor: LUGO_REFERENT, email: LUGO_REFERENT },
      { id: 3, at: "2026-11-24T08:15:00.000Z", kind: "access_revoked", actor: COORDINATOR, email: LUGO_REFERENT },
    ]);
    expect((await api.call("/api/v1/snapshot", { token: sara })).status).toBe(401);
  });

  test("a refused change is not recorded; a new invitation records the one it replaced as revoked", async () => {
    expect((await invite("nessuno@example.it", coordinator)).status).toBe(400);
    expect((await invite(COORDINATOR, delegate)).status).toBe(403);
    expect((await revoke(COORDINATOR, coordinator)).status).toBe(400);
    expect(await accessLog()).toEqual([]);
    await invite(MARCO, coordinator);
    await invite(MARCO, delegate);
    expect((await accessLog()).map(({ kind, by, email }) => `${kind} ${by} ${email}`)).toEqual([
      `invitation_created ${DELEGATE} ${MARCO}`,
      `invitation_revoked ${DELEGATE} ${MARCO}`,
      `invitation_created ${COORDINATOR} ${MARCO}`,
    ]);
  });

  test("never served to a referent: their GET /coordination is still 403 not_coordinator, with nothing of the log", async () => {
    await invite(MARCO, coordinator);
    const lugo = await api.tokenFor(LUGO_REFERENT);
    const refused = await api.call("/api/v1/coordination", { token: lugo });
    expect(refused.status).toBe(403);
    const text = await refused.text();
    expect(JSON.parse(text).error.code).toBe("not_coordinator");
    expect(text).not.toContain(MARCO);
    const snapshot = await (await api.call("/api/v1/snapshot", { token: lugo })).text();
    expect(snapshot).not.toContain("invitation_created");
    expect(snapshot).not.toContain("accessLog");
  });
});
