// @vitest-environment happy-dom
import type { MyPublication, NetworkEnte } from "@rete-urp/shared";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
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
const LUGO: NetworkEnte = { name: "Lugo", kind: "comune", site: "https://www.comune.lugo.ra.it", newsletter: "" };

function showItem(answer: DeliveryOutcome | undefined | (() => DeliveryOutcome | undefined), language: "it" | "en" = "it", pageUrl = PAGE) {
  const asked: string[] = [];
  render(
    <TranslatorContext.Provider value={testTranslator(language)}>
      <ul>
        <PublicationItem
          publication={tari}
          pending={undefined}
          pageUrl={pageUrl}
          ente={LUGO}
          now={new Date("2026-12-01T10:00:00+01:00")}
          onPublish={async (_id, _title, url) => {
            asked.push(url);
            return typeof answer === "function" ? answer() : answer;
          }}
        />
      </ul>
    </TranslatorContext.Provider>,
  );
  return asked;
}

/** The item, and "Pubblicato" pressed: the form asks for the address. */
function confirmWith(answer: DeliveryOutcome | undefined, { pageUrl = PAGE, language = "it" as "it" | "en" } = {}) {
  const asked = showItem(answer, language, pageUrl);
  fireEvent.click(screen.getByRole("button", { name: language === "it" ? /Pubblicato/ : /Published/ }));
  return asked;
}
const confirm = (language: "it" | "en" = "it") =>
  fireEvent.click(screen.getByRole("button", { name: language === "it" ? "Conferma pubblicazione" : "Confirm" }));

test("Pubblicato not sent (the worker could not take it) says so in the item's alert, under the form, and keeps the form open to try again", async () => {
  const asked = confirmWith({ kind: "not_sent", reason: "Could not establish connection" });
  confirm();
  expect(
    await screen.findByText("Non inviata: l'estensione non ha potuto prenderla in carico e non ha salvato nulla. Riprova."),
  ).toBeTruthy();
  expect(asked).toEqual([PAGE]);
  expect(screen.getByTestId("confirm-published")).toBeTruthy();
  expect(screen.queryByText("pubblicata")).toBeNull();
});

test("Pubblicato delivered closes the form and shows the publication as done, with its page", async () => {
  confirmWith({ kind: "delivered" });
  expect(screen.queryByTestId("published-off-site")).toBeNull();
  confirm();
  expect(await screen.findByText("pubblicata")).toBeTruthy();
  expect(screen.queryByTestId("confirm-published")).toBeNull();
  expect(screen.getByRole("link", { name: "pagina pubblicata" }).getAttribute("href")).toBe(PAGE);
});

test("a proof address off my ente's Sito is warned about under the field, not refused: confirming still sends it", async () => {
  const facebook = "https://www.facebook.com/comunedilugo/posts/42";
  const asked = confirmWith({ kind: "delivered" }, { pageUrl: facebook });
  const warning = screen.getByTestId("published-off-site");
  expect(warning.textContent).toBe(
    "Lugo: questo indirizzo non è sul suo sito (www.comune.lugo.ra.it). Controlla che sia la pagina giusta; puoi confermare lo stesso.",
  );
  const input = screen.getByLabelText("Indirizzo della pagina pubblicata");
  expect(input.getAttribute("aria-describedby")).toContain(warning.id);
  // Typing the page on the site takes the warning away.
  fireEvent.change(input, { target: { value: "https://comune.lugo.ra.it/notizie/tari" } });
  expect(screen.queryByTestId("published-off-site")).toBeNull();
  fireEvent.change(input, { target: { value: facebook } });
  confirm();
  expect(await screen.findByText("pubblicata")).toBeTruthy();
  expect(asked).toEqual([facebook]);
});

test("the warning in English", () => {
  confirmWith({ kind: "delivered" }, { pageUrl: "https://www.comune.bagnacavallo.ra.it/tari", language: "en" });
  expect(screen.getByTestId("published-off-site").textContent).toBe(
    "Lugo: this address is not on its website (www.comune.lugo.ra.it). Check it is the right page; you can still confirm.",
  );
});

test("each Pubblicato names its item; pressed, the address takes the focus, and Annulla gives it back to the button", async () => {
  showItem({ kind: "delivered" });
  const button = screen.getByRole("button", { name: /^Pubblicato ?: Avviso TARI: nuove scadenze di pagamento$/ });
  button.focus();
  fireEvent.click(button);
  const address = screen.getByLabelText("Indirizzo della pagina pubblicata");
  await waitFor(() => expect(document.activeElement).toBe(address));
  fireEvent.click(screen.getByRole("button", { name: "Annulla" }));
  await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("button", { name: /^Pubblicato/ })));
});

test("in the English popup the item's title in the button's name is marked Italian", () => {
  showItem(undefined, "en");
  const button = screen.getByRole("button", { name: /^Published ?: Avviso TARI: nuove scadenze di pagamento$/ });
  expect(button.querySelector('[lang="it"]')?.textContent).toBe(tari.title);
  expect(screen.getByRole("heading", { level: 3 }).getAttribute("lang")).toBe("it");
});

test("a wrong address keeps the focus in the field and is said in the item's alert; once delivered, the proof's link takes the focus", async () => {
  let answer: DeliveryOutcome | undefined;
  // The page in front of the user is not a web page: the address is typed.
  const asked = showItem(() => answer, "it", "");
  fireEvent.click(screen.getByRole("button", { name: /Pubblicato/ }));
  const address = screen.getByLabelText("Indirizzo della pagina pubblicata");
  fireEvent.change(address, { target: { value: "pagina" } });
  answer = undefined;
  fireEvent.click(screen.getByRole("button", { name: "Conferma pubblicazione" }));
  await waitFor(() =>
    expect(screen.getByRole("alert").textContent).toBe("Non salvata · Serve l'indirizzo http:// o https:// della pagina pubblicata."),
  );
  expect(address.getAttribute("aria-invalid")).toBe("true");
  expect(document.activeElement).toBe(address);

  fireEvent.change(address, { target: { value: PAGE } });
  answer = { kind: "delivered" };
  fireEvent.click(screen.getByRole("button", { name: "Conferma pubblicazione" }));
  await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("link", { name: "pagina pubblicata" })));
  expect(screen.getByRole("status").textContent).toBe("Salvata");
  expect(screen.getByRole("alert").textContent).toBe("");
  expect(asked).toEqual(["pagina", PAGE]);
});
