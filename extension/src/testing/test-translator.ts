import en from "../../locales/en/messages.json";
import it from "../../locales/it/messages.json";
import { type MessageKey, resolveMessage, type Translator } from "../lib/i18n";

/** A Translator straight from the locale files, for unit tests (no chrome.i18n in Node). */
export function testTranslator(language: "it" | "en"): Translator {
  const messages: Record<string, { message: string; placeholders?: Record<string, { content: string }> }> = language === "it" ? it : en;
  const translate = (key: MessageKey, ...substitutions: (string | number)[]) => {
    const entry = messages[key];
    if (!entry) throw new Error(`no message ${key}`);
    return resolveMessage(entry, substitutions.map(String));
  };
  return Object.assign(translate, { language, locale: language === "it" ? "it-IT" : "en-GB" });
}
