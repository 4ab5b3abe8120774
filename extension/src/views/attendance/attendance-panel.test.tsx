// @vitest-environment happy-dom
import type { Me } from "@rete-urp/shared";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { serveSubmissions } from "../../features/serve-submissions";
import { readOutbox, readSyncStatus } from "../../lib/storage";
import { type ChromeStub, storageContents } from "../../testing/chrome-stub";
import { configureService, fakeService } from "../../testing/fake-service";
import { testMeeting } from "../../testing/meetings";
import { testTranslator } from "../../testing/test-translator";
import { TranslatorContext } from "../../ui/i18n-context";
import { AttendancePanel } from "./attendance-panel";

afterEach(cleanup);

const marco: Me = { email: "marco.ricci@lugo.esempio.it", firstName: "Marco", lastName: "Ricci", ente: "Lugo", role: "Referente" };
const meeting = testMeeting("2027-01-19T10:00:00+01:00");

function show() {
  return render(
    <TranslatorContext.Provider value={testTranslator("it")}>
      <AttendancePanel meeting={meeting} me={marco} answers={[]} outbox={[]} />
    </TranslatorContext.Provider>,
  );
}

const status = () => screen.getByTestId("attendance-status").textContent;
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
  expect(requests).toEqual([]);
  expect(await readOutbox()).toEqual([]);
});

test("with no worker to answer, the delegation is not sent: the panel says so, keeps the name, and nothing is stored", async () => {
  (globalThis.chrome as unknown as ChromeStub).reset();
  show();
  delegateTo("Paolo Gardini");
  await vi.waitFor(() =>
    expect(status()).toBe("Non inviata: l'estensione non ha potuto prenderla in carico e non ha salvato nulla. Riprova."),
  );
  expect((screen.getByLabelText("Nome della persona delegata") as HTMLInputElement).value).toBe("Paolo Gardini");
  expect(await storageContents()).toEqual({});
});
