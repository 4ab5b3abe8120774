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
  useEffect(() => {
    if (fromDraft) setKind(fromDraft);
  }, [fromDraft, version]);

  /** The proposal form, its first field focused once the panel has rendered it. */
  function propose() {
    setKind("proposal");
    requestAnimationFrame(() => document.querySelector<HTMLInputElement>("#pf-title")?.focus());
  }

  return { prefill, version, fromDraft, kind, setKind, propose };
}

export type AddPanelState = ReturnType<typeof useAddPanel>;
