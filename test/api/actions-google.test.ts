import { CoordinationSchema, isoDateToSerial, SnapshotSchema } from "@rete-urp/shared";
import { afterEach, beforeEach, expect, test } from "vitest";
import { type GoogleWorkspace, googleDemoWorkspace } from "../support/google-workspace.ts";
import { eventually } from "../support/sheets-sync.ts";

/**
 * What a meeting decided, on the Google store (through the Sheets double, seeded by the real
 * `init --demo`): "Fatto" writes Stato, Fatta da and Data into the coordinator's row in place,
 * and Coordinamento links each open action to its cell.
 */

const EVERY_ENTE = "Inviare all'Unione gli orari estivi degli sportelli";

let gw: GoogleWorkspace;
beforeEach(async () => {
  gw = await googleDemoWorkspace();
});
afterEach(async () => {
  await gw.close();
});

/** The double's Azioni rows by header. */
function azioni() {
  const [header = [], ...rows] = gw.double.values("Azioni");
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [String(name), row[i] ?? ""])));
}

test("Fatto on the Google store: the row's Stato, Fatta da and Data change in place, the rest stays; Coordinamento links the open ones", async () => {
  expect(gw.double.values("Azioni")[0]).toEqual(["ID", "Riunione", "Progetto", "Azione", "Enti", "Scadenza", "Stato", "Fatta da", "Data"]);
  const service = await gw.start();
  const auth = { authorization: `Bearer ${gw.token}` };
  const snapshot = await eventually(async () => {
    const response = await fetch(`${service.url}/api/v1/snapshot`, { headers: auth });
    return response.status === 200 && SnapshotSchema.parse(await response.json());
  });
  // The coordinator is of the Unione: only the action for every ente is hers.
  expect(snapshot.actions.map((action) => action.text)).toEqual([EVERY_ENTE]);
  const action = snapshot.actions[0]!;

  const edit = `https://docs.google.com/spreadsheets/d/${gw.double.sheetId}/edit`;
  const gid = gw.double.tabProperties("Azioni")!.sheetId;
  const view = CoordinationSchema.parse(await (await fetch(`${service.url}/api/v1/coordination`, { headers: auth })).json());
  expect(view.actions.find((ente) => ente.ente === "Unione")!.open).toEqual([
    expect.objectContaining({ text: EVERY_ENTE, cell: "D2", line: "Azioni!D2", url: `${edit}#gid=${gid}&range=D2` }),
  ]);

  const before = azioni();
  const response = await fetch(`${service.url}/api/v1/actions/${action.id}/done`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: "{}",
  });
  expect([200, 202]).toContain(response.status);
  const answer = (await response.json()) as { status: string; doneBy: string; doneAt: string };
  expect(answer).toMatchObject({ status: "done", doneBy: "Giulia Bianchi (Unione)", doneAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });

  await eventually(() => azioni().find((row) => row.Azione === EVERY_ENTE)?.Stato === "Fatta", 15_000, "the row updated");
  const after = azioni();
  expect(after).toHaveLength(before.length);
  const row = after.find((candidate) => candidate.Azione === EVERY_ENTE)!;
  const was = before.find((candidate) => candidate.Azione === EVERY_ENTE)!;
  // Written RAW: the date a number (a date cell), the names as text.
  expect(row).toEqual({ ...was, Stato: "Fatta", "Fatta da": "Giulia Bianchi (Unione)", Data: isoDateToSerial(answer.doneAt) });

  const closed = await eventually(async () => {
    const coordination = CoordinationSchema.parse(await (await fetch(`${service.url}/api/v1/coordination`, { headers: auth })).json());
    return coordination.actions.every((ente) => ente.open.every((open) => open.text !== EVERY_ENTE)) && coordination;
  });
  expect(closed.actions.filter((ente) => ente.open.length > 0).map((ente) => ente.ente)).toEqual(["Fusignano", "Lugo"]);
});
