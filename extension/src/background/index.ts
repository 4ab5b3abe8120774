import { ensureRefreshAlarm, REFRESH_ALARM } from "../features/alarm";
import { checkStorage } from "../features/check-storage";
import { createContextMenu, onContextMenuClick } from "../features/context-menu";
import { flushOutbox } from "../features/outbox";
import { serveRefreshes } from "../features/refresh";
import { refreshOnce } from "../features/refresh-here";
import { serveSubmissions } from "../features/serve-submissions";
import { onCommand } from "../features/shortcut";
import { showState, syncNow } from "../features/sync";
import { loadTranslator } from "../lib/i18n";
import { onStorageChanged, provideStorageSchemas, readPreferences } from "../lib/storage";
import * as storageSchemas from "../lib/storage-schemas";

// Wiring only: every behaviour lives in src/features/. Listeners are registered synchronously
// at the top level, as MV3 requires for the worker to be woken by their events.

// A service worker cannot load a chunk on demand: storage reads take the schemas from here.
provideStorageSchemas(storageSchemas);
// Then, once per version: what an older version stored, brought to this one's shape
// (lib/storage-schemas.ts). Sending and fetching wait for it, so they never race its rewrites.
const storageChecked = checkStorage().catch(report("storage check"));
const sync = () => storageChecked.then(syncNow);

// Every refresh runs here, the popup's too (it asks with a message): its code stays out of the popup.
// A page's refresh sends what waits in the outbox first: the popup no longer runs the outbox.
serveRefreshes(() => storageChecked.then(refreshOnce), { flushFirst: () => storageChecked.then(flushOutbox) });
// Every write from a page too (features/submit.ts): checked with the shared schemas, queued, sent.
serveSubmissions({ ready: () => storageChecked });

function report(what: string) {
  return (error: unknown) => console.error(`rete-urp: ${what} failed`, error);
}

chrome.runtime.onInstalled.addListener(() => {
  void ensureRefreshAlarm().catch(report("alarm"));
  void readPreferences()
    .then((preferences) => loadTranslator(preferences.language))
    .then(createContextMenu)
    .catch(report("context menu"));
  void sync().catch(report("sync"));
});

chrome.runtime.onStartup.addListener(() => {
  void ensureRefreshAlarm().catch(report("alarm"));
  void sync().catch(report("sync"));
});

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === REFRESH_ALARM) void sync().catch(report("sync"));
});

chrome.contextMenus.onClicked.addListener(onContextMenuClick);

chrome.commands.onCommand.addListener((command, tab) => {
  void onCommand(command, tab).catch(report("command"));
});

chrome.notifications.onClicked.addListener((id) => {
  void chrome.notifications.clear(id);
  void chrome.action.openPopup?.().catch(() => undefined);
});

// The popup refreshes too: follow the cache wherever it was written from.
onStorageChanged((areas) => {
  // New preferences (URL, token): fetch at once rather than at the next alarm.
  if (areas.has("preferences")) void sync().catch(report("sync"));
  else if (areas.has("snapshot")) void showState().catch(report("badge"));
  // A new language: the menu title must follow.
  if (areas.has("preferences")) {
    void readPreferences()
      .then((preferences) => loadTranslator(preferences.language))
      .then(createContextMenu)
      .catch(report("context menu"));
  }
});
