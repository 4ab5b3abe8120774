import { type Practice, sortPracticesNewestFirst } from "@rete-urp/shared";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import it from "../../../locales/it/messages.json";
import { type MessageKey, resolveMessage, type Translator } from "../../lib/i18n";
import { testTranslator } from "../../testing/test-translator";
import { TranslatorContext } from "../../ui/i18n-context";
import { PRACTICES_PAGE, PracticeList } from "./practice-list";

const t: Translator = Object.assign(
  (key: MessageKey, ...substitutions: (string | number)[]) => resolveMessage(it[key], substitutions.map(String)),
  {
    language: "it" as const,
    locale: "it-IT",
  },
);

/** n practices, one a day from 1 January 2026, in the sheet's order (oldest first). */
function practices(n: number): Practice[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10),
    title: `Buona prassi ${i}`,
    description: "",
    url: "",
    excerpt: "",
    tags: [],
    ente: "Lugo",
    author: "Sara Folli",
    authorEmail: "sara.folli@lugo.esempio.it",
  }));
}

/** The list as the snapshot carries it: sorted once, by the service, newest first. */
const render = (sheetOrder: Practice[]) => renderAsGiven(sortPracticesNewestFirst(sheetOrder));
const renderAsGiven = (list: Practice[]) =>
  renderToStaticMarkup(
    <TranslatorContext.Provider value={t}>
      <PracticeList practices={list} />
    </TranslatorContext.Provider>,
  );
const titles = (html: string) => [...html.matchAll(/<h3 class="list-title">([^<]*)<\/h3>/g)].map((match) => match[1]);

test(`the practice list shows the newest ${PRACTICES_PAGE} of 250, counts all 250 and offers "Mostra altri risultati"`, () => {
  const html = render(practices(250));
  const shown = titles(html);
  expect(shown).toHaveLength(PRACTICES_PAGE);
  expect(shown[0]).toBe("Buona prassi 249");
  expect(shown.at(-1)).toBe("Buona prassi 150");
  expect(html).toContain(">250 buone prassi</p>");
  expect(html).toContain(">Mostra altri risultati</button>");
});

test(`the practice list shows exactly ${PRACTICES_PAGE} practices without "Mostra altri risultati"`, () => {
  const html = render(practices(PRACTICES_PAGE));
  expect(titles(html)).toHaveLength(PRACTICES_PAGE);
  expect(html).not.toContain("Mostra altri");
});

test("practices of the same day show the one added last first", () => {
  const sameDay = practices(3).map((practice) => ({ ...practice, date: "2026-11-13" }));
  expect(titles(render(sameDay))).toEqual(["Buona prassi 2", "Buona prassi 1", "Buona prassi 0"]);
});

test("the popup keeps the snapshot's order and never sorts it again (a second sort flipped same-day practices)", () => {
  const sameDay = practices(3).map((practice) => ({ ...practice, date: "2026-11-13" }));
  const snapshotOrder = sortPracticesNewestFirst(sameDay);
  expect(titles(renderAsGiven(snapshotOrder))).toEqual(["Buona prassi 2", "Buona prassi 1", "Buona prassi 0"]);
});

test("a practice's tag says it filters the list; in the English popup the sheet's words are marked Italian, and the link says it opens a new tab", () => {
  const tagged: Practice = {
    ...practices(1)[0]!,
    url: "https://www.comune.lugo.ra.it/spid",
    description: "Sportello SPID assistito",
    tags: ["accessibilità"],
  };
  const shown = (translator: Translator) =>
    renderToStaticMarkup(
      <TranslatorContext.Provider value={translator}>
        <PracticeList practices={[tagged]} />
      </TranslatorContext.Provider>,
    );
  const italian = shown(t);
  expect(italian).toContain(
    '<button type="button" class="chip chip-small clamp"><span>accessibilità</span><span class="visually-hidden">, filtra le buone prassi</span></button>',
  );
  expect(italian).not.toContain('lang="it"');
  const english = shown(testTranslator("en"));
  expect(english).toContain('<span lang="it">accessibilità</span><span class="visually-hidden">, filter the best practices</span>');
  expect(english).toContain('<h3 class="list-title" lang="it">');
  expect(english).toContain('<p class="list-text clamp" lang="it">Sportello SPID assistito</p>');
  expect(english).toContain('target="_blank" rel="noopener noreferrer" aria-describedby="new-tab-note"');
});
