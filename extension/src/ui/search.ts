/** Accent- and case-insensitive "contains", so "citta" finds "Città" and "sant'agata" finds "Sant’Agata". */
export function normalise(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[’‘`´]/g, "'")
    .toLowerCase();
}

export function matchesAll(haystack: string[], query: string): boolean {
  const words = normalise(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = normalise(haystack.join(" \n "));
  return words.every((word) => text.includes(word));
}
