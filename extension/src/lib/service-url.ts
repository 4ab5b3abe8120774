import { ServiceError } from "./service-error";

/** "https://urp.example.it/" → "https://urp.example.it"; throws `bad_url` for anything else. */
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
