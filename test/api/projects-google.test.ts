import { randomUUID } from "node:crypto";
import { CoordinationSchema, SnapshotSchema } from "@rete-urp/shared";
import { afterEach, beforeEach, expect, test } from "vitest";
import { type GoogleWorkspace, googleDemoWorkspace } from "../support/google-workspace.ts";
import { eventually, runCli } from "../support/sheets-sync.ts";

/**
 * The shared projects on the Google store (through the Sheets double): `init --demo` makes both
 * tabs; an update, a proposed project and a proposal naming a project land as rows; Coordinamento
 * links the late project to its Scadenza cell.
 */

const LUGO = "sara.folli@lugo.esempio.it";

let gw: GoogleWorkspace;
beforeEach(async () => {
  gw = await googleDemoWorkspace();
});
afterEach(async () => {
  await gw.close();
});

test("updates, a proposed project and a proposal naming a project are rows of the sheet; Coordinamento links the late project", async () => {
  expect(gw.double.values("Progetti")[0]).toEqual([
    "ID",
    "Titolo",
    "Descrizione",
    "Enti coinvolti",
    "Capofila",
    "Referente",
    "Stato",
    "Prossimo passo",
    "Scadenza",
    "Link",
    "Note",
  ]);
  expect(gw.double.values("Aggiornamenti")[0]).toEqual(["ID", "Progetto", "Data", "Testo", "Link", "Ente", "Autore", "Email autore"]);
  const created = await runCli(["token", "create", "--email", LUGO, ...gw.store], gw.env);
  const lugo = created.stdout.trim().split("\n").at(-1)!;
  const service = await gw.start();
  const call = (path: string, token: string, body?: unknown) =>
    fetch(`${service.url}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const snapshot = SnapshotSchema.parse(await eventually(async () => (await call("/api/v1/snapshot", lugo)).json()));
  const [sportello, social] = snapshot.projects;
  expect([sportello?.title, social?.title]).toEqual([
    "Sportello digitale unico della Bassa Romagna",
    "Guida comune ai social in caso di allerta",
  ]);

  const updateId = randomUUID();
  const update = await call("/api/v1/project-updates", lugo, {
    id: updateId,
    projectId: social!.id,
    text: "Bozza inviata alla Protezione civile",
  });
  expect([201, 202]).toContain(update.status);
  const projectId = randomUUID();
  expect([201, 202]).toContain((await call("/api/v1/projects", lugo, { id: projectId, title: "Carta dei servizi comune" })).status);
  const proposalId = randomUUID();
  const proposal = await call("/api/v1/proposals", lugo, {
    id: proposalId,
    meetingId: snapshot.nextMeeting!.id,
    title: "Approvare la guida ai social",
    projectId: social!.id,
  });
  expect([201, 202]).toContain(proposal.status);

  await eventually(() => gw.double.values("Aggiornamenti").some((row) => row[0] === updateId), 10_000, "the update's row");
  const row = gw.double.values("Aggiornamenti").find((cells) => cells[0] === updateId)!;
  expect([row[1], row[3], row[5], row[7]]).toEqual([social!.id, "Bozza inviata alla Protezione civile", "Lugo", LUGO]);
  await eventually(() => gw.double.values("Progetti").some((cells) => cells[0] === projectId), 10_000, "the project's row");
  expect(
    gw.double
      .values("Progetti")
      .find((cells) => cells[0] === projectId)
      ?.slice(1, 7),
    // Empty texts are empty cells.
  ).toEqual(["Carta dei servizi comune", null, null, "Lugo", LUGO, "Proposto"]);
  await eventually(() => gw.double.values("Proposte").some((cells) => cells[0] === proposalId), 10_000, "the proposal's row");
  const proposte = gw.double.values("Proposte");
  expect(proposte.find((cells) => cells[0] === proposalId)?.[proposte[0]!.indexOf("Progetto")]).toBe(social!.id);

  const coordination = CoordinationSchema.parse(await (await call("/api/v1/coordination", gw.token)).json());
  const gid = gw.double.tabProperties("Progetti")!.sheetId;
  expect(coordination.projects.map((p) => [p.title, p.daysLate > 0, p.link.cell, p.link.url])).toEqual([
    [
      "Guida comune ai social in caso di allerta",
      true,
      "I3",
      `https://docs.google.com/spreadsheets/d/${gw.double.sheetId}/edit#gid=${gid}&range=I3`,
    ],
  ]);
});
