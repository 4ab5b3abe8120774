import { isHttpUrl } from "@rete-urp/shared";
import { useEffect, useState } from "react";
import { readSelection } from "../features/page-selection";
import { onStorageChanged, takeDraft } from "../lib/storage";
import type { Prefill } from "./quick-add-form";

const EMPTY: Prefill = { title: "", url: "", excerpt: "" };

/**
 * The tab the popup is about: `?tabId=N` when given (the popup opened in a window or a tab),
 * otherwise the active tab of this window, which activeTab lets us read after a toolbar click.
 */
async function fromTab(): Promise<Prefill> {
  const param = new URLSearchParams(location.search).get("tabId");
  const tab = param
    ? await chrome.tabs.get(Number(param)).catch(() => undefined)
    : (await chrome.tabs.query({ active: true, currentWindow: true }))[0];
  // A chrome:// page or the popup's own tab is no practice to share.
  if (!tab?.url || !isHttpUrl(tab.url)) return EMPTY;
  const excerpt = tab.id !== undefined ? await readSelection(tab.id) : "";
  return { title: tab.title ?? "", url: tab.url, excerpt };
}

/**
 * What the quick-add form starts with: a draft left by the context menu or the shortcut, else
 * the current tab. `version` changes when a new draft arrives while the popup is open (the
 * context menu writes it while opening us), so the form can restart with it.
 */
export function usePrefill(): { prefill: Prefill | null; version: number; fromDraft: boolean } {
  const [result, setResult] = useState<{ prefill: Prefill | null; version: number; fromDraft: boolean }>({
    prefill: null,
    version: 0,
    fromDraft: false,
  });
  useEffect(() => {
    const controller = new AbortController();
    const apply = (prefill: Prefill, fromDraft: boolean) =>
      !controller.signal.aborted && setResult((previous) => ({ prefill, version: previous.version + 1, fromDraft }));
    onStorageChanged((areas) => {
      if (!areas.has("draft")) return;
      void takeDraft().then((draft) => draft && apply(draft, true));
    }, controller.signal);
    void (async () => {
      const draft = await takeDraft();
      if (draft) apply(draft, true);
      else apply(await fromTab().catch(() => EMPTY), false);
    })();
    return () => controller.abort();
  }, []);
  return result;
}
