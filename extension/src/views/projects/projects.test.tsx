// @vitest-environment happy-dom
import type { Me, Project, ProjectUpdate, Proposal } from "@rete-urp/shared";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, expect, test } from "vitest";
import type { OutboxItem } from "../../lib/storage";
import { testTranslator } from "../../testing/test-translator";
import { TranslatorContext } from "../../ui/i18n-context";
import { Projects } from "./projects";

afterEach(cleanup);

const sara: Me = { email: "sara.folli@lugo.esempio.it", firstName: "Sara", lastName: "Folli", ente: "Lugo", role: "Referente" };
const now = new Date("2026-11-23T10:00:00+01:00");

const project = (id: string, title: string, over: Partial<Project> = {}): Project => ({
  id,
  title,
  description: "",
  enti: [],
  lead: "Unione",
  contact: "",
  status: "active",
  nextStep: "",
  deadline: "",
  url: "",
  ...over,
});

const PROJECTS = [
  project("p-foto", "Archivio fotografico", { enti: ["Cotignola"], lead: "Cotignola" }),
  project("p-social", "Guida ai social", {
    enti: ["Lugo", "Conselice"],
    lead: "Conselice",
    nextStep: "Approvare la bozza",
    deadline: "2026-11-18",
  }),
  project("p-sportello", "Sportello unico", {
    nextStep: "Raccogliere le FAQ",
    deadline: "2026-12-05",
    contact: "giulia.bianchi@unione.esempio.it",
  }),
];
const UPDATES: ProjectUpdate[] = [
  {
    id: "u-1",
    projectId: "p-sportello",
    date: "2026-11-17",
    text: "Lugo ha inviato le FAQ",
    url: "",
    ente: "Lugo",
    author: "Sara Folli",
    authorEmail: "",
  },
];
const PROPOSAL: Proposal = {
  id: "pr-1",
  meetingId: "m-1",
  date: "2026-11-20",
  title: "Approvare la guida",
  description: "",
  url: "",
  excerpt: "",
  ente: "Lugo",
  author: "Sara Folli",
  authorEmail: "",
  status: "proposed",
  projectId: "p-social",
};
const PENDING: OutboxItem = {
  kind: "project-update",
  projectTitle: "Guida ai social",
  input: { id: "6f1c0a1e-0000-4000-8000-000000000001", projectId: "p-social", text: "Bozza inviata" },
  queuedAt: 1,
  attempts: 0,
  lastError: null,
};

function show(outbox: OutboxItem[] = []) {
  render(
    <TranslatorContext.Provider value={testTranslator("it")}>
      <Projects
        projects={PROJECTS}
        updates={UPDATES}
        proposals={[PROPOSAL]}
        meetings={[]}
        outbox={outbox}
        me={sara}
        prefill={{ title: "Allerta meteo — Comune di Lugo", url: "https://www.comune.lugo.ra.it/allerta", excerpt: "" }}
        now={now}
      />
    </TranslatorContext.Provider>,
  );
}

test("my ente's projects first (an empty Enti coinvolti is every ente), the late step marked, the others after", () => {
  show();
  const mine = within(screen.getByTestId("project-list-mine")).getAllByTestId("project");
  expect(mine.map((item) => item.querySelector("h4")?.textContent)).toEqual(["Guida ai social", "Sportello unico"]);
  expect(mine[0]?.className).toContain("project-late");
  expect(within(mine[0]!).getByTestId("project-deadline").textContent).toBe("scaduta da 5 giorni");
  expect(within(mine[1]!).getByTestId("project-deadline").textContent).toBe("entro il 5 dicembre");
  expect(mine[1]?.className).not.toContain("project-late");
  const others = within(screen.getByTestId("project-list-others")).getAllByTestId("project");
  expect(others.map((item) => item.querySelector("h4")?.textContent)).toEqual(["Archivio fotografico"]);
});

test("each project shows its latest updates, mine waiting in the outbox marked, and the proposals that name it", () => {
  show([PENDING]);
  const [social, sportello] = within(screen.getByTestId("project-list-mine")).getAllByTestId("project");
  expect(
    within(social!)
      .getAllByTestId("project-update")
      .map((item) => item.textContent),
  ).toEqual(["Bozza inviatain attesa di invio"]);
  expect(within(social!).getByTestId("project-proposals").textContent).toContain("Approvare la guida");
  expect(within(sportello!).getAllByTestId("project-update")[0]?.textContent).toBe(
    "17 novembre 2026 · Lugo · Sara FolliLugo ha inviato le FAQ",
  );
});

test("Aggiungi un aggiornamento on a project opens the form on it, the page's title and address proposed", () => {
  show();
  const social = within(screen.getByTestId("project-list-mine")).getAllByTestId("project")[0]!;
  fireEvent.click(within(social).getByRole("button", { name: "Aggiungi un aggiornamento" }));
  const form = screen.getByTestId("project-update-form");
  expect((within(form).getByLabelText("Progetto", { exact: false }) as HTMLSelectElement).value).toBe("p-social");
  expect((within(form).getByLabelText(/Che cosa è successo/) as HTMLTextAreaElement).value).toBe("Allerta meteo — Comune di Lugo");
  expect((within(form).getByLabelText("Link") as HTMLInputElement).value).toBe("https://www.comune.lugo.ra.it/allerta");
});
