import type { Translator } from "../../lib/i18n";
import type { ServiceError } from "../../lib/service-error";

/** A failed request in words: the service's own message when it gave one, else what to check. */
export function describeCoordinationError(error: ServiceError, t: Translator): string {
  switch (error.known) {
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
