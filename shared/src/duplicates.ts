import { normalizeUrl } from "./normalize-url.ts";
import type { Practice } from "./records/practice.ts";

/**
 * The practice already shared for the same page, if any: "già segnalata da Lugo il 3/11/2026".
 * The oldest one wins, since that is who first shared it.
 */
export function findDuplicatePractice(practices: readonly Practice[], url: string): Practice | undefined {
  const key = normalizeUrl(url);
  if (!key) return undefined;
  let found: Practice | undefined;
  for (const practice of practices) {
    if (normalizeUrl(practice.url) === key && (!found || practice.date < found.date)) found = practice;
  }
  return found;
}
