// @vitest-environment happy-dom
import type { Action, Project } from "@rete-urp/shared";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, expect, test } from "vitest";
import type { DeliveryOutcome } from "../../features/outbox";
import type { OutboxItem } from "../../lib/storage";
import { testTranslator } from "../../testing/test-translator";
import { TranslatorContext } from "../../ui/i18n-context";
import { MyActions } from "./my-actions";

afterEach(cleanup);

const action = (id: string, text: string, deadline: string, extra: Partial<Action> = {}): Action => ({
  id,
  meetingId: "m-1",
  meetingDate: "2026-09-15",
  projectId: "",
  text,
  enti: [],
  deadline,
  status: "open",
  doneBy: "",
  doneAt: "",
  ...extra,
});

const ACTIONS = [
  action("a-late", "Inviare all'Unione gli orari estivi degli sportelli", "2026-11-18"),
  action("a-due", "Aggiornare la pagina URP", "2026-11-30"),
  action("a-done", "Raccogliere le FAQ sulla TARI", "2026-11-20", { status: "done", doneBy: "Marco Ricci (Lugo)", doneAt: "2026-11-21" }),
];
const NOW = new Date("2026-11-23T10:00:00+01:00");

function show(outbox: OutboxItem[], answer: DeliveryOutcome | (() => Promise<DeliveryOutcome>) = { kind: "delivered" }) {
  const asked: [string, string][] = [];
  render(
    <TranslatorContext.Provider value={testTranslator("it")}>
      <MyActions
        actions={ACTIONS}
        ente="Lugo"
        outbox={outbox}
        now={NOW}
        onDone={async (id, title) => {
          asked.push([id, title]);
          return typeof answer === "function" ? answer() : answer;
        }}
      />
    </TranslatorContext.Provider>,
  );
  return asked;
}

const item = (text: string) => screen.getAllByTestId("action").find((li) => li.textContent?.includes(text))!;

test('"Da fare per Lugo": how late the late one is, the due date of the other, who did the done one and when', () => {
  show([]);
  expect(screen.getByRole("heading", { name: "Da fare per Lugo" })).toBeTruthy();
  expect(screen.getByText("Ancora da fare: 2")).toBeTruthy();
  expect(within(item("orari estivi")).getByTestId("action-deadline").textContent).toBe("scaduta da 5 giorni");
  expect(item("orari estivi").className).toContain("action-overdue");
  expect(within(item("pagina URP")).getByTestId("action-deadline").textContent).toBe("entro il 30 novembre");
  expect(item("pagina URP").className).not.toContain("action-overdue");
  expect(item("FAQ").textContent).toContain("fatta da Marco Ricci (Lugo) il 21 novembre 2026");
  expect(within(item("FAQ")).queryByRole("button")).toBeNull();
  expect(item("orari estivi").textContent).toContain("Decisa nella riunione del 15 settembre 2026");
});

test("Fatto sends the action with its text, and shows it done; one waiting in the outbox is done, in attesa di invio", async () => {
  const asked = show([
    { kind: "action-done", actionId: "a-due", title: "Aggiornare la pagina URP", queuedAt: 1, attempts: 1, lastError: null },
  ]);
  expect(screen.getByText("Ancora da fare: 1")).toBeTruthy();
  expect(item("pagina URP").textContent).toContain("in attesa di invio");
  fireEvent.click(within(item("orari estivi")).getByRole("button", { name: "Fatto" }));
  expect(await within(item("orari estivi")).findByText("fatta")).toBeTruthy();
  expect(asked).toEqual([["a-late", "Inviare all'Unione gli orari estivi degli sportelli"]]);
});

test("Fatto refused (the coordinator removed the action) says why and keeps the button", async () => {
  show([], { kind: "rejected", code: "not_found", message: "Azione non trovata: forse il coordinatore l'ha tolta", fields: {} });
  fireEvent.click(within(item("pagina URP")).getByRole("button", { name: "Fatto" }));
  await waitFor(() =>
    expect(within(item("pagina URP")).getByRole("alert").textContent).toBe("Azione non trovata: forse il coordinatore l'ha tolta"),
  );
  expect(within(item("pagina URP")).getByRole("button", { name: "Fatto" })).toBeTruthy();
});

test("Fatto keeps the focus while it works (aria-disabled, a second press ignored), then the line that says it is done takes it", async () => {
  let answer: (outcome: DeliveryOutcome) => void = () => {};
  const asked = show([], () => new Promise((resolve) => (answer = resolve)));
  const button = within(item("pagina URP")).getByRole("button", { name: "Fatto" });
  button.focus();
  fireEvent.click(button);
  await waitFor(() => expect(button.getAttribute("aria-disabled")).toBe("true"));
  fireEvent.click(button);
  expect(document.activeElement).toBe(button);
  expect(asked).toHaveLength(1);
  answer({ kind: "delivered" });
  const line = await within(item("pagina URP")).findByText("fatta");
  await waitFor(() => expect(document.activeElement).toBe(line.closest(".action-state")));
  expect(within(item("pagina URP")).getByRole("status").textContent).toBe("Salvata");
  expect(within(item("pagina URP")).getByRole("alert").textContent).toBe("");
});

test("nothing at all when the meetings left my ente nothing", () => {
  render(
    <TranslatorContext.Provider value={testTranslator("it")}>
      <MyActions actions={[]} ente="Lugo" outbox={[]} now={NOW} onDone={async () => ({ kind: "delivered" })} />
    </TranslatorContext.Provider>,
  );
  expect(screen.queryByTestId("action-list")).toBeNull();
});

test("an action's Progetto cell is shown by the project's title when it names one of Progetti (by ID or title), as written otherwise", () => {
  const project = { id: "p-1", title: "Sportello digitale unico" } as Project;
  render(
    <TranslatorContext.Provider value={testTranslator("it")}>
      <MyActions
        actions={[
          action("a-id", "Inviare le FAQ", "", { projectId: "P-1" }),
          action("a-title", "Provare il modulo", "", { projectId: "sportello DIGITALE unico" }),
          action("a-text", "Raccogliere i volantini", "", { projectId: "Progetto che non c'è" }),
        ]}
        ente="Lugo"
        outbox={[]}
        now={NOW}
        onDone={async () => ({ kind: "delivered" })}
        projects={[project]}
      />
    </TranslatorContext.Provider>,
  );
  const line = (text: string) => item(text).querySelector(".action-meeting")?.textContent;
  expect(line("Inviare le FAQ")).toBe("Decisa nella riunione del 15 settembre 2026 · Progetto: Sportello digitale unico");
  expect(line("Provare il modulo")).toContain("Progetto: Sportello digitale unico");
  expect(line("Raccogliere i volantini")).toContain("Progetto: Progetto che non c'è");
});
