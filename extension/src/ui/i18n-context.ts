import { createContext, useContext } from "react";
import type { Translator } from "../lib/i18n";

/** The translator of the chosen language, for every component below the page root. */
export const TranslatorContext = createContext<Translator | null>(null);

export function useT(): Translator {
  const t = useContext(TranslatorContext);
  if (!t) throw new Error("useT() outside <TranslatorContext.Provider>");
  return t;
}

/**
 * The language of sheet text (titles, notes, places the network writes in Italian) where the
 * page speaks another: `lang="it"` on it in the English popup, so a screen reader reads it with
 * an Italian voice (WCAG 3.1.2); nothing in the Italian one, where the page's own lang says it.
 */
export function useSheetLang(): "it" | undefined {
  return useT().language === "it" ? undefined : "it";
}
