import { useEffect, useState } from "react";
import type { DraftKind } from "../../lib/storage";
import { usePrefill } from "./use-prefill";

/**
 * The "Aggiungi" tab's state, held by the popup because others open it: which form shows (a best
 * practice, or an agenda item for the next meeting) and what it starts with. A draft from the
 * context menu or the shortcut picks the form; "Proponi un punto" in the meeting card too.
 */
export function useAddPanel() {
  const { prefill, version, fromDraft } = usePrefill();
  const [kind, setKind] = useState<DraftKind>("practice");
  // A draft from the context menu or the shortcut: its form, in view, the title focused.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` re-runs it for each new draft of the same kind.
  useEffect(() => {
    if (!fromDraft) return;
    setKind(fromDraft);
    focusForm(fromDraft);
  }, [fromDraft, version]);

  /** The proposal form, its first field focused once the panel has rendered it. */
  function propose() {
    setKind("proposal");
    focusForm("proposal");
  }

  return { prefill, version, fromDraft, kind, setKind, propose };
}

export type AddPanelState = ReturnType<typeof useAddPanel>;

/** Once the panel has rendered the form: its title field focused, and the form scrolled into view. */
function focusForm(kind: DraftKind) {
  requestAnimationFrame(() => {
    const title = document.querySelector<HTMLInputElement>(kind === "proposal" ? "#pf-title" : "#qa-title");
    title?.focus({ preventScroll: true });
    title?.closest("form")?.scrollIntoView({ block: "nearest" });
  });
}
