import { randomUUID } from "node:crypto";
import { CoordinationSchema, SnapshotSchema } from "@rete-urp/shared";
import { describe, expect, test } from "vitest";
import { eventually } from "../support/sheets-sync.ts";
import { appendByHeader, readTab } from "../support/workbook-files.ts";
import { type ApiHarness, apiEachTest, COORDINATOR, LUGO_REFERENT, postJson } from "./api-harness.ts";

/** The shared projects on the workbook: the demo's two, an update, a proposed project, a proposal naming one, Coordinamento. */

let api: ApiHarness;
let lugo: string;
let coordinator: string;

apiEachTest(async (started) => {
  api = started;
  lugo = await api.tokenFor(LUGO_REFERENT);
  coordinator = await api.tokenFor(COORDINATOR);
});

const snapshot = async (token: string) => SnapshotSchema.parse(await (await api.call("/api/v1/snapshot", { token })).json());
const rows = async (tab: string) => (await readTab(api.workbook, tab)).slice(1).filter((row) => row.some((cell) => cell.value !== null));

describe("projects in the snapshot", () => {
  test("the demo's two projects and their updates, newest first, travel in the snapshot", async () => {
    const { projects, projectUpdates } = await snapshot(lugo);
    expect(projects.map((p) => [p.title, p.enti, p.lead, p.status, p.deadline])).toEqual([
      ["Sportello digitale unico della Bassa Romagna", [], "Unione", "active", "2026-12-05"],
      ["Guida comune ai social in caso di allerta", ["Lugo", "Conselice", "Fusignano"], "Conselice", "active", "2026-11-18"],
    ]);
    // The coordinator's Note stays in the sheet.
    expect(JSON.stringify(projects)).not.toContain("Protezione civile");
    expect(projectUpdates.map((u) => [u.date, u.ente, u.text])).toEqual([
      ["2026-11-17", "Lugo", "Lugo ha inviato le sue domande frequenti."],
      ["2026-11-03", "Unione", "Prima bozza dell'elenco dei servizi online comuni."],
      ["2026-09-14", "Conselice", "Raccolti i post pubblicati durante l'allerta di settembre."],
    ]);
  });
});

describe("project updates", () => {
  test("an update lands once in Aggiornamenti with the project's ID, my ente and me; it comes back in the snapshot", async () => {
    const sportello = (await snapshot(lugo)).projects[0]!;
    const id = randomUUID();
    const body = { id, projectId: sportello.id, text: "Pubblicata la pagina delle FAQ", url: "https://www.comune.lugo.ra.it/faq-urp" };
    const created = await api.call("/api/v1/project-updates", postJson(body, lugo));
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({
      id,
      projectId: sportello.id,
      date: "2026-11-23",
      text: "Pubblicata la pagina delle FAQ",
      url: "https://www.comune.lugo.ra.it/faq-urp",
      ente: "Lugo",
      author: "Sara Folli",
      authorEmail: LUGO_REFERENT,
    });
    expect((await api.call("/api/v1/project-updates", postJson(body, lugo))).status).toBe(200);
    // ID, Progetto, Data, Testo, Link, Ente, Autore, Email autore
    const written = (await rows("Aggiornamenti")).filter((row) => row[0]?.value === id);
    expect(written.map((row) => [row[1]?.value, row[3]?.value, row[5]?.value, row[7]?.value])).toEqual([
      [sportello.id, "Pubblicata la pagina delle FAQ", "Lugo", LUGO_REFERENT],
    ]);
    await eventually(async () => (await snapshot(lugo)).projectUpdates[0]?.id === id, 10_000, "the update first in the snapshot");
  });

  test("400 names an unknown project and an empty text", async () => {
    const unknown = await api.call("/api/v1/project-updates", postJson({ id: randomUUID(), projectId: "nessuno", text: "x" }, lugo));
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.fields).toEqual({ projectId: "progetto sconosciuto" });
    const empty = await api.call("/api/v1/project-updates", postJson({ id: randomUUID(), projectId: "p", text: "  " }, lugo));
    expect(empty.status).toBe(400);
    expect(Object.keys((await empty.json()).error.fields)).toEqual(["text"]);
  });

  test("an update typed by hand with the project's title is read as that project's; an unknown one is a problem of its cell", async () => {
    await appendByHeader(api.workbook, "Aggiornamenti", {
      ID: "u-hand",
      Progetto: "guida comune ai SOCIAL in caso di allerta",
      Testo: "Riunione fatta",
    });
    await appendByHeader(api.workbook, "Aggiornamenti", { ID: "u-bad", Progetto: "Progetto fantasma", Testo: "?" });
    const social = (await snapshot(lugo)).projects[1]!;
    await eventually(async () => (await snapshot(lugo)).projectUpdates.some((u) => u.id === "u-hand"), 10_000, "the typed update");
    expect((await snapshot(lugo)).projectUpdates.find((u) => u.id === "u-hand")?.projectId).toBe(social.id);
    const coordination = CoordinationSchema.parse(await (await api.call("/api/v1/coordination", { token: coordinator })).json());
    expect(coordination.problems.map((p) => p.line)).toContain(
      `Aggiornamenti!B6: progetto sconosciuto "Progetto fantasma": scrivi l'ID o il titolo di un progetto`,
    );
  });
});

describe("proposing a project", () => {
  test("a Progetti row with Stato Proposto, my ente as Capofila and me as Referente", async () => {
    const id = randomUUID();
    const body = {
      id,
      title: "Carta dei servizi URP comune",
      description: "Una sola carta per tutti gli URP",
      enti: ["Lugo", "Cotignola"],
    };
    const created = await api.call("/api/v1/projects", postJson(body, lugo));
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      id,
      status: "proposed",
      lead: "Lugo",
      contact: LUGO_REFERENT,
      enti: ["Lugo", "Cotignola"],
    });
    expect((await api.call("/api/v1/projects", postJson(body, lugo))).status).toBe(200);
    // ID, Titolo, Descrizione, Enti coinvolti, Capofila, Referente, Stato
    const written = (await rows("Progetti")).filter((row) => row[0]?.value === id);
    expect(written.map((row) => row.slice(1, 7).map((cell) => cell.value))).toEqual([
      ["Carta dei servizi URP comune", "Una sola carta per tutti gli URP", "Lugo, Cotignola", "Lugo", LUGO_REFERENT, "Proposto"],
    ]);
    const bad = await api.call("/api/v1/projects", postJson({ id: randomUUID(), title: "x", enti: ["Imola"] }, lugo));
    expect(bad.status).toBe(400);
  });
});

describe("a proposal for the agenda naming a project", () => {
  test("the Progetto column holds the project's ID and the proposal comes back naming it; an unknown project is 400", async () => {
    const before = await snapshot(lugo);
    const social = before.projects[1]!;
    // The demo's Conselice proposal already names it.
    expect(before.proposals.filter((p) => p.projectId === social.id).map((p) => p.title)).toEqual([
      "Linee guida per i post sui social in caso di allerta meteo",
    ]);
    const id = randomUUID();
    const body = { id, meetingId: before.nextMeeting!.id, title: "Approvare la guida ai social", projectId: social.id };
    const created = await api.call("/api/v1/proposals", postJson(body, lugo));
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id, projectId: social.id });
    const proposte = await readTab(api.workbook, "Proposte");
    const column = proposte[0]!.findIndex((cell) => cell.value === "Progetto");
    expect(proposte.find((row) => row[0]?.value === id)?.[column]?.value).toBe(social.id);
    await eventually(async () => (await snapshot(lugo)).proposals.some((p) => p.id === id && p.projectId === social.id), 10_000, "named");

    const unknown = await api.call("/api/v1/proposals", postJson({ ...body, id: randomUUID(), projectId: "nessuno" }, lugo));
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.fields).toEqual({ projectId: "progetto sconosciuto" });
  });
});

describe("Coordinamento", () => {
  test("the project whose next step is late, with how late and its last update, links to its Scadenza cell", async () => {
    const coordination = CoordinationSchema.parse(await (await api.call("/api/v1/coordination", { token: coordinator })).json());
    expect(coordination.projects).toEqual([
      {
        id: expect.any(String),
        title: "Guida comune ai social in caso di allerta",
        lead: "Conselice",
        nextStep: "Approvare la bozza delle linee guida",
        deadline: "2026-11-18",
        daysLate: 5,
        lastUpdate: "2026-09-14",
        silent: true,
        link: {
          tab: "Progetti",
          cell: "I3",
          message: 'prossimo passo "Approvare la bozza delle linee guida" scaduto da 5 giorni',
          line: 'Progetti!I3: prossimo passo "Approvare la bozza delle linee guida" scaduto da 5 giorni',
          url: null,
        },
      },
    ]);
  });
});

describe("calendar feed", () => {
  test("the next steps of my ente's projects with a Scadenza are all-day events", async () => {
    const feed = await (await api.call("/api/v1/calendar-feed", { method: "POST", token: lugo })).json();
    // Lines longer than 75 octets are folded (RFC 5545 §3.1): read them unfolded.
    const ics = (await (await fetch(feed.url)).text()).replace(/\r\n /g, "");
    expect(ics).toContain("DTSTART;VALUE=DATE:20261205");
    expect(ics).toContain("SUMMARY:Sportello digitale unico della Bassa Romagna: Raccogliere le domande frequenti di ogni comune");
    // The social guide's late step (an action of every ente is due that day too: the step is told by its summary).
    expect(ics).toMatch(/DTSTART;VALUE=DATE:20261118\r\nDTEND;VALUE=DATE:20261119\r\nSUMMARY:Guida comune ai social in caso di allerta: /);
    // Cotignola takes no part in the social guide: only the project of every ente reaches its feed.
    const cotignola = await api.tokenFor("chiara.zauli@cotignola.esempio.it");
    const theirs = await (await api.call("/api/v1/calendar-feed", { method: "POST", token: cotignola })).json();
    const theirIcs = (await (await fetch(theirs.url)).text()).replace(/\r\n /g, "");
    expect(theirIcs).toContain("DTSTART;VALUE=DATE:20261205");
    expect(theirIcs).not.toContain("SUMMARY:Guida comune ai social in caso di allerta");
  });
});
