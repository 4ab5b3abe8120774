/**
 * Where each value lives in `storage.local` (never `sync`: the snapshot is far bigger than sync's
 * 8 KB item quota), and which area a key belongs to. The shapes are in storage-schemas.ts.
 */
export const KEYS = {
  /** The user's preferences: "settings" since the first version, so stored values still read. */
  preferences: "settings",
  /** The cached snapshot without its practices, and its ETag: what the popup's first paint reads. */
  snapshot: "cache:snapshot",
  /** The cached snapshot's practices, read once the popup is on screen. */
  practices: "cache:practices",
  syncStatus: "cache:status",
  draft: "draft",
  /** The extension version that last checked every stored value (storage-schemas.ts, checkStoredValues). */
  checkedBy: "storage:checked",
  outboxPrefix: "outbox:",
  rejectedPrefix: "rejected:",
  notifiedPrefix: "notified:",
  /** A value no version could read any more, kept aside rather than deleted. */
  unreadablePrefix: "unreadable:",
} as const;

export type StorageArea = "preferences" | "snapshot" | "practices" | "syncStatus" | "draft" | "outbox" | "rejected" | "notified";

export function areaOf(key: string): StorageArea | undefined {
  if (key === KEYS.preferences) return "preferences";
  if (key === KEYS.snapshot) return "snapshot";
  if (key === KEYS.practices) return "practices";
  if (key === KEYS.syncStatus) return "syncStatus";
  if (key === KEYS.draft) return "draft";
  if (key.startsWith(KEYS.outboxPrefix)) return "outbox";
  if (key.startsWith(KEYS.rejectedPrefix)) return "rejected";
  if (key.startsWith(KEYS.notifiedPrefix)) return "notified";
  return undefined;
}
