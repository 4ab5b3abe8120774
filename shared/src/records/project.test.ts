import { describe, expect, test } from "vitest";
import type { CellValue } from "../cell-values.ts";
import { projectStepEvent } from "../ics.ts";
import { BASSA_ROMAGNA, FALLBACK_NETWORK, networkOf } from "../network.ts";
import type { RowOf, TabSpec } from "../tab-spec.ts";
import {
  buildProject,
  decodeProgetti,
  encodeProject,
  findProject,
  PROGETTI,
  type Project,
  ProjectInputSchema,
  projectReference,
} from "./project.ts";
import { involvesEnte, projectsForEnte, stepDueSoon, stepOverdue } from "./project-rules.ts";
import {
  AGGIORNAMENTI,
  buildProjectUpdate,
  decodeAggiornamenti,
  encodeProjectUpdate,
  ProjectUpdateInputSchema,
  sortUpdatesNewestFirst,
} from "./project-update.ts";
import { buildProposal, decodeProposte, encodeProposal, PROPOSTE, ProposalInputSchema } from "./proposal.ts";
import type { Me } from "./referent.ts";
import type { Grid } from "./tab-reader.ts";

const sara: Me = { email: "Sara.Folli@lugo.esempio.it", firstName: "Sara", lastName: "Folli", ente: "Lugo", role: "Referente" };
const id = "5d0f8a52-27f4-4c51-a1f6-0c3f7e9b2d11";
// 23:30 UTC on 30 November is already 1 December in Rome.
const lateEvening = new Date("2026-11-30T23:30:00Z");

function gridOf<Spec extends TabSpec>(spec: Spec, rows: RowOf<Spec>[]): Grid {
  const keys = spec.columns.map((column) => column.key as keyof RowOf<Spec>);
  return [spec.columns.map((column) => column.header), ...rows.map((row) => keys.map((key) => (row[key] ?? null) as CellValue))];
}

const project = (over: Partial<Project>): Project => ({
  id: "p-1",
  title: "Sportello digitale unico",
  description: "",
  enti: [],
  lead: "Unione",
  contact: "",
  status: "active",
  nextStep: "Raccogliere le FAQ",
  deadline: "",
  url: "",
  ...over,
});

describe("project", () => {
  test("a proposal becomes a Proposto row with my ente as Capofila and me as Referente, and reads back the same", () => {
    const input = ProjectInputSchema.parse({ id: id.toUpperCase(), title: "  Guida ai social ", enti: ["Lugo", "Conselice", "Lugo"] });
    const built = buildProject(input, sara);
    expect(built).toEqual({
      id,
      title: "Guida ai social",
      description: "",
      enti: ["Lugo", "Conselice"],
      lead: "Lugo",
      contact: "sara.folli@lugo.esempio.it",
      status: "proposed",
      nextStep: "",
      deadline: "",
      url: "",
    });
    const row = encodeProject(built);
    expect(row).toMatchObject({ status: "Proposto", enti: "Lugo, Conselice", lead: "Lugo", deadline: null });
    const read = decodeProgetti(gridOf(PROGETTI, [row]));
    expect(read.problems).toEqual([]);
    expect(read.records).toEqual([built]);
    expect(read.rowNumbers).toEqual([2]);
  });

  test("the input refuses an empty ente and a link that is not http(s); which names are enti is the service's to say", () => {
    const bad = ProjectInputSchema.safeParse({ id, title: "X", enti: ["Ravenna", " "], url: "javascript:alert(1)" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((issue) => issue.path.join("."))).toEqual(["url", "enti.1"]);
  });

  test("the coordinator's row: usual ways of writing enti and Stato, an empty Enti coinvolti is every ente, a date typed as text", () => {
    const grid: Grid = [
      ["Titolo", "Enti coinvolti", "Capofila", "Stato", "Scadenza", "ID", "Note"],
      [
        "Guida social",
        "Comune di Lugo; conselice",
        "Unione dei Comuni della Bassa Romagna",
        "in corso",
        "03/12/2026",
        "p-1",
        "solo per me",
      ],
      ["Sportello unico", "", "", "", "", "p-2", ""],
      ["Archivio foto", "", "Lugo", "Chiuso", 46360, "p-3", ""],
    ];
    const read = decodeProgetti(grid);
    expect(read.problems).toEqual([]);
    expect(read.records.map((p) => [p.id, p.enti, p.lead, p.status, p.deadline])).toEqual([
      ["p-1", ["Lugo", "Conselice"], "Unione", "active", "2026-12-03"],
      ["p-2", [], "", "active", ""],
      ["p-3", [], "Lugo", "done", "2026-12-04"],
    ]);
    // The coordinator's Note is not served to the referents.
    expect(read.records[0]).not.toHaveProperty("notes");
  });

  test("a bad cell is a problem named by its cell, and only that row is left out", () => {
    const grid: Grid = [
      ["ID", "Titolo", "Enti coinvolti", "Capofila", "Stato", "Scadenza"],
      ["p-1", "Buono", "", "", "", ""],
      ["p-2", "Enti", "Lugo, Ravenna", "", "", ""],
      ["p-3", "Capofila", "", "Imola", "", ""],
      ["p-4", "Stato", "", "", "Forse", ""],
      ["p-5", "Data", "", "", "", "31/02/2027"],
      ["p-6", "", "", "", "", ""],
    ];
    const read = decodeProgetti(grid);
    expect(read.records.map((p) => p.id)).toEqual(["p-1"]);
    expect(read.problems.map((p) => `${p.cell}: ${p.message}`)).toEqual([
      'C3: ente sconosciuto "Ravenna"',
      'D4: capofila sconosciuto "Imola"',
      'E5: stato non valido "Forse": Proposto, In corso, Sospeso o Concluso',
      'F6: scadenza non valida "31/02/2027"',
      "B7: titolo mancante",
    ]);
  });

  test("Enti coinvolti and Capofila are read against the sheet's Enti tab: a comune it adds is known, one it sets inactive is refused", () => {
    const network = networkOf([
      ...BASSA_ROMAGNA.map((ente) => ({ ...ente, active: ente.name !== "Cotignola" })),
      { name: "Ravenna", kind: "comune" as const, site: "", newsletter: "", active: true },
    ]);
    const grid: Grid = [
      ["ID", "Titolo", "Enti coinvolti", "Capofila"],
      ["p-1", "Con Ravenna", "Comune di Ravenna, Lugo", "Ravenna"],
      ["p-2", "Con Cotignola", "Cotignola", ""],
      ["p-3", "Capofila Cotignola", "", "Cotignola"],
    ];
    const read = decodeProgetti(grid, network);
    expect(read.records.map((p) => [p.id, p.enti, p.lead])).toEqual([["p-1", ["Ravenna", "Lugo"], "Ravenna"]]);
    expect(read.problems.map((p) => p.cell)).toEqual(["C3", "D4"]);
    expect(read.problems[1]?.message).toMatch(/non attivo/);
  });

  test("a Progetto cell names a project by ID (any case) or by title (case and accents aside); a provisional ID is written as the title", () => {
    const projects = [project({ id: "P-1", title: "Città più accessibile" }), project({ id: "nuovo-abc", title: "Nuovo progetto" })];
    expect(findProject(projects, "p-1")?.id).toBe("P-1");
    expect(findProject(projects, " citta piu ACCESSIBILE ")?.id).toBe("P-1");
    expect(findProject(projects, "Altro")).toBeUndefined();
    expect(findProject(projects, "")).toBeUndefined();
    expect(projectReference(projects[0]!)).toBe("P-1");
    expect(projectReference(projects[1]!)).toBe("Nuovo progetto");
  });

  test("whose it is, and when its next step is late or due within three days, on Rome's day", () => {
    const every = project({ enti: [] });
    const three = project({ enti: ["Lugo", "Conselice"] });
    expect(involvesEnte(every, "Cotignola")).toBe(true);
    expect(involvesEnte(three, "Lugo")).toBe(true);
    expect(involvesEnte(three, "Cotignola")).toBe(false);
    const today = "2026-12-01";
    expect(stepDueSoon(project({ deadline: "2026-12-01" }), today)).toBe(true);
    expect(stepDueSoon(project({ deadline: "2026-12-04" }), today)).toBe(true);
    expect(stepDueSoon(project({ deadline: "2026-12-05" }), today)).toBe(false);
    expect(stepDueSoon(project({ deadline: "2026-12-02", status: "suspended" }), today)).toBe(false);
    expect(stepOverdue(project({ deadline: "2026-11-30" }), today)).toBe(true);
    expect(stepOverdue(project({ deadline: "2026-11-30", status: "done" }), today)).toBe(false);
    expect(stepOverdue(project({ deadline: "" }), today)).toBe(false);
  });

  test("my ente's projects first, open before concluded, by the next step's date", () => {
    const list = [
      project({ id: "others", enti: ["Fusignano"], deadline: "2026-12-01" }),
      project({ id: "mine-done", enti: ["Lugo"], status: "done" }),
      project({ id: "mine-late", enti: ["Lugo"], deadline: "2026-12-20" }),
      project({ id: "all-soon", enti: [], deadline: "2026-12-02" }),
      project({ id: "mine-undated", enti: ["Lugo"] }),
    ];
    expect(projectsForEnte(list, "Lugo").map((p) => p.id)).toEqual(["all-soon", "mine-late", "mine-undated", "mine-done", "others"]);
  });

  test("its next step is an all-day event on the Scadenza, ending the day after", () => {
    const lines = projectStepEvent(project({ title: "Guida social, allerta", deadline: "2026-12-31", lead: "Conselice" }));
    expect(lines).toEqual([
      "DTSTART;VALUE=DATE:20261231",
      "DTEND;VALUE=DATE:20270101",
      "SUMMARY:Guida social\\, allerta: Raccogliere le FAQ",
      "STATUS:CONFIRMED",
      "TRANSP:TRANSPARENT",
      "DESCRIPTION:Progetto della Rete URP: Guida social\\, allerta\\nCapofila: Conselice",
    ]);
  });
});

describe("project update", () => {
  test("built from an input and its author on the Rome day; written with the project's reference; read back as the same update", () => {
    const input = ProjectUpdateInputSchema.parse({
      id,
      projectId: "p-1",
      text: " Inviate le FAQ ",
      url: "https://www.comune.lugo.ra.it/faq",
    });
    const update = buildProjectUpdate(input, "p-1", sara, lateEvening);
    expect(update).toEqual({
      id,
      projectId: "p-1",
      date: "2026-12-01",
      text: "Inviate le FAQ",
      url: "https://www.comune.lugo.ra.it/faq",
      ente: "Lugo",
      author: "Sara Folli",
      authorEmail: "sara.folli@lugo.esempio.it",
    });
    const row = encodeProjectUpdate(update, "Sportello digitale unico");
    expect(row.projectId).toBe("Sportello digitale unico");
    const read = decodeAggiornamenti(gridOf(AGGIORNAMENTI, [row]), FALLBACK_NETWORK, [project({ id: "p-1" })]);
    expect(read.problems).toEqual([]);
    expect(read.records).toEqual([update]);
  });

  test("the input needs a text and a project", () => {
    const bad = ProjectUpdateInputSchema.safeParse({ id, projectId: " ", text: "\u0000 " });
    expect(bad.error?.issues.map((issue) => issue.path.join("."))).toEqual(["projectId", "text"]);
  });

  test("an update naming no project is a problem of its Progetto cell; without the Progetti tab the cell is kept as written", () => {
    const grid: Grid = [
      ["ID", "Progetto", "Data", "Testo"],
      ["u-1", "SPORTELLO digitale unico", "02/12/2026", "Fatto"],
      ["u-2", "Progetto che non c'è", "", "Altro"],
      ["u-3", "p-1", "ieri", "Data sbagliata"],
      ["u-4", "p-1", "", ""],
    ];
    const read = decodeAggiornamenti(grid, FALLBACK_NETWORK, [project({ id: "p-1" })]);
    expect(read.records.map((u) => [u.id, u.projectId, u.date])).toEqual([["u-1", "p-1", "2026-12-02"]]);
    expect(read.problems.map((p) => `${p.cell}: ${p.message}`)).toEqual([
      `B3: progetto sconosciuto "Progetto che non c'è": scrivi l'ID o il titolo di un progetto`,
      'C4: data non valida "ieri"',
      "D5: testo mancante",
    ]);
    expect(decodeAggiornamenti(grid.slice(0, 3)).records.map((u) => u.projectId)).toEqual([
      "SPORTELLO digitale unico",
      "Progetto che non c'è",
    ]);
  });

  test("newest first, the undated last, a later row of the same day first", () => {
    const updates = [
      { id: "a", date: "2026-11-01" },
      { id: "b", date: "" },
      { id: "c", date: "2026-11-20" },
      { id: "d", date: "2026-11-01" },
    ];
    expect(sortUpdatesNewestFirst(updates).map((u) => u.id)).toEqual(["c", "d", "a", "b"]);
  });
});

describe("a proposal naming a project", () => {
  test("carries the project's ID, writes the reference it is given, and reads back resolved", () => {
    const input = ProposalInputSchema.parse({ id, meetingId: "m-1", title: "Linee guida social", projectId: "p-1" });
    const proposal = buildProposal(input, "m-1", sara, lateEvening);
    expect(proposal.projectId).toBe("p-1");
    const row = encodeProposal(proposal, undefined, "Guida social");
    expect(row.projectId).toBe("Guida social");
    const read = decodeProposte(gridOf(PROPOSTE, [row]), FALLBACK_NETWORK, [project({ id: "p-1", title: "Guida social" })]);
    expect(read.problems).toEqual([]);
    expect(read.records[0]?.projectId).toBe("p-1");
  });

  test("a sheet made before the Progetto column reads the same; an unknown project is a problem of its cell", () => {
    const headers = PROPOSTE.columns.filter((column) => column.key !== "projectId").map((column) => column.header);
    const old = decodeProposte([headers, ["x-1", "m-1", null, "01/12/2026", "Titolo"]], FALLBACK_NETWORK, []);
    expect(old.problems).toEqual([]);
    expect(old.records[0]?.projectId).toBe("");
    const withColumn = decodeProposte(
      [
        ["ID", "Riunione", "Data", "Titolo", "Progetto"],
        ["x-1", "m-1", "01/12/2026", "Titolo", "Chissà"],
      ],
      FALLBACK_NETWORK,
      [project({ id: "p-1" })],
    );
    expect(withColumn.records).toEqual([]);
    expect(withColumn.problems.map((p) => `${p.cell}: ${p.message}`)).toEqual([
      `E2: progetto sconosciuto "Chissà": scrivi l'ID o il titolo di un progetto`,
    ]);
  });
});
