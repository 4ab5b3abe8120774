// @vitest-environment happy-dom
import type { Attendance, Me } from "@rete-urp/shared";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { serveSubmissions } from "../../features/serve-submissions";
import { type OutboxItem, readOutbox, readSyncStatus } from "../../lib/storage";
import { type ChromeStub, storageContents } from "../../testing/chrome-stub";
import { configureService, fakeService } from "../../testing/fake-service";
import { testMeeting } from "../../testing/meetings";
import { refreshRecorded } from "../../testing/outbox-writes";
import { testTranslator } from "../../testing/test-translator";
import { TranslatorContext } from "../../ui/i18n-context";
import { AttendancePanel } from "./attendance-panel";

afterEach(cleanup);

const marco: Me = { email: "marco.ricci@lugo.esempio.it", firstName: "Marco", lastName: "Ricci", ente: "Lugo", role: "Referente" };
const meeting = testMeeting("2027-01-19T10:00:00+01:00");

function show(answers: Attendance[] = [], outbox: OutboxItem[] = []) {
  return render(
    <TranslatorContext.Provider value={testTranslator("it")}>
      <AttendancePanel meeting={meeting} me={marco} answers={answers} outbox={outbox} />
    </TranslatorContext.Provider>,
  );
}

/** The answers the buttons show as chosen (pressed), and the one shown as waiting. */
const pressed = () =>
  screen
    .getAllByRole("button")
    .filter((button) => button.getAttribute("aria-pressed") === "true")
    .map((button) => button.textContent);
const waiting = () =>
  screen
    .getAllByRole("button")
    .filter((button) => button.classList.contains("segment-pending"))
    .map((button) => button.textContent);
const yesStored: Attendance = {
  id: "a1",
  meetingId: meeting.id,
  email: marco.email,
  name: "Marco Ricci",
  ente: "Lugo",
  answer: "yes",
  delegate: "",
  updatedAt: "2027-01-10T08:00:00.000Z",
};

const status = () => screen.getByTestId("attendance-status").textContent;
const alert = () => screen.getByRole("alert").textContent;
const delegateTo = (name: string) => {
  fireEvent.click(screen.getByRole("button", { name: "Delego a…" }));
  fireEvent.change(screen.getByLabelText("Nome della persona delegata"), { target: { value: name } });
  fireEvent.click(screen.getByRole("button", { name: "Invia delega" }));
};

test("Partecipo goes through the background worker to the service, and shows as my answer", async () => {
  serveSubmissions();
  await configureService();
  const { requests } = fakeService((request) => (request.path === "/snapshot" ? { status: 304 } : { status: 200 }));
  show();
  fireEvent.click(screen.getByRole("button", { name: "Partecipo" }));
  await vi.waitFor(() => expect(status()).toBe("La tua risposta: Partecipo"));
  expect(requests[0]).toMatchObject({
    method: "PUT",
    path: `/meetings/${encodeURIComponent(meeting.id)}/attendance`,
    body: { answer: "yes" },
  });
  expect(await readOutbox()).toEqual([]);
  await vi.waitFor(async () => expect((await readSyncStatus()).lastAttemptAt).not.toBeNull());
});

test("Delego with no name is refused by the worker's schema: the panel asks for the name, nothing is stored", async () => {
  serveSubmissions();
  await configureService();
  const { requests } = fakeService(() => ({ status: 200 }));
  show();
  delegateTo("   ");
  expect(await screen.findByText("Scrivi il nome della persona a cui deleghi.")).toBeTruthy();
  expect(screen.getByLabelText("Nome della persona delegata").getAttribute("aria-invalid")).toBe("true");
  // The field takes the focus, and the panel's alert says why (the same words, after "Non salvata").
  await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText("Nome della persona delegata")));
  expect(alert()).toBe("Non salvata · Scrivi il nome della persona a cui deleghi.");
  expect(requests).toEqual([]);
  expect(await readOutbox()).toEqual([]);
});

test("the buttons keep the focus while an answer goes (busy is aria-disabled, presses ignored); after Invia delega, Delego a… takes it", async () => {
  serveSubmissions();
  await configureService();
  let answer: (value: { status: number }) => void = () => {};
  const { requests } = fakeService((request) =>
    request.path === "/snapshot" ? { status: 304 } : new Promise<{ status: number }>((resolve) => (answer = resolve)),
  );
  show();
  const yes = screen.getByRole("button", { name: "Partecipo" });
  yes.focus();
  fireEvent.click(yes);
  await vi.waitFor(() => expect(yes.getAttribute("aria-disabled")).toBe("true"));
  expect(yes.hasAttribute("disabled")).toBe(false);
  expect(document.activeElement).toBe(yes);
  // A second press while the first is on its way sends nothing more.
  fireEvent.click(screen.getByRole("button", { name: "Non partecipo" }));
  const puts = () => requests.filter((request) => request.method === "PUT");
  await vi.waitFor(() => expect(puts()).toHaveLength(1));
  answer({ status: 200 });
  await vi.waitFor(() => expect(status()).toBe("La tua risposta: Partecipo"));
  expect(puts().map((request) => request.body)).toEqual([{ answer: "yes" }]);
  expect(yes.hasAttribute("aria-disabled")).toBe(false);
  expect(document.activeElement).toBe(yes);

  delegateTo("Paolo Gardini");
  await vi.waitFor(() => expect(puts()).toHaveLength(2));
  answer({ status: 200 });
  await vi.waitFor(() => expect(status()).toBe("La tua risposta: deleghi Paolo Gardini"));
  expect(screen.queryByLabelText("Nome della persona delegata")).toBeNull();
  expect(document.activeElement).toBe(screen.getByRole("button", { name: "Delego a…" }));
  await refreshRecorded();
});

test("with no worker to answer, the delegation is not sent: the panel says so, keeps the name, and nothing is stored", async () => {
  (globalThis.chrome as unknown as ChromeStub).reset();
  show();
  delegateTo("Paolo Gardini");
  await vi.waitFor(() =>
    expect(alert()).toBe("Non inviata: l'estensione non ha potuto prenderla in carico e non ha salvato nulla. Riprova."),
  );
  expect((screen.getByLabelText("Nome della persona delegata") as HTMLInputElement).value).toBe("Paolo Gardini");
  expect(await storageContents()).toEqual({});
});

test("Delego a… only opens the name field: it shows as chosen once the delegation is sent, and the stored answer stays chosen meanwhile", async () => {
  serveSubmissions();
  await configureService();
  fakeService((request) => (request.path === "/snapshot" ? { status: 304 } : { status: 200 }));
  show([yesStored]);
  expect(pressed()).toEqual(["Partecipo"]);
  const delegate = screen.getByRole("button", { name: "Delego a…" });
  fireEvent.click(delegate);
  // Opened, not chosen: the service still has "Partecipo".
  expect(delegate.getAttribute("aria-pressed")).toBe("false");
  expect(delegate.getAttribute("aria-expanded")).toBe("true");
  expect(delegate.getAttribute("aria-controls")).toBe("attendance-delegate-form");
  expect(pressed()).toEqual(["Partecipo"]);
  expect(status()).toBe("La tua risposta: Partecipo");

  fireEvent.change(screen.getByLabelText("Nome della persona delegata"), { target: { value: "Paolo Gardini" } });
  fireEvent.click(screen.getByRole("button", { name: "Invia delega" }));
  await vi.waitFor(() => expect(status()).toBe("La tua risposta: deleghi Paolo Gardini"));
  expect(pressed()).toEqual(["Delego a…"]);
  expect(waiting()).toEqual([]);
  await refreshRecorded();
});

test("an answer the service could not take yet is shown as waiting, not as chosen", async () => {
  serveSubmissions();
  await configureService();
  fakeService(() => "unreachable");
  show([yesStored]);
  fireEvent.click(screen.getByRole("button", { name: "Non partecipo" }));
  await vi.waitFor(() => expect(status()).toBe("La tua risposta: Non partecipoin attesa di invio"));
  expect(pressed()).toEqual([]);
  expect(waiting()).toEqual(["Non partecipo"]);
  expect(screen.getByRole("button", { name: "Non partecipo" }).getAttribute("aria-describedby")).toBe("attendance-status");
  expect((await readOutbox()).map((item) => item.kind === "attendance" && item.input.answer)).toEqual(["no"]);
});

test("a delegation waiting in the outbox when the popup opens is marked as waiting on Delego a…, none chosen", () => {
  const queued: OutboxItem = {
    kind: "attendance",
    meetingId: meeting.id,
    input: { answer: "delegate", delegate: "Paolo Gardini" },
    queuedAt: Date.parse("2027-01-12T09:00:00+01:00"),
    attempts: 1,
    lastError: "network",
  };
  show([yesStored], [queued]);
  expect(pressed()).toEqual([]);
  expect(waiting()).toEqual(["Delego a…"]);
  expect(status()).toBe("La tua risposta: deleghi Paolo Gardiniin attesa di invio");
});
