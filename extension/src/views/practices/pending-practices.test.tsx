// @vitest-environment happy-dom
import type { Me, Practice } from "@rete-urp/shared";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import type { OutboxItem } from "../../lib/storage";
import { spid } from "../../testing/outbox-writes";
import { testTranslator } from "../../testing/test-translator";
import { pendingPractices } from "./pending-practices";
import PracticesView from "./practices-view";

afterEach(cleanup);

const marco: Me = { email: "Marco.Ricci@lugo.esempio.it", firstName: "Marco", lastName: "Ricci", ente: "Lugo", role: "Referente" };

const stored: Practice = {
  id: "p-cotignola",
  date: "2026-11-13",
  title: "Sportello SPID assistito",
  description: "Un'ora a settimana per attivare SPID con i cittadini.",
  url: "https://www.comune.cotignola.ra.it/spid",
  excerpt: "",
  tags: ["SPID"],
  ente: "Cotignola",
  author: "Chiara Zauli",
  authorEmail: "chiara.zauli@cotignola.esempio.it",
};

/** Written offline on 20 November 2026 at 23:30 in Rome: still the 20th there, already the 20th in UTC too. */
const queued = (input: Partial<typeof spid> = {}, queuedAt = Date.parse("2026-11-20T23:30:00+01:00")): OutboxItem => ({
  kind: "practice",
  input: { ...spid, ...input },
  queuedAt,
  attempts: 1,
  lastError: "network",
});

test("pendingPractices() makes my unsent practices into list entries, newest first, leaving out what the snapshot already has", () => {
  const older = queued(
    { id: "0b6c1e7e-2f1a-4d4b-9a57-1c0c8f3b9d10", title: "Orari estivi", ente: undefined, tags: undefined },
    Date.parse("2026-11-18T10:00:00+01:00"),
  );
  const attendance: OutboxItem = {
    kind: "attendance",
    meetingId: "m1",
    input: { answer: "yes" },
    queuedAt: 1,
    attempts: 0,
    lastError: null,
  };
  expect(pendingPractices([older, attendance, queued()], [stored], marco)).toEqual([
    {
      id: spid.id,
      date: "2026-11-20",
      title: spid.title,
      description: "",
      url: spid.url,
      excerpt: spid.excerpt,
      tags: ["sportello", "SPID"],
      ente: "Lugo",
      author: "Marco Ricci",
      authorEmail: "marco.ricci@lugo.esempio.it",
    },
    expect.objectContaining({ title: "Orari estivi", date: "2026-11-18", ente: "Lugo", tags: [] }),
  ]);
  // Delivered, and already in the cached snapshot: listed once, as the network's.
  expect(pendingPractices([queued()], [{ ...stored, id: spid.id }], marco)).toEqual([]);
});

test("Buone prassi finds my practice still in the outbox, first and marked as not sent; the search reads it like the others", async () => {
  render(<PracticesView t={testTranslator("it")} practices={[stored]} outbox={[queued()]} me={marco} />);
  const list = () => within(screen.getByTestId("practice-list"));
  const items = () =>
    list()
      .getAllByRole("listitem")
      .filter((item) => item.classList.contains("practice"));
  expect(items().map((item) => item.querySelector("h3")?.textContent)).toEqual([spid.title, stored.title]);
  expect(items()[0]!.textContent).toContain("in attesa di invio");
  expect(items()[1]!.textContent).not.toContain("in attesa di invio");
  expect(screen.getByText("2 buone prassi")).toBeTruthy();

  fireEvent.change(screen.getByLabelText("Cerca tra le buone prassi"), { target: { value: "prenotano" } });
  await vi.waitFor(() => expect(items().map((item) => item.querySelector("h3")?.textContent)).toEqual([spid.title]));
  expect(items()[0]!.textContent).toContain("in attesa di invio");
  expect(items()[0]!.textContent).toContain("Lugo · 20 novembre 2026 · Marco Ricci");

  fireEvent.change(screen.getByLabelText("Cerca tra le buone prassi"), { target: { value: "spid" } });
  await vi.waitFor(() => expect(items()).toHaveLength(2));
});

test("in English the unsent practice says so too", () => {
  render(<PracticesView t={testTranslator("en")} practices={[]} outbox={[queued()]} me={marco} />);
  expect(screen.getByTestId("practice-list").textContent).toContain("waiting to be sent");
});
