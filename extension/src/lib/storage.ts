import type { Practice, Snapshot, TransportPolicy } from "@rete-urp/shared";
import { DEFAULT_PREFERENCES } from "./preferences";
import { secureServiceUrl } from "./service-url";
import { areaOf, KEYS, type StorageArea } from "./storage-keys";
import type { CachedHead, Draft, ExtensionPreferences, OutboxItem, RejectedItem, StoredValue, SyncStatus } from "./storage-schemas";

export type { Language, LanguageChoice } from "./preferences";
export { LANGUAGE_CHOICES, LANGUAGES } from "./preferences";
export type {
  CachedHead,
  Draft,
  DraftKind,
  ExtensionPreferences,
  OutboxItem,
  RejectedItem,
  SnapshotHead,
  SyncStatus,
} from "./storage-schemas";

/**
 * The only module that touches chrome.storage. Everything lives in `storage.local` under the keys
 * of storage-keys.ts, in the shapes of storage-schemas.ts.
 *
 * Trust. Storage survives extension updates, so a value may have been written by an older
 * version. Every value this version writes is of its own shape (the types say so, and what comes
 * from the service or the user is parsed before it is stored), and the background worker checks
 * what older versions left once, at its first start after an update (`checkStoredValues`), then
 * stamps `storage:checked` with this version. Reads take values as they are when the stamp is this
 * version's, and through the schemas otherwise: loaded on demand, so the popup's first paint
 * carries no zod (its budget: scripts/bundle-budget.json). Either way a value that no longer
 * parses is treated as missing rather than crashing the popup.
 */

/** A cached snapshot, whole: the head and the practices, stored apart (storage-schemas.ts). */
export interface CachedSnapshot {
  snapshot: Snapshot;
  /** The service's ETag, sent back as If-None-Match; empty when the response did not expose it. */
  etag: string;
}

/** What a draft prefills an add form with: a page's title and address and the text selected on it. */
export type Prefill = Pick<Draft, "title" | "url" | "excerpt">;

const EMPTY_STATUS: SyncStatus = { lastSuccessAt: null, lastAttemptAt: null, error: null };

const local = () => chrome.storage.local;

type Parse = <A extends StorageArea>(area: A, value: unknown) => StoredValue<A> | undefined;

const asStored: Parse = (_area, value) => value as never;

type Schemas = typeof import("./storage-schemas");
let schemas: Promise<Schemas> | undefined;

/**
 * For the background worker, at start: the schemas it imports anyway. A service worker cannot
 * load a chunk on demand (the bundler's loader would call importScripts, which a worker may only
 * call while it starts), so reads there must not reach the import() below.
 */
export function provideStorageSchemas(module: Schemas): void {
  schemas = Promise.resolve(module);
}

/** This version's reader of what was stored: the values as they are once the worker has checked them. */
async function parserFor(stamp: unknown): Promise<Parse> {
  if (typeof stamp === "string" && stamp === chrome.runtime.getManifest().version) return asStored;
  schemas ??= import("./storage-schemas");
  return (await schemas).parseStored;
}

/**
 * Every read through the schemas again, until the worker has checked the storage at its next
 * start: for a page that could not render what it read as stored (views/shell/stored-values-guard.tsx).
 */
export async function distrustStoredValues(): Promise<void> {
  await local().remove(KEYS.checkedBy);
}

/** `keys` with the stamp, in one read, and how to read them. */
async function readValues(keys: string[]): Promise<{ values: Record<string, unknown>; parse: Parse }> {
  const values = await local().get([...keys, KEYS.checkedBy]);
  return { values, parse: await parserFor(values[KEYS.checkedBy]) };
}

async function readOne<A extends StorageArea>(area: A, key: string): Promise<StoredValue<A> | undefined> {
  const { values, parse } = await readValues([key]);
  return key in values ? parse(area, values[key]) : undefined;
}

/** Every key in storage, without reading the values (a cached snapshot may be megabytes). */
async function storedKeys(): Promise<string[]> {
  const area = local();
  // storage.getKeys: Chrome 130, Firefox 143; older browsers read the values to list them.
  return typeof area.getKeys === "function" ? area.getKeys() : Object.keys(await area.get(null));
}

async function readPrefix<A extends StorageArea>(area: A, prefix: string): Promise<Map<string, StoredValue<A>>> {
  const keys = (await storedKeys()).filter((key) => key.startsWith(prefix));
  const found = new Map<string, StoredValue<A>>();
  if (keys.length === 0) return found;
  const { values, parse } = await readValues(keys);
  for (const key of keys) {
    const parsed = key in values ? parse(area, values[key]) : undefined;
    if (parsed !== undefined) found.set(key.slice(prefix.length), parsed);
  }
  return found;
}

// Preferences

/** The preferences, with the service's address IT preset by policy, when there is one, in place of the one typed. */
export async function readPreferences(): Promise<ExtensionPreferences> {
  const [stored, managed] = await Promise.all([readOne("preferences", KEYS.preferences), readManagedConfig()]);
  const preferences = stored ?? DEFAULT_PREFERENCES;
  return managed.serviceUrl ? { ...preferences, serviceUrl: managed.serviceUrl } : preferences;
}

/**
 * What IT set through the browser's policy (`storage.managed`, its schema in
 * `managed-schema.json`; docs/criteri-browser.md): the service's address, normalised, and the
 * lab switch `allowInsecureHttp` (present only when true). An address that is not http(s), or
 * is `http://` to another machine without the switch, is left out, as if none were set.
 * Read-only for the extension.
 */
export interface ManagedConfig extends TransportPolicy {
  serviceUrl?: string;
}

export async function readManagedConfig(): Promise<ManagedConfig> {
  let stored: Record<string, unknown>;
  try {
    stored = await chrome.storage.managed.get(["serviceUrl", "allowInsecureHttp"]);
  } catch {
    // Firefox with no policy for the extension rejects ("Managed storage manifest not found").
    return {};
  }
  const policy: TransportPolicy = stored?.allowInsecureHttp === true ? { allowInsecureHttp: true } : {};
  const value = stored?.serviceUrl;
  if (typeof value !== "string" || !value.trim()) return policy;
  try {
    return { serviceUrl: secureServiceUrl(value, policy), ...policy };
  } catch {
    return policy;
  }
}

/** Stores the options page's form, through the schema: what is stored must read as it is (see "Trust"). */
export async function writePreferences(preferences: ExtensionPreferences): Promise<void> {
  schemas ??= import("./storage-schemas");
  const { parseStored } = await schemas;
  const parsed = parseStored("preferences", preferences);
  if (!parsed) throw new Error("preferences of an unknown shape");
  await local().set({ [KEYS.preferences]: parsed });
}

// Snapshot cache

/** The cached snapshot, head and practices; undefined when either is missing. For the worker and the outbox. */
export async function readCachedSnapshot(): Promise<CachedSnapshot | undefined> {
  const { values, parse } = await readValues([KEYS.snapshot, KEYS.practices]);
  const head = parse("snapshot", values[KEYS.snapshot]);
  const stored = parse("practices", values[KEYS.practices]);
  if (!head || !stored) return undefined;
  return { snapshot: { ...head.snapshot, practices: stored.practices }, etag: head.etag };
}

/**
 * The cached snapshot's ETag, without reading its practices (megabytes): what a refresh sends as
 * If-None-Match. "" when the cache is not whole, so the refresh fetches the whole snapshot.
 */
export async function readCachedEtag(): Promise<string> {
  if (!(await storedKeys()).includes(KEYS.practices)) return "";
  return (await readCachedHead())?.etag ?? "";
}

/** The cached snapshot without its practices: what the popup paints first. */
export async function readCachedHead(): Promise<CachedHead | undefined> {
  return readOne("snapshot", KEYS.snapshot);
}

/** The cached practices; undefined before the first snapshot. */
export async function readCachedPractices(): Promise<Practice[] | undefined> {
  return (await readOne("practices", KEYS.practices))?.practices;
}

/**
 * Stores a snapshot as its head and its practices, in one write. `previous`, the cached snapshot
 * it was made from: when its practices are the same list (a delta or a delivered write that left
 * them alone keeps the array), they are not written again, which at 10 000 practices spares
 * every open page a 3 MB change event.
 */
export async function writeCachedSnapshot(cached: CachedSnapshot, previous?: CachedSnapshot): Promise<void> {
  const { practices, ...head } = cached.snapshot;
  const values: Record<string, unknown> = { [KEYS.snapshot]: { snapshot: head, etag: cached.etag } satisfies CachedHead };
  if (previous?.snapshot.practices !== practices) values[KEYS.practices] = { practices };
  await local().set(values);
}

export async function clearCachedSnapshot(): Promise<void> {
  await local().remove([KEYS.snapshot, KEYS.practices, KEYS.syncStatus]);
}

/**
 * Forgets what the network shared with this browser, for when the service no longer lets it in
 * (401, 403: features/refresh-here.ts): the cached snapshot (meetings, the roster with the
 * colleagues' emails and phones, proposals, answers, publications) and its practices, and any
 * copy of them an update set aside as unreadable. What is the person's own stays: the
 * preferences (so a new invitation can be pasted), the outbox (writes not sent, which the popup
 * lists), refused writes, the draft, the sync status (which says why), and the reminders' memory
 * (meeting ids and times only, so that none is shown twice once access is back).
 */
export async function forgetNetworkData(): Promise<void> {
  const cache = [KEYS.snapshot, KEYS.practices];
  await local().remove([...cache, ...cache.map((key) => KEYS.unreadablePrefix + key)]);
}

export async function readSyncStatus(): Promise<SyncStatus> {
  return (await readOne("syncStatus", KEYS.syncStatus)) ?? EMPTY_STATUS;
}

export async function writeSyncStatus(status: SyncStatus): Promise<void> {
  await local().set({ [KEYS.syncStatus]: status });
}

// Quick-add draft

export async function writeDraft(draft: Draft): Promise<void> {
  await local().set({ [KEYS.draft]: draft });
}

/** Reads the draft and removes it, so it prefills the form once. */
export async function takeDraft(): Promise<Draft | undefined> {
  const draft = await readOne("draft", KEYS.draft);
  await local().remove(KEYS.draft);
  return draft;
}

// Outbox

/** The storage key of an item, without the `outbox:` prefix (storage-schemas.ts, OutboxItem). */
export function outboxKey(item: OutboxItem): string {
  switch (item.kind) {
    case "practice":
    case "proposal":
    case "project":
    case "project-update":
      return item.input.id;
    case "attendance":
      return `attendance:${item.meetingId}`;
    case "published":
      return `published:${item.publicationId}`;
    case "action-done":
      return `action:${item.actionId}`;
  }
}

export async function readOutbox(): Promise<OutboxItem[]> {
  const items = [...(await readPrefix("outbox", KEYS.outboxPrefix)).values()];
  return items.sort((a, b) => a.queuedAt - b.queuedAt);
}

export async function readOutboxItem(key: string): Promise<OutboxItem | undefined> {
  return readOne("outbox", KEYS.outboxPrefix + key);
}

export async function writeOutboxItem(item: OutboxItem): Promise<void> {
  await local().set({ [KEYS.outboxPrefix + outboxKey(item)]: item });
}

/**
 * Removes the item that was sent, unless a newer one has replaced it under the same key
 * meanwhile (I answered "Partecipo", then "Non partecipo" while the first was on its way):
 * the newer one must still be sent.
 */
export async function removeOutboxItem(item: OutboxItem): Promise<void> {
  const current = await readOutboxItem(outboxKey(item));
  if (current && current.queuedAt !== item.queuedAt) return;
  await local().remove(KEYS.outboxPrefix + outboxKey(item));
}

export async function readRejected(): Promise<RejectedItem[]> {
  return [...(await readPrefix("rejected", KEYS.rejectedPrefix)).values()].sort((a, b) => a.at - b.at);
}

export async function writeRejected(item: RejectedItem): Promise<void> {
  await local().set({ [KEYS.rejectedPrefix + item.input.id]: item });
}

export async function removeRejected(id: string): Promise<void> {
  await local().remove(KEYS.rejectedPrefix + id);
}

// Notifications already shown

export async function wasNotified(key: string): Promise<boolean> {
  return (await readOne("notified", KEYS.notifiedPrefix + key)) !== undefined;
}

/** `expiresAt`: when the memory may be forgotten (the meeting is over). */
export async function markNotified(key: string, expiresAt: number): Promise<void> {
  await local().set({ [KEYS.notifiedPrefix + key]: { expiresAt } });
}

export async function forgetExpiredNotifications(now: number): Promise<void> {
  const expired = [...(await readPrefix("notified", KEYS.notifiedPrefix)).entries()]
    .filter(([, value]) => value.expiresAt < now)
    .map(([key]) => KEYS.notifiedPrefix + key);
  if (expired.length > 0) await local().remove(expired);
}

// Change events

/** The areas a page follows: every one but the reminders already shown. */
export type ChangedArea = Exclude<StorageArea, "notified">;

/** Calls `listener` with the areas that changed, until `signal` aborts. */
export function onStorageChanged(listener: (areas: Set<ChangedArea>) => void, signal?: AbortSignal): void {
  const handler = (changes: Record<string, chrome.storage.StorageChange>, areaName: string) => {
    // A policy changed by IT while the browser runs: the address in use may be another.
    if (areaName === "managed") return listener(new Set(["preferences"]));
    if (areaName !== "local") return;
    const areas = new Set<ChangedArea>();
    for (const key of Object.keys(changes)) {
      const area = areaOf(key);
      if (area && area !== "notified") areas.add(area);
    }
    if (areas.size > 0) listener(areas);
  };
  chrome.storage.onChanged.addListener(handler);
  signal?.addEventListener("abort", () => chrome.storage.onChanged.removeListener(handler));
}
