// @vitest-environment happy-dom
import type { Coordination, Invitation, Me, Referent } from "@rete-urp/shared";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { errorAnswer, fakeService, SERVICE_URL, type ServiceAnswer, type ServiceRequest, TOKEN } from "../../testing/fake-service";
import { testMeeting } from "../../testing/meetings";
import { testTranslator } from "../../testing/test-translator";
import { mailtoFor } from "./access-actions";
import CoordinationView from "./coordination-view";

afterEach(cleanup);

const giulia: Me = {
  email: "giulia.bianchi@unione.esempio.it",
  firstName: "Giulia",
  lastName: "Bianchi",
  ente: "Unione",
  role: "Coordinatore",
};

function referent(firstName: string, lastName: string, ente: Referent["ente"], role: Referent["role"] = "Referente"): Referent {
  const email = `${firstName}.${lastName}@${ente.toLowerCase().replace(/[^a-z]/g, "")}.esempio.it`.toLowerCase();
  return { id: email, firstName, lastName, ente, role, email, phone: "", active: true };
}

const roster = [
  referent("Giulia", "Bianchi", "Unione", "Coordinatore"),
  referent("Marco", "Ricci", "Lugo", "Responsabile URP"),
  referent("Sara", "Folli", "Lugo"),
  referent("Anna", "Liverani", "Massa Lombarda"),
];

/** What sheets-sync answers on 10 November 2026 for a workbook with one bad date in Riunioni. */
function coordination(extra: Partial<Coordination> = {}): Coordination {
  return {
    sheet: { store: "workbook", where: "/srv/rete-urp/data/rete-urp.xlsx" },
    problems: [
      {
        tab: "Riunioni",
        cell: "B7",
        message: 'data non valida "31/02/2027"',
        line: 'Riunioni!B7: data non valida "31/02/2027"',
        url: null,
      },
    ],
    answers: {
      meeting: testMeeting("2027-01-19T10:00:00+01:00"),
      byEnte: [
        { ente: "Unione", yes: ["Giulia Bianchi"], no: [], delegate: [], missing: [], delegations: [], standIns: [] },
        {
          ente: "Lugo",
          yes: [],
          no: ["Sara Folli"],
          delegate: ["Luca Tampieri"],
          missing: ["Marco Ricci"],
          delegations: [{ name: "Luca Tampieri", delegate: "Mario Rossi" }],
          standIns: [],
        },
        { ente: "Massa Lombarda", yes: [], no: [], delegate: [], missing: ["Anna Liverani"], delegations: [], standIns: [] },
        { ente: "Cotignola", yes: [], no: [], delegate: [], missing: [], delegations: [], standIns: [] },
      ],
      // Giulia, and Mario Rossi for Luca Tampieri: the popup's "who is coming" says the same.
      coming: { people: 2, enti: 2, answered: 3, absent: 1 },
    },
    publications: [
      { ente: "Unione", done: 0, due: 0, overdue: 0, overdueTitles: [] },
      { ente: "Lugo", done: 2, due: 1, overdue: 2, overdueTitles: ["Avviso TARI", "Bando contributi affitto"] },
      { ente: "Conselice", done: 1, due: 0, overdue: 0, overdueTitles: [] },
    ],
    service: { lastRefreshAt: "2026-11-10T09:42:10.000Z", stale: false, pendingWrites: 1, reconciledRows: 3, deadLetters: 0 },
    access: [
      { email: "giulia.bianchi@unione.esempio.it", hasToken: true, invitation: null },
      { email: "marco.ricci@lugo.esempio.it", hasToken: true, invitation: null },
      {
        email: "sara.folli@lugo.esempio.it",
        hasToken: false,
        invitation: { createdAt: "2026-11-09T09:00:00.000Z", expiresAt: "2026-11-16T09:00:00.000Z" },
      },
      { email: "anna.liverani@massalombarda.esempio.it", hasToken: false, invitation: null },
    ],
    referentNotes: [],
    accessLog: [],
    actions: [],
    projects: [],
    today: "2026-11-10",
    ...extra,
  };
}

const invitation: Invitation = {
  email: "anna.liverani@massalombarda.esempio.it",
  link: `${SERVICE_URL}/invito/Zq8v3KpW2mR9xT4b`,
  expiresAt: "2026-11-17T09:42:00.000Z",
  text: `Ciao Anna,\nper collegarti alla rete URP apri questo link:\n${SERVICE_URL}/invito/Zq8v3KpW2mR9xT4b\nVale una volta sola, fino al 17 novembre.`,
  mailto: "mailto:anna.liverani@massalombarda.esempio.it?subject=Invito%20alla%20rete%20URP&body=Ciao%20Anna",
};

function serve(
  answer: (request: ServiceRequest) => ServiceAnswer | Promise<ServiceAnswer> = () => ({ status: 200, body: coordination() }),
) {
  return fakeService(answer);
}

/** The demo's Delegato, who coordinates with Giulia. */
const paolo: Me = { email: "paolo.gardini@unione.esempio.it", firstName: "Paolo", lastName: "Gardini", ente: "Unione", role: "Delegato" };

function show(onNotCoordinator = () => {}, language: "it" | "en" = "it", me: Me = giulia) {
  // No Provider around it: the view takes the translator as a prop and provides it itself, as the
  // popup's Provider does not reach a lazily loaded chunk's copy of the context.
  return render(
    <CoordinationView
      t={testTranslator(language)}
      connection={{ serviceUrl: SERVICE_URL, token: TOKEN }}
      me={me}
      roster={roster}
      onNotCoordinator={onNotCoordinator}
    />,
  );
}

const section = async (testId: string) => within(await screen.findByTestId(testId));

test("the view asks GET /coordination with my token and shows a loading state until the answer", async () => {
  let answer: (value: ServiceAnswer) => void = () => {};
  const service = serve(() => new Promise<ServiceAnswer>((resolve) => (answer = resolve)));
  show();
  expect(screen.getByText("Caricamento…")).toBeTruthy();
  expect(screen.getByTestId("coordination").getAttribute("aria-busy")).toBe("true");
  answer({ status: 200, body: coordination() });
  await screen.findByTestId("coordination-problems");
  expect(screen.queryByText("Caricamento…")).toBeNull();
  expect(service.requests.map((request) => `${request.method} ${request.path}`)).toEqual(["GET /coordination"]);
  expect(service.requests[0]?.headers.get("Authorization")).toBe(`Bearer ${TOKEN}`);
});

test("a problem of the workbook reads exactly as `check` prints it, with the file, tab and cell to open", async () => {
  serve();
  show();
  const problems = await section("coordination-problems");
  const [item] = problems.getAllByTestId("coordination-problem");
  expect(item?.textContent).toBe('Riunioni!B7: data non valida "31/02/2027"Apri rete-urp.xlsx, foglio Riunioni, cella B7');
  expect(problems.getByText("File del foglio: /srv/rete-urp/data/rete-urp.xlsx")).toBeTruthy();
  expect(problems.queryByRole("link")).toBeNull();
  expect(problems.getByRole("heading").textContent).toBe("Problemi nel foglio1");
});

test("on Google each problem links to its cell in a new tab, and a hostile URL stays text", async () => {
  const url = "https://docs.google.com/spreadsheets/d/1AbC/edit#gid=42&range=B7";
  serve(() => ({
    status: 200,
    body: coordination({
      sheet: { store: "google", where: "https://docs.google.com/spreadsheets/d/1AbC/edit" },
      problems: [
        { tab: "Riunioni", cell: "B7", message: "data non valida", line: "Riunioni!B7: data non valida", url },
        { tab: "Presenze", cell: "", message: "scheda mancante", line: "Presenze: scheda mancante", url: "javascript:alert(1)" },
      ],
    }),
  }));
  show();
  const problems = await section("coordination-problems");
  const cell = problems.getByRole("link", { name: "Apri foglio Riunioni, cella B7" });
  expect(cell.getAttribute("href")).toBe(url);
  expect(cell.getAttribute("target")).toBe("_blank");
  expect(cell.getAttribute("rel")).toBe("noopener noreferrer");
  expect(problems.getByRole("link", { name: "Apri il foglio Google" }).getAttribute("href")).toBe(
    "https://docs.google.com/spreadsheets/d/1AbC/edit",
  );
  expect(problems.queryByRole("link", { name: /Presenze/ })).toBeNull();
  expect(problems.getByText("javascript:alert(1)")).toBeTruthy();
});

test("open actions by ente: how late in red, the deadline otherwise, the Azione cell linked on Google; enti with none left out", async () => {
  const url = "https://docs.google.com/spreadsheets/d/1AbC/edit#gid=77&range=D3";
  const open = (text: string, deadline: string, daysLate: number, cell: string, link: string | null = null) => ({
    id: `a-${cell}`,
    text,
    deadline,
    daysLate,
    cell,
    line: `Azioni!${cell}`,
    url: link,
  });
  serve(() => ({
    status: 200,
    body: coordination({
      sheet: { store: "google", where: "https://docs.google.com/spreadsheets/d/1AbC/edit" },
      actions: [
        { ente: "Unione", open: [], late: 0 },
        {
          ente: "Lugo",
          open: [
            open("Inviare gli orari estivi", "2026-11-05", 5, "D3", url),
            open("Aggiornare la pagina URP", "2026-11-30", 0, "D2", url),
          ],
          late: 1,
        },
      ],
    }),
  }));
  show();
  const actions = await section("coordination-actions");
  const enti = actions.getAllByTestId("coordination-actions-ente");
  expect(enti.map((ente) => ente.querySelector("strong")?.textContent)).toEqual(["Lugo"]);
  expect(enti[0]!.querySelector(".coordination-counts")?.textContent).toBe("da fare: 2 · in ritardo: 1");
  const [late, due] = within(enti[0]!).getAllByTestId("coordination-action");
  expect(late!.textContent).toContain("in ritardo di 5 giorni");
  expect(within(late!).getByRole("link", { name: "Apri foglio Azioni, cella D3" }).getAttribute("href")).toBe(url);
  expect(due!.textContent).toContain("entro il 30 novembre");
});

test("open actions on the workbook name the file and the cell; none open says so", async () => {
  serve(() => ({
    status: 200,
    body: coordination({
      actions: [
        {
          ente: "Conselice",
          open: [{ id: "a-1", text: "Raccogliere le FAQ", deadline: "", daysLate: 0, cell: "D4", line: "Azioni!D4", url: null }],
          late: 0,
        },
      ],
    }),
  }));
  show();
  const actions = await section("coordination-actions");
  expect(actions.getByText("Apri rete-urp.xlsx, foglio Azioni, cella D4")).toBeTruthy();
  expect(actions.queryByRole("link")).toBeNull();
  cleanup();
  serve(() => ({ status: 200, body: coordination() }));
  show();
  expect((await section("coordination-actions")).getByText("Nessuna azione aperta.")).toBeTruthy();
});

test("the coordinators' notes on the referents: who, which ente, inactive said, the note as written; no section without notes", async () => {
  serve(() => ({
    status: 200,
    body: coordination({
      referentNotes: [
        { email: "sara.folli@lugo.esempio.it", name: "Sara Folli", ente: "Lugo", active: true, note: "in malattia fino a marzo" },
        { email: "ex.referente@lugo.esempio.it", name: "Ex Referente", ente: "Lugo", active: false, note: "passata all'anagrafe" },
      ],
    }),
  }));
  show();
  const notes = await section("coordination-notes");
  expect(notes.getByRole("heading").textContent).toBe("Note sui referenti");
  expect(notes.getByText(/Solo il coordinatore e i delegati/)).toBeTruthy();
  expect(notes.getAllByTestId("coordination-note").map((item) => item.textContent)).toEqual([
    "Sara Folli · Lugoin malattia fino a marzo",
    "Ex Referente · Lugo · non attivopassata all'anagrafe",
  ]);
  cleanup();
  serve();
  show();
  await section("coordination-problems");
  expect(screen.queryByTestId("coordination-notes")).toBeNull();
});

test("no problem is said as a sentence", async () => {
  serve(() => ({ status: 200, body: coordination({ problems: [] }) }));
  show();
  const problems = await section("coordination-problems");
  expect(problems.getByText("Nessun problema nel foglio.")).toBeTruthy();
  expect(problems.getByRole("heading").textContent).toBe("Problemi nel foglio");
});

test("answers: one line per ente, counts with their nouns, the names missing, and how many answered of everyone", async () => {
  serve();
  show();
  const answers = await section("coordination-answers");
  expect(answers.getByText(/martedì 19 gennaio 2027/).textContent).toBe("martedì 19 gennaio 2027");
  expect(answers.getByText(/Hanno risposto/).textContent).toBe(" · Hanno risposto 3 persone su 5.");
  const lines = answers.getAllByTestId("coordination-answers-ente").map((line) => line.textContent);
  expect(lines).toEqual([
    "Unione 1 sì · hanno risposto tutti",
    "Lugo 1 no · 1 delega — Luca Tampieri: delega a Mario Rossi — manca Marco Ricci",
    "Massa Lombarda nessuna risposta — manca Anna Liverani",
    "Cotignola nessun referente attivo",
  ]);
  expect(answers.getByTitle("No: Sara Folli")).toBeTruthy();
  expect(answers.getByTitle("Deleghe: Luca Tampieri")).toBeTruthy();
  // The popup's own sentence for the same numbers.
  expect(answers.getByTestId("coordination-coming").textContent).toBe("Partecipano 2 persone da 2 enti; 1 non partecipa");
});

test("answers: a referent named as delegate is not missing; the delegation is said, in Italian and English", async () => {
  const bagnacavallo = {
    ente: "Bagnacavallo" as const,
    yes: [],
    no: [],
    delegate: ["Francesca Randi"],
    missing: [],
    delegations: [{ name: "Francesca Randi", delegate: "Matteo Cortesi" }],
    standIns: [{ name: "Matteo Cortesi", for: ["Francesca Randi"] }],
  };
  const alfonsine = {
    ente: "Alfonsine" as const,
    yes: [],
    no: [],
    delegate: [],
    missing: ["Davide Baldini"],
    delegations: [],
    standIns: [{ name: "Elena Montanari", for: ["Chiara Zauli"] }],
  };
  const body = coordination({
    answers: {
      meeting: testMeeting("2027-01-19T10:00:00+01:00"),
      byEnte: [alfonsine, bagnacavallo],
      coming: { people: 1, enti: 1, answered: 1, absent: 0 },
    },
  });
  serve(() => ({ status: 200, body }));
  show();
  let answers = await section("coordination-answers");
  expect(answers.getAllByTestId("coordination-answers-ente").map((line) => line.textContent)).toEqual([
    "Alfonsine nessuna risposta — Elena Montanari viene per Chiara Zauli — manca Davide Baldini",
    "Bagnacavallo 1 delega — Francesca Randi: delega a Matteo Cortesi",
  ]);
  expect(answers.getByText(/Ha risposto/).textContent).toBe(" · Ha risposto 1 persona su 4.");
  expect(answers.getByTestId("coordination-coming").textContent).toBe("Partecipa 1 persona da 1 ente");
  cleanup();
  serve(() => ({ status: 200, body }));
  show(() => {}, "en");
  answers = await section("coordination-answers");
  expect(answers.getAllByTestId("coordination-answers-ente").map((line) => line.textContent)).toEqual([
    "Alfonsine no answers — Elena Montanari comes for Chiara Zauli — waiting for Davide Baldini",
    "Bagnacavallo 1 delegated — Francesca Randi: delegated to Matteo Cortesi",
  ]);
});

test("answers from an older service (no delegations, no sentence): the lines as before, no sentence guessed", async () => {
  const { coming: _coming, byEnte, ...rest } = coordination().answers;
  const older = byEnte.map(({ delegations: _delegations, standIns: _standIns, ...row }) => row);
  serve(() => ({ status: 200, body: coordination({ answers: { ...rest, byEnte: older } as Coordination["answers"] }) }));
  show();
  const answers = await section("coordination-answers");
  expect(answers.getAllByTestId("coordination-answers-ente").map((line) => line.textContent)).toEqual([
    "Unione 1 sì · hanno risposto tutti",
    "Lugo 1 no · 1 delega — manca Marco Ricci",
    "Massa Lombarda nessuna risposta — manca Anna Liverani",
    "Cotignola nessun referente attivo",
  ]);
  expect(answers.queryByTestId("coordination-coming")).toBeNull();
});

test("answers: plurals of delegates and of the missing, and no meeting planned", async () => {
  serve(() => ({
    status: 200,
    body: coordination({
      answers: {
        meeting: testMeeting("2027-01-19T10:00:00+01:00"),
        byEnte: [
          {
            ente: "Lugo",
            yes: [],
            no: [],
            delegate: ["Luca Tampieri", "Sara Folli"],
            missing: ["Marco Ricci", "Anna Bassi"],
            delegations: [],
            standIns: [],
          },
        ],
      },
    }),
  }));
  show();
  const answers = await section("coordination-answers");
  expect(answers.getByTestId("coordination-answers-ente").textContent).toBe("Lugo 2 deleghe — mancano Marco Ricci, Anna Bassi");
  expect(answers.getByText(/Hanno risposto/).textContent).toBe(" · Hanno risposto 2 persone su 4.");
  cleanup();
  serve(() => ({ status: 200, body: coordination({ answers: { meeting: null, byEnte: [] } }) }));
  show();
  expect((await section("coordination-answers")).getByText("Nessuna riunione in programma.")).toBeTruthy();
});

test("publications by ente: done, to do, overdue in red with their titles; enti with nothing asked left out", async () => {
  serve();
  show();
  const publications = await section("coordination-publications");
  const lines = publications.getAllByTestId("coordination-publications-ente");
  expect(lines.map((line) => line.textContent)).toEqual([
    "Lugo 2 pubblicate · 1 da fare · 2 scaduteScadute: Avviso TARI · Bando contributi affitto",
    "Conselice 1 pubblicata",
  ]);
  expect(lines[0]?.className).toContain("coordination-overdue");
  expect(lines[1]?.className).not.toContain("coordination-overdue");
});

test("service state: the time of the last read, and each count with its noun agreed", async () => {
  serve();
  show();
  const service = await section("coordination-service");
  expect(service.getByTestId("coordination-refreshed").textContent).toBe("Foglio letto alle 10:42");
  expect(service.getByTestId("coordination-pending").textContent).toMatch(/^1 scrittura in attesa di entrare nel foglio Entrano appena/);
  expect(service.getByTestId("coordination-reconciled").textContent).toMatch(/^3 righe ripristinate negli ultimi 30 giorni Una copia/);
  expect(service.getByTestId("coordination-dead-letters").textContent).toBe("Nessuna scrittura scartata");
});

test("service state on another day, stale, on Google: the date, the warning, no reconciled rows", async () => {
  serve(() => ({
    status: 200,
    body: coordination({
      sheet: { store: "google", where: "https://docs.google.com/spreadsheets/d/1AbC/edit" },
      service: { lastRefreshAt: "2026-11-08T17:05:00.000Z", stale: true, pendingWrites: 4, reconciledRows: 0, deadLetters: 1 },
    }),
  }));
  show();
  const service = await section("coordination-service");
  expect(service.getByTestId("coordination-refreshed").textContent).toBe(
    "Foglio letto l'8 novembre 2026 alle 18:05 Il servizio non riesce a leggere il foglio: i dati potrebbero non essere aggiornati.",
  );
  expect(service.getByTestId("coordination-pending").textContent).toBe("4 scritture in attesa di entrare nel foglio");
  expect(service.queryByTestId("coordination-reconciled")).toBeNull();
  expect(service.getByTestId("coordination-dead-letters").textContent).toMatch(/^1 scrittura scartata Non possono entrare/);
  cleanup();
  serve(() => ({ status: 200, body: coordination({ service: { ...coordination().service, lastRefreshAt: "2026-11-09T08:15:00.000Z" } }) }));
  show();
  expect((await screen.findByTestId("coordination-refreshed")).textContent).toBe("Foglio letto il 9 novembre 2026 alle 09:15");
});

test("access: each person's state on the roster; no revoke for myself; Nuovo invito and its expiry while one waits", async () => {
  serve();
  show();
  const access = await section("coordination-access");
  const person = (name: string) => within(access.getByText(name, { selector: "strong" }).closest("li") as HTMLElement);
  expect(person("Giulia Bianchi").getByTestId("access").textContent).toMatch(/^sei tu · ha accesso/);
  expect(person("Giulia Bianchi").queryByRole("button", { name: /Revoca accesso/ })).toBeNull();
  expect(person("Marco Ricci").getByRole("button", { name: "Revoca accesso Marco Ricci" })).toBeTruthy();
  expect(person("Sara Folli").getByText("senza accesso · invito in attesa, scade lunedì 16 novembre 2026 alle 10:00")).toBeTruthy();
  expect(person("Sara Folli").getByRole("button", { name: "Nuovo invito Sara Folli" })).toBeTruthy();
  expect(person("Anna Liverani").getByRole("button", { name: "Invita Anna Liverani" })).toBeTruthy();
  expect(person("Anna Liverani").queryByRole("button", { name: /Revoca/ })).toBeNull();
});

test("a Delegato gets neither Invita nor Revoca accesso under the Coordinatore, and a line saying why; everyone else's stay", async () => {
  const service = serve();
  show(() => {}, "it", paolo);
  const access = await section("coordination-access");
  const person = (name: string) => within(access.getByText(name, { selector: "strong" }).closest("li") as HTMLElement);
  const giuliaRow = person("Giulia Bianchi");
  expect(giuliaRow.queryByRole("button")).toBeNull();
  expect(giuliaRow.getByTestId("access-delegate-limit").textContent).toBe(
    "Solo il Coordinatore (o l'ufficio informatico) può invitare o revocare l'accesso di chi ha Ruolo Coordinatore: un Delegato non può farlo.",
  );
  // Her access is still shown, and not as mine.
  expect(giuliaRow.getByTestId("access").textContent).toMatch(/^ha accesso/);
  expect(person("Marco Ricci").getByRole("button", { name: "Invita Marco Ricci" })).toBeTruthy();
  expect(person("Marco Ricci").getByRole("button", { name: "Revoca accesso Marco Ricci" })).toBeTruthy();
  expect(person("Anna Liverani").getByRole("button", { name: "Invita Anna Liverani" })).toBeTruthy();
  expect(access.getAllByTestId("access-delegate-limit")).toHaveLength(1);
  expect(service.requests.map((request) => request.path)).toEqual(["/coordination"]);

  // The Coordinatore herself sees the buttons as before, and no such line.
  cleanup();
  serve();
  show();
  const hers = await section("coordination-access");
  expect(hers.queryByTestId("access-delegate-limit")).toBeNull();
  expect(hers.getByRole("button", { name: "Invita Giulia Bianchi" })).toBeTruthy();
});

test("403 not_allowed_for_delegate (the Ruolo changed since the roster was read) is said in the popup's words beside the person", async () => {
  serve((request) =>
    request.path === "/invitations"
      ? errorAnswer(403, "not_allowed_for_delegate", "Solo il Coordinatore può invitare chi ha Ruolo Coordinatore")
      : { status: 200, body: coordination() },
  );
  show(() => {}, "it", paolo);
  fireEvent.click(await screen.findByRole("button", { name: "Invita Marco Ricci" }));
  expect((await screen.findByTestId("access-outcome")).textContent).toBe(
    "Solo il Coordinatore (o l'ufficio informatico) può invitare o revocare l'accesso di chi ha Ruolo Coordinatore: un Delegato non può farlo.",
  );
  expect(screen.queryByTestId("invitation")).toBeNull();
});

test("Registro accessi: newest first, what, who → whom, when in Rome; a redeem under the invitee's name; the CLI; an unknown kind", async () => {
  const entry = (at: string, kind: string, by: string, byName: string | null, email: string, name: string | null) => ({
    at,
    kind,
    by,
    byName,
    email,
    name,
  });
  const giuliaEmail = "giulia.bianchi@unione.esempio.it";
  const sara = "sara.folli@lugo.esempio.it";
  serve(() => ({
    status: 200,
    body: coordination({
      accessLog: [
        entry(
          "2026-11-10T10:05:00+01:00",
          "access_revoked",
          "paolo.gardini@unione.esempio.it",
          "Paolo Gardini",
          "marco.ricci@lugo.esempio.it",
          "Marco Ricci",
        ),
        entry("2026-11-09T18:30:00+01:00", "invitation_redeemed", sara, "Sara Folli", sara, "Sara Folli"),
        entry("2026-11-09T09:00:00+01:00", "invitation_created", giuliaEmail, "Giulia Bianchi", sara, "Sara Folli"),
        entry("2026-11-09T08:59:00+01:00", "invitation_revoked", giuliaEmail, "Giulia Bianchi", sara, "Sara Folli"),
        entry("2026-07-01T10:00:00+02:00", "token_created", "CLI (root)", null, "ex.referente@lugo.esempio.it", null),
        entry("2026-06-30T23:30:00Z", "token_revoked", "CLI", null, "ex.referente@lugo.esempio.it", null),
        entry("2026-06-01T08:00:00+02:00", "key_rotated", "persona cancellata", null, sara, "Sara Folli"),
      ],
    }),
  }));
  show();
  const log = await section("coordination-access-log");
  expect(log.getByRole("heading").textContent).toBe("Registro accessi");
  expect(log.getByText(/^Chi ha dato o tolto l'accesso a chi, e quando/)).toBeTruthy();
  expect(log.getAllByTestId("access-log-entry").map((item) => item.textContent)).toEqual([
    "Accesso revocato · Paolo Gardini → Marco Ricci10 novembre 2026 alle 10:05",
    "Invito usato · Sara Folli9 novembre 2026 alle 18:30",
    "Invito creato · Giulia Bianchi → Sara Folli9 novembre 2026 alle 09:00",
    "Invito revocato · Giulia Bianchi → Sara Folli9 novembre 2026 alle 08:59",
    "Chiave personale creata · da terminale (root) → ex.referente@lugo.esempio.it1 luglio 2026 alle 10:00",
    // 23:30 UTC is already 1 July in Rome.
    "Chiave personale revocata · da terminale → ex.referente@lugo.esempio.it1 luglio 2026 alle 01:30",
    "Modifica dell'accesso · persona cancellata → Sara Folli1 giugno 2026 alle 08:00",
  ]);
  expect(screen.getByTestId("coordination-access-log").querySelector("time")?.getAttribute("datetime")).toBe("2026-11-10T10:05:00+01:00");

  // Nothing recorded: said as a sentence. English: the same entries in English.
  cleanup();
  serve();
  show();
  expect((await section("coordination-access-log")).getByText("Nessun cambiamento negli accessi nell'ultimo anno.")).toBeTruthy();
  cleanup();
  serve(() => ({
    status: 200,
    body: coordination({ accessLog: [entry("2026-11-09T18:30:00+01:00", "invitation_redeemed", sara, "Sara Folli", sara, "Sara Folli")] }),
  }));
  show(() => {}, "en");
  expect((await screen.findByTestId("access-log-entry")).textContent).toBe("Invitation used · Sara Folli9 November 2026 at 18:30");
});

test("Invita: POST /invitations, then the ready text to copy and an email to the referent; the view asks again", async () => {
  const writeText = vi.fn(async (_text: string) => {});
  Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
  const service = serve((request) =>
    request.path === "/invitations" ? { status: 201, body: invitation } : { status: 200, body: coordination() },
  );
  show();
  fireEvent.click(await screen.findByRole("button", { name: "Invita Anna Liverani" }));
  const panel = within(await screen.findByTestId("invitation"));
  expect(service.requests[1]).toMatchObject({
    method: "POST",
    path: "/invitations",
    body: { email: "anna.liverani@massalombarda.esempio.it" },
  });
  expect(panel.getByText("Invito pronto per Anna Liverani: vale una volta sola, fino a martedì 17 novembre 2026 alle 10:42.")).toBeTruthy();
  expect((panel.getByLabelText("Testo dell'invito per Anna Liverani") as HTMLTextAreaElement).value).toBe(invitation.text);
  expect(panel.getByRole("link", { name: "Scrivi email" }).getAttribute("href")).toBe(invitation.mailto);
  fireEvent.click(panel.getByRole("button", { name: "Copia" }));
  await panel.findByText("Testo copiato.");
  expect(writeText).toHaveBeenCalledWith(invitation.text);
  await waitFor(() => expect(service.requests.map((request) => request.path)).toEqual(["/coordination", "/invitations", "/coordination"]));
  // The token is never shown: only what the service put in the invitation.
  expect(screen.getByTestId("coordination").textContent).not.toContain(TOKEN);
});

test("a copy refused by the browser selects the text and says to press Ctrl+C", async () => {
  Object.defineProperty(navigator, "clipboard", {
    value: { writeText: async () => Promise.reject(new Error("Document is not focused")) },
    configurable: true,
  });
  serve((request) => (request.path === "/invitations" ? { status: 201, body: invitation } : { status: 200, body: coordination() }));
  show();
  fireEvent.click(await screen.findByRole("button", { name: "Invita Anna Liverani" }));
  fireEvent.click(within(await screen.findByTestId("invitation")).getByRole("button", { name: "Copia" }));
  expect(await screen.findByText("Copia non riuscita: premi Ctrl+C sul testo selezionato.")).toBeTruthy();
});

test("a refused invitation says the service's reason beside the person", async () => {
  serve((request) =>
    request.path === "/invitations"
      ? errorAnswer(400, "invalid_request", "anna.liverani@massalombarda.esempio.it non è un referente attivo della rete")
      : { status: 200, body: coordination() },
  );
  show();
  fireEvent.click(await screen.findByRole("button", { name: "Invita Anna Liverani" }));
  expect((await screen.findByTestId("access-outcome")).textContent).toBe(
    "Il servizio ha risposto: anna.liverani@massalombarda.esempio.it non è un referente attivo della rete",
  );
  expect(screen.queryByTestId("invitation")).toBeNull();
});

test("Revoca accesso asks first, inline; Annulla sends nothing; Revoca posts /access/revoke and says it is done", async () => {
  const service = serve((request) =>
    request.path === "/access/revoke"
      ? {
          status: 200,
          body: { email: "marco.ricci@lugo.esempio.it", tokenRevoked: true, invitationRevoked: false, feedRevoked: true, dataErased: true },
        }
      : { status: 200, body: coordination() },
  );
  show();
  fireEvent.click(await screen.findByRole("button", { name: "Revoca accesso Marco Ricci" }));
  const confirm = within(screen.getByTestId("access-revoke-confirm"));
  expect(confirm.getByText(/^Revocare l'accesso a Marco Ricci\?/)).toBeTruthy();
  fireEvent.click(confirm.getByRole("button", { name: "Annulla" }));
  expect(screen.queryByTestId("access-revoke-confirm")).toBeNull();
  expect(service.requests.map((request) => request.path)).toEqual(["/coordination"]);

  fireEvent.click(screen.getByRole("button", { name: "Revoca accesso Marco Ricci" }));
  fireEvent.click(within(screen.getByTestId("access-revoke-confirm")).getByRole("button", { name: "Revoca" }));
  expect((await screen.findByTestId("access-outcome")).textContent).toBe("Accesso revocato.");
  expect(service.requests[1]).toMatchObject({ method: "POST", path: "/access/revoke", body: { email: "marco.ricci@lugo.esempio.it" } });
  await waitFor(() =>
    expect(service.requests.map((request) => request.path)).toEqual(["/coordination", "/access/revoke", "/coordination"]),
  );
});

test("the API's error is shown in the notice style, and Aggiorna asks again", async () => {
  let fail = true;
  const service = serve(() =>
    fail ? errorAnswer(503, "store_unavailable", "Il foglio non è ancora stato letto") : { status: 200, body: coordination() },
  );
  show();
  const notice = await screen.findByTestId("coordination-error");
  expect(notice.className).toBe("notice notice-error");
  expect(notice.textContent).toBe("Il servizio ha risposto: Il foglio non è ancora stato letto");
  fail = false;
  fireEvent.click(screen.getByRole("button", { name: "Aggiorna" }));
  await screen.findByTestId("coordination-problems");
  expect(screen.queryByTestId("coordination-error")).toBeNull();
  expect(service.requests).toHaveLength(2);
});

test("an unreachable service, and an answer not in the contract's shape, are said in words", async () => {
  serve(() => "unreachable");
  show();
  expect((await screen.findByTestId("coordination-error")).textContent).toBe("Servizio non raggiungibile: riprova con Aggiorna.");
  cleanup();
  serve(() => ({ status: 200, body: { sheet: "nope" } }));
  show();
  expect((await screen.findByTestId("coordination-error")).textContent).toMatch(/^Risposta inattesa dal servizio/);
});

test("403 not_coordinator tells the popup to hide the tab", async () => {
  serve(() => errorAnswer(403, "not_coordinator", "Solo il coordinatore della rete e i suoi delegati possono farlo"));
  const onNotCoordinator = vi.fn();
  show(onNotCoordinator);
  await screen.findByTestId("coordination-error");
  expect(onNotCoordinator).toHaveBeenCalledOnce();
});

test("English: the same view in English, plurals agreed", async () => {
  serve();
  show(() => {}, "en");
  expect((await screen.findByTestId("coordination-refreshed")).textContent).toBe("Sheet read at 10:42");
  expect(screen.getAllByTestId("coordination-answers-ente")[1]?.textContent).toBe(
    "Lugo 1 no · 1 delegated — Luca Tampieri: delegated to Mario Rossi — waiting for Marco Ricci",
  );
  expect(screen.getByTestId("coordination-coming").textContent).toBe("2 people are coming from 2 organisations; 1 is not");
  expect(screen.getByTestId("coordination-pending").textContent).toMatch(/^1 write waiting to go into the sheet/);
});

test("the invitation's mailto is used only when it is a mailto: to the invited referent", () => {
  expect(mailtoFor(invitation)).toBe(invitation.mailto);
  expect(mailtoFor({ ...invitation, mailto: "javascript:alert(1)" })).toBeUndefined();
  expect(mailtoFor({ ...invitation, mailto: "mailto:someone.else@esempio.it?body=x" })).toBeUndefined();
  expect(mailtoFor({ ...invitation, mailto: "MAILTO:Anna.Liverani@massalombarda.esempio.it" })).toBe(
    "MAILTO:Anna.Liverani@massalombarda.esempio.it",
  );
});

test("a late project says how late, its step, and the cell to open; one gone silent says since when", async () => {
  const link = (cell: string, message: string) => ({ tab: "Progetti", cell, message, line: `Progetti!${cell}: ${message}`, url: null });
  serve(() => ({
    status: 200,
    body: coordination({
      projects: [
        {
          id: "p-social",
          title: "Guida ai social",
          lead: "Conselice",
          nextStep: "Approvare la bozza",
          deadline: "2026-11-05",
          daysLate: 5,
          lastUpdate: "2026-09-14",
          silent: true,
          link: link("I3", "prossimo passo scaduto"),
        },
        {
          id: "p-foto",
          title: "Archivio foto",
          lead: "",
          nextStep: "",
          deadline: "",
          daysLate: 0,
          lastUpdate: "",
          silent: true,
          link: link("B4", "nessun aggiornamento"),
        },
      ],
    }),
  }));
  show();
  const projects = await section("coordination-projects");
  expect(projects.getAllByTestId("coordination-project").map((item) => item.textContent)).toEqual([
    "Guida ai social · Conselice prossimo passo scaduto da 5 giorni · nessun aggiornamento dal 14 settembre 2026Passo: Approvare la bozzaApri rete-urp.xlsx, foglio Progetti, cella I3",
    "Archivio foto nessun aggiornamentoApri rete-urp.xlsx, foglio Progetti, cella B4",
  ]);
});
