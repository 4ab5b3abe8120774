/**
 * The text selected in a tab, read with chrome.scripting under activeTab: the permission is
 * granted only for the tab the user acted on (toolbar click, shortcut, context menu), so the
 * extension never needs access to every site. Empty when the page refuses scripts
 * (chrome:// pages, the Web Store, PDFs) or when we have no access.
 */
export async function readSelection(tabId: number): Promise<string> {
  try {
    const [result] = await chrome.scripting.executeScript({
      target: { tabId },
      func: () => globalThis.getSelection?.()?.toString() ?? "",
    });
    return typeof result?.result === "string" ? result.result.trim() : "";
  } catch {
    return "";
  }
}
