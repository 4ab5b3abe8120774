import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { renderText } from "../testing/render";
import { testTranslator } from "../testing/test-translator";
import { TranslatorContext } from "./i18n-context";
import { fieldErrorsOf, Outcome } from "./outcome";

const shown = (outcome: Parameters<typeof Outcome>[0]["outcome"]) =>
  renderText(<Outcome outcome={outcome} savedDetail="La buona prassi è nel foglio condiviso." testId="quick-add-result" />);

test.each([
  { code: "network", detail: "Il servizio ora non risponde: la invierò appena possibile, anche se chiudi questa finestra." },
  {
    code: "journal_unavailable",
    detail: "Il servizio ora non può registrarla: la invierò appena possibile, anche se chiudi questa finestra.",
  },
  {
    code: "too_many_attempts",
    detail: "Il servizio ora non può registrarla: la invierò appena possibile, anche se chiudi questa finestra.",
  },
  {
    code: "unauthorized",
    detail: "Controlla le impostazioni (indirizzo e token): la invierò appena il servizio la accetta, anche se chiudi questa finestra.",
  },
  {
    code: "not_configured",
    detail: "Controlla le impostazioni (indirizzo e token): la invierò appena il servizio la accetta, anche se chiudi questa finestra.",
  },
  { code: "forbidden", detail: "Non risulti più referente attivo: la invierò se il coordinatore ti riattiva." },
])("Outcome of a write queued after $code says why it waits", ({ code, detail }) => {
  expect(shown({ kind: "queued", code, reason: "dal servizio" })).toBe(`In attesa di invio · ${detail}`);
});

test("Outcome of a refused write gives the service's reason", () => {
  expect(shown({ kind: "rejected", code: "not_addressed", message: "Questa pubblicazione non è richiesta a Lugo", fields: {} })).toBe(
    "Non salvata · Questa pubblicazione non è richiesta a Lugo",
  );
});

test("Outcome of an id_conflict says to press again: the form has a new id ready", () => {
  const message = "L'id 6f0d3a52-8c1e-4f7b-a9d2-3e5b7c9a1f04 è già usato da una proposta per l'ordine del giorno";
  expect(shown({ kind: "rejected", code: "id_conflict", message, fields: { id: "già usato" } })).toBe(
    "Non salvata · il suo identificativo era già usato da un altro elemento: premi di nuovo per inviarla con uno nuovo.",
  );
});

test("Outcome of a write the background worker never got says nothing was saved, in Italian and in English", () => {
  const outcome = { kind: "not_sent", reason: "Could not establish connection. Receiving end does not exist." } as const;
  expect(shown(outcome)).toBe(
    "Non inviata · l'estensione non ha potuto prenderla in carico e non ha salvato nulla: premi di nuovo per riprovare.",
  );
  expect(
    renderText(<Outcome outcome={outcome} savedDetail="The best practice is in the shared sheet." testId="quick-add-result" />, "en"),
  ).toBe("Not sent · the extension could not take it and saved nothing: press again to retry.");
});

test("fieldErrorsOf() names each field's first issue, as the worker sends them back (path and code only)", () => {
  expect(
    fieldErrorsOf([
      { path: ["title"], code: "too_small" },
      { path: ["title"], code: "too_big" },
      { path: ["url"], code: "custom" },
      { path: ["excerpt"], code: "too_big" },
      { path: ["tags", 0], code: "too_small" },
    ]),
  ).toEqual({ title: "errorTitleRequired", url: "errorUrlHttp", excerpt: "errorTooLong", tags: "errorFieldInvalid" });
});

/** The two regions' text, as a screen reader's tree has them: [status, alert]. */
function regions(element: Parameters<typeof renderToStaticMarkup>[0]): [string, string] {
  const html = renderToStaticMarkup(<TranslatorContext.Provider value={testTranslator("it")}>{element}</TranslatorContext.Provider>);
  const text = (role: string) =>
    (
      new RegExp(`<div class="live-region" role="${role}">(.*?)</div>(?=<div class="live-region"|</div>$)`).exec(html)?.[1] ?? "missing"
    ).replace(/<[^>]+>/g, "");
  return [text("status"), text("alert")];
}

test("Outcome: one status and one alert region, both there before anything happened; saved and queued are said politely, refused as an alert", () => {
  const outcome = (value: Parameters<typeof Outcome>[0]["outcome"], problem?: string) => (
    <Outcome outcome={value} savedDetail="La buona prassi è nel foglio condiviso." testId="quick-add-result" problem={problem} />
  );
  expect(regions(outcome(null))).toEqual(["", ""]);
  expect(regions(outcome({ kind: "delivered" }))).toEqual(["Salvata · La buona prassi è nel foglio condiviso.", ""]);
  expect(regions(outcome({ kind: "queued", code: "network", reason: "" }))[1]).toBe("");
  expect(regions(outcome({ kind: "rejected", code: "not_addressed", message: "Non richiesta a Lugo", fields: {} }))).toEqual([
    "",
    "Non salvata · Non richiesta a Lugo",
  ]);
  // Nothing sent, fields to correct: the form's own alert says them.
  expect(regions(outcome(null, "Scrivi un titolo."))).toEqual(["", "Non salvata · Scrivi un titolo."]);
});
