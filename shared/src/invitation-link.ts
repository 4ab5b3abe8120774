/**
 * An invitation as a person handles it: one link, `<service address>/invito/<code>`, that carries
 * both where the service is and the single-use code. The options page takes the link, or the code
 * alone when the address is already known (preset by policy or typed before).
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

/** The link or the bare code, as pasted (spaces, angle brackets and a trailing dot from mail clients allowed); undefined when it is neither. */
export function parseInvitation(input: string): ParsedInvitation | undefined {
  const text = input
    .trim()
    .replace(/[.,;]$/, "")
    .replace(/^<|>$/g, "")
    .replace(/[.,;]$/, "");
  if (INVITATION_CODE.test(text)) return { code: text };
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
