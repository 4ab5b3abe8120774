import type { Me } from "@rete-urp/shared";
import { type Connection, fetchSnapshot } from "../../lib/api";
import type { Translator } from "../../lib/i18n";
import { ServiceError } from "../../lib/service-error";
import { normaliseServiceUrl } from "../../lib/service-url";

/** Asks the service who the token belongs to; throws a ServiceError saying what is wrong. */
export async function checkConnection(connection: Connection): Promise<Me> {
  const result = await fetchSnapshot(connection);
  if (!result.changed) throw new ServiceError("bad_response", "304 without If-None-Match");
  return result.snapshot.me;
}

/** What a failed check or request means, in words staff can act on. Every code is decided here: a new one does not compile until it is. */
export function describeError(error: unknown, t: Translator): string {
  if (!(error instanceof ServiceError)) return t("errorBadResponse");
  const code = error.known;
  switch (code) {
    case "bad_url":
      return t("errorBadUrl");
    case "insecure_url":
      return t("errorInsecureUrl");
    case "network":
      return t("errorNetwork");
    case "unauthorized":
      return t("errorUnauthorized");
    case "forbidden":
      return t("errorForbidden");
    case "wrong_host":
      return t("errorWrongHost");
    case "too_many_attempts":
      return t("errorTooManyAttempts");
    case "internal":
    case "store_unavailable":
    case "journal_unavailable":
      return t("errorServer", error.status ?? "");
    // Not an answer to a check of the connection or a new calendar key: a refusal of a write, an
    // invitation or the coordinator's view, no answer of the service's, or a code this version
    // does not know (undefined).
    case "invalid_request":
    case "not_coordinator":
    case "not_allowed_for_delegate":
    case "not_found":
    case "invitation_unknown":
    case "meeting_cancelled":
    case "not_addressed":
    case "id_conflict":
    case "invitation_used":
    case "invitation_expired":
    case "invitation_revoked":
    case "payload_too_large":
    case "write_rejected":
    case "bad_response":
    case "not_configured":
    case undefined:
      return t("errorBadResponse");
    default:
      return code satisfies never;
  }
}

/** The host permission to ask for: every port of the service's host (Firefox refuses ports). */
export function originPattern(serviceUrl: string): string {
  const url = new URL(normaliseServiceUrl(serviceUrl));
  return `${url.protocol}//${url.hostname}/*`;
}
