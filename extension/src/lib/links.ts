import { isHttpUrl } from "@rete-urp/shared/http-url";

/**
 * Sheet text is untrusted: anyone with edit rights can type `javascript:alert(1)` in a link
 * cell. Only these helpers turn sheet text into an href; anything they refuse is shown as text.
 */

export function httpHref(value: string): string | undefined {
  const trimmed = value.trim();
  return isHttpUrl(trimmed) ? trimmed : undefined;
}

const EMAIL = /^[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[^\s@<>()"',;:]+$/;

export function mailtoHref(email: string): string | undefined {
  const trimmed = email.trim();
  return EMAIL.test(trimmed) ? `mailto:${trimmed}` : undefined;
}

/** "0545 38111" → "tel:054538111"; refuses anything but digits, spaces, dots, dashes, brackets, a leading +. */
export function telHref(phone: string): string | undefined {
  const trimmed = phone.trim();
  if (!/^\+?[0-9\s./()-]{5,}$/.test(trimmed)) return undefined;
  return `tel:${trimmed.replace(/[^0-9+]/g, "")}`;
}
