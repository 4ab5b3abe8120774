import { checkStoredValues } from "../lib/storage-schemas";

/**
 * At every start of the background worker: brings what an older version left in storage to this
 * version's shape (lib/storage-schemas.ts), once per version; until then pages read through the
 * schemas (lib/storage.ts, "Trust"). Values set aside are named in the worker's console.
 */
export async function checkStorage(): Promise<void> {
  const { setAside } = await checkStoredValues(chrome.runtime.getManifest().version);
  if (setAside.length > 0) console.warn("rete-urp: stored values no longer readable, kept under unreadable:", setAside);
}
