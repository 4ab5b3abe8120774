// @vitest-environment happy-dom
import type { Me, PracticeInput } from "@rete-urp/shared";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { serveSubmissions } from "../../features/serve-submissions";
import { readOutbox } from "../../lib/storage";
import { type ChromeStub, storageContents } from "../../testing/chrome-stub";
import { configureService, fakeService } from "../../testing/fake-service";
import { refreshRecorded } from "../../testing/outbox-writes";
import { testTranslator } from "../../testing/test-translator";
import { TranslatorContext } from "../../ui/i18n-context";
import { QuickAddForm } from "./quick-add-form";

afterEach(cleanup);

const marco: Me = { email: "marco.ricci@lugo.esempio.it", firstName: "Marco", lastName: "Ricci", ente: "Lugo", role: "Referente" };

const page = {
  title: "Prenotazioni online allo sportello unico",
  url: "https://www.comune.lugo.ra.it/sportello",
  excerpt: "I cittadini prenotano l'appuntamento allo sportello da casa.",
};

/** The network as the sheet's Enti tab lists it: Faenza is in no list of the code. */
const ENTI = ["Unione", "Lugo", "Faenza"];

function show(prefill = page) {
  return render(
    <TranslatorContext.Provider value={testTranslator("it")}>
      <QuickAddForm me={marco} suggestedTags={[]} practices={[]} roster={[]} enti={ENTI} prefill={prefill} />
    </TranslatorContext.Provider>,
  );
}

const field = (label: RegExp) => screen.getByLabelText(label) as HTMLInputElement;
const save = () => fireEvent.click(screen.getByRole("button", { name: "Salva buona prassi" }));
/** What the form's live regions say (both always there: whichever speaks). */
const result = () => screen.getByTestId("quick-add-result").textContent;

test("Salva sends the page's practice through the background worker, which stores and delivers it; the confirmation takes the form's place, focused", async () => {
  serveSubmissions();
  await configureService();
  const { requests } = fakeService((request) => (request.path === "/snapshot" ? { status: 304 } : { status: 201 }));
  show();
  save();
  await waitFor(() => expect(result()).toBe("Salvata · La buona prassi è nel foglio condiviso."));
  expect(requests[0]).toMatchObject({
    method: "POST",
    path: "/practices",
    body: { title: page.title, url: page.url, excerpt: page.excerpt, ente: "Lugo" },
  });
  expect((requests[0]!.body as PracticeInput).id).toMatch(/^[0-9a-f-]{36}$/);
  // In the form's place, not under it (below the fold of a 600 px popup): focused, so it is read and in view.
  const done = screen.getByTestId("outbox-done");
  expect(screen.queryByLabelText(/Titolo/)).toBeNull();
  expect(screen.queryByRole("button", { name: "Salva buona prassi" })).toBeNull();
  // Focus moves in an effect after the confirmation is drawn: awaited, not assumed.
  await waitFor(() => expect(document.activeElement).toBe(done));
  expect(await readOutbox()).toEqual([]);
  await refreshRecorded();

  // "Aggiungi un'altra": the empty form again, its title focused; the next practice is a new one.
  fireEvent.click(screen.getByRole("button", { name: "Aggiungi un'altra" }));
  expect(screen.queryByTestId("outbox-done")).toBeNull();
  expect(field(/Titolo/).value).toBe("");
  expect(field(/Link/).value).toBe("");
  expect(document.activeElement).toBe(field(/Titolo/));
  fireEvent.change(field(/Titolo/), { target: { value: "Sportello telefonico unico" } });
  save();
  await waitFor(() => expect(result()).toBe("Salvata · La buona prassi è nel foglio condiviso."));
  const posted = requests.filter((request) => request.path === "/practices");
  expect(posted.map((request) => (request.body as PracticeInput).title)).toEqual([page.title, "Sportello telefonico unico"]);
  expect((posted[1]!.body as PracticeInput).id).not.toBe((posted[0]!.body as PracticeInput).id);
});

test("offline, Salva queues the practice: the confirmation says it waits, in the form's place, and the outbox keeps it", async () => {
  serveSubmissions();
  await configureService();
  fakeService(() => "unreachable");
  show();
  save();
  await waitFor(() =>
    expect(result()).toBe(
      "In attesa di invio · Il servizio ora non risponde: la invierò appena possibile, anche se chiudi questa finestra.",
    ),
  );
  await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("outbox-done")));
  expect(screen.queryByLabelText(/Titolo/)).toBeNull();
  expect((await readOutbox()).map((item) => item.kind === "practice" && item.input.title)).toEqual([page.title]);
  fireEvent.click(screen.getByRole("button", { name: "Aggiungi un'altra" }));
  expect(field(/Titolo/).value).toBe("");
});

test("what the worker's schema refuses is shown by field, in the chosen language, and nothing is stored", async () => {
  serveSubmissions();
  await configureService();
  const { requests } = fakeService(() => ({ status: 201 }));
  show({ title: "   ", url: "ftp://files.comune.lugo.ra.it/sportello", excerpt: "" });
  save();
  expect(await screen.findByText("Scrivi un titolo.")).toBeTruthy();
  expect(screen.getByText("Il link deve iniziare con http:// o https://.")).toBeTruthy();
  expect(field(/Titolo/).getAttribute("aria-invalid")).toBe("true");
  // The first wrong field takes the focus; the form's alert says what is wrong, its status nothing.
  await waitFor(() => expect(document.activeElement).toBe(field(/Titolo/)));
  const result = within(screen.getByTestId("quick-add-result"));
  expect(result.getByRole("alert").textContent).toBe("Non salvata · Scrivi un titolo. Il link deve iniziare con http:// o https://.");
  expect(result.getByRole("status").textContent).toBe("");
  // The button was never disabled (it keeps the focus while the worker answers).
  expect(screen.getByRole("button", { name: "Salva buona prassi" }).hasAttribute("disabled")).toBe(false);
  expect(requests).toEqual([]);
  expect(await readOutbox()).toEqual([]);
});

test("with no worker to answer, the form says it was not sent, keeps what was typed and its id, and stores nothing", async () => {
  // The worker failed to start: nobody answers (setup.ts's refresh listener is forgotten too).
  (globalThis.chrome as unknown as ChromeStub).reset();
  const sent = vi.spyOn(chrome.runtime, "sendMessage");
  show();
  fireEvent.change(field(/Titolo/), { target: { value: "Prenotazioni online, anche il sabato" } });
  save();
  // Said in the form's alert region, there from the start: the same element, only its text changed.
  const alert = within(screen.getByTestId("quick-add-result")).getByRole("alert");
  await waitFor(() =>
    expect(alert.textContent).toBe(
      "Non inviata · l'estensione non ha potuto prenderla in carico e non ha salvato nulla: premi di nuovo per riprovare.",
    ),
  );
  expect(within(screen.getByTestId("quick-add-result")).getByRole("alert")).toBe(alert);
  expect(field(/Titolo/).value).toBe("Prenotazioni online, anche il sabato");
  expect(field(/Link/).value).toBe(page.url);
  expect(await storageContents()).toEqual({});

  // The worker is back: the same write, with the same UUID (a retry can never make two rows).
  serveSubmissions();
  await configureService();
  const { requests } = fakeService((request) => (request.path === "/snapshot" ? { status: 304 } : { status: 201 }));
  save();
  expect((await screen.findByText(/^Salvata/)).textContent).toBe("Salvata");
  const ids = sent.mock.calls.map(([message]) => (message as unknown as { submission: { values: { id: string } } }).submission.values.id);
  expect(ids).toHaveLength(2);
  expect(ids[1]).toBe(ids[0]);
  expect(requests[0]?.body).toMatchObject({ id: ids[0], title: "Prenotazioni online, anche il sabato" });
  sent.mockRestore();
  await refreshRecorded();
});

test("the Ente picker offers the network's enti as the snapshot lists them, a comune only the sheet knows included, mine chosen", () => {
  show();
  const picker = screen.getByLabelText("Ente di origine") as HTMLSelectElement;
  expect([...picker.options].map((option) => option.value)).toEqual(["", "Unione", "Lugo", "Faenza"]);
  expect(picker.value).toBe("Lugo");
});
