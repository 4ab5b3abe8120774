import type { Translator } from "../../lib/i18n";
import { TranslatorContext } from "../../ui/i18n-context";
import { Publications, type PublicationsProps } from "./publications";

/**
 * "Da pubblicare" as the popup loads it: a chunk of its own (popup.tsx imports it lazily). What
 * must be the popup's own object crosses as a prop: the translator (the chunk has its own copy of
 * its context) and `onPublish`, the popup's outbox, so one flush at a time still holds.
 */
export default function PublicationsView({ t, ...props }: PublicationsProps & { t: Translator }) {
  return (
    <TranslatorContext.Provider value={t}>
      <Publications {...props} />
    </TranslatorContext.Provider>
  );
}
