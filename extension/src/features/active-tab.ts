import { isHttpUrl } from "@rete-urp/shared/http-url";

/**
 * The tab the popup is about: `?tabId=N` when given (the popup opened in a window or a tab),
 * otherwise the active tab of this window, which activeTab lets us read after a toolbar click.
 * Undefined for a chrome:// page, the popup's own tab, or a tab we may not read.
 */
export async function activePageTab(): Promise<chrome.tabs.Tab | undefined> {
  const param = new URLSearchParams(location.search).get("tabId");
  const tab = param
    ? await chrome.tabs.get(Number(param)).catch(() => undefined)
    : (await chrome.tabs.query({ active: true, currentWindow: true }))[0];
  return tab?.url && isHttpUrl(tab.url) ? tab : undefined;
}
