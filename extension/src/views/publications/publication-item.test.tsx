// @vitest-environment happy-dom
import type { MyPublication } from "@rete-urp/shared";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, expect, test } from "vitest";
import type { DeliveryOutcome } from "../../features/outbox";
import { testTranslator } from "../../testing/test-translator";
import { TranslatorContext } from "../../ui/i18n-context";
import { PublicationItem } from "./publication-item";

afterEach(cleanup);

const tari: MyPublication = {
  id: "pub-tari-2026",
  title: "Avviso TARI: nuove scadenze di pagamento",
  sourceUrl: "",
  deadline: "2026-12-15",
  enti: [],
  notes: "",
  published: false,
  publishedUrl: "",
  publishedAt: "",
  overdue: false,
};
const PAGE = "https://www.comune.lugo.ra.it/tari-2026";

function confirmWith(answer: DeliveryOutcome | undefined) {
  const asked: string[] = [];
  render(
    <TranslatorContext.Provider value={testTranslator("it")}>
      <ul>
        <PublicationItem
          publication={tari}
          pending={undefined}
          pageUrl={PAGE}
          now={new Date("2026-12-01T10:00:00+01:00")}
          onPublish={async (_id, _title, url) => {
            asked.push(url);
            return answer;
          }}
        />
      </ul>
    </TranslatorContext.Provider>,
  );
  fireEvent.click(screen.getByRole("button", { name: /Pubblicato/ }));
  fireEvent.click(screen.getByRole("button", { name: "Conferma pubblicazione" }));
  return asked;
}

test("Pubblicato not sent (the worker could not take it) says so under the address and keeps the form open to try again", async () => {
  const asked = confirmWith({ kind: "not_sent", reason: "Could not establish connection" });
  expect(
    await screen.findByText("Non inviata: l'estensione non ha potuto prenderla in carico e non ha salvato nulla. Riprova."),
  ).toBeTruthy();
  expect(asked).toEqual([PAGE]);
  expect(screen.getByTestId("confirm-published")).toBeTruthy();
  expect(screen.queryByText("pubblicata")).toBeNull();
});

test("Pubblicato delivered closes the form and shows the publication as done, with its page", async () => {
  confirmWith({ kind: "delivered" });
  expect(await screen.findByText("pubblicata")).toBeTruthy();
  expect(screen.queryByTestId("confirm-published")).toBeNull();
  expect(screen.getByRole("link", { name: "pagina pubblicata" }).getAttribute("href")).toBe(PAGE);
});
