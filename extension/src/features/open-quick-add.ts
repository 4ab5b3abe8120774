import { type Draft, writeDraft } from "../lib/storage";

/**
 * Opens the popup on the quick-add form with `draft` prefilled. chrome.action.openPopup() is
 * the natural way (Chrome 127+, and it needs a focused window); where it is missing or refused
 * we open popup.html in a small window instead, which works everywhere.
 */
export async function openQuickAdd(draft: Omit<Draft, "createdAt">): Promise<void> {
  // Not awaited before openPopup: the click's user gesture must still be live when we call it.
  // The popup also listens for the draft, so it does not matter which lands first.
  const saved = writeDraft({ ...draft, createdAt: Date.now() });
  try {
    if (typeof chrome.action.openPopup !== "function") throw new Error("openPopup unavailable");
    await chrome.action.openPopup();
    await saved;
  } catch {
    await saved;
    await chrome.windows.create({
      url: chrome.runtime.getURL("popup.html?window=1"),
      type: "popup",
      width: 420,
      height: 640,
    });
  }
}
