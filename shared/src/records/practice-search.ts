import { searchText } from "../search.ts";
import type { Practice } from "./practice.ts";

/**
 * A practice's search text and the one order of practices (records/practice.ts re-exports both).
 * Apart from practice.ts, with no runtime import but the search, so the extension's lazily
 * loaded "Buone prassi" view (`@rete-urp/shared/practice-search`) does not copy zod into its chunk.
 */

/** What a search looks in: title, description, excerpt, tags, ente and author. */
export function practiceSearchText(practice: Practice): string {
  return searchText([practice.title, practice.description, practice.excerpt, ...practice.tags, practice.ente, practice.author]);
}

/** Newest first; the same day, the one added later (lower in the sheet) first. The one order, used everywhere. */
export function sortPracticesNewestFirst(practices: readonly Practice[]): Practice[] {
  return practices
    .map((practice, index) => ({ practice, index }))
    .sort((a, b) => b.practice.date.localeCompare(a.practice.date) || b.index - a.index)
    .map(({ practice }) => practice);
}
