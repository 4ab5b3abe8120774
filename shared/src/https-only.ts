/**
 * Where a personal token or an invitation code may be sent: an `https://` address, so neither
 * travels in clear; `http://` only to this same machine (loopback: `127.0.0.0/8`, `[::1]`,
 * `localhost`), where nothing crosses the network. A lab without certificates may allow
 * `http://` to any host through a switch set on purpose (the extension's policy
 * `allowInsecureHttp`, the service's `SHEETS_SYNC_ALLOW_HTTP=1`).
 *
 * The one rule for the extension's options page and its requests, invitation links,
 * `SHEETS_SYNC_PUBLIC_URL` and the CLI's `--base-url`. No import, so the popup and the options
 * page take it from "@rete-urp/shared/schema-free" without zod.
 */

export interface TransportPolicy {
  /** `http://` to any host: for a lab only, never for a service people use. */
  allowInsecureHttp?: boolean | undefined;
}

/**
 * Why an address cannot be where a token is sent: not a URL at all, a URL that is neither
 * http nor https, or `http://` to another machine (the token would travel in clear).
 */
export type ServiceUrlProblem = "not_url" | "not_http" | "cleartext";

/**
 * True for a loopback host as the URL parser leaves it (`URL.hostname`): the parser has already
 * turned "127.1", "2130706433" or "0x7f.0.0.1" into "127.0.0.1", "[0:0:0:0:0:0:0:1]" into
 * "[::1]" and "LOCALHOST" into "localhost", and it reads `http://127.0.0.1@evil.com` as the host
 * evil.com. A name is loopback only when it is `localhost` itself: `localhost.evil.com` or
 * `127.0.0.1.nip.io` are names anyone can point anywhere.
 */
export function isLoopbackHostname(hostname: string): boolean {
  // Four dotted numbers in a parsed http(s) URL are an IPv4 address: anything else fails to parse.
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** What is wrong with sending a token to `value`; undefined when it may be sent there. */
export function serviceUrlProblem(value: string, policy: TransportPolicy = {}): ServiceUrlProblem | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return "not_url";
  }
  if (url.protocol === "https:") return undefined;
  if (url.protocol !== "http:") return "not_http";
  return policy.allowInsecureHttp || isLoopbackHostname(url.hostname) ? undefined : "cleartext";
}
