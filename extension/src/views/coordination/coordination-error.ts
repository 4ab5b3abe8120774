import type { Translator } from "../../lib/i18n";
import type { ServiceError } from "../../lib/service-error";

/** A failed request in words: the service's own message when it gave one, else what to check. */
export function describeCoordinationError(error: ServiceError, t: Translator): string {
  switch (error.known) {
    // A Delegato inviting, or revoking, a Coordinatore (the Ruolo changed since the roster was read):
    // said in the popup's language, as the hint under that person's name says it.
    case "not_allowed_for_delegate":
      return t("coordinationDelegateLimit");
    case "network":
      return t("coordinationErrorNetwork");
    case "bad_response":
      return t("coordinationErrorBadResponse");
    case "bad_url":
    case "not_configured":
      return t("authProblem");
    case "insecure_url":
      return t("insecureUrlProblem");
    default:
      return t("coordinationErrorServiceSaid", error.message);
  }
}
