import { createContext, useContext } from "react";
import type { Translator } from "../lib/i18n";

/** The translator of the chosen language, for every component below the page root. */
export const TranslatorContext = createContext<Translator | null>(null);

export function useT(): Translator {
  const t = useContext(TranslatorContext);
  if (!t) throw new Error("useT() outside <TranslatorContext.Provider>");
  return t;
}
