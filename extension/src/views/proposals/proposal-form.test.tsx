// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, expect, test } from "vitest";
import { serveSubmissions } from "../../features/serve-submissions";
import { readOutbox } from "../../lib/storage";
import { configureService, fakeService } from "../../testing/fake-service";
import { testMeeting } from "../../testing/meetings";
import { refreshRecorded } from "../../testing/outbox-writes";
import { testTranslator } from "../../testing/test-translator";
import { TranslatorContext } from "../../ui/i18n-context";
import { ProposalForm } from "./proposal-form";

afterEach(cleanup);

const meeting = testMeeting("2027-01-19T10:00:00+01:00");
const page = { title: "Modulo unico per l'accesso agli atti", url: "https://www.comune.lugo.ra.it/accesso-atti", excerpt: "" };

function show(language: "it" | "en" = "it") {
  return render(
    <TranslatorContext.Provider value={testTranslator(language)}>
      <ProposalForm meeting={meeting} prefill={page} />
    </TranslatorContext.Provider>,
  );
}

const title = () => screen.getByLabelText(/Argomento|Topic/) as HTMLInputElement;

test("Proponi: the confirmation replaces the form, focused, and Aggiungi un'altra brings the empty form back", async () => {
  serveSubmissions();
  await configureService();
  const { requests } = fakeService((request) => (request.path === "/snapshot" ? { status: 304 } : { status: 201 }));
  show();
  fireEvent.click(screen.getByRole("button", { name: "Proponi" }));
  const done = await screen.findByTestId("outbox-done");
  expect(screen.getByTestId("proposal-result").textContent).toMatch(/^Salvata · /);
  // Focus moves in an effect after the confirmation is drawn: awaited, not assumed.
  await waitFor(() => expect(document.activeElement).toBe(done));
  expect(screen.queryByTestId("proposal-form")).toBeNull();
  expect(requests[0]).toMatchObject({ method: "POST", path: "/proposals", body: { meetingId: meeting.id, title: page.title } });
  await refreshRecorded();

  fireEvent.click(screen.getByRole("button", { name: "Aggiungi un'altra" }));
  expect(screen.getByTestId("proposal-form")).toBeTruthy();
  expect(title().value).toBe("");
  await waitFor(() => expect(document.activeElement).toBe(title()));
});

test("offline, the proposal waits in the outbox and the confirmation says so, in English too", async () => {
  serveSubmissions();
  await configureService();
  fakeService(() => "unreachable");
  show("en");
  fireEvent.click(screen.getByRole("button", { name: "Propose" }));
  await screen.findByTestId("outbox-done");
  expect(screen.getByTestId("proposal-result").textContent).toMatch(/^Waiting to be sent · /);
  expect((await readOutbox()).map((item) => item.kind)).toEqual(["proposal"]);
  expect(screen.getByRole("button", { name: "Add another" })).toBeTruthy();
});
