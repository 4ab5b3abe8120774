/**
 * Exponential backoff with full jitter, from ~1 s to a minute: Google asks clients to back off
 * for seconds to a minute on 429/5xx, and a locked workbook is usually closed within minutes.
 */
export function backoffDelay(attempt: number, { baseMs = 1000, maxMs = 60_000, random = Math.random } = {}): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
