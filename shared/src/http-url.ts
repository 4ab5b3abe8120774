/**
 * Only http(s) URLs are accepted from users and made clickable. A module of its own, with no
 * import, so the extension's lazily loaded views can use it without copying zod and the rest of
 * shared into their chunk (`@rete-urp/shared/http-url`); schema-parts.ts re-exports it.
 */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
