import {
  type Attendance,
  CoordinationSchema,
  comuniOf,
  type Ente,
  FALLBACK_NETWORK,
  type Meeting,
  type Project,
  type ProjectUpdate,
  type Publication,
  type PublicationOutcome,
  type ReferentRow,
  type Ruolo,
  type SheetAction,
} from "@rete-urp/shared";
import { describe, expect, test } from "vitest";
import type { InvitationRecord } from "../access/invitations.ts";
import {
  accessList,
  accessLogEntries,
  actionsByEnte,
  coordinationView,
  meetingAnswers,
  problemLinks,
  projectsNeedingAttention,
  publicationsByEnte,
  referentNotes,
  sheetLocation,
} from "./coordination.ts";

const ENTI = FALLBACK_NETWORK.enti.map((ente) => ente.name);
const ALL_COMUNI = comuniOf(FALLBACK_NETWORK);

const referent = (firstName: string, lastName: string, ente: Ente, active = true, role: Ruolo = "Referente"): ReferentRow => ({
  id: `${firstName}-${lastName}`,
  firstName,
  lastName,
  ente,
  role,
  email: `${firstName}.${lastName}@${ente.replace(/\W/g, "").toLowerCase()}.esempio.it`.toLowerCase(),
  phone: "",
  active,
  notes: "",
});

const ROSTER = [
  referent("Giulia", "Bianchi", "Unione", true, "Coordinatore"),
  referent("Sara", "Folli", "Lugo"),
  referent("Marco", "Ricci", "Lugo"),
  referent("Luca", "Tampieri", "Lugo"),
  referent("Ex", "Referente", "Lugo", false),
  referent("Chiara", "Zauli", "Cotignola"),
  referent("Francesca", "Randi", "Bagnacavallo"),
];

const MEETING: Meeting = {
  id: "m-1",
  start: "2027-01-26T10:00:00+01:00",
  end: "2027-01-26T12:00:00+01:00",
  kind: "ordinary",
  status: "confirmed",
  location: "Lugo",
  videoUrl: "",
  agendaUrl: "",
  minutesUrl: "",
  notes: "",
  source: "sheet",
  movedFrom: "2027-01-19T10:00:00+01:00",
  changedAt: "2027-01-05T08:00:00.000Z",
};

const answer = (who: ReferentRow, value: Attendance["answer"], updatedAt: string, meetingId = "m-1"): Attendance => ({
  id: `${meetingId}-${who.email}`,
  meetingId,
  email: who.email,
  name: `${who.firstName} ${who.lastName}`,
  ente: who.ente,
  answer: value,
  delegate: value === "delegate" ? "Matteo Cortesi" : "",
  updatedAt,
});

describe("problems", () => {
  const problems = [
    { tab: "Riunioni", cell: "B7", message: 'data non valida "31/02/2027"' },
    { tab: "Proposte", message: "manca la scheda" },
    { tab: "Referenti", message: 'manca la colonna "Email"' },
  ];

  test("on Google: the check line and a link to the tab (gid) at the cell; the tab alone for a tab's problem, the sheet when the tab is missing", () => {
    const sheet = { kind: "google" as const, location: "1AbC", tabSheetId: (tab: string) => ({ Riunioni: 0, Referenti: 1234 })[tab] };
    expect(problemLinks(problems, sheet)).toEqual([
      {
        tab: "Riunioni",
        cell: "B7",
        message: 'data non valida "31/02/2027"',
        line: 'Riunioni!B7: data non valida "31/02/2027"',
        url: "https://docs.google.com/spreadsheets/d/1AbC/edit#gid=0&range=B7",
      },
      {
        tab: "Proposte",
        cell: "",
        message: "manca la scheda",
        line: "Proposte: manca la scheda",
        url: "https://docs.google.com/spreadsheets/d/1AbC/edit",
      },
      {
        tab: "Referenti",
        cell: "",
        message: 'manca la colonna "Email"',
        line: 'Referenti: manca la colonna "Email"',
        url: "https://docs.google.com/spreadsheets/d/1AbC/edit#gid=1234",
      },
    ]);
    expect(sheetLocation(sheet)).toEqual({ store: "google", where: "https://docs.google.com/spreadsheets/d/1AbC/edit" });
  });

  test("on the workbook: no link (the file's path is in `sheet`)", () => {
    const sheet = { kind: "workbook" as const, location: "/srv/rete-urp/rete-urp.xlsx" };
    expect(problemLinks(problems, sheet).map((p) => p.url)).toEqual([null, null, null]);
    expect(sheetLocation(sheet)).toEqual({ store: "workbook", where: "/srv/rete-urp/rete-urp.xlsx" });
  });
});

describe("answers", () => {
  const [giulia, sara, marco, luca, ex, chiara] = ROSTER as [ReferentRow, ReferentRow, ReferentRow, ReferentRow, ReferentRow, ReferentRow];

  test("by ente in the vocabulary's order: active referents' names by answer; an answer from before the move is missing", () => {
    const answers = [
      answer(giulia, "yes", "2027-01-06T09:00:00.000Z"),
      answer(sara, "delegate", "2027-01-07T09:00:00.000Z"),
      answer(marco, "yes", "2027-01-04T09:00:00.000Z"), // before the move on 5 January
      answer(ex, "no", "2027-01-07T09:00:00.000Z"), // no longer active
      answer(chiara, "no", "2027-01-07T09:00:00.000Z"),
      answer(luca, "yes", "2027-01-07T09:00:00.000Z", "another-meeting"),
    ];
    const { meeting, byEnte } = meetingAnswers(MEETING, ROSTER, answers, ENTI);
    expect(meeting).toBe(MEETING);
    expect(byEnte.map((row) => row.ente)).toEqual([...ENTI]);
    expect(byEnte.find((row) => row.ente === "Unione")).toEqual({
      ente: "Unione",
      yes: ["Giulia Bianchi"],
      no: [],
      delegate: [],
      missing: [],
      delegations: [],
      standIns: [],
    });
    expect(byEnte.find((row) => row.ente === "Lugo")).toEqual({
      ente: "Lugo",
      yes: [],
      no: [],
      delegate: ["Sara Folli"],
      missing: ["Marco Ricci", "Luca Tampieri"],
      delegations: [{ name: "Sara Folli", delegate: "Matteo Cortesi" }],
      standIns: [],
    });
    expect(byEnte.find((row) => row.ente === "Cotignola")).toMatchObject({ no: ["Chiara Zauli"], missing: [] });
    expect(byEnte.find((row) => row.ente === "Bagnacavallo")).toMatchObject({ missing: ["Francesca Randi"] });
    expect(byEnte.find((row) => row.ente === "Alfonsine")).toEqual({
      ente: "Alfonsine",
      yes: [],
      no: [],
      delegate: [],
      missing: [],
      delegations: [],
      standIns: [],
    });
  });

  test("the popup's numbers: Giulia and Sara's delegate (Matteo Cortesi, outside this roster) from 2 enti, Chiara not; Marco's early yes counts for nobody", () => {
    const answers = [
      answer(giulia, "yes", "2027-01-06T09:00:00.000Z"),
      answer(sara, "delegate", "2027-01-07T09:00:00.000Z"),
      answer(marco, "yes", "2027-01-04T09:00:00.000Z"),
      answer(chiara, "no", "2027-01-07T09:00:00.000Z"),
    ];
    expect(meetingAnswers(MEETING, ROSTER, answers, ENTI).coming).toEqual({ people: 2, enti: 2, answered: 3, absent: 1 });
    // Before the move, the same answers add up to nobody.
    const early = answers.map((given) => ({ ...given, updatedAt: "2027-01-04T09:00:00.000Z" }));
    expect(meetingAnswers(MEETING, ROSTER, early, ENTI).coming).toEqual({ people: 0, enti: 0, answered: 0, absent: 0 });
  });

  test("a referent whom a colleague named as delegate is not missing: the delegation says who comes, the ente is present", () => {
    const matteo = referent("Matteo", "Cortesi", "Bagnacavallo");
    const francesca = ROSTER.find((who) => who.lastName === "Randi")!;
    const { byEnte, coming } = meetingAnswers(
      MEETING,
      [...ROSTER, matteo],
      [answer(francesca, "delegate", "2027-01-06T09:00:00.000Z")],
      ENTI,
    );
    expect(byEnte.find((row) => row.ente === "Bagnacavallo")).toEqual({
      ente: "Bagnacavallo",
      yes: [],
      no: [],
      delegate: ["Francesca Randi"],
      missing: [],
      delegations: [{ name: "Francesca Randi", delegate: "Matteo Cortesi" }],
      standIns: [{ name: "Matteo Cortesi", for: ["Francesca Randi"] }],
    });
    expect(coming).toEqual({ people: 1, enti: 1, answered: 1, absent: 0 });
  });

  test("without a next meeting everyone active is missing", () => {
    const { meeting, byEnte } = meetingAnswers(null, ROSTER, [answer(giulia, "yes", "2027-01-06T09:00:00.000Z")], ENTI);
    expect(meeting).toBeNull();
    expect(byEnte.flatMap((row) => row.missing)).toHaveLength(6);
  });
});

describe("publications", () => {
  const publication = (id: string, deadline: string, enti: Ente[] = [...ALL_COMUNI]): Publication => ({
    id,
    title: `Titolo ${id}`,
    sourceUrl: "",
    deadline,
    enti,
    notes: "",
  });
  const outcome = (publicationId: string, ente: Ente): PublicationOutcome => ({
    id: `${publicationId}-${ente}`,
    publicationId,
    ente,
    publishedUrl: "https://example.it/p",
    author: "",
    authorEmail: "",
    date: "2026-11-20",
  });

  test("per ente: done, due (deadline today or later), overdue with titles oldest deadline first; the Unione only when listed", () => {
    const publications = [
      publication("late", "2026-11-20"),
      publication("older", "2026-11-10", ["Lugo", "Unione"]),
      publication("today", "2026-11-23"),
      publication("next", "2026-12-05", ["Lugo"]),
    ];
    const rows = publicationsByEnte(publications, [outcome("late", "Lugo"), outcome("older", "Unione")], "2026-11-23", ENTI);
    expect(rows.map((row) => row.ente)).toEqual([...ENTI]);
    expect(rows.find((row) => row.ente === "Unione")).toEqual({ ente: "Unione", done: 1, due: 0, overdue: 0, overdueTitles: [] });
    expect(rows.find((row) => row.ente === "Lugo")).toEqual({ ente: "Lugo", done: 1, due: 2, overdue: 1, overdueTitles: ["Titolo older"] });
    expect(rows.find((row) => row.ente === "Fusignano")).toEqual({
      ente: "Fusignano",
      done: 0,
      due: 1,
      overdue: 1,
      overdueTitles: ["Titolo late"],
    });
  });
});

describe("access", () => {
  const invitation: InvitationRecord = {
    hash: "0".repeat(64),
    email: "sara.folli@lugo.esempio.it",
    createdAt: "2026-11-23T09:00:00.000Z",
    expiresAt: "2026-11-30T09:00:00.000Z",
    usedAt: null,
    revokedAt: null,
  };

  test("every roster email once (active or not), with its token and pending invitation in Rome time", () => {
    const roster = [...ROSTER, { ...ROSTER[1]!, id: "copy", email: "Sara.Folli@lugo.esempio.it" }];
    const list = accessList(roster, new Set(["giulia.bianchi@unione.esempio.it"]), new Map([[invitation.email, invitation]]));
    expect(list.map((entry) => entry.email)).toEqual(ROSTER.map((r) => r.email));
    expect(list[0]).toEqual({ email: "giulia.bianchi@unione.esempio.it", hasToken: true, invitation: null });
    expect(list[1]).toEqual({
      email: "sara.folli@lugo.esempio.it",
      hasToken: false,
      invitation: { createdAt: "2026-11-23T10:00:00+01:00", expiresAt: "2026-11-30T10:00:00+01:00" },
    });
    expect(list.find((entry) => entry.email.startsWith("ex."))).toEqual({
      email: "ex.referente@lugo.esempio.it",
      hasToken: false,
      invitation: null,
    });
  });
});

test("the coordinators' notes: every row with a Note, active or not, in the roster's order, trimmed", () => {
  const [giulia, sara, , , ex] = ROSTER as ReferentRow[];
  const rows = [
    { ...giulia!, notes: "  " },
    { ...sara!, email: "Sara.Folli@lugo.esempio.it", notes: " in malattia fino a marzo " },
    { ...ex!, notes: "passata all'anagrafe" },
  ];
  expect(referentNotes(rows)).toEqual([
    { email: "sara.folli@lugo.esempio.it", name: "Sara Folli", ente: "Lugo", active: true, note: "in malattia fino a marzo" },
    { email: "ex.referente@lugo.esempio.it", name: "Ex Referente", ente: "Lugo", active: false, note: "passata all'anagrafe" },
  ]);
  expect(referentNotes(ROSTER)).toEqual([]);
});

test("the access log in Rome time, newest first as given, with the names the roster (active or not) has", () => {
  const entries = accessLogEntries(
    [
      {
        at: "2026-11-23T10:05:00.000Z",
        kind: "access_revoked",
        by: "giulia.bianchi@unione.esempio.it",
        email: "ex.referente@lugo.esempio.it",
      },
      {
        at: "2026-11-23T09:30:00.000Z",
        kind: "invitation_redeemed",
        by: "sara.folli@lugo.esempio.it",
        email: "sara.folli@lugo.esempio.it",
      },
      { at: "2026-07-01T08:00:00.000Z", kind: "token_created", by: "CLI (root)", email: "gone@example.it" },
    ],
    ROSTER,
  );
  expect(entries).toEqual([
    {
      at: "2026-11-23T11:05:00+01:00",
      kind: "access_revoked",
      by: "giulia.bianchi@unione.esempio.it",
      byName: "Giulia Bianchi",
      email: "ex.referente@lugo.esempio.it",
      name: "Ex Referente",
    },
    {
      at: "2026-11-23T10:30:00+01:00",
      kind: "invitation_redeemed",
      by: "sara.folli@lugo.esempio.it",
      byName: "Sara Folli",
      email: "sara.folli@lugo.esempio.it",
      name: "Sara Folli",
    },
    // Summer time in Rome; an email the roster no longer has, and the CLI, have no name.
    { at: "2026-07-01T10:00:00+02:00", kind: "token_created", by: "CLI (root)", byName: null, email: "gone@example.it", name: null },
  ]);
});

test("the whole view is the shared CoordinationSchema", () => {
  const view = coordinationView({
    sheet: { kind: "workbook", location: "/srv/rete-urp.xlsx" },
    problems: [{ tab: "Riunioni", cell: "B7", message: "data non valida" }],
    referents: [ROSTER[0]!, { ...ROSTER[1]!, notes: "in malattia fino a marzo" }],
    nextMeeting: MEETING,
    answers: [],
    publications: [],
    outcomes: [],
    actions: [],
    today: "2026-11-23",
    enti: ENTI,
    service: { lastRefreshAt: "2026-11-23T09:00:00.000Z", stale: false, pendingWrites: 0, reconciledRows: 0, deadLetters: 0 },
    tokenEmails: new Set(),
    pendingInvitations: new Map(),
    accessLog: [{ at: "2026-11-23T09:00:00.000Z", kind: "invitation_created", by: ROSTER[0]!.email, email: ROSTER[1]!.email }],
  });
  expect(view.accessLog).toHaveLength(1);
  expect(CoordinationSchema.parse(view)).toEqual(view);
});

describe("actionsByEnte()", () => {
  const action = (
    id: string,
    text: string,
    enti: Ente[],
    deadline: string,
    cell: string,
    status: "open" | "done" = "open",
  ): SheetAction => ({
    id,
    meetingId: "",
    meetingDate: "",
    projectId: "",
    text,
    enti,
    deadline,
    status,
    doneBy: "",
    doneAt: "",
    cell,
  });
  const actions = [
    action("a-1", "Aggiornare la pagina URP", ["Lugo"], "2026-11-30", "D2"),
    action("a-2", "Inviare gli orari estivi", [], "2026-11-18", "D3"),
    action("a-3", "Raccogliere le FAQ", ["Lugo"], "", "D4"),
    action("a-4", "Stampare i volantini", ["Lugo"], "2026-11-01", "D5", "done"),
    action("a-5", "Tradurre il modulo", ["Lugo", "Conselice"], "2026-11-22", "D6"),
  ];

  test("every ente asked, in order; open actions only, the latest first, then by deadline, none last; linked to the Azione cell on Google", () => {
    const google = { kind: "google" as const, location: "1AbC", tabSheetId: (tab: string) => (tab === "Azioni" ? 77 : undefined) };
    const byEnte = actionsByEnte(actions, ["Lugo", "Conselice", "Cotignola"], google, "2026-11-23");
    expect(byEnte.map((ente) => [ente.ente, ente.late, ente.open.map((open) => [open.text, open.daysLate])])).toEqual([
      [
        "Lugo",
        2,
        [
          ["Inviare gli orari estivi", 5],
          ["Tradurre il modulo", 1],
          ["Aggiornare la pagina URP", 0],
          ["Raccogliere le FAQ", 0],
        ],
      ],
      [
        "Conselice",
        2,
        [
          ["Inviare gli orari estivi", 5],
          ["Tradurre il modulo", 1],
        ],
      ],
      ["Cotignola", 1, [["Inviare gli orari estivi", 5]]],
    ]);
    expect(byEnte[0]!.open[0]).toEqual({
      id: "a-2",
      text: "Inviare gli orari estivi",
      deadline: "2026-11-18",
      daysLate: 5,
      cell: "D3",
      line: "Azioni!D3",
      url: "https://docs.google.com/spreadsheets/d/1AbC/edit#gid=77&range=D3",
    });
  });

  test("on the workbook the line names the cell and there is no link", () => {
    const [lugo] = actionsByEnte(actions, ["Lugo"], { kind: "workbook", location: "/srv/rete-urp.xlsx" }, "2026-11-23");
    expect(lugo!.open.map((open) => [open.line, open.url])).toContainEqual(["Azioni!D2", null]);
  });
});

describe("projects to follow", () => {
  const project = (id: string, over: Partial<Project>): Project => ({
    id,
    title: id,
    description: "",
    enti: [],
    lead: "Unione",
    contact: "",
    status: "active",
    nextStep: "Passo",
    deadline: "",
    url: "",
    ...over,
  });
  const update = (projectId: string, date: string): ProjectUpdate => ({
    id: `${projectId}-${date}`,
    projectId,
    date,
    text: "",
    url: "",
    ente: "",
    author: "",
    authorEmail: "",
  });
  const cells = new Map([
    ["late-2", { title: "B2", deadline: "I2" }],
    ["late-9", { title: "B3", deadline: "I3" }],
    ["silent", { title: "B4", deadline: "I4" }],
  ]);

  test("late steps first, the latest first, then projects in progress silent for 60 days; each links to its cell", () => {
    const today = "2026-11-23";
    const projects = [
      project("late-2", { deadline: "2026-11-21" }),
      project("late-9", { deadline: "2026-11-14", status: "proposed" }),
      project("silent", {}),
      // Updated 59 days ago, due today, suspended or concluded though late: none listed.
      project("fresh", { deadline: "2026-11-23" }),
      project("paused", { status: "suspended", deadline: "2026-10-01" }),
      project("done", { status: "done", deadline: "2026-10-01" }),
    ];
    const updates = [
      update("silent", "2026-09-24"),
      update("fresh", "2026-09-25"),
      update("late-2", "2026-11-20"),
      update("late-9", "2026-11-01"),
    ];
    const google = { kind: "google" as const, location: "sheet-1", tabSheetId: () => 42 };
    const found = projectsNeedingAttention(projects, updates, cells, today, google);
    expect(found.map((p) => [p.id, p.daysLate, p.silent, p.lastUpdate, p.link.line, p.link.url])).toEqual([
      [
        "late-9",
        9,
        false,
        "2026-11-01",
        'Progetti!I3: prossimo passo "Passo" scaduto da 9 giorni',
        "https://docs.google.com/spreadsheets/d/sheet-1/edit#gid=42&range=I3",
      ],
      [
        "late-2",
        2,
        false,
        "2026-11-20",
        'Progetti!I2: prossimo passo "Passo" scaduto da 2 giorni',
        "https://docs.google.com/spreadsheets/d/sheet-1/edit#gid=42&range=I2",
      ],
      [
        "silent",
        0,
        true,
        "2026-09-24",
        "Progetti!B4: nessun aggiornamento dal 24/09/2026",
        "https://docs.google.com/spreadsheets/d/sheet-1/edit#gid=42&range=B4",
      ],
    ]);
  });
});
