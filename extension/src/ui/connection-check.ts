import type { Me } from "@rete-urp/shared";
import { ApiError, fetchSnapshot, normaliseServiceUrl, type Connection } from "../lib/api";
import type { Translator } from "../lib/i18n";

/** "Verifica": who the token belongs to, or what exactly is wrong, in words staff can act on. */
export async function checkConnection(connection: Connection): Promise<Me> {
  const result = await fetchSnapshot(connection);
  if (!result.changed) throw new ApiError("bad-response", "304 without If-None-Match");
  return result.snapshot.me;
}

export function describeError(error: unknown, t: Translator): string {
  if (!(error instanceof ApiError)) return t("errorBadResponse");
  switch (error.kind) {
    case "bad-url":
      return t("errorBadUrl");
    case "network":
      return t("errorNetwork");
    case "unauthorized":
      return t("errorUnauthorized");
    case "forbidden":
      return t("errorForbidden");
    case "server":
    case "rate-limited":
      return t("errorServer", error.status ?? "");
    case "invalid":
    case "not-found":
    case "conflict":
    case "bad-response":
      return t("errorBadResponse");
  }
}

/** The host permission to ask for: every port of the service's host (Firefox refuses ports). */
export function originPattern(serviceUrl: string): string {
  const url = new URL(normaliseServiceUrl(serviceUrl));
  return `${url.protocol}//${url.hostname}/*`;
}
