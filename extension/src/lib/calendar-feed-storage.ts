import * as z from "zod/mini";
import type { Connection } from "./api";
import { normaliseServiceUrl } from "./service-url";

/**
 * My calendar feed's address, kept in `storage.local` under `calendarFeed` so the options page
 * shows it again. The service cannot give it back: it keeps only a hash of the feed key, and
 * POST /calendar-feed always makes a new one (turning the old one off). So the address lives
 * only in the browser that asked for it: after a reinstall, or in another browser, the page
 * offers to make one, which turns off the one made before.
 *
 * Beside lib/storage.ts rather than in it, with the same rules: parsed with zod on the way out,
 * a value that no longer parses is treated as missing.
 */

const KEY = "calendarFeed";

const StoredFeedSchema = z.object({
  url: z.string(),
  /** The connection it was made with: another service or another token must not be shown it. */
  serviceUrl: z.string(),
  /** SHA-256 of the token, so the secret is not stored a second time. */
  tokenHash: z.string(),
  createdAt: z.number(),
});
export type StoredFeed = z.infer<typeof StoredFeedSchema>;

async function tokenHash(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token.trim()));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The address made with this connection, or undefined when none was (or another connection's is stored). */
export async function readCalendarFeed(connection: Connection): Promise<StoredFeed | undefined> {
  const stored = await chrome.storage.local.get(KEY);
  const parsed = StoredFeedSchema.safeParse(stored[KEY]);
  if (!parsed.success) return undefined;
  const feed = parsed.data;
  const sameConnection =
    feed.serviceUrl === normaliseServiceUrl(connection.serviceUrl) && feed.tokenHash === (await tokenHash(connection.token));
  return sameConnection ? feed : undefined;
}

/** Keeps the address the service just made; it replaces the one kept before, which no longer works. */
export async function writeCalendarFeed(connection: Connection, url: string, createdAt = Date.now()): Promise<StoredFeed> {
  const feed: StoredFeed = {
    url,
    serviceUrl: normaliseServiceUrl(connection.serviceUrl),
    tokenHash: await tokenHash(connection.token),
    createdAt,
  };
  await chrome.storage.local.set({ [KEY]: feed });
  return feed;
}

/**
 * Forgets the address, for when the service refuses the token it was made with (401: revoked or
 * unknown). The address is a key to the network's meetings, and no other token would be shown it.
 */
export async function forgetCalendarFeed(): Promise<void> {
  await chrome.storage.local.remove(KEY);
}
