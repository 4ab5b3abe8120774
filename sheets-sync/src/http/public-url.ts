import { isIP } from "node:net";
import { serviceUrlProblem } from "@rete-urp/shared/schema-free";
import { cleartextRefusal } from "../config.ts";
import { UsageError } from "../errors.ts";

/**
 * Where clients reach the service. Public URLs (the calendar feed's, later invitations) are
 * built from the configured SHEETS_SYNC_PUBLIC_URL, never from the Host header a client sends;
 * without it, from the address the service listens on. When it is set, a request for another
 * host is refused, so a spoofed or rebound name cannot talk to the service.
 */

interface PublicConfig {
  publicUrl?: string | undefined;
  host: string;
}

interface LocalSocket {
  localAddress?: string | undefined;
  localPort?: number | undefined;
}

const WILDCARDS = new Set(["", "0.0.0.0", "::", "[::]"]);

/** "::ffff:127.0.0.1" → "127.0.0.1"; an IPv6 address in brackets, as a URL needs it. */
function urlHost(address: string): string {
  const bare = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  return isIP(bare) === 6 ? `[${bare}]` : bare;
}

/** The service's own address as this connection reached it: the listening host (or the socket's address for 0.0.0.0) and port. */
function listenHost(config: PublicConfig, socket: LocalSocket): string {
  const host = WILDCARDS.has(config.host) ? (socket.localAddress ?? "127.0.0.1") : config.host;
  return `${urlHost(host)}:${socket.localPort ?? 0}`;
}

/** The base of every public URL, without a trailing slash: "https://urp.unione.example.it" or "http://127.0.0.1:8787". */
export function publicBaseUrl(config: PublicConfig, socket: LocalSocket): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, "");
  return `http://${listenHost(config, socket)}`;
}

/**
 * The base of public URLs for a CLI command, which has no socket: `--base-url`, else
 * SHEETS_SYNC_PUBLIC_URL, else the address of the service running on this machine with this
 * state dir (`running`), else the address `serve` would listen on; without a trailing slash.
 * Throws a UsageError for what is not an http(s) address, and for http:// to another machine
 * unless SHEETS_SYNC_ALLOW_HTTP=1: the link carries an invitation code or a calendar key.
 */
export function commandBaseUrl(config: PublicConfig & { port: number; allowHttp?: boolean }, baseUrl?: string, running?: string): string {
  const base = baseUrl ?? config.publicUrl ?? running ?? `http://${config.host}:${config.port}`;
  const source =
    baseUrl !== undefined
      ? "--base-url"
      : config.publicUrl
        ? "SHEETS_SYNC_PUBLIC_URL"
        : running
          ? "il servizio in esecuzione"
          : "HOST e PORT";
  const problem = /^https?:\/\/[^/]/i.test(base) ? serviceUrlProblem(base, { allowInsecureHttp: config.allowHttp }) : "not_url";
  if (problem === "cleartext") throw new UsageError(`${source}: ${cleartextRefusal(base)}`);
  if (problem) throw new UsageError(`${source}: serve un indirizzo http o https, non "${base}"`);
  return base.replace(/\/+$/, "");
}

/** "HOST:443" for an https URL → "host"; undefined for what is not a host at all. */
function normalisedHost(host: string, scheme: string): string | undefined {
  try {
    const url = new URL(`${scheme}//${host}`);
    return url.username || url.password || url.pathname !== "/" ? undefined : url.host.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * True when a request for `host` may be served: always without a public URL; with one, when
 * `host` is the public URL's host or the address the service listens on (a local health probe,
 * a proxy that forwards to the upstream address).
 */
export function hostAllowed(config: PublicConfig, socket: LocalSocket, host: string | undefined): boolean {
  if (!config.publicUrl) return true;
  if (!host) return false;
  const publicUrl = new URL(config.publicUrl);
  if (normalisedHost(host, publicUrl.protocol) === publicUrl.host.toLowerCase()) return true;
  const own = [listenHost(config, socket), `${urlHost(socket.localAddress ?? "")}:${socket.localPort ?? 0}`];
  const loopback = /^(127\.|::1$|::ffff:127\.)/.test(socket.localAddress ?? "");
  if (loopback) own.push(`localhost:${socket.localPort ?? 0}`);
  return own.map((item) => item.toLowerCase()).includes(host.toLowerCase());
}
