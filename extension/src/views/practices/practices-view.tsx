import type { Me, Practice } from "@rete-urp/shared";
import { useMemo } from "react";
import type { Translator } from "../../lib/i18n";
import type { OutboxItem } from "../../lib/storage";
import { TranslatorContext } from "../../ui/i18n-context";
import { pendingPractices } from "./pending-practices";
import { PracticeList } from "./practice-list";

/**
 * "Buone prassi" as the popup loads it: a chunk of its own (popup.tsx imports it lazily), so the
 * popup's first paint does not carry it. A lazy chunk has its own copy of our modules, the
 * translator's context included, so the popup hands the translator over and it is provided again.
 * My practices still waiting in the outbox are listed too, marked as not sent yet.
 */
export default function PracticesView({
  t,
  practices,
  outbox,
  me,
}: {
  t: Translator;
  practices: Practice[];
  outbox: OutboxItem[];
  me: Me | null;
}) {
  const pending = useMemo(() => pendingPractices(outbox, practices, me), [outbox, practices, me]);
  return (
    <TranslatorContext.Provider value={t}>
      <PracticeList practices={practices} pending={pending} />
    </TranslatorContext.Provider>
  );
}
