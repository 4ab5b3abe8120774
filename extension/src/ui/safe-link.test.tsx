import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { testTranslator } from "../testing/test-translator";
import { TranslatorContext } from "./i18n-context";
import { NewTabNote, SafeLink } from "./safe-link";

const html = (element: Parameters<typeof renderToStaticMarkup>[0], language: "it" | "en" = "it") =>
  renderToStaticMarkup(<TranslatorContext.Provider value={testTranslator(language)}>{element}</TranslatorContext.Provider>);

test("an http(s) link opens a new tab and is described by the page's note saying so, in the chosen language", () => {
  expect(html(<SafeLink href="https://www.comune.lugo.ra.it/odg.pdf">Ordine del giorno</SafeLink>)).toBe(
    '<a href="https://www.comune.lugo.ra.it/odg.pdf" target="_blank" rel="noopener noreferrer" aria-describedby="new-tab-note">Ordine del giorno</a>',
  );
  expect(html(<NewTabNote />)).toBe('<span id="new-tab-note" hidden="">si apre in una nuova scheda</span>');
  expect(html(<NewTabNote />, "en")).toBe('<span id="new-tab-note" hidden="">opens in a new tab</span>');
});

test("anything else is plain text, with no note to describe it", () => {
  // A script address as a hostile sheet could hold one, built so no literal script URL is in this file.
  const hostile = ["javascript", "alert(1)"].join(":");
  expect(html(<SafeLink href={hostile}>Ordine del giorno</SafeLink>)).toBe(
    `<span class="link-disabled">Ordine del giorno <span class="link-raw clamp">${hostile}</span></span>`,
  );
});
