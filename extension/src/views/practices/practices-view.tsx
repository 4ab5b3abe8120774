import type { Practice } from "@rete-urp/shared";
import type { Translator } from "../../lib/i18n";
import { TranslatorContext } from "../../ui/i18n-context";
import { PracticeList } from "./practice-list";

/**
 * "Buone prassi" as the popup loads it: a chunk of its own (popup.tsx imports it lazily), so the
 * popup's first paint does not carry it. A lazy chunk has its own copy of our modules, the
 * translator's context included, so the popup hands the translator over and it is provided again.
 */
export default function PracticesView({ t, practices }: { t: Translator; practices: Practice[] }) {
  return (
    <TranslatorContext.Provider value={t}>
      <PracticeList practices={practices} />
    </TranslatorContext.Provider>
  );
}
