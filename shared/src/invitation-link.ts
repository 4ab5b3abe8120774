/**
 * An invitation as a person handles it: one link, `<service address>/invito/<code>`, that carries
 * both where the service is and the single-use code. The options page takes the link, or the code
 * alone when the address is already known (preset by policy or typed before), or the whole email
 * the coordinator sent (sheets-sync/src/access/invitation-text.ts), from which it takes the link.
 */

/** 24 characters of base64url: 18 random bytes. */
export const INVITATION_CODE = /^[A-Za-z0-9_-]{24}$/;
export const INVITATION_PATH = "/invito/";

export function invitationLink(serviceUrl: string, code: string): string {
  return `${serviceUrl.replace(/\/+$/, "")}${INVITATION_PATH}${code}`;
}

export interface ParsedInvitation {
  /** The service's address without a trailing slash; absent when only the code was given. */
  serviceUrl?: string;
  code: string;
}

/**
 * The link or the bare code, as pasted, or the email that carries it; undefined when it is none
 * of these. Alone, the link or code may come with spaces, quotes, angle brackets and a trailing
 * full stop from mail clients. In a longer text (the invitation's email, its line breaks CRLF or
 * not), the invitation is the one link whose path ends in `/invito/<code>`; with no such link, a
 * code standing alone on its line. Two different invitations in one text are none: which one was
 * meant is not ours to guess (a forwarded phishing mail may carry its own link beside the real
 * one). The scheme is kept as written: whether `http://` may be used is the caller's rule
 * (https-only.ts), applied to the address this returns.
 */
export function parseInvitation(input: string): ParsedInvitation | undefined {
  const whole = parseOne(input);
  if (whole) return whole;
  const found = new Map<string, ParsedInvitation>();
  for (const [candidate] of input.matchAll(LINK_IN_TEXT)) {
    const parsed = parseLink(unwrap(candidate));
    if (parsed) found.set(`${parsed.serviceUrl} ${parsed.code}`, parsed);
  }
  if (found.size === 0) {
    for (const line of input.split(/\r\n|\r|\n/)) {
      const code = unwrap(line);
      if (INVITATION_CODE.test(code)) found.set(code, { code });
    }
  }
  return found.size === 1 ? [...found.values()][0] : undefined;
}

/**
 * An http(s) link inside prose: up to the first space, or a character a mail client or a writer
 * puts around a link (quotes, guillemets, angle brackets, brackets). Trailing punctuation is
 * taken off by `unwrap`.
 */
const LINK_IN_TEXT = /https?:\/\/[^\s<>"'`«»“”‘’()[\]{}]+/gi;

/** Spaces, quotes, angle brackets and punctuation around a link or a code, as mail clients and writers leave them. */
function unwrap(text: string): string {
  return text
    .trim()
    .replace(/^[<"'«“‘(\s]+/, "")
    .replace(/[>"'»”’).,;:!?\s]+$/, "");
}

/** The whole input as one link or one code. Not with a space or line break inside: URL() would drop line breaks and join two links into one. */
function parseOne(input: string): ParsedInvitation | undefined {
  const text = unwrap(input);
  if (/\s/.test(text)) return undefined;
  if (INVITATION_CODE.test(text)) return { code: text };
  return parseLink(text);
}

function parseLink(text: string): ParsedInvitation | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  const at = url.pathname.lastIndexOf(INVITATION_PATH);
  if (at < 0) return undefined;
  const code = url.pathname.slice(at + INVITATION_PATH.length).replace(/\/$/, "");
  if (!INVITATION_CODE.test(code)) return undefined;
  return { serviceUrl: `${url.origin}${url.pathname.slice(0, at)}`, code };
}
