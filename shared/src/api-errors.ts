/**
 * Every error code sheets-sync answers with, in `{error: {code, message, fields?}}`: the one list
 * the service throws from (a code not in it does not compile) and the extension switches on. Each
 * has the HTTP statuses it comes with and what a client does about it:
 *
 * - `refused`: refused for good; a write is dropped from the outbox and the user told why;
 * - `fix-settings`: someone must change something (the token, the address, the roster): keep the write;
 * - `retry-later`: nobody needs to do anything: keep the write and try again later.
 *
 * No zod here: the popup imports it (through "@rete-urp/shared/schema-free"). Clients parse the
 * code as any string (ApiErrorSchema in schemas.ts says why) and judge a code missing from this
 * list by its status.
 */

export const API_ERROR_REMEDIES = ["refused", "fix-settings", "retry-later"] as const;
export type ApiErrorRemedy = (typeof API_ERROR_REMEDIES)[number];

export interface ApiErrorInfo {
  /** The HTTP statuses the code comes with. */
  readonly statuses: readonly number[];
  readonly remedy: ApiErrorRemedy;
}

export const API_ERRORS = {
  /**
   * 400: the schemas refused the input (`fields` names each field), or the body is not JSON; 415 not sent as JSON. Any other 4xx
   * Fastify raises itself too, and a request Node or Fastify cannot read at all: a request line that is not HTTP, a path whose
   * %-encoding does not decode.
   */
  invalid_request: { statuses: [400, 415], remedy: "refused" },
  /** 401: no token, or one the service does not know (or a calendar feed key revoked). */
  unauthorized: { statuses: [401], remedy: "fix-settings" },
  /** 403: the token's (or feed key's, or invitation's) owner is not an active referent of the roster. */
  forbidden: { statuses: [403], remedy: "fix-settings" },
  /** 403: the Coordinamento view and invitations are for Coordinatore and Delegato only. */
  not_coordinator: { statuses: [403], remedy: "refused" },
  /**
   * 403: a Delegato may not invite, nor revoke the access of, a person whose Ruolo is Coordinatore: only the Coordinatore
   * (or IT, from the CLI) may.
   */
  not_allowed_for_delegate: { statuses: [403], remedy: "refused" },
  /** 404: no such route, meeting or publication. */
  not_found: { statuses: [404], remedy: "refused" },
  /** 404: no invitation has this code (counted with bad tokens). */
  invitation_unknown: { statuses: [404], remedy: "refused" },
  /** 409: the meeting of an attendance answer was cancelled. */
  meeting_cancelled: { statuses: [409], remedy: "refused" },
  /** 409: a publication, or an action, the coordinator did not ask of the caller's ente. */
  not_addressed: { statuses: [409], remedy: "refused" },
  /** 409: the client's UUID already names a record of another kind. */
  id_conflict: { statuses: [409], remedy: "refused" },
  /** 410: the invitation was redeemed already (it works once). */
  invitation_used: { statuses: [410], remedy: "refused" },
  /** 410: the invitation expired. */
  invitation_expired: { statuses: [410], remedy: "refused" },
  /** 410: the invitation was revoked, or replaced by a newer one. */
  invitation_revoked: { statuses: [410], remedy: "refused" },
  /**
   * 413: the body is over the service's limit (64 KB); 414: a path segment over 100 characters; 431: the request line and
   * headers together over Node's 16 KB (a URL of 20 KB is one). Whichever part, sent again it is refused again.
   */
  payload_too_large: { statuses: [413, 414, 431], remedy: "refused" },
  /** 421: the request named another host than the service's public URL. */
  wrong_host: { statuses: [421], remedy: "fix-settings" },
  /** 422: the sheet refuses this row for good; the service set it aside for the coordinator. */
  write_rejected: { statuses: [422], remedy: "refused" },
  /** 429: too many bad tokens, feed keys or invitation codes from this address (with Retry-After). */
  too_many_attempts: { statuses: [429], remedy: "retry-later" },
  /** 500: a bug of the service (logged). */
  internal: { statuses: [500], remedy: "retry-later" },
  /** 503: the sheet was never read yet: no data to answer from. */
  store_unavailable: { statuses: [503], remedy: "retry-later" },
  /** 503: the write could not be journaled (full or failing disk), so it was not accepted (with Retry-After). */
  journal_unavailable: { statuses: [503], remedy: "retry-later" },
} as const satisfies Record<string, ApiErrorInfo>;

export type ApiErrorCode = keyof typeof API_ERRORS;

/** The statuses `code` comes with: `new HttpError(404, "not_found", …)` compiles, `new HttpError(400, "not_found", …)` does not. */
export type ApiErrorStatus<Code extends ApiErrorCode = ApiErrorCode> = (typeof API_ERRORS)[Code]["statuses"][number];

/** Whether `code` is one this version of the list knows (a newer service may answer others). */
export function isApiErrorCode(code: string): code is ApiErrorCode {
  return Object.hasOwn(API_ERRORS, code);
}
