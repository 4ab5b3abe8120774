import { AttendanceInputSchema, PracticeInputSchema, ProposalInputSchema, PublishedInputSchema, SnapshotSchema } from "@rete-urp/shared";
import * as z from "zod/mini";
import { normaliseServiceUrl } from "./api";

/**
 * The only module that touches chrome.storage. Everything lives in `storage.local` (never
 * `sync`: the snapshot is far bigger than sync's 8 KB item quota) under namespaced keys, and
 * every value is parsed with zod on the way out: storage survives extension updates, so what we
 * read may have been written by an older version. A value that no longer parses is treated as
 * missing rather than crashing the popup.
 */

const KEYS = {
  /** The user's preferences: "settings" since the first version, so stored values still read. */
  preferences: "settings",
  snapshot: "cache:snapshot",
  syncStatus: "cache:status",
  draft: "draft",
  outboxPrefix: "outbox:",
  rejectedPrefix: "rejected:",
  notifiedPrefix: "notified:",
} as const;

export const LANGUAGES = ["it", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * What the user chose in the options page. Not the network's settings (the sheet's Impostazioni,
 * `Settings` in @rete-urp/shared): these are one person's, on one browser.
 */
const PreferencesSchema = z.object({
  serviceUrl: z._default(z.string(), ""),
  token: z._default(z.string(), ""),
  /** Italian first (docs/architecture.md, "Who uses it"), whatever the browser's language. */
  language: z._default(z.enum(LANGUAGES), "it"),
  notifications: z._default(z.boolean(), true),
});
export type ExtensionPreferences = z.infer<typeof PreferencesSchema>;
const DEFAULT_PREFERENCES: ExtensionPreferences = PreferencesSchema.parse({});

const CachedSnapshotSchema = z.object({
  snapshot: SnapshotSchema,
  /** The service's ETag, sent back as If-None-Match; empty when the response did not expose it. */
  etag: z.string(),
});
export type CachedSnapshot = z.infer<typeof CachedSnapshotSchema>;

const SyncStatusSchema = z.object({
  /** Epoch ms of the last answer from the service (200 or 304). */
  lastSuccessAt: z.nullable(z.number()),
  lastAttemptAt: z.nullable(z.number()),
  /**
   * Why the last attempt failed: the ServiceError's code (`network`, `unauthorized`, …) and
   * message; null when it succeeded. Versions before error codes stored `kind`: read as null.
   */
  error: z.catch(z.nullable(z.object({ code: z.string(), message: z.string() })), null),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;
const EMPTY_STATUS: SyncStatus = { lastSuccessAt: null, lastAttemptAt: null, error: null };

/** What the context menu or the shortcut hands to the quick-add form. */
const DRAFT_KINDS = ["practice", "proposal"] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];

const DraftSchema = z.object({
  /** A best practice ("Aggiungi come buona prassi") or an agenda item ("Proponi all'ordine del giorno"). */
  kind: z._default(z.enum(DRAFT_KINDS), "practice"),
  title: z.string(),
  url: z.string(),
  excerpt: z.string(),
  createdAt: z.number(),
});
export type Draft = z.infer<typeof DraftSchema>;
/** What an add form starts with: a page's title and address and the text selected on it. */
export type Prefill = Pick<Draft, "title" | "url" | "excerpt">;

/**
 * A write waiting for the service. Its storage key (`outbox:<key>`) is its identity: the UUID of
 * a practice or a proposal (idempotent on the service), `attendance:<meetingId>` for my answer
 * (so a newer answer replaces the unsent one: only my latest answer per meeting is kept) and
 * `published:<publicationId>` for a publication marked as published.
 */
const ItemMeta = {
  queuedAt: z.number(),
  attempts: z.int(),
  lastError: z.nullable(z.string()),
};

const OutboxItemSchema = z.union([
  // Items queued before there were kinds are practices.
  z.object({ kind: z._default(z.literal("practice"), "practice"), input: PracticeInputSchema, ...ItemMeta }),
  z.object({ kind: z.literal("proposal"), input: ProposalInputSchema, ...ItemMeta }),
  z.object({ kind: z.literal("attendance"), meetingId: z.string(), input: AttendanceInputSchema, ...ItemMeta }),
  z.object({ kind: z.literal("published"), publicationId: z.string(), title: z.string(), input: PublishedInputSchema, ...ItemMeta }),
]);
export type OutboxItem = z.infer<typeof OutboxItemSchema>;

/** The storage key of an item, without the `outbox:` prefix. */
export function outboxKey(item: OutboxItem): string {
  switch (item.kind) {
    case "practice":
    case "proposal":
      return item.input.id;
    case "attendance":
      return `attendance:${item.meetingId}`;
    case "published":
      return `published:${item.publicationId}`;
  }
}

/** A write the service refused (400, or its target is gone): kept only so the popup can tell the user once. */
const RejectedItemSchema = z.object({
  /** `id`: the outbox key; `title`: what the user would recognise (a practice's title, "Presenza"). */
  input: z.object({ id: z.string(), title: z.string() }),
  message: z.string(),
  at: z.number(),
});
export type RejectedItem = z.infer<typeof RejectedItemSchema>;

const local = () => chrome.storage.local;

async function readParsed<T>(key: string, schema: z.ZodMiniType<T>): Promise<T | undefined> {
  const stored = await local().get(key);
  if (!(key in stored)) return undefined;
  const parsed = schema.safeParse(stored[key]);
  return parsed.success ? parsed.data : undefined;
}

async function readPrefix<T>(prefix: string, schema: z.ZodMiniType<T>): Promise<Map<string, T>> {
  const all = await local().get(null);
  const found = new Map<string, T>();
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith(prefix)) continue;
    const parsed = schema.safeParse(value);
    if (parsed.success) found.set(key.slice(prefix.length), parsed.data);
  }
  return found;
}

// Preferences

/** The preferences, with the service's address IT preset by policy, when there is one, in place of the one typed. */
export async function readPreferences(): Promise<ExtensionPreferences> {
  const stored = (await readParsed(KEYS.preferences, PreferencesSchema)) ?? DEFAULT_PREFERENCES;
  const managed = await readManagedConfig();
  return managed.serviceUrl ? { ...stored, serviceUrl: managed.serviceUrl } : stored;
}

/**
 * What IT set through the browser's policy (`storage.managed`, its schema in
 * `managed-schema.json`; docs/criteri-browser.md): the service's address, normalised. An address
 * that is not http(s) is left out, as if none were set. Read-only for the extension.
 */
export interface ManagedConfig {
  serviceUrl?: string;
}

export async function readManagedConfig(): Promise<ManagedConfig> {
  let stored: Record<string, unknown>;
  try {
    stored = await chrome.storage.managed.get("serviceUrl");
  } catch {
    // Firefox with no policy for the extension rejects ("Managed storage manifest not found").
    return {};
  }
  const value = stored?.serviceUrl;
  if (typeof value !== "string" || !value.trim()) return {};
  try {
    return { serviceUrl: normaliseServiceUrl(value) };
  } catch {
    return {};
  }
}

export async function writePreferences(preferences: ExtensionPreferences): Promise<void> {
  await local().set({ [KEYS.preferences]: PreferencesSchema.parse(preferences) });
}

// Snapshot cache

export async function readCachedSnapshot(): Promise<CachedSnapshot | undefined> {
  return readParsed(KEYS.snapshot, CachedSnapshotSchema);
}

export async function writeCachedSnapshot(cached: CachedSnapshot): Promise<void> {
  await local().set({ [KEYS.snapshot]: cached });
}

export async function clearCachedSnapshot(): Promise<void> {
  await local().remove([KEYS.snapshot, KEYS.syncStatus]);
}

export async function readSyncStatus(): Promise<SyncStatus> {
  return (await readParsed(KEYS.syncStatus, SyncStatusSchema)) ?? EMPTY_STATUS;
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
  const draft = await readParsed(KEYS.draft, DraftSchema);
  await local().remove(KEYS.draft);
  return draft;
}

// Outbox

export async function readOutbox(): Promise<OutboxItem[]> {
  const items = [...(await readPrefix(KEYS.outboxPrefix, OutboxItemSchema)).values()];
  return items.sort((a, b) => a.queuedAt - b.queuedAt);
}

export async function readOutboxItem(key: string): Promise<OutboxItem | undefined> {
  return readParsed(KEYS.outboxPrefix + key, OutboxItemSchema);
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
  return [...(await readPrefix(KEYS.rejectedPrefix, RejectedItemSchema)).values()].sort((a, b) => a.at - b.at);
}

export async function writeRejected(item: RejectedItem): Promise<void> {
  await local().set({ [KEYS.rejectedPrefix + item.input.id]: item });
}

export async function removeRejected(id: string): Promise<void> {
  await local().remove(KEYS.rejectedPrefix + id);
}

// Notifications already shown

const NotifiedSchema = z.object({ expiresAt: z.number() });

export async function wasNotified(key: string): Promise<boolean> {
  return (await readParsed(KEYS.notifiedPrefix + key, NotifiedSchema)) !== undefined;
}

/** `expiresAt`: when the memory may be forgotten (the meeting is over). */
export async function markNotified(key: string, expiresAt: number): Promise<void> {
  await local().set({ [KEYS.notifiedPrefix + key]: { expiresAt } });
}

export async function forgetExpiredNotifications(now: number): Promise<void> {
  const expired = [...(await readPrefix(KEYS.notifiedPrefix, NotifiedSchema)).entries()]
    .filter(([, value]) => value.expiresAt < now)
    .map(([key]) => KEYS.notifiedPrefix + key);
  if (expired.length > 0) await local().remove(expired);
}

// Change events

export type StorageArea = "preferences" | "snapshot" | "syncStatus" | "outbox" | "rejected" | "draft";

function areaOf(key: string): StorageArea | undefined {
  if (key === KEYS.preferences) return "preferences";
  if (key === KEYS.snapshot) return "snapshot";
  if (key === KEYS.syncStatus) return "syncStatus";
  if (key === KEYS.draft) return "draft";
  if (key.startsWith(KEYS.outboxPrefix)) return "outbox";
  if (key.startsWith(KEYS.rejectedPrefix)) return "rejected";
  return undefined;
}

/** Calls `listener` with the areas that changed, until `signal` aborts. */
export function onStorageChanged(listener: (areas: Set<StorageArea>) => void, signal?: AbortSignal): void {
  const handler = (changes: Record<string, chrome.storage.StorageChange>, areaName: string) => {
    // A policy changed by IT while the browser runs: the address in use may be another.
    if (areaName === "managed") return listener(new Set(["preferences"]));
    if (areaName !== "local") return;
    const areas = new Set<StorageArea>();
    for (const key of Object.keys(changes)) {
      const area = areaOf(key);
      if (area) areas.add(area);
    }
    if (areas.size > 0) listener(areas);
  };
  chrome.storage.onChanged.addListener(handler);
  signal?.addEventListener("abort", () => chrome.storage.onChanged.removeListener(handler));
}
