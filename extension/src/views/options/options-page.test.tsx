// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { DEFAULT_PREFERENCES } from "../../lib/preferences";
import { readPreferences } from "../../lib/storage";
import { setBrowserLanguage } from "../../testing/chrome-stub";
import { testTranslator } from "../../testing/test-translator";
import { TranslatorContext } from "../../ui/i18n-context";
import { OptionsPage } from "./options-page";

afterEach(cleanup);

function show(language: "it" | "en", onLanguage = vi.fn()) {
  render(
    <TranslatorContext.Provider value={testTranslator(language)}>
      <OptionsPage initial={DEFAULT_PREFERENCES} onLanguage={onLanguage} />
    </TranslatorContext.Provider>,
  );
  return onLanguage;
}

const languageField = () => screen.getByLabelText(/^(Lingua|Language)$/) as HTMLSelectElement;

test("a fresh install shows the browser's language as the choice, naming it; picking Italiano saves it and wins", async () => {
  setBrowserLanguage("en-US");
  const onLanguage = show("en");
  expect(languageField().value).toBe("browser");
  expect([...languageField().options].map((option) => option.textContent)).toEqual(["Browser language (English)", "Italiano", "English"]);

  fireEvent.change(languageField(), { target: { value: "it" } });
  expect(onLanguage).toHaveBeenCalledWith("it");
  await vi.waitFor(async () => expect((await readPreferences()).language).toBe("it"));
});

test("in an Italian browser the default reads «Lingua del browser (Italiano)», and it can be chosen back", async () => {
  setBrowserLanguage("it-IT");
  const onLanguage = show("it");
  expect(languageField().selectedOptions[0]?.textContent).toBe("Lingua del browser (Italiano)");
  fireEvent.change(languageField(), { target: { value: "en" } });
  fireEvent.change(languageField(), { target: { value: "browser" } });
  expect(onLanguage).toHaveBeenLastCalledWith("browser");
  await vi.waitFor(async () => expect((await readPreferences()).language).toBe("browser"));
});
