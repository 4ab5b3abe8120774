import {
  ApiErrorSchema,
  AttendanceSchema,
  PracticeSchema,
  ProposalSchema,
  SnapshotSchema,
  type Attendance,
  type AttendanceInput,
  type Practice,
  type PracticeInput,
  type Proposal,
  type ProposalInput,
  type PublishedInput,
  type Snapshot,
} from "@rete-urp/shared";
import { z } from "zod";

/**
 * The only module that talks to sheets-sync (DESIGN §5, /api/v1). Every failure becomes an
 * `ApiError` whose `kind` says what the caller should do: retry later (network, server,
 * rate-limited), fix the settings (bad-url, unauthorized, forbidden), fix the input (invalid) or
 * give up because the target is gone (not-found: an unknown meeting or publication; conflict: a
 * cancelled meeting).
 */

export type ApiErrorKind =
  | "bad-url"
  | "network"
  | "unauthorized"
  | "forbidden"
  | "invalid"
  | "not-found"
  | "conflict"
  | "rate-limited"
  | "server"
  | "bad-response";

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status?: number,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }

  /** Worth retrying later without anybody changing anything. */
  get transient(): boolean {
    return this.kind === "network" || this.kind === "server" || this.kind === "rate-limited";
  }
}

export interface Connection {
  serviceUrl: string;
  token: string;
}

const TIMEOUT_MS = 15_000;

/** "https://urp.example.it/" → "https://urp.example.it"; throws bad-url for anything else. */
export function normaliseServiceUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ApiError("bad-url", `not a URL: "${value}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ApiError("bad-url", `not http(s): "${value}"`);
  return url.origin + url.pathname.replace(/\/+$/, "");
}

async function request(connection: Connection, path: string, init: RequestInit = {}): Promise<Response> {
  const base = normaliseServiceUrl(connection.serviceUrl);
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${connection.token.trim()}`);
  let response: Response;
  try {
    response = await fetch(`${base}/api/v1${path}`, {
      ...init,
      headers,
      // Revalidation is ours (ETag in storage); the HTTP cache would only add a second layer.
      cache: "no-store",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new ApiError("network", `${base} unreachable: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (response.ok || response.status === 304) return response;
  throw await errorFrom(response);
}

async function errorFrom(response: Response): Promise<ApiError> {
  const body = ApiErrorSchema.safeParse(await response.json().catch(() => undefined));
  const message = body.success ? body.data.error.message : `HTTP ${response.status}`;
  const fields = body.success ? body.data.error.fields : undefined;
  const { status } = response;
  if (status === 401) return new ApiError("unauthorized", message, status);
  if (status === 403) return new ApiError("forbidden", message, status);
  if (status === 400 || status === 422) return new ApiError("invalid", message, status, fields);
  if (status === 404) return new ApiError("not-found", message, status);
  if (status === 409) return new ApiError("conflict", message, status);
  if (status === 429) return new ApiError("rate-limited", message, status);
  if (status >= 500) return new ApiError("server", message, status);
  return new ApiError("bad-response", message, status);
}

async function parseBody<T>(response: Response, parse: (value: unknown) => T): Promise<T> {
  try {
    return parse(await response.json());
  } catch (error) {
    throw new ApiError("bad-response", `unexpected answer: ${error instanceof Error ? error.message : String(error)}`, response.status);
  }
}

export type SnapshotResult = { changed: false } | { changed: true; snapshot: Snapshot; etag: string };

/** GET /snapshot, revalidating with `etag` when we have one. */
export async function fetchSnapshot(connection: Connection, etag = ""): Promise<SnapshotResult> {
  const response = await request(connection, "/snapshot", etag ? { headers: { "If-None-Match": etag } } : {});
  if (response.status === 304) return { changed: false };
  const snapshot = await parseBody(response, (value) => SnapshotSchema.parse(value));
  // Readable only if the service lists ETag in Access-Control-Expose-Headers, or when the
  // optional host permission is granted (then CORS does not apply); otherwise we refetch in full.
  return { changed: true, snapshot, etag: response.headers.get("ETag") ?? "" };
}

export type DeliveryStatus = "created" | "already-stored" | "accepted";

/**
 * A write: 201, 200 (same id again, or an update in place) and 202 (journaled, pending) all mean
 * delivered. The body is a courtesy, parsed with `schema`: delivery is decided by the status alone.
 */
async function write<T>(
  connection: Connection,
  method: "POST" | "PUT",
  path: string,
  body: unknown,
  schema: z.ZodType<T> | null,
): Promise<{ status: DeliveryStatus; body: T | null }> {
  const response = await request(connection, path, {
    method,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const status: DeliveryStatus =
    response.status === 201 ? "created" : response.status === 202 ? "accepted" : "already-stored";
  const parsed = schema
    ? await response
        .json()
        .then((value) => schema.safeParse(value))
        .then((result) => (result.success ? result.data : null))
        .catch(() => null)
    : null;
  return { status, body: parsed };
}

/** POST /practices */
export async function postPractice(connection: Connection, input: PracticeInput) {
  const { status, body } = await write<Practice>(connection, "POST", "/practices", input, PracticeSchema);
  return { status, practice: body };
}

/** PUT /meetings/:id/attendance: my answer, one row per person and meeting, updated in place. */
export async function putAttendance(connection: Connection, meetingId: string, input: AttendanceInput) {
  const path = `/meetings/${encodeURIComponent(meetingId)}/attendance`;
  const { status, body } = await write<Attendance>(connection, "PUT", path, input, AttendanceSchema);
  return { status, attendance: body };
}

/** POST /proposals: an agenda item for a meeting, idempotent by its client-made UUID. */
export async function postProposal(connection: Connection, input: ProposalInput) {
  const { status, body } = await write<Proposal>(connection, "POST", "/proposals", input, ProposalSchema);
  return { status, proposal: body };
}

/** POST /publications/:id/published: the page where it went live, as proof. */
export async function postPublished(connection: Connection, publicationId: string, input: PublishedInput) {
  const { status } = await write(connection, "POST", `/publications/${encodeURIComponent(publicationId)}/published`, input, null);
  return { status };
}

const CalendarFeedSchema = z.object({ url: z.string() });

/** POST /calendar-feed: my personal iCalendar URL; a new key each time, the old ones stop working. */
export async function createCalendarFeed(connection: Connection): Promise<string> {
  const response = await request(connection, "/calendar-feed", { method: "POST" });
  return (await parseBody(response, (value) => CalendarFeedSchema.parse(value))).url;
}
