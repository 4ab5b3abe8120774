import { CoordinationSchema, isoDateToSerial, type Snapshot, SnapshotDeltaSchema, SnapshotSchema } from "@rete-urp/shared";
import ICAL from "ical.js";
import { describe, expect, test } from "vitest";
import { eventually } from "../support/sheets-sync.ts";
import { readTab, setCellByHeader } from "../support/workbook-files.ts";
import { type ApiHarness, apiEachTest, COORDINATOR, LUGO_REFERENT, postJson } from "./api-harness.ts";

/**
 * What a meeting decided (Azioni) on the workbook store: the demo's three actions, as of
 * 23 November 2026 (startApi's clock). "Inviare all'Unione gli orari estivi degli sportelli" is
 * for every ente and five days late; "Aggiornare la pagina URP…" is for Lugo and Fusignano, due
 * in a week; "Raccogliere le domande frequenti sulla TARI" is Conselice's, done.
 */

const EVERY_ENTE = "Inviare all'Unione gli orari estivi degli sportelli";
const LUGO_FUSIGNANO = "Aggiornare la pagina URP con il nuovo modulo di segnalazione";
const CONSELICE = "Raccogliere le domande frequenti sulla TARI";

let api: ApiHarness;
let lugo: string;
let coordinator: string;
apiEachTest(async (started) => {
  api = started;
  lugo = await api.tokenFor(LUGO_REFERENT);
  coordinator = await api.tokenFor(COORDINATOR);
});

const versionOf = (etag: string | null) => /^W\/"(.+)"$/.exec(etag ?? "")?.[1] ?? "";

async function snapshot(token = lugo): Promise<{ snapshot: Snapshot; version: string }> {
  const response = await api.call("/api/v1/snapshot", { token });
  expect(response.status).toBe(200);
  return { snapshot: SnapshotSchema.parse(await response.json()), version: versionOf(response.headers.get("etag")) };
}

async function coordination() {
  const response = await api.call("/api/v1/coordination", { token: coordinator });
  expect(response.status).toBe(200);
  return CoordinationSchema.parse(await response.json());
}

/** The Azioni rows of the file, by their Azione text: [Stato, Fatta da, Data, Enti]. */
async function actionRows() {
  const grid = await readTab(api.workbook, "Azioni");
  const headers = (grid[0] ?? []).map((cell) => String(cell.value ?? ""));
  const at = (name: string) => headers.indexOf(name);
  return new Map(
    grid
      .slice(1)
      .filter((row) => row.some((cell) => cell.value !== null))
      .map((row) => [
        String(row[at("Azione")]?.value),
        [
          row[at("Stato")]?.value ?? null,
          row[at("Fatta da")]?.value ?? null,
          row[at("Data")]?.value ?? null,
          row[at("Enti")]?.value ?? null,
        ],
      ]),
  );
}

const done = (id: string, token = lugo) => api.call(`/api/v1/actions/${id}/done`, postJson({}, token));

describe("Azioni", () => {
  test("a referent is served the actions of their ente, open ones by deadline; Conselice's is not theirs", async () => {
    const { actions } = (await snapshot()).snapshot;
    expect(actions.map((action) => [action.text, action.status, action.deadline, action.enti])).toEqual([
      [EVERY_ENTE, "open", "2026-11-18", []],
      [LUGO_FUSIGNANO, "open", "2026-11-30", ["Lugo", "Fusignano"]],
    ]);
    // Decided at the last held meeting, whose date the service fills in beside its ID.
    const held = (await snapshot()).snapshot.meetings.filter((m) => m.status === "held").at(-1)!;
    expect(actions[0]).toMatchObject({ meetingId: held.id, meetingDate: held.start.slice(0, 10) });
  });

  test("Fatto writes Stato, Fatta da and Data in place, once; the coordinator's cells stay; the snapshot and its delta follow", async () => {
    const before = await snapshot();
    const action = before.snapshot.actions.find((a) => a.text === LUGO_FUSIGNANO)!;
    const rowsBefore = await actionRows();

    const response = await done(action.id);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: action.id, status: "done", doneBy: "Sara Folli (Lugo)", doneAt: "2026-11-23" });

    const rows = await actionRows();
    expect(rows.size).toBe(rowsBefore.size);
    const [stato, fattaDa, data, enti] = rows.get(LUGO_FUSIGNANO)!;
    expect([stato, fattaDa, enti]).toEqual(["Fatta", "Sara Folli (Lugo)", "Lugo, Fusignano"]);
    // A date cell (readTab gives its serial number), not text.
    expect(data).toBe(isoDateToSerial("2026-11-23"));

    // Done again, by a colleague of another ente: who closed it first keeps the credit.
    const roberto = await api.tokenFor("roberto.emiliani@fusignano.esempio.it");
    await eventually(async () => (await snapshot()).version !== before.version, 10_000, "a new version");
    const again = await done(action.id, roberto);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ doneBy: "Sara Folli (Lugo)" });
    expect((await actionRows()).get(LUGO_FUSIGNANO)![1]).toBe("Sara Folli (Lugo)");

    // The delta from the version before carries the action, done, and nothing of the practices.
    const delta = SnapshotDeltaSchema.parse(await (await api.call(`/api/v1/snapshot?since=${before.version}`, { token: lugo })).json());
    expect(Object.keys(delta.changes)).toEqual(["actions"]);
    const after = (await snapshot()).snapshot;
    expect(after.actions.map((a) => [a.text, a.status])).toEqual([
      [EVERY_ENTE, "open"],
      [LUGO_FUSIGNANO, "done"],
    ]);
  });

  test("404 for an action that is not there, 409 not_addressed for another ente's, 400 for a body that says who", async () => {
    const conselice = (await snapshot(await api.tokenFor("andrea.bassi@conselice.esempio.it"))).snapshot.actions.find(
      (a) => a.text === CONSELICE,
    )!;
    expect((await done("nessuna")).status).toBe(404);
    const notMine = await done(conselice.id);
    expect(notMine.status).toBe(409);
    expect((await notMine.json()).error.code).toBe("not_addressed");
    const open = (await snapshot()).snapshot.actions[0]!;
    const lying = await api.call(`/api/v1/actions/${open.id}/done`, postJson({ doneBy: "Qualcun altro" }, lugo));
    expect(lying.status).toBe(400);
    expect((await actionRows()).get(EVERY_ENTE)![0]).toBe("Da fare");
  });

  test("Coordinamento lists the open actions by ente with how late, each at its Azione cell; one done leaves every ente's list", async () => {
    const view = await coordination();
    const lugoActions = view.actions.find((ente) => ente.ente === "Lugo")!;
    expect(lugoActions.late).toBe(1);
    expect(lugoActions.open.map((a) => [a.text, a.daysLate, a.deadline])).toEqual([
      [EVERY_ENTE, 5, "2026-11-18"],
      [LUGO_FUSIGNANO, 0, "2026-11-30"],
    ]);
    // The workbook has no link that opens a cell: the line names it, as for a problem.
    expect(lugoActions.open[0]).toMatchObject({ cell: "D2", line: "Azioni!D2", url: null });
    expect(view.actions.find((ente) => ente.ente === "Conselice")!.open.map((a) => a.text)).toEqual([EVERY_ENTE]);
    expect(view.actions.map((ente) => ente.ente)).toHaveLength(10);

    const version = (await snapshot()).version;
    expect((await done(lugoActions.open[0]!.id)).status).toBe(200);
    await eventually(async () => (await snapshot()).version !== version, 10_000, "the done action");
    const after = await coordination();
    expect(after.actions.flatMap((ente) => ente.open.map((a) => a.text))).toEqual([LUGO_FUSIGNANO, LUGO_FUSIGNANO]);
    expect(after.actions.every((ente) => ente.late === 0)).toBe(true);
  });

  test("a bad Enti cell is a named problem and only that row is left out; the tab is still read", async () => {
    const version = (await snapshot()).version;
    await setCellByHeader(api.workbook, "Azioni", { header: "Azione", value: LUGO_FUSIGNANO }, "Enti", "Lugo, Ravenna");
    await eventually(async () => (await snapshot()).version !== version, 10_000, "the edited sheet");
    expect((await snapshot()).snapshot.actions.map((a) => a.text)).toEqual([EVERY_ENTE]);
    const view = await coordination();
    expect(view.problems.map((problem) => problem.line)).toContain('Azioni!E3: ente sconosciuto "Ravenna"');
  });

  test("the calendar feed has my ente's open deadlines as all-day events, and a held meeting's minutes as its URL", async () => {
    const feed = await api.call("/api/v1/calendar-feed", { method: "POST", token: lugo });
    const text = await (await fetch((await feed.json()).url)).text();
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents("vevent").map((vevent) => new ICAL.Event(vevent));

    const deadlines = events.filter((event) => event.uid.startsWith("azione-"));
    expect(deadlines.map((event) => [event.summary, event.startDate.toString(), event.startDate.isDate])).toEqual([
      [`Scadenza: ${EVERY_ENTE}`, "2026-11-18", true],
      [`Scadenza: ${LUGO_FUSIGNANO}`, "2026-11-30", true],
    ]);

    const held = (await snapshot()).snapshot.meetings.filter((m) => m.status === "held").at(-1)!;
    const event = events.find((candidate) => candidate.startDate.toJSDate().getTime() === Date.parse(held.start))!;
    expect(held.minutesUrl).toMatch(/^https:\/\/www\.labassaromagna\.it\/rete-urp\/verbale-/);
    expect(event.component.getFirstPropertyValue("url")).toBe(held.minutesUrl);
    expect(event.description.split("\n")[0]).toBe(`Verbale: ${held.minutesUrl}`);
  });
});
