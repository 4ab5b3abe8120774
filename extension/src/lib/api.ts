import {
  type AccessRevoked,
  AccessRevokedSchema,
  type Attendance,
  type AttendanceInput,
  AttendanceSchema,
  CalendarFeedSchema,
  type Coordination,
  CoordinationSchema,
  type Invitation,
  type InvitationRedeemed,
  InvitationRedeemedSchema,
  InvitationSchema,
  type Practice,
  type PracticeInput,
  PracticeSchema,
  type Project,
  type ProjectInput,
  ProjectSchema,
  type ProjectUpdate,
  type ProjectUpdateInput,
  ProjectUpdateSchema,
  type Proposal,
  type ProposalInput,
  ProposalSchema,
  type PublishedInput,
  type Snapshot,
  SnapshotSchema,
} from "@rete-urp/shared";
import { serviceUrlProblem } from "@rete-urp/shared/schema-free";
import type * as z from "zod/mini";
import { serviceErrorFrom } from "./error-answer";
import { ServiceError } from "./service-error";
import { secureServiceUrl } from "./service-url";
import { readManagedConfig } from "./storage";

/**
 * The only module that talks to sheets-sync (/api/v1, docs/sheets-sync.md, "API v1"). Every failure is a
 * `ServiceError` carrying the service's error code, whose `remedy` says what the caller should
 * do: drop a refused write, wait for the settings to be fixed, or retry later.
 */

export interface Connection {
  serviceUrl: string;
  token: string;
}

const TIMEOUT_MS = 15_000;

async function request(connection: Connection, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${connection.token.trim()}`);
  return send(connection.serviceUrl, path, { ...init, headers });
}

/**
 * A request below /api/v1 of the service at `serviceUrl`, with the headers `init` carries. Never
 * in clear: an `http://` address on another machine is refused (`insecure_url`) before anything
 * is sent, unless IT's policy allows it for a lab (read only for such an address).
 */
async function send(serviceUrl: string, path: string, init: RequestInit): Promise<Response> {
  const base = secureServiceUrl(serviceUrl, serviceUrlProblem(serviceUrl) === "cleartext" ? await readManagedConfig() : {});
  let response: Response;
  try {
    response = await fetch(`${base}/api/v1${path}`, {
      ...init,
      // Revalidation is ours (ETag in storage); the HTTP cache would only add a second layer.
      cache: "no-store",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new ServiceError("network", `${base} unreachable: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (response.ok || response.status === 304) return response;
  throw serviceErrorFrom(response.status, await response.json().catch(() => undefined));
}

async function parseBody<T>(response: Response, parse: (value: unknown) => T): Promise<T> {
  try {
    return parse(await response.json());
  } catch (error) {
    throw new ServiceError("bad_response", `unexpected answer: ${error instanceof Error ? error.message : String(error)}`, response.status);
  }
}

type SnapshotResult = { changed: false } | { changed: true; snapshot: Snapshot; etag: string };

/** GET /snapshot, revalidating with `etag` when we have one. */
export async function fetchSnapshot(connection: Connection, etag = ""): Promise<SnapshotResult> {
  const answer = await fetchSnapshotAnswer(connection, etag);
  if (!answer.changed) return answer;
  return { changed: true, snapshot: answer.parse((value) => SnapshotSchema.parse(value)), etag: answer.etag };
}

type SnapshotAnswer = { changed: false } | { changed: true; body: unknown; parse<T>(parser: (value: unknown) => T): T; etag: string };

/**
 * GET /snapshot as it comes: revalidating with `etag`, and with `since` (a version, the value of
 * that ETag) asking for only what changed since it. The body is the full snapshot or, from a
 * service that still knows `since`, a delta (SnapshotDeltaSchema, parsed by the caller:
 * features/refresh-here.ts, so the delta's code stays out of the popup's bundle). `parse`
 * reads it with a schema, failing as `bad_response`.
 */
export async function fetchSnapshotAnswer(connection: Connection, etag = "", since = ""): Promise<SnapshotAnswer> {
  const path = since ? `/snapshot?since=${encodeURIComponent(since)}` : "/snapshot";
  const response = await request(connection, path, etag ? { headers: { "If-None-Match": etag } } : {});
  if (response.status === 304) return { changed: false };
  const body = await parseBody(response, (value) => value);
  return {
    changed: true,
    body,
    parse: (parser) => {
      try {
        return parser(body);
      } catch (error) {
        throw new ServiceError(
          "bad_response",
          `unexpected answer: ${error instanceof Error ? error.message : String(error)}`,
          response.status,
        );
      }
    },
    // Readable only if the service lists ETag in Access-Control-Expose-Headers, or when the
    // optional host permission is granted (then CORS does not apply); otherwise we refetch in full.
    etag: response.headers.get("ETag") ?? "",
  };
}

/**
 * A write: 201, 200 (same id again, or an update in place) and 202 (journaled, pending) all mean
 * delivered. The body is a courtesy, parsed with `schema`: delivery is decided by the status alone.
 */
async function write<T>(
  connection: Connection,
  method: "POST" | "PUT",
  path: string,
  body: unknown,
  schema: z.ZodMiniType<T> | null,
): Promise<T | null> {
  const response = await request(connection, path, {
    method,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!schema) return null;
  return response
    .json()
    .then((value) => schema.safeParse(value))
    .then((result) => (result.success ? result.data : null))
    .catch(() => null);
}

/** POST /practices: the practice as stored, when the answer says so. */
export function postPractice(connection: Connection, input: PracticeInput): Promise<Practice | null> {
  return write(connection, "POST", "/practices", input, PracticeSchema);
}

/** PUT /meetings/:id/attendance: my answer, one row per person and meeting, updated in place. */
export function putAttendance(connection: Connection, meetingId: string, input: AttendanceInput): Promise<Attendance | null> {
  return write(connection, "PUT", `/meetings/${encodeURIComponent(meetingId)}/attendance`, input, AttendanceSchema);
}

/** POST /proposals: an agenda item for a meeting, idempotent by its client-made UUID. */
export function postProposal(connection: Connection, input: ProposalInput): Promise<Proposal | null> {
  return write(connection, "POST", "/proposals", input, ProposalSchema);
}

/** POST /publications/:id/published: the page where it went live, as proof. */
export async function postPublished(connection: Connection, publicationId: string, input: PublishedInput): Promise<void> {
  await write(connection, "POST", `/publications/${encodeURIComponent(publicationId)}/published`, input, null);
}

/** POST /actions/:id/done: "Fatto", an update in place of the action's row (who and when come from the token). */
export async function postActionDone(connection: Connection, actionId: string): Promise<void> {
  await write(connection, "POST", `/actions/${encodeURIComponent(actionId)}/done`, {}, null);
}

/** POST /projects: "Proponi un progetto", a Progetti row with Stato Proposto, idempotent by its UUID. */
export function postProject(connection: Connection, input: ProjectInput): Promise<Project | null> {
  return write(connection, "POST", "/projects", input, ProjectSchema);
}

/** POST /project-updates: an update of a shared project, idempotent by its UUID. */
export function postProjectUpdate(connection: Connection, input: ProjectUpdateInput): Promise<ProjectUpdate | null> {
  return write(connection, "POST", "/project-updates", input, ProjectUpdateSchema);
}

/** POST /calendar-feed: my personal iCalendar URL; a new key each time, the old ones stop working. */
export async function createCalendarFeed(connection: Connection): Promise<string> {
  const response = await request(connection, "/calendar-feed", { method: "POST" });
  return (await parseBody(response, (value) => CalendarFeedSchema.parse(value))).url;
}

/**
 * POST /invitations/redeem, with no token: the single-use code of an invitation becomes my
 * personal token. Refusals are the service's codes (`invitation_used`, `invitation_expired`,
 * `invitation_revoked`, `invitation_unknown`, `forbidden` when the invited person is no longer
 * active, `too_many_attempts`).
 */
export async function redeemInvitation(serviceUrl: string, code: string): Promise<InvitationRedeemed> {
  const response = await send(serviceUrl, "/invitations/redeem", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ code }),
  });
  return parseBody(response, (value) => InvitationRedeemedSchema.parse(value));
}

/** GET /coordination: the coordinator's view; 403 `not_coordinator` for everyone else. */
export async function fetchCoordination(connection: Connection): Promise<Coordination> {
  const response = await request(connection, "/coordination");
  return parseBody(response, (value) => CoordinationSchema.parse(value));
}

/** POST /invitations (201): a new single-use invitation for a referent; any older one stops working. */
export async function createInvitation(connection: Connection, email: string): Promise<Invitation> {
  const response = await request(connection, "/invitations", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email }),
  });
  return parseBody(response, (value) => InvitationSchema.parse(value));
}

/** POST /access/revoke: the referent's token, waiting invitation and calendar feed stop working at once. */
export async function revokeAccess(connection: Connection, email: string): Promise<AccessRevoked> {
  const response = await request(connection, "/access/revoke", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email }),
  });
  return parseBody(response, (value) => AccessRevokedSchema.parse(value));
}
