import { useEffect, useState } from "react";
import { flushOutbox } from "../../features/outbox";
import { refresh } from "../../features/refresh";
import { loadTranslator, type Translator } from "../../lib/i18n";
import {
  type CachedSnapshot,
  type ExtensionPreferences,
  type OutboxItem,
  onStorageChanged,
  type RejectedItem,
  readCachedSnapshot,
  readOutbox,
  readPreferences,
  readRejected,
  readSyncStatus,
  type StorageArea,
  type SyncStatus,
} from "../../lib/storage";

export interface PopupState {
  t: Translator;
  preferences: ExtensionPreferences;
  cached: CachedSnapshot | undefined;
  status: SyncStatus;
  /** What waits to be sent, oldest first: shown as "in attesa di invio" where it belongs. */
  outbox: OutboxItem[];
  rejected: RejectedItem[];
}

/**
 * Bidirectional controls (U+202A–E, U+2066–9) let a cell reorder the text after it: a title
 * "modulo\u202Efdp.exe" reads "moduloexe.pdf". Sheet text is untrusted, so the popup drops
 * them (https://trojansource.codes); Italian staff have no use for them.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function withoutBidiControls<T>(value: T): T {
  if (typeof value === "string") return value.replace(BIDI_CONTROLS, "") as T;
  if (Array.isArray(value)) return value.map(withoutBidiControls) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutBidiControls(item)])) as T;
  }
  return value;
}

async function load(previous: PopupState | null, areas: Set<StorageArea> | "all"): Promise<PopupState> {
  const all = areas === "all" || !previous;
  const has = (area: StorageArea) => all || (areas as Set<StorageArea>).has(area);
  const preferences = has("preferences") ? await readPreferences() : previous!.preferences;
  const t = has("preferences") ? await loadTranslator(preferences.language) : previous!.t;
  const [cached, status, outbox, rejected] = await Promise.all([
    has("snapshot") ? readCachedSnapshot().then(withoutBidiControls) : previous!.cached,
    has("syncStatus") ? readSyncStatus() : previous!.status,
    has("outbox") ? readOutbox() : previous!.outbox,
    has("rejected") ? readRejected() : previous!.rejected,
  ]);
  return { t, preferences, cached, status, outbox, rejected };
}

/**
 * Everything the popup shows, from storage: rendered at once from the cache, then kept in step
 * with storage while the popup is open. Opening the popup also sends what waits in the outbox
 * and revalidates the snapshot; their results arrive through the same storage events.
 */
export function usePopupState(): PopupState | null {
  const [state, setState] = useState<PopupState | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    let current: PopupState | null = null;
    let queue = Promise.resolve();
    const reload = (areas: Set<StorageArea> | "all") => {
      // Serialised, so a slow read never overwrites a newer one.
      queue = queue.then(async () => {
        const next = await load(current, areas);
        if (controller.signal.aborted) return;
        current = next;
        setState(next);
      });
      return queue;
    };
    onStorageChanged((areas) => void reload(areas), controller.signal);
    void reload("all").then(async () => {
      await flushOutbox().catch(() => undefined);
      await refresh().catch(() => undefined);
    });
    return () => controller.abort();
  }, []);

  return state;
}

/** "now", ticking every 30 s so "tra 5 giorni" and "in corso" stay true while the popup is open. */
export function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
