import { serviceUrlProblem, type TransportPolicy } from "@rete-urp/shared/schema-free";
import { ServiceError } from "./service-error";

/** "https://urp.example.it/" → "https://urp.example.it"; throws `bad_url` for anything else than an http(s) address. */
export function normaliseServiceUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ServiceError("bad_url", `not a URL: "${value}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ServiceError("bad_url", `not http(s): "${value}"`);
  return url.origin + url.pathname.replace(/\/+$/, "");
}

/**
 * The address, normalised, if a token or an invitation code may be sent to it: `https://`, or
 * `http://` to this same machine, or to any machine when IT's policy allows it for a lab
 * (`allowInsecureHttp`; the rule is shared/src/https-only.ts). Throws `bad_url` for what is not
 * an http(s) address, `insecure_url` for `http://` to another machine: the token would travel
 * in clear.
 */
export function secureServiceUrl(value: string, policy: TransportPolicy): string {
  const url = normaliseServiceUrl(value);
  if (serviceUrlProblem(url, policy) === "cleartext") throw new ServiceError("insecure_url", `http:// to another machine: "${value}"`);
  return url;
}
