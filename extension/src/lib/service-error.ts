/**
 * Why a request to sheets-sync failed, by the service's own error code: every error answer is
 * `{error: {code, message, fields?}}` (docs/sheets-sync.md, "API v1"). The status alone cannot tell a
 * cancelled meeting from a publication not addressed to my ente (both 409), nor a full disk on
 * the service (503, the write was not accepted) from a store still loading.
 */

/**
 * What the client does about each code: the codes sheets-sync answers with, and ours for what
 * never reached it or came back as something else than its answer.
 */
const CODES = {
  /** Refused for good: drop the write from the outbox and tell the user why. */
  refused: [
    "invalid_request", // 400, with `fields` naming what is wrong
    "not_found", // 404: the meeting or publication is gone
    "meeting_cancelled", // 409
    "not_addressed", // 409: a publication the coordinator did not ask of my ente
    "id_conflict", // 409: the UUID already names another kind of record
    "payload_too_large", // 413
    "write_rejected", // 422: the sheet refuses this row; the service set it aside
    "not_coordinator", // 403: the Coordinamento view is for Coordinatore and Delegato only
    "invitation_unknown", // 404: no such invitation code
    "invitation_used", // 410: an invitation works once
    "invitation_expired", // 410
    "invitation_revoked", // 410: revoked, or replaced by a newer invitation
  ],
  /** Someone must change something: keep the write until they have. */
  "fix-settings": [
    "unauthorized", // 401: no token, or an unknown one
    "forbidden", // 403: the token's owner is no longer an active referent
    "wrong_host", // 421: the service answers only at its public address
    "bad_url", // ours: the address in the options is not an http(s) URL
    "not_configured", // ours: no address or no token yet
  ],
  /** Nobody needs to do anything: keep the write and try again later. */
  "retry-later": [
    "too_many_attempts", // 429: too many bad tokens from this address
    "internal", // 500
    "store_unavailable", // 503: the network's data is not loaded yet
    "journal_unavailable", // 503: the service could not record the write, so it did not take it
    "network", // ours: unreachable, refused, timed out
    "bad_response", // ours: not the service's answer (a proxy's page, an unexpected body)
  ],
} as const;

export type Remedy = keyof typeof CODES;
export type ServiceErrorCode = (typeof CODES)[Remedy][number];

function remedyOfCode(code: string): Remedy | undefined {
  return (Object.keys(CODES) as Remedy[]).find((remedy) => (CODES[remedy] as readonly string[]).includes(code));
}

/** A code the service may add later, judged by its status: a 4xx it answered itself is final. */
function remedyOfStatus(status: number): Remedy {
  if (status === 401 || status === 403 || status === 421) return "fix-settings";
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return "refused";
  return "retry-later";
}

export class ServiceError extends Error {
  override readonly name = "ServiceError";
  constructor(
    /** The service's code, or ours (`network`, `bad_url`, …) when it did not answer. */
    readonly code: ServiceErrorCode | (string & {}),
    message: string,
    readonly status?: number,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }

  get remedy(): Remedy {
    return remedyOfCode(this.code) ?? remedyOfStatus(this.status ?? 0);
  }
}
