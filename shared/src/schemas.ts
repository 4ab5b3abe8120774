import * as z from "zod/mini";
import { ActionSchema } from "./records/action.ts";
import { AttendanceSchema } from "./records/attendance.ts";
import { NetworkEnteSchema } from "./records/ente.ts";
import { MeetingSchema } from "./records/meeting.ts";
import { PracticeSchema } from "./records/practice.ts";
import { ProjectSchema } from "./records/project.ts";
import { ProjectUpdateSchema } from "./records/project-update.ts";
import { ProposalSchema } from "./records/proposal.ts";
import { MyPublicationSchema } from "./records/publication.ts";
import { MeSchema, ReferentSchema } from "./records/referent.ts";
import { SettingsSchema } from "./records/settings.ts";
import { IsoDateTimeSchema } from "./schema-parts.ts";

/** What the API answers beyond single records (records/ defines those): the snapshot, health, errors, the routes' lists. */

export const SnapshotSchema = z.object({
  me: MeSchema,
  /** The network's other jobs: attendance, proposals, my publications. */
  attendance: z.array(AttendanceSchema),
  proposals: z.array(ProposalSchema),
  publications: z.array(MyPublicationSchema),
  /** What the meetings decided for my ente: open first; absent from older services. */
  actions: z._default(z.array(ActionSchema), []),
  nextMeeting: z.nullable(MeetingSchema),
  meetings: z.array(MeetingSchema),
  /** The active referents, as referents are served them (ReferentSchema: no `Note`). */
  roster: z.array(ReferentSchema),
  practices: z.array(PracticeSchema),
  /** The network's shared projects (Progetti), in the sheet's order; absent from older services. */
  projects: z._default(z.array(ProjectSchema), []),
  /** The latest updates of each project (Aggiornamenti), newest first; absent from older services. */
  projectUpdates: z._default(z.array(ProjectUpdateSchema), []),
  settings: SettingsSchema,
  /** The network's active enti, in the Enti tab's order: what the popup's ente pickers and lists by ente offer. */
  enti: z.array(NetworkEnteSchema),
  /** When sheets-sync last read the store successfully. */
  generatedAt: z.nullable(IsoDateTimeSchema),
  stale: z.boolean(),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

/**
 * GET /api/v1/health. Anyone sees the state and the counts; the fields marked "token" come only
 * with a valid personal token (they name files, the sheet and its cells).
 */
export const HealthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  store: z.enum(["workbook", "google"]),
  lastRefreshAt: z.nullable(IsoDateTimeSchema),
  stale: z.boolean(),
  problems: z.int(),
  pendingWrites: z.int(),
  /** Journal entries that can never apply, kept in the dead-letter file. */
  deadLetters: z.int(),
  /** Stale copies of the workbook reconciled in the last 30 days (0 on Google). */
  reconciliations: z.int(),
  /** Why "degraded", as stable codes: "stale", "writes_waiting", "tab_missing:Referenti", … */
  reasons: z.array(z.string()),
  /** token: the reasons as sentences for the coordinator. */
  explanations: z.optional(z.array(z.string())),
  /** token: the workbook's path or the Google Sheet. */
  location: z.optional(z.string()),
  /** token: the first problems as `sheets-sync check` prints them. */
  problemList: z.optional(z.array(z.string())),
  /** token: why the last read, and the last write, failed. */
  error: z.optional(z.string()),
  writeError: z.optional(z.string()),
  /** token: why the journal refuses writes (a full disk). */
  journalError: z.optional(z.string()),
  /** token: where the dead letters are, and the latest one. */
  deadLetterFile: z.optional(z.string()),
  lastDeadLetter: z.optional(
    z.nullable(z.object({ at: z.string(), code: z.string(), reason: z.string(), id: z.optional(z.string()), tab: z.optional(z.string()) })),
  ),
  /** token: a write torn by a crash at the end of an earlier version's journal file, dropped when it was imported (never acknowledged). */
  journalTornTail: z.optional(z.object({ lines: z.int(), bytes: z.int() })),
  /** token: which rows stale copies of the workbook lost and sheets-sync wrote back. */
  reconciliation: z.optional(z.looseObject({ count: z.int(), restoredRows: z.int(), deletionsRespected: z.int() })),
});
export type Health = z.infer<typeof HealthSchema>;

/**
 * Every error answer. `code` is one of API_ERRORS (api-errors.ts) as this version knows them, but
 * parsed as any string, not `z.enum` of the list: a newer service may answer a code this client
 * does not know yet, and that answer must still read as the service's refusal (judged by its
 * status, lib/service-error.ts in the extension), not as a body that failed to parse. The server
 * types what it throws with ApiErrorCode; clients switch on the typed list, not on this schema.
 */
export const ApiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.optional(z.record(z.string(), z.string())),
  }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** What the popup needs for the network's other jobs, added to the snapshot. */
export const NetworkJobsSchema = z.object({
  attendance: z.array(AttendanceSchema),
  proposals: z.array(ProposalSchema),
  publications: z.array(MyPublicationSchema),
  actions: z._default(z.array(ActionSchema), []),
});
export type NetworkJobs = z.infer<typeof NetworkJobsSchema>;

// --- The other routes' answers (sheets-sync declares each as its route's response schema) ---

/** GET /api/v1/meetings/next: null when there is none. */
export const NextMeetingResponseSchema = z.object({ meeting: z.nullable(MeetingSchema) });
export type NextMeetingResponse = z.infer<typeof NextMeetingResponseSchema>;

/** GET /api/v1/meetings?from&to; `stale` when the last read of the sheet failed. */
export const MeetingsResponseSchema = z.object({ meetings: z.array(MeetingSchema), stale: z.boolean() });
export type MeetingsResponse = z.infer<typeof MeetingsResponseSchema>;

/** GET /api/v1/roster: the active referents, as referents are served them (ReferentSchema: no `Note`). */
export const RosterResponseSchema = z.object({ roster: z.array(ReferentSchema), stale: z.boolean() });
export type RosterResponse = z.infer<typeof RosterResponseSchema>;

/** GET /api/v1/practices?q&tag&ente, newest first. */
export const PracticesResponseSchema = z.object({ practices: z.array(PracticeSchema), stale: z.boolean() });
export type PracticesResponse = z.infer<typeof PracticesResponseSchema>;

/** GET /api/v1/meetings/:id/attendance: the answers for one meeting. */
export const MeetingAttendanceResponseSchema = z.object({ attendance: z.array(AttendanceSchema) });
export type MeetingAttendanceResponse = z.infer<typeof MeetingAttendanceResponseSchema>;

/** GET /api/v1/proposals?meetingId */
export const ProposalsResponseSchema = z.object({ proposals: z.array(ProposalSchema) });
export type ProposalsResponse = z.infer<typeof ProposalsResponseSchema>;

/** GET /api/v1/projects: the shared projects and their latest updates, as the snapshot has them. */
export const ProjectsResponseSchema = z.object({ projects: z.array(ProjectSchema), projectUpdates: z.array(ProjectUpdateSchema) });
export type ProjectsResponse = z.infer<typeof ProjectsResponseSchema>;

/** GET /api/v1/publications: what my ente must publish, with its state. */
export const PublicationsResponseSchema = z.object({ publications: z.array(MyPublicationSchema) });
export type PublicationsResponse = z.infer<typeof PublicationsResponseSchema>;

/** POST /api/v1/calendar-feed: my personal iCalendar URL, with a new key (the old ones stop working). */
export const CalendarFeedSchema = z.object({ url: z.string() });
export type CalendarFeed = z.infer<typeof CalendarFeedSchema>;
