/**
 * The one search of the product (the popup's lists and the service's `?q=`): every word of the
 * query must appear, ignoring case, accents and the kind of apostrophe.
 */

/** Accent- and case-insensitive "contains", so "citta" finds "Città" and "sant'agata" finds "Sant’Agata". */
export function normaliseForSearch(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[’‘`´]/g, "'")
    .toLowerCase();
}

/** An item's fields as one normalised text: made once per item, matched on every keystroke. */
export function searchText(fields: string[]): string {
  return normaliseForSearch(fields.join(" \n "));
}

/** The words of a query, normalised; every one must appear in a match. None: everything matches. */
function queryWords(query: string): string[] {
  return normaliseForSearch(query).split(/\s+/).filter(Boolean);
}

/** The items whose searchable text contains every word of the query, in the order given. */
export function search<T>(entries: readonly { item: T; text: string }[], query: string): T[] {
  const words = queryWords(query);
  return entries.filter((entry) => words.every((word) => entry.text.includes(word))).map((entry) => entry.item);
}

/** Whether `fields` hold every word of the query: one item, searched once. */
export function matchesAll(fields: string[], query: string): boolean {
  const text = searchText(fields);
  return queryWords(query).every((word) => text.includes(word));
}
