// First the shared look, then each view's own styles (imported by the view itself).
import "./ui/base.css";
import { useEffect, useState } from "react";
import { loadTranslator, type Translator } from "./lib/i18n";
import { type ExtensionPreferences, type ManagedConfig, readManagedConfig, readPreferences } from "./lib/storage";
import { TranslatorContext } from "./ui/i18n-context";
import { OptionsPage } from "./views/options/options-page";

function Options() {
  const [preferences, setPreferences] = useState<ExtensionPreferences | null>(null);
  const [managed, setManaged] = useState<ManagedConfig>({});
  const [t, setT] = useState<Translator | null>(null);

  useEffect(() => {
    void Promise.all([readPreferences(), readManagedConfig()]).then(async ([stored, policy]) => {
      const translator = await loadTranslator(stored.language);
      // A translator is a function: wrap it, or React would call it as a state updater.
      setT(() => translator);
      setManaged(policy);
      setPreferences(stored);
    });
    // A policy can arrive after the page opened: Chrome applies it to a newly force-installed
    // extension a few seconds after installing it, and IT may change it while the browser runs.
    const onChanged = (_changes: unknown, area: string) => {
      if (area === "managed") void readManagedConfig().then(setManaged);
    };
    chrome.storage.onChanged.addListener(onChanged);
    return () => chrome.storage.onChanged.removeListener(onChanged);
  }, []);

  if (!preferences || !t) return <main className="options" aria-busy="true" />;
  return (
    <TranslatorContext.Provider value={t}>
      {/* Picking a language shows the page in it at once, as it is saved (use-preferences.ts). */}
      <OptionsPage
        initial={preferences}
        preset={managed.serviceUrl}
        allowInsecureHttp={managed.allowInsecureHttp}
        onLanguage={(language) => void loadTranslator(language).then((translator) => setT(() => translator))}
      />
    </TranslatorContext.Provider>
  );
}

export default Options;
