/**
 * Why a request to sheets-sync failed, by the service's own error code: every error answer is
 * `{error: {code, message, fields?}}` (docs/sheets-sync.md, "API v1"). The status alone cannot tell a
 * cancelled meeting from a publication not addressed to my ente (both 409), nor a full disk on
 * the service (503, the write was not accepted) from a store still loading.
 */

import { API_ERRORS, type ApiErrorCode, type ApiErrorRemedy } from "@rete-urp/shared/schema-free";

/** Ours, for what never reached the service or came back as something else than its answer; none is also the service's. */
const CLIENT_ERRORS = {
  /** Unreachable, refused, timed out. */
  network: "retry-later",
  /** Not the service's answer: a proxy's page, an unexpected body. */
  bad_response: "retry-later",
  /** The address in the options is not an http(s) URL. */
  bad_url: "fix-settings",
  /** The address is http:// to another machine: the token would travel in clear, so nothing is sent. */
  insecure_url: "fix-settings",
  /** No address or no token yet. */
  not_configured: "fix-settings",
} as const satisfies Record<string, ApiErrorRemedy> & Partial<Record<ApiErrorCode, never>>;

export type ClientErrorCode = keyof typeof CLIENT_ERRORS;
/** A code of this version: the service's (shared/src/api-errors.ts) or ours. */
export type ServiceErrorCode = ApiErrorCode | ClientErrorCode;
/** What the client does about a code: drop the write (`refused`), wait for the settings, or retry later. */
export type Remedy = ApiErrorRemedy;

/**
 * What the client does about each code it knows: the service's as the shared list says, and ours.
 * A code the list no longer has fails to compile wherever it is still switched on (`knownCode`).
 */
const REMEDIES: Readonly<Record<ServiceErrorCode, Remedy>> = {
  ...(Object.fromEntries(Object.entries(API_ERRORS).map(([code, { remedy }]) => [code, remedy])) as Record<ApiErrorCode, Remedy>),
  ...CLIENT_ERRORS,
};

/**
 * `code` if this version knows it, else undefined (a code a newer service added): what switches
 * and comparisons take, so that a case for a code no longer in the list does not compile.
 */
export function knownCode(code: string | undefined): ServiceErrorCode | undefined {
  return code !== undefined && Object.hasOwn(REMEDIES, code) ? (code as ServiceErrorCode) : undefined;
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

  /** The code if this version knows it: what to switch on (`knownCode`). */
  get known(): ServiceErrorCode | undefined {
    return knownCode(this.code);
  }

  get remedy(): Remedy {
    const known = this.known;
    return known ? REMEDIES[known] : remedyOfStatus(this.status ?? 0);
  }
}

/**
 * Whether an error code says the service no longer lets this browser in: `revoked` for 401
 * `unauthorized` (the token was revoked, or the service does not know it), `removed` for 403
 * `forbidden` (its owner is no longer an active referent). Either way the network's data cached
 * here is forgotten and nothing is sent until a refresh succeeds again (features/refresh-here.ts).
 */
export type AccessLost = "revoked" | "removed";

export function accessLostBy(code: string | undefined): AccessLost | undefined {
  const known = knownCode(code);
  if (known === "unauthorized") return "revoked";
  if (known === "forbidden") return "removed";
  return undefined;
}
