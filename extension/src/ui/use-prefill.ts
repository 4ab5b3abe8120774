import { isHttpUrl } from "@rete-urp/shared";
import { useEffect, useState } from "react";
import { readSelection } from "../features/page-selection";
import { onStorageChanged, takeDraft, type DraftKind } from "../lib/storage";
import type { Prefill } from "./quick-add-form";

const EMPTY: Prefill = { title: "", url: "", excerpt: "" };

/**
 * The tab the popup is about: `?tabId=N` when given (the popup opened in a window or a tab),
 * otherwise the active tab of this window, which activeTab lets us read after a toolbar click.
 * Undefined for a chrome:// page, the popup's own tab, or a tab we may not read.
 */
async function activeTab(): Promise<chrome.tabs.Tab | undefined> {
  const param = new URLSearchParams(location.search).get("tabId");
  const tab = param
    ? await chrome.tabs.get(Number(param)).catch(() => undefined)
    : (await chrome.tabs.query({ active: true, currentWindow: true }))[0];
  return tab?.url && isHttpUrl(tab.url) ? tab : undefined;
}

async function fromTab(): Promise<Prefill> {
  const tab = await activeTab();
  if (!tab) return EMPTY;
  const excerpt = tab.id !== undefined ? await readSelection(tab.id) : "";
  return { title: tab.title ?? "", url: tab.url ?? "", excerpt };
}

/** The http(s) address of the page in front of the user, or "" (then we ask for it). */
export function useActivePageUrl(): string {
  const [url, setUrl] = useState("");
  useEffect(() => {
    void activeTab()
      .then((tab) => setUrl(tab?.url ?? ""))
      .catch(() => setUrl(""));
  }, []);
  return url;
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
