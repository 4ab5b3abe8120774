import { expect, test } from "vitest";
import en from "../../locales/en/messages.json";
import it from "../../locales/it/messages.json";
import { fillStorage, setBrowserLanguage } from "../testing/chrome-stub";
import { browserLanguage, languageOf, resolveLanguage, resolveMessage } from "./i18n";
import { readPreferences, writePreferences } from "./storage";

test("resolveMessage() fills named placeholders the way chrome.i18n does", () => {
  const entry = { message: "tra $COUNT$ giorni", placeholders: { count: { content: "$1" } } };
  expect(resolveMessage(entry, ["5"])).toBe("tra 5 giorni");
  expect(resolveMessage({ message: "costa $$5" }, [])).toBe("costa $5");
  expect(
    resolveMessage({ message: "$NAME$ — $ENTE$", placeholders: { name: { content: "$1" }, ente: { content: "$2" } } }, [
      "Mario Rossi",
      "Lugo",
    ]),
  ).toBe("Mario Rossi — Lugo");
});

test("the English locale has every Italian message, with the same placeholders", () => {
  const placeholders = (entry: object) => Object.keys((entry as { placeholders?: object }).placeholders ?? {}).sort();
  expect(Object.keys(en).sort()).toEqual(Object.keys(it).sort());
  for (const [key, entry] of Object.entries(it)) {
    expect(placeholders(en[key as keyof typeof en]), key).toEqual(placeholders(entry));
  }
});

test("languageOf() takes the browser's first language that is Italian or English, else Italian", () => {
  expect(languageOf(["en-US"])).toBe("en");
  expect(languageOf(["en_GB", "it-IT"])).toBe("en");
  expect(languageOf(["it-IT", "en-US"])).toBe("it");
  expect(languageOf(["it"])).toBe("it");
  // A German browser whose second language is English: English, its reader's next choice.
  expect(languageOf(["de-DE", "EN"])).toBe("en");
  expect(languageOf(["de-DE", "fr"])).toBe("it");
  expect(languageOf([])).toBe("it");
});

test("with nothing chosen the popup follows the browser's language; a language chosen in the options wins", async () => {
  // A fresh install: nothing saved yet.
  expect((await readPreferences()).language).toBe("browser");
  setBrowserLanguage("en-US");
  expect(resolveLanguage((await readPreferences()).language)).toBe("en");
  setBrowserLanguage("it-IT");
  expect(resolveLanguage((await readPreferences()).language)).toBe("it");

  // Chosen in the options: kept whatever the browser says.
  await writePreferences({ serviceUrl: "", token: "", language: "it", notifications: true });
  setBrowserLanguage("en-GB");
  expect(resolveLanguage((await readPreferences()).language)).toBe("it");
  await writePreferences({ serviceUrl: "", token: "", language: "en", notifications: true });
  setBrowserLanguage("it-IT");
  expect(resolveLanguage((await readPreferences()).language)).toBe("en");
  // And back to the browser's.
  await writePreferences({ serviceUrl: "", token: "", language: "browser", notifications: true });
  expect(resolveLanguage((await readPreferences()).language)).toBe("it");
});

test("the preferences an older version stored (language 'it', its default then) still read, as Italian", async () => {
  await fillStorage({ settings: { serviceUrl: "", token: "", language: "it", notifications: true } });
  setBrowserLanguage("en-US");
  expect((await readPreferences()).language).toBe("it");
});

test("browserLanguage() reads the browser's preferred languages first, then its interface's", () => {
  // An English interface (no Italian installed) for a person who reads Italian first.
  setBrowserLanguage("en-US", ["it-IT", "it", "en-US"]);
  expect(browserLanguage()).toBe("it");
  setBrowserLanguage("it-IT", ["en-GB"]);
  expect(browserLanguage()).toBe("en");
  setBrowserLanguage("en-US", ["de-DE"]);
  expect(browserLanguage()).toBe("en");
});
