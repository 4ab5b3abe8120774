import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { TranslatorContext } from "../ui/i18n-context";
import { testTranslator } from "./test-translator";

/** A component's HTML, in the popup's language, with its text only (tags dropped) for assertions on wording. */
export function renderText(element: ReactElement, language: "it" | "en" = "it"): string {
  const html = renderToStaticMarkup(<TranslatorContext.Provider value={testTranslator(language)}>{element}</TranslatorContext.Provider>);
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}
