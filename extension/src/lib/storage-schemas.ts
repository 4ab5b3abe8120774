import {
  AttendanceInputSchema,
  NetworkEnteSchema,
  PracticeInputSchema,
  PracticeSchema,
  ProjectInputSchema,
  ProjectUpdateInputSchema,
  ProposalInputSchema,
  PublishedInputSchema,
  SnapshotSchema,
} from "@rete-urp/shared";
import * as z from "zod/mini";
import { LANGUAGE_CHOICES } from "./preferences";
import { areaOf, KEYS, type StorageArea } from "./storage-keys";

/**
 * The shape of everything the extension keeps in `storage.local`, one zod schema per area.
 * Storage survives extension updates, so a value may have been written by an older version:
 * `checkStoredValues` (run by the background worker once per version) brings every value to this
 * version's shape, or sets it aside. Until it has, lib/storage.ts reads through `parseStored`.
 * Apart from lib/storage.ts so that the popup's first paint carries no zod: it loads this module
 * only when the storage is not checked yet (see lib/storage.ts, "Trust").
 */

const PreferencesSchema = z.object({
  serviceUrl: z.string(),
  token: z.string(),
  /**
   * "browser" follows the browser's language (Italian unless it is English); "it" or "en" was
   * chosen in the options and wins. Older versions stored "it" as their default, indistinguishable
   * from a choice, so it stays Italian.
   */
  language: z.enum(LANGUAGE_CHOICES),
  notifications: z.boolean(),
});
/**
 * What the user chose in the options page. Not the network's settings (the sheet's Impostazioni,
 * `Settings` in @rete-urp/shared): these are one person's, on one browser.
 */
export type ExtensionPreferences = z.infer<typeof PreferencesSchema>;

/**
 * The cached snapshot is kept in two values, so that the popup's first paint reads only what it
 * paints: `cache:snapshot` holds everything but the practices (a few KB), `cache:practices` the
 * practices (10 000 of them are 3 MB), read once the popup is on screen.
 */
const SnapshotHeadSchema = z.extend(z.omit(SnapshotSchema, { practices: true }), {
  // A snapshot cached before the service served the Enti tab's enti: kept, with none, until the
  // next refresh brings them (the popup's pickers fall back on the roster and my own ente).
  enti: z._default(z.array(NetworkEnteSchema), () => []),
});
export type SnapshotHead = z.infer<typeof SnapshotHeadSchema>;

const CachedHeadSchema = z.object({
  snapshot: SnapshotHeadSchema,
  /** The service's ETag, sent back as If-None-Match; empty when the response did not expose it. */
  etag: z.string(),
});
export type CachedHead = z.infer<typeof CachedHeadSchema>;

const CachedPracticesSchema = z.object({ practices: z.array(PracticeSchema) });

const SyncStatusSchema = z.object({
  /** Epoch ms of the last answer from the service (200 or 304). */
  lastSuccessAt: z.nullable(z.number()),
  lastAttemptAt: z.nullable(z.number()),
  /**
   * Why the last attempt failed: the ServiceError's code (`network`, `unauthorized`, …) and
   * message; null when it succeeded.
   */
  error: z.nullable(z.object({ code: z.string(), message: z.string() })),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

/** What the context menu or the shortcut hands to the quick-add form. */
export const DRAFT_KINDS = ["practice", "proposal"] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];

const DraftSchema = z.object({
  /** A best practice ("Aggiungi come buona prassi") or an agenda item ("Proponi all'ordine del giorno"). */
  kind: z.enum(DRAFT_KINDS),
  title: z.string(),
  url: z.string(),
  excerpt: z.string(),
  createdAt: z.number(),
});
export type Draft = z.infer<typeof DraftSchema>;

/**
 * A write waiting for the service. Its storage key (`outbox:<key>`) is its identity: the UUID of
 * a practice or a proposal (idempotent on the service), `attendance:<meetingId>` for my answer
 * (so a newer answer replaces the unsent one: only my latest answer per meeting is kept) and
 * `published:<publicationId>` for a publication marked as published, `action:<actionId>` for an
 * action marked done. A project proposed and a project's update carry their UUID too; an update
 * also keeps the project's title, for the "not sent" notice.
 */
const ItemMeta = {
  queuedAt: z.number(),
  attempts: z.int(),
  lastError: z.nullable(z.string()),
};

const OutboxItemSchema = z.union([
  z.object({ kind: z.literal("practice"), input: PracticeInputSchema, ...ItemMeta }),
  z.object({ kind: z.literal("proposal"), input: ProposalInputSchema, ...ItemMeta }),
  z.object({ kind: z.literal("attendance"), meetingId: z.string(), input: AttendanceInputSchema, ...ItemMeta }),
  z.object({ kind: z.literal("published"), publicationId: z.string(), title: z.string(), input: PublishedInputSchema, ...ItemMeta }),
  /** "Fatto" on an action: nothing to send but its ID; `title` is the action's text, for notices. */
  z.object({ kind: z.literal("action-done"), actionId: z.string(), title: z.string(), ...ItemMeta }),
  z.object({ kind: z.literal("project"), input: ProjectInputSchema, ...ItemMeta }),
  z.object({ kind: z.literal("project-update"), projectTitle: z.string(), input: ProjectUpdateInputSchema, ...ItemMeta }),
]);
export type OutboxItem = z.infer<typeof OutboxItemSchema>;

/** A write the service refused (400, or its target is gone): kept only so the popup can tell the user once. */
const RejectedItemSchema = z.object({
  /** `id`: the outbox key; `title`: what the user would recognise (a practice's title, "Presenza"). */
  input: z.object({ id: z.string(), title: z.string() }),
  message: z.string(),
  at: z.number(),
});
export type RejectedItem = z.infer<typeof RejectedItemSchema>;

/** A reminder already shown; `expiresAt`: when the memory may be forgotten (the meeting is over). */
const NotifiedSchema = z.object({ expiresAt: z.number() });

const SCHEMAS = {
  preferences: PreferencesSchema,
  snapshot: CachedHeadSchema,
  practices: CachedPracticesSchema,
  syncStatus: SyncStatusSchema,
  draft: DraftSchema,
  outbox: OutboxItemSchema,
  rejected: RejectedItemSchema,
  notified: NotifiedSchema,
} satisfies Record<StorageArea, z.ZodMiniType>;

export type StoredValue<A extends StorageArea> = z.infer<(typeof SCHEMAS)[A]>;

/** A stored value in this version's shape (defaults filled in), or undefined when it cannot be. */
export function parseStored<A extends StorageArea>(area: A, value: unknown): StoredValue<A> | undefined {
  const parsed = SCHEMAS[area].safeParse(value);
  return parsed.success ? (parsed.data as StoredValue<A>) : undefined;
}

/**
 * Brings what an older version stored to this version's shape, then records that `version`
 * checked it (`storage:checked`), from which point pages read values as they are. A value that
 * parses but differs (a default filled in, a field dropped) is written back in its new shape; one
 * that does not parse is moved under `unreadable:<key>` rather than deleted, since an unsent
 * write may be in it. Only values that change are written, so a check with nothing to do writes
 * the stamp alone. Values are read and written back in one pass: the worker runs it at start,
 * before it sends or fetches anything.
 */
export async function checkStoredValues(version: string): Promise<{ rewritten: string[]; setAside: string[] }> {
  // The worker starts many times a day (Chrome stops it when idle): the stamp alone, until an update.
  const stamp = await chrome.storage.local.get(KEYS.checkedBy);
  if (stamp[KEYS.checkedBy] === version) return { rewritten: [], setAside: [] };
  const stored = await chrome.storage.local.get(null);
  const rewrite: Record<string, unknown> = {};
  const setAside: string[] = [];
  for (const [key, value] of Object.entries(stored)) {
    const area = areaOf(key);
    if (!area) continue;
    const parsed = parseStored(area, value);
    if (parsed === undefined) {
      rewrite[KEYS.unreadablePrefix + key] = value;
      setAside.push(key);
    } else if (JSON.stringify(parsed) !== JSON.stringify(value)) {
      rewrite[key] = parsed;
    }
  }
  // The head and the practices go together: one without the other is no cache (the next
  // refresh fetches the whole snapshot).
  const cacheKeys = [KEYS.snapshot, KEYS.practices];
  const cacheComplete = cacheKeys.every((key) => key in stored && !setAside.includes(key));
  const orphans = cacheComplete ? [] : cacheKeys.filter((key) => key in stored && !setAside.includes(key));
  for (const key of orphans) delete rewrite[key];
  if (setAside.length + orphans.length > 0) await chrome.storage.local.remove([...setAside, ...orphans]);
  await chrome.storage.local.set({ ...rewrite, [KEYS.checkedBy]: version });
  return { rewritten: Object.keys(rewrite).filter((key) => !key.startsWith(KEYS.unreadablePrefix)), setAside };
}
