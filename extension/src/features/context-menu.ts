import type { Translator } from "../lib/i18n";
import type { DraftKind } from "../lib/storage";
import { openQuickAdd } from "./open-quick-add";

/**
 * "Aggiungi come buona prassi" and "Proponi all'ordine del giorno" on a page, a selection or a
 * link: open the popup's form with what was clicked. Menus persist across worker restarts, so
 * they are (re)created only in onInstalled (and when the language changes), after removeAll
 * (creating an existing id throws).
 */

const MENU_KINDS: Record<string, DraftKind> = { "add-practice": "practice", "propose-agenda-item": "proposal" };

export async function createContextMenu(t: Translator): Promise<void> {
  await chrome.contextMenus.removeAll();
  const contexts = ["page", "selection", "link"] as const satisfies [string, ...string[]];
  chrome.contextMenus.create({ id: "add-practice", title: t("contextMenuAdd"), contexts: [...contexts] });
  chrome.contextMenus.create({ id: "propose-agenda-item", title: t("contextMenuPropose"), contexts: [...contexts] });
}

export function draftFromClick(info: chrome.contextMenus.OnClickData, tab?: chrome.tabs.Tab) {
  const kind = MENU_KINDS[String(info.menuItemId)] ?? "practice";
  const excerpt = info.selectionText?.trim() ?? "";
  if (info.linkUrl) {
    // The link's own text is not given to us; a selected link text is the best title we have.
    return { kind, title: excerpt, url: info.linkUrl, excerpt: "" };
  }
  return { kind, title: tab?.title ?? "", url: info.pageUrl ?? tab?.url ?? "", excerpt };
}

export function onContextMenuClick(info: chrome.contextMenus.OnClickData, tab?: chrome.tabs.Tab): void {
  if (!(String(info.menuItemId) in MENU_KINDS)) return;
  // openPopup needs the user gesture of this click: call it without awaiting anything first.
  void openQuickAdd(draftFromClick(info, tab));
}
