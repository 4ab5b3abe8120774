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

/**
 * Characters that XML 1.0 (and so an .xlsx cell) and Google Sheets cannot hold: U+FFFE, U+FFFF,
 * lone surrogates and the C0 controls other than tab and line feed. One of them in a cell makes
 * the whole workbook unreadable, so every text headed for a sheet goes through this first.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the control characters a sheet cannot hold is the point.
const UNHOLDABLE = /[\u0000-\u0008\u000B-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without the characters a sheet cannot hold (see UNHOLDABLE); everything else untouched. */
export function stripUnholdableChars(text: string): string {
  return text.replace(UNHOLDABLE, "");
}
