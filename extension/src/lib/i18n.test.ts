import { expect, test } from "vitest";
import en from "../../locales/en/messages.json";
import it from "../../locales/it/messages.json";
import { resolveMessage } from "./i18n";

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
