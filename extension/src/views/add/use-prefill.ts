import { useEffect, useState } from "react";
import { activePageTab } from "../../features/active-tab";
import { readSelection } from "../../features/page-selection";
import { type DraftKind, onStorageChanged, type Prefill, takeDraft } from "../../lib/storage";

const EMPTY: Prefill = { title: "", url: "", excerpt: "" };

async function fromTab(): Promise<Prefill> {
  const tab = await activePageTab();
  if (!tab) return EMPTY;
  const excerpt = tab.id !== undefined ? await readSelection(tab.id) : "";
  return { title: tab.title ?? "", url: tab.url ?? "", excerpt };
}

interface PrefillState {
  prefill: Prefill | null;
  version: number;
  /** The draft's kind when the context menu or the shortcut sent us here; null otherwise. */
  fromDraft: DraftKind | null;
}

/**
 * What the add forms start with: a draft left by the context menu or the shortcut, else the
 * current tab. `version` changes when a new draft arrives while the popup is open (the context
 * menu writes it while opening us), so the form can restart with it.
 */
export function usePrefill(): PrefillState {
  const [result, setResult] = useState<PrefillState>({ prefill: null, version: 0, fromDraft: null });
  useEffect(() => {
    const controller = new AbortController();
    const apply = (prefill: Prefill, fromDraft: DraftKind | null) =>
      !controller.signal.aborted && setResult((previous) => ({ prefill, version: previous.version + 1, fromDraft }));
    onStorageChanged((areas) => {
      if (!areas.has("draft")) return;
      void takeDraft().then((draft) => draft && apply(draft, draft.kind));
    }, controller.signal);
    void (async () => {
      const draft = await takeDraft();
      if (draft) apply(draft, draft.kind);
      else apply(await fromTab().catch(() => EMPTY), null);
    })();
    return () => controller.abort();
  }, []);
  return result;
}
