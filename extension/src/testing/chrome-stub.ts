/**
 * The part of `chrome` the extension's engines use, for unit tests in Node: `storage.local`
 * (a structured-clone Map, values copied in and out as Chrome does), `storage.managed` (what a
 * browser policy sets: empty unless a test calls `setManaged`, read-only for the extension) and
 * `storage.onChanged` (fired after every set and remove, with Chrome's `{oldValue, newValue}`
 * changes; for managed, after `setManaged`) and `runtime` messaging (`sendMessage` reaches the
 * `onMessage` listeners, which answer with `sendResponse`, at once or later after returning true;
 * with no listener answering it rejects as Chrome does), and `i18n.getUILanguage` (the browser's
 * language: "it-IT" unless a test calls `setUILanguage`). Installed
 * once for every extension unit test by `setup.ts`; anything else a test reaches for is missing,
 * so it fails loudly rather than passing against a guess.
 */

type Listener = (changes: Record<string, chrome.storage.StorageChange>, areaName: string) => void;
/** A runtime.onMessage listener: true when it will answer later. */
type MessageListener = (message: unknown, sender: object, sendResponse: (response?: unknown) => void) => unknown;

export interface ChromeStub {
  storage: {
    local: {
      get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
      getKeys(): Promise<string[]>;
      set(items: Record<string, unknown>): Promise<void>;
      remove(keys: string | string[]): Promise<void>;
      clear(): Promise<void>;
    };
    managed: {
      get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
    };
    onChanged: {
      addListener(listener: Listener): void;
      removeListener(listener: Listener): void;
      hasListener(listener: Listener): boolean;
    };
  };
  runtime: {
    /** The built manifest's version is the package's; tests see this one. */
    getManifest(): { version: string };
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: {
      addListener(listener: MessageListener): void;
      removeListener(listener: MessageListener): void;
    };
  };
  i18n: {
    getUILanguage(): string;
  };
  /** What the browser's policy sets for the extension, as IT would (docs/criteri-browser.md). */
  setManaged(values: Record<string, unknown>): void;
  /** The browser's own language, as its settings (or `--lang`) make it. */
  setUILanguage(tag: string): void;
  /** Empties storage and policy, and forgets the listeners: a fresh browser profile for the next test. */
  reset(): void;
}

/** The extension's version as the stub's manifest gives it. */
export const STUB_VERSION = "0.0.0-test";

export function createChromeStub(): ChromeStub {
  const items = new Map<string, unknown>();
  let managed: Record<string, unknown> = {};
  let uiLanguage = "it-IT";
  const listeners = new Set<Listener>();
  const messageListeners = new Set<MessageListener>();

  function emit(changes: Record<string, chrome.storage.StorageChange>, areaName = "local") {
    if (Object.keys(changes).length === 0) return;
    for (const listener of [...listeners]) listener(changes, areaName);
  }

  function remove(keys: string[]) {
    const changes: Record<string, chrome.storage.StorageChange> = {};
    for (const key of keys) {
      if (!items.has(key)) continue;
      changes[key] = { oldValue: items.get(key) };
      items.delete(key);
    }
    emit(changes);
  }

  const runtime: ChromeStub["runtime"] = {
    getManifest: () => ({ version: STUB_VERSION }),
    sendMessage(message) {
      return new Promise((resolve, reject) => {
        let waiting = false;
        for (const listener of [...messageListeners]) {
          let answered = false;
          const kept = listener(structuredClone(message), {}, (response) => {
            if (answered) return;
            answered = true;
            resolve(response);
          });
          if (answered) return;
          if (kept === true) waiting = true;
        }
        if (!waiting) reject(new Error("Could not establish connection. Receiving end does not exist."));
      });
    },
    onMessage: {
      addListener: (listener) => void messageListeners.add(listener),
      removeListener: (listener) => void messageListeners.delete(listener),
    },
  };

  const stub: ChromeStub = {
    storage: {
      local: {
        async get(keys) {
          const wanted = keys === null || keys === undefined ? [...items.keys()] : typeof keys === "string" ? [keys] : keys;
          return Object.fromEntries(wanted.filter((key) => items.has(key)).map((key) => [key, structuredClone(items.get(key))]));
        },
        async getKeys() {
          return [...items.keys()];
        },
        async set(values) {
          const changes: Record<string, chrome.storage.StorageChange> = {};
          for (const [key, value] of Object.entries(values)) {
            const copy = structuredClone(value);
            changes[key] = items.has(key) ? { oldValue: items.get(key), newValue: copy } : { newValue: copy };
            items.set(key, copy);
          }
          emit(changes);
        },
        async remove(keys) {
          remove(typeof keys === "string" ? [keys] : keys);
        },
        async clear() {
          remove([...items.keys()]);
        },
      },
      managed: {
        async get(keys) {
          const wanted = keys === null || keys === undefined ? Object.keys(managed) : typeof keys === "string" ? [keys] : keys;
          return Object.fromEntries(wanted.filter((key) => key in managed).map((key) => [key, structuredClone(managed[key])]));
        },
      },
      onChanged: {
        addListener: (listener) => void listeners.add(listener),
        removeListener: (listener) => void listeners.delete(listener),
        hasListener: (listener) => listeners.has(listener),
      },
    },
    runtime,
    i18n: {
      getUILanguage: () => uiLanguage,
    },
    setUILanguage(tag) {
      uiLanguage = tag;
    },
    setManaged(values) {
      const changes: Record<string, chrome.storage.StorageChange> = {};
      for (const key of new Set([...Object.keys(managed), ...Object.keys(values)])) {
        changes[key] = { oldValue: managed[key], newValue: values[key] };
      }
      managed = structuredClone(values);
      emit(changes, "managed");
    },
    reset() {
      items.clear();
      managed = {};
      uiLanguage = "it-IT";
      listeners.clear();
      messageListeners.clear();
      // A test may have put its own `runtime` in place (notifications.test.ts): the next one gets this one.
      stub.runtime = runtime;
    },
  };
  return stub;
}

/** Puts raw values in storage.local, as an older version of the extension may have left them. */
export async function fillStorage(items: Record<string, unknown>): Promise<void> {
  await chrome.storage.local.set(items);
}

/** Everything in storage.local, raw. */
export async function storageContents(): Promise<Record<string, unknown>> {
  return chrome.storage.local.get(null);
}

/** What IT's browser policy sets for the extension (`3rdparty.extensions.<id>`), read through storage.managed. */
export function setManagedPolicy(values: Record<string, unknown>): void {
  (globalThis.chrome as unknown as ChromeStub).setManaged(values);
}

/**
 * The browser's language from now on, for this test ("en-US": an English browser): its
 * interface's (`chrome.i18n.getUILanguage()`) and its preferred languages (`navigator.languages`,
 * the same one unless `preferred` says otherwise). setup.ts makes every test's browser Italian.
 */
export function setBrowserLanguage(tag: string, preferred: readonly string[] = [tag]): void {
  (globalThis.chrome as unknown as ChromeStub).setUILanguage(tag);
  Object.defineProperty(globalThis.navigator, "languages", { configurable: true, get: () => [...preferred] });
}

/**
 * The keys storage.local.get is asked for from now until `stop()` ("everything" for get(null)):
 * for tests that a path reads only the small values, never the cached practices.
 */
export function recordStorageReads(): { keys: string[]; stop(): void } {
  const local = chrome.storage.local as unknown as { get(keys?: string | string[] | null): Promise<Record<string, unknown>> };
  const get = local.get;
  const keys: string[] = [];
  local.get = (wanted) => {
    keys.push(...(wanted === null || wanted === undefined ? ["everything"] : [wanted].flat()));
    return get.call(local, wanted);
  };
  return {
    keys,
    stop() {
      local.get = get;
    },
  };
}
