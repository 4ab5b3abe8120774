import { openQuickAdd } from "./open-quick-add";
import { readSelection } from "./page-selection";

/**
 * The "quick-add" command (Alt+Shift+S, "salva"; Chrome refuses Alt+Shift+P, A and B, which it
 * keeps for itself; staff can change it at chrome://extensions/shortcuts): like the context
 * menu, for the page in front of the user.
 * A command grants activeTab, so we may read the tab's title, URL and selection.
 * Alt+Shift+U (_execute_action) simply opens the popup, which reads the tab itself.
 */

const QUICK_ADD_COMMAND = "quick-add";

export async function onCommand(command: string, tab?: chrome.tabs.Tab): Promise<void> {
  if (command !== QUICK_ADD_COMMAND) return;
  const target = tab ?? (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0];
  const excerpt = target?.id !== undefined ? await readSelection(target.id) : "";
  await openQuickAdd({ kind: "practice", title: target?.title ?? "", url: target?.url ?? "", excerpt });
}
