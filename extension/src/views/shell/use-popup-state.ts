import type { Practice } from "@rete-urp/shared";
import { useEffect, useRef, useState } from "react";
import { refresh } from "../../features/refresh";
import { loadTranslator, type Translator } from "../../lib/i18n";
import {
  type CachedHead,
  type ChangedArea,
  type ExtensionPreferences,
  type OutboxItem,
  onStorageChanged,
  type RejectedItem,
  readCachedHead,
  readCachedPractices,
  readOutbox,
  readPreferences,
  readRejected,
  readSyncStatus,
  type SyncStatus,
} from "../../lib/storage";
import { afterPaint } from "../../ui/after-paint";

export interface PopupState {
  t: Translator;
  preferences: ExtensionPreferences;
  /** The cached snapshot without its practices: all the first paint needs. */
  cached: CachedHead | undefined;
  /** The cached practices, read once the popup is painted; undefined until then (or before any snapshot). */
  practices: Practice[] | undefined;
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

/** What the first paint reads: everything but the practices, which may be megabytes. */
const FIRST_PAINT: ReadonlySet<ChangedArea> = new Set(["preferences", "snapshot", "syncStatus", "outbox", "rejected"]);

async function load(previous: PopupState | null, areas: ReadonlySet<ChangedArea>): Promise<PopupState> {
  const has = (area: ChangedArea) => !previous || areas.has(area);
  // All at once: the translator waits for the preferences alone.
  const language = has("preferences")
    ? readPreferences().then(async (preferences) => ({ preferences, t: await loadTranslator(preferences.language) }))
    : undefined;
  const [{ preferences, t }, cached, practices, status, outbox, rejected] = await Promise.all([
    language ?? { preferences: previous!.preferences, t: previous!.t },
    has("snapshot") ? readCachedHead().then(withoutBidiControls) : previous!.cached,
    previous && areas.has("practices") ? readCachedPractices().then(withoutBidiControls) : previous?.practices,
    has("syncStatus") ? readSyncStatus() : previous!.status,
    has("outbox") ? readOutbox() : previous!.outbox,
    has("rejected") ? readRejected() : previous!.rejected,
  ]);
  return { t, preferences, cached, practices, status, outbox, rejected };
}

/**
 * Everything the popup shows, from storage: rendered at once from the cache (the practices just
 * after), then kept in step with storage while the popup is open. Opening the popup also asks the
 * worker to send what waits in the outbox and to revalidate the snapshot; their results arrive
 * through the same storage events.
 */
export function usePopupState(): PopupState | null {
  const [state, setState] = useState<PopupState | null>(null);
  const reloadRef = useRef<(areas: ReadonlySet<ChangedArea>) => Promise<void>>(undefined);

  useEffect(() => {
    const controller = new AbortController();
    let current: PopupState | null = null;
    let queue = Promise.resolve();
    const reload = (areas: ReadonlySet<ChangedArea>) => {
      // Serialised, so a slow read never overwrites a newer one.
      queue = queue.then(async () => {
        const next = await load(current, areas);
        if (controller.signal.aborted) return;
        current = next;
        setState(next);
      });
      return queue;
    };
    reloadRef.current = reload;
    onStorageChanged((areas) => void reload(areas), controller.signal);
    void reload(FIRST_PAINT);
    return () => controller.abort();
  }, []);

  // Once the first state is on screen (an effect runs after React has committed it, and
  // afterPaint waits for the frame): the practices, then the worker's send and refresh. Read
  // earlier, 10 000 practices (3 MB to copy in) would delay the meeting's first paint.
  const painted = state !== null;
  useEffect(() => {
    if (!painted) return;
    let cancelled = false;
    void afterPaint().then(async () => {
      if (cancelled) return;
      await reloadRef.current?.(new Set(["practices"]));
      await refresh().catch(() => undefined);
    });
    return () => {
      cancelled = true;
    };
  }, [painted]);

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
