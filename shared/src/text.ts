/** Text normalisation shared by header matching and vocabulary lookups. */

/** Lower case, no accents, no spaces or punctuation: "Ordine del giorno" → "ordinedelgiorno". */
export function foldKey(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[^a-z0-9]/g, "");
}

/** Splits a comma- or semicolon-separated cell into trimmed, non-empty, de-duplicated items. */
export function splitList(value: string): string[] {
  const seen = new Set<string>();
  const items: string[] = [];
  for (const raw of value.split(/[,;]/)) {
    const item = raw.trim();
    const key = item.toLowerCase();
    if (item && !seen.has(key)) {
      seen.add(key);
      items.push(item);
    }
  }
  return items;
}
