import type { Translator } from "../lib/i18n";
import { openQuickAdd } from "./open-quick-add";

/**
 * "Aggiungi come buona prassi" on a page, a selection or a link: opens the quick-add form with
 * what was clicked. Menus persist across worker restarts, so they are (re)created only in
 * onInstalled, after removeAll (creating an existing id throws).
 */

const MENU_ID = "add-practice";

export async function createContextMenu(t: Translator): Promise<void> {
  await chrome.contextMenus.removeAll();
  chrome.contextMenus.create({
    id: MENU_ID,
    title: t("contextMenuAdd"),
    contexts: ["page", "selection", "link"],
  });
}

export function draftFromClick(info: chrome.contextMenus.OnClickData, tab?: chrome.tabs.Tab) {
  const excerpt = info.selectionText?.trim() ?? "";
  if (info.linkUrl) {
    // The link's own text is not given to us; a selected link text is the best title we have.
    return { title: excerpt, url: info.linkUrl, excerpt: "" };
  }
  return { title: tab?.title ?? "", url: info.pageUrl ?? tab?.url ?? "", excerpt };
}

export function onContextMenuClick(info: chrome.contextMenus.OnClickData, tab?: chrome.tabs.Tab): void {
  if (info.menuItemId !== MENU_ID) return;
  // openPopup needs the user gesture of this click: call it without awaiting anything first.
  void openQuickAdd(draftFromClick(info, tab));
}
