import type { Language, LanguageChoice } from "./storage";

/**
 * UI strings come from locales/<lang>/messages.json (Plasmo copies them to _locales/). The
 * language is the one chosen in the options, or by default the browser's (`resolveLanguage`).
 * When it is the one chrome.i18n speaks, chrome.i18n answers; otherwise we load its locale's file
 * ourselves, because chrome.i18n can only speak the browser's language
 * (https://developer.chrome.com/docs/extensions/reference/api/i18n). Both paths resolve
 * placeholders the same way, so a string reads identically either way.
 */

export type MessageKey = keyof typeof import("../../locales/it/messages.json");

interface MessageEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}
type Messages = Record<string, MessageEntry>;

export interface Translator {
  (key: MessageKey, ...substitutions: (string | number)[]): string;
  language: Language;
  /** BCP 47 tag for Intl: dates and times. */
  locale: string;
}

const LOCALES: Record<Language, string> = { it: "it-IT", en: "en-GB" };

/** Chrome's substitution rules: $NAME$ → the placeholder's content, then $1…$9 → arguments. */
export function resolveMessage(entry: MessageEntry, substitutions: string[]): string {
  const withPlaceholders = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
    const placeholder = entry.placeholders?.[name.toLowerCase()];
    return placeholder ? placeholder.content : whole;
  });
  return withPlaceholders.replace(/\$(\$|[1-9])/g, (_, ref: string) => (ref === "$" ? "$" : (substitutions[Number(ref) - 1] ?? "")));
}

/**
 * The language chrome.i18n will actually answer in: "@@ui_locale" is the locale Chrome picked
 * for this extension's messages, which can differ from getUILanguage() (e.g. a browser started
 * with --lang but an English resource bundle).
 */
function chromeMessagesLanguage(): string {
  return chrome.i18n.getMessage("@@ui_locale").toLowerCase().split(/[-_]/)[0] ?? "";
}

/**
 * The popup's language for the browser's languages, in the browser's order of preference: the
 * first that is Italian or English ("it-IT", "en_GB", …), as a web page would choose; Italian when
 * none is, as the manifest's default_locale does: the network works in Italian.
 */
export function languageOf(tags: readonly string[]): Language {
  for (const tag of tags) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    if (primary === "it" || primary === "en") return primary;
  }
  return "it";
}

/**
 * The browser's language: its preferred languages (`navigator.languages`, the list in the
 * browser's language settings, which pages and the service worker both see), then the language
 * of its interface. Both, because the interface alone can be English where only English is
 * installed (Firefox without an Italian language pack) while the person reads Italian first.
 */
export function browserLanguage(): Language {
  return languageOf([...(globalThis.navigator?.languages ?? []), chrome.i18n.getUILanguage()]);
}

/** The language to speak: the one chosen in the options, or the browser's ("browser", the default). */
export function resolveLanguage(choice: LanguageChoice): Language {
  return choice === "browser" ? browserLanguage() : choice;
}

async function loadMessages(language: Language): Promise<Messages> {
  const response = await fetch(chrome.runtime.getURL(`_locales/${language}/messages.json`));
  return (await response.json()) as Messages;
}

export async function loadTranslator(choice: LanguageChoice): Promise<Translator> {
  const language = resolveLanguage(choice);
  let lookup: (key: string, substitutions: string[]) => string;
  if (chromeMessagesLanguage() === language) {
    lookup = (key, substitutions) => chrome.i18n.getMessage(key, substitutions);
  } else {
    const messages = await loadMessages(language);
    lookup = (key, substitutions) => {
      const entry = messages[key];
      return entry ? resolveMessage(entry, substitutions) : "";
    };
  }
  // A missing key shows as itself: visible in review, never a blank button.
  const translate = (key: MessageKey, ...substitutions: (string | number)[]) => lookup(key, substitutions.map(String)) || key;
  return Object.assign(translate, { language, locale: LOCALES[language] });
}
