import { BASSA_ROMAGNA, type Coordination, CoordinationSchema, meetingTurnout, SnapshotSchema } from "@rete-urp/shared";
import { describe, expect, test } from "vitest";
import { eventually } from "../support/sheets-sync.ts";
import { appendTwoBadRows, setCellByHeader } from "../support/workbook-files.ts";
import { type ApiHarness, apiEachTest, COORDINATOR, DELEGATE, LUGO_REFERENT, postJson } from "./api-harness.ts";

/** The demo's Enti tab: the Bassa Romagna's ten, in its order. */
const ENTI = BASSA_ROMAGNA.map((ente) => ente.name);

/**
 * GET /api/v1/coordination (issue 11.1): the coordinator's view, for Ruolo Coordinatore or
 * Delegato only, over the demo workbook (the harness's clock: 23 November 2026, 10:00 in Rome).
 */

let api: ApiHarness;
let coordinator: string;

apiEachTest(async (started) => {
  api = started;
  coordinator = await api.tokenFor(COORDINATOR);
});

async function view(token = coordinator): Promise<Coordination> {
  const response = await api.call("/api/v1/coordination", { token });
  expect(response.status).toBe(200);
  return CoordinationSchema.parse(await response.json());
}

/**
 * What the popup's "who is coming" counts from `token`'s snapshot (WhoIsComing: the card's next
 * meeting, the served roster, the served answers), in the shape of the view's `coming`.
 */
async function popupCounts(token = coordinator) {
  const snapshot = SnapshotSchema.parse(await (await api.call("/api/v1/snapshot", { token })).json());
  const { people, enti, answered, absent } = meetingTurnout(
    snapshot.nextMeeting,
    snapshot.roster,
    snapshot.attendance,
    snapshot.enti.map((ente) => ente.name),
  );
  return { people, enti, answered, absent };
}

describe("who sees it", () => {
  test("the Coordinatore and the Delegato; any other referent gets 403 not_coordinator in Italian; no token 401", async () => {
    await view(coordinator);
    await view(await api.tokenFor(DELEGATE));
    const lugo = await api.tokenFor(LUGO_REFERENT);
    const refused = await api.call("/api/v1/coordination", { token: lugo });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toEqual({
      code: "not_coordinator",
      message: "Solo il coordinatore della rete e i suoi delegati (Ruolo Coordinatore o Delegato nella scheda Referenti) possono farlo",
    });
    expect((await api.call("/api/v1/coordination")).status).toBe(401);
  });

  test("a coordinator whose Ruolo changes to Referente loses the view at the next refresh", async () => {
    await view();
    await setCellByHeader(api.workbook, "Referenti", { header: "Email", value: COORDINATOR }, "Ruolo", "Referente");
    await eventually(async () => (await api.call("/api/v1/coordination", { token: coordinator })).status === 403, 10_000, "403");
  });
});

describe("what it holds", () => {
  test("the workbook's path, the service's state, the day in Rome", async () => {
    const coordination = await view();
    expect(coordination.sheet).toEqual({ store: "workbook", where: api.workbook });
    expect(coordination.today).toBe("2026-11-23");
    expect(coordination.service).toEqual({
      lastRefreshAt: expect.any(String),
      stale: false,
      pendingWrites: 0,
      reconciledRows: 0,
      deadLetters: 0,
    });
    expect(coordination.problems).toEqual([]);
  });

  test("the sheet's problems, each line exactly as `check` prints it; no link on the workbook", async () => {
    await appendTwoBadRows(api.workbook);
    const coordination = await eventually(async () => {
      const current = await view();
      return current.problems.length === 2 && current;
    });
    expect(coordination.problems).toEqual([
      {
        tab: "Referenti",
        cell: "D19",
        message: 'ente sconosciuto "Ravenna"',
        line: 'Referenti!D19: ente sconosciuto "Ravenna"',
        url: null,
      },
      {
        tab: "Riunioni",
        cell: "B8",
        message: 'data non valida "31/02/2027"',
        line: 'Riunioni!B8: data non valida "31/02/2027"',
        url: null,
      },
    ]);
  });

  test("the next meeting (the snapshot's) and its answers by ente, with who has not answered", async () => {
    const snapshot = SnapshotSchema.parse(await (await api.call("/api/v1/snapshot", { token: coordinator })).json());
    const { answers } = await view();
    expect(answers.meeting).toEqual(snapshot.nextMeeting);
    expect(answers.byEnte.map((row) => row.ente)).toEqual([...ENTI]);
    const row = (ente: string) => answers.byEnte.find((r) => r.ente === ente);
    // The demo's answers: the first referent of the Unione, Lugo, Bagnacavallo and Cotignola.
    const none = { delegations: [], standIns: [] };
    expect(row("Unione")).toEqual({ ente: "Unione", yes: ["Giulia Bianchi"], no: [], delegate: [], missing: ["Paolo Gardini"], ...none });
    expect(row("Lugo")).toEqual({
      ente: "Lugo",
      yes: ["Marco Ricci"],
      no: [],
      delegate: [],
      missing: ["Sara Folli", "Luca Tampieri"],
      ...none,
    });
    // Francesca delegates Matteo: he comes for her, so he is not missing, and Bagnacavallo is present.
    expect(row("Bagnacavallo")).toEqual({
      ente: "Bagnacavallo",
      yes: [],
      no: [],
      delegate: ["Francesca Randi"],
      missing: [],
      delegations: [{ name: "Francesca Randi", delegate: "Matteo Cortesi" }],
      standIns: [{ name: "Matteo Cortesi", for: ["Francesca Randi"] }],
    });
    expect(row("Cotignola")).toEqual({ ente: "Cotignola", yes: [], no: ["Chiara Zauli"], delegate: [], missing: [], ...none });
    expect(row("Alfonsine")).toMatchObject({ yes: [], missing: ["Elena Montanari", "Davide Baldini"] });
    // "Partecipano 3 persone da 3 enti; 1 non partecipa", as the popup of any referent counts it.
    expect(answers.coming).toEqual({ people: 3, enti: 3, answered: 4, absent: 1 });
    expect(await popupCounts()).toEqual(answers.coming);
    expect(await popupCounts(await api.tokenFor(LUGO_REFERENT))).toEqual(answers.coming);

    // A deactivated referent is nobody's missing answer.
    await setCellByHeader(api.workbook, "Referenti", { header: "Email", value: "luca.tampieri@lugo.esempio.it" }, "Attivo", "No");
    await eventually(async () => (await view()).answers.byEnte.find((r) => r.ente === "Lugo")!.missing.length === 1, 10_000, "Luca gone");
  });

  test("an answer given before the meeting moved counts as missing until it is given again", async () => {
    const lugo = await api.tokenFor(LUGO_REFERENT);
    const { answers } = await view();
    const meeting = answers.meeting!;
    // The coordinator moves the meeting a week later, an hour after the answers were given.
    api.clock.set("2026-11-23T10:00:00Z");
    const moved = new Date(Date.parse(meeting.start) + 7 * 24 * 60 * 60 * 1000);
    const [year, month, day] = meeting.start.slice(0, 10).split("-").map(Number) as [number, number, number];
    const newDate = new Date(Date.UTC(year, month - 1, day + 7));
    const typed = `${String(newDate.getUTCDate()).padStart(2, "0")}/${String(newDate.getUTCMonth() + 1).padStart(2, "0")}/${newDate.getUTCFullYear()}`;
    await setCellByHeader(api.workbook, "Riunioni", { header: "ID", value: meeting.id }, "Data", typed);
    const after = await eventually(
      async () => {
        const current = (await view()).answers;
        return current.meeting?.movedFrom === meeting.start && current;
      },
      10_000,
      "the move",
    );
    expect(Date.parse(after.meeting!.start)).toBe(moved.getTime());
    const row = (ente: string) => after.byEnte.find((r) => r.ente === ente)!;
    expect(row("Unione")).toMatchObject({ yes: [], missing: ["Giulia Bianchi", "Paolo Gardini"] });
    expect(row("Lugo")).toMatchObject({ yes: [], missing: ["Marco Ricci", "Sara Folli", "Luca Tampieri"] });
    // Francesca's delegation was for the old day too: Matteo is missing again, and nobody comes.
    expect(row("Bagnacavallo")).toMatchObject({ delegate: [], standIns: [], missing: ["Francesca Randi", "Matteo Cortesi"] });
    expect(after.coming).toEqual({ people: 0, enti: 0, answered: 0, absent: 0 });
    // The popup counts the same: not "Partecipano 3 persone da 3 enti" any more.
    expect(await popupCounts(lugo)).toEqual(after.coming);

    // Sara answers again, after the move: she counts, here and in the popup.
    const put = { ...postJson({ answer: "yes" }, lugo), method: "PUT" };
    expect((await api.call(`/api/v1/meetings/${meeting.id}/attendance`, put)).status).toBe(200);
    await api.service.cache.refresh();
    const again = (await view()).answers;
    expect(again.byEnte.find((r) => r.ente === "Lugo")).toMatchObject({
      yes: ["Sara Folli"],
      missing: ["Marco Ricci", "Luca Tampieri"],
    });
    expect(again.coming).toEqual({ people: 1, enti: 1, answered: 1, absent: 0 });
    expect(await popupCounts(lugo)).toEqual(again.coming);
  });

  test("the publications by ente: done, due, overdue with titles; overdue turns on Rome's date", async () => {
    const { publications } = await view();
    expect(publications.map((row) => row.ente)).toEqual([...ENTI]);
    const row = (ente: string) => publications.find((r) => r.ente === ente);
    // The demo: TARI due three days ago (published by Lugo, Fusignano, Alfonsine), the rent grant in
    // ten days (the nine comuni), the URP hours in twenty (Unione, Lugo, Fusignano).
    const tari = "Avviso TARI: nuove scadenze di pagamento";
    expect(row("Unione")).toEqual({ ente: "Unione", done: 0, due: 1, overdue: 0, overdueTitles: [] });
    expect(row("Lugo")).toEqual({ ente: "Lugo", done: 1, due: 2, overdue: 0, overdueTitles: [] });
    expect(row("Alfonsine")).toEqual({ ente: "Alfonsine", done: 1, due: 1, overdue: 0, overdueTitles: [] });
    expect(row("Conselice")).toEqual({ ente: "Conselice", done: 0, due: 1, overdue: 1, overdueTitles: [tari] });

    // Eleven days later in Rome the rent grant is overdue too, after TARI (oldest deadline first).
    api.clock.set("2026-12-04T09:00:00Z");
    await api.service.cache.refresh();
    const later = await view();
    expect(later.today).toBe("2026-12-04");
    expect(later.publications.find((r) => r.ente === "Conselice")).toEqual({
      ente: "Conselice",
      done: 0,
      due: 0,
      overdue: 2,
      overdueTitles: [tari, "Bando contributi affitto 2027"],
    });
  });

  test("access: every roster email with its token and pending invitation", async () => {
    const before = await view();
    expect(before.access).toHaveLength(17);
    expect(before.access.find((a) => a.email === COORDINATOR)).toEqual({ email: COORDINATOR, hasToken: true, invitation: null });
    expect(before.access.find((a) => a.email === LUGO_REFERENT)).toEqual({ email: LUGO_REFERENT, hasToken: false, invitation: null });

    expect((await api.call("/api/v1/invitations", postJson({ email: LUGO_REFERENT }, coordinator))).status).toBe(201);
    const after = await view();
    expect(after.access.find((a) => a.email === LUGO_REFERENT)).toEqual({
      email: LUGO_REFERENT,
      hasToken: false,
      invitation: { createdAt: "2026-11-23T10:00:00+01:00", expiresAt: "2026-11-30T10:00:00+01:00" },
    });
    // Inactive referents are listed too: the coordinator may still want to revoke what they hold.
    await setCellByHeader(api.workbook, "Referenti", { header: "Email", value: LUGO_REFERENT }, "Attivo", "No");
    await eventually(async () => (await view()).answers.byEnte.find((r) => r.ente === "Lugo")!.missing.length === 1, 10_000, "inactive");
    expect((await view()).access.some((a) => a.email === LUGO_REFERENT)).toBe(true);
  });
});
