import { z } from "zod";
import { stripUnholdableChars } from "./text.ts";
import { ENTI, MEETING_KINDS, MEETING_STATUSES, RUOLI } from "./vocabulary.ts";

/** The domain records as the API carries them. Sheet rows become these through the codecs. */

export const EnteSchema = z.enum(ENTI);
export const RuoloSchema = z.enum(RUOLI);

/** "2027-01-19T10:00:00+01:00": ISO 8601 with the Rome offset. */
const isoDateTime = z.iso.datetime({ offset: true });
/** "2027-01-19" */
export const IsoDateSchema = z.iso.date();

export const ReferentSchema = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  ente: EnteSchema,
  role: RuoloSchema,
  email: z.string(),
  phone: z.string(),
  active: z.boolean(),
  notes: z.string(),
});
export type Referent = z.infer<typeof ReferentSchema>;

export const MeetingSchema = z.object({
  id: z.string(),
  start: isoDateTime,
  end: isoDateTime,
  kind: z.enum(MEETING_KINDS),
  status: z.enum(MEETING_STATUSES),
  location: z.string(),
  videoUrl: z.string(),
  agendaUrl: z.string(),
  minutesUrl: z.string(),
  notes: z.string(),
  /** "rule": an occurrence of the ordinary series with no row in the sheet yet ("da confermare"). */
  source: z.enum(["sheet", "rule"]),
});
export type Meeting = z.infer<typeof MeetingSchema>;

export const PracticeSchema = z.object({
  id: z.string(),
  date: IsoDateSchema,
  title: z.string(),
  description: z.string(),
  url: z.string(),
  excerpt: z.string(),
  tags: z.array(z.string()),
  ente: EnteSchema.or(z.literal("")),
  author: z.string(),
  authorEmail: z.string(),
});
export type Practice = z.infer<typeof PracticeSchema>;

export const SettingsSchema = z.object({
  /** Months (1-12) of the ordinary meetings. */
  meetingMonths: z.array(z.number().int().min(1).max(12)),
  /** "10:00" */
  startTime: z.string().regex(/^\d{2}:\d{2}$/),
  durationMinutes: z.number().int().positive(),
  defaultLocation: z.string(),
  defaultVideoUrl: z.string(),
  suggestedTags: z.array(z.string()),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  meetingMonths: [1, 3, 5, 7, 9, 11],
  startTime: "10:00",
  durationMinutes: 120,
  defaultLocation: "",
  defaultVideoUrl: "",
  suggestedTags: [],
};

/** Only http(s) URLs are accepted from users and made clickable. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

const MAX_TEXT = 5000;
/**
 * Every text a client writes: first without the characters a sheet cannot hold (U+FFFE, U+FFFF,
 * lone surrogates, C0 controls but tab and line feed; "\r\n" becomes "\n"), then trimmed, then
 * measured. One of them in an .xlsx cell makes the whole workbook unreadable, so they are
 * removed here, at the edge, before a write is journaled; a required text that held nothing
 * else is then empty, and refused as such.
 */
const trimmed = (max: number) => z.string().overwrite(stripUnholdableChars).trim().max(max);
/**
 * A client-generated UUID, in lower case: "ABC…" and "abc…" name one row, not two. Validated
 * before the case is folded (the format accepts either).
 */
const clientId = () => z.uuid("l'id deve essere un UUID generato dal client").overwrite((value) => value.toLowerCase());

/** POST /api/v1/practices. The author comes from the token, never from the body. */
export const PracticeInputSchema = z
  .object({
    id: clientId(),
    title: trimmed(500).min(1, "il titolo è obbligatorio"),
    url: trimmed(2000)
      .refine((value) => value === "" || isHttpUrl(value), "solo indirizzi http o https")
      .optional(),
    excerpt: trimmed(MAX_TEXT).optional(),
    description: trimmed(MAX_TEXT).optional(),
    tags: z.array(trimmed(60).min(1)).max(20).optional(),
    ente: EnteSchema.optional(),
  })
  .strict();
export type PracticeInput = z.infer<typeof PracticeInputSchema>;

export const MeSchema = z.object({
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  ente: EnteSchema,
  role: RuoloSchema,
});
export type Me = z.infer<typeof MeSchema>;

export const SnapshotSchema = z.object({
  me: MeSchema,
  /** The network's other jobs (attendance, proposals, my publications); absent from older services. */
  attendance: z.lazy(() => z.array(AttendanceSchema)).default([]),
  proposals: z.lazy(() => z.array(ProposalSchema)).default([]),
  publications: z.lazy(() => z.array(MyPublicationSchema)).default([]),
  nextMeeting: MeetingSchema.nullable(),
  meetings: z.array(MeetingSchema),
  roster: z.array(ReferentSchema),
  practices: z.array(PracticeSchema),
  settings: SettingsSchema,
  /** When sheets-sync last read the store successfully. */
  generatedAt: isoDateTime.nullable(),
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
  lastRefreshAt: isoDateTime.nullable(),
  stale: z.boolean(),
  problems: z.number().int(),
  pendingWrites: z.number().int(),
  /** Journal entries that can never apply, kept in the dead-letter file. */
  deadLetters: z.number().int(),
  /** Stale copies of the workbook reconciled in the last 30 days (0 on Google). */
  reconciliations: z.number().int(),
  /** Why "degraded", as stable codes: "stale", "writes_waiting", "tab_missing:Referenti", … */
  reasons: z.array(z.string()),
  /** token: the reasons as sentences for the coordinator. */
  explanations: z.array(z.string()).optional(),
  /** token: the workbook's path or the Google Sheet. */
  location: z.string().optional(),
  /** token: the first problems as `sheets-sync check` prints them. */
  problemList: z.array(z.string()).optional(),
  /** token: why the last read, and the last write, failed. */
  error: z.string().optional(),
  writeError: z.string().optional(),
  /** token: why the journal refuses writes (a full disk). */
  journalError: z.string().optional(),
  /** token: where the dead letters are, and the latest one. */
  deadLetterFile: z.string().optional(),
  lastDeadLetter: z.object({ at: z.string(), code: z.string(), reason: z.string(), id: z.string().optional(), tab: z.string().optional() }).nullable().optional(),
  /** token: a write torn by a crash, cut from the journal at start (never acknowledged). */
  journalTornTail: z.object({ lines: z.number().int(), bytes: z.number().int() }).optional(),
  /** token: which rows stale copies of the workbook lost and sheets-sync wrote back. */
  reconciliation: z.object({ count: z.number().int(), restoredRows: z.number().int(), deletionsRespected: z.number().int() }).loose().optional(),
});
export type Health = z.infer<typeof HealthSchema>;

export const ApiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

/* ── The network's other jobs: attendance, agenda proposals, publications ── */

export const ATTENDANCE_ANSWERS = ["yes", "no", "delegate"] as const;
export const AttendanceAnswerSchema = z.enum(ATTENDANCE_ANSWERS);
export type AttendanceAnswer = z.infer<typeof AttendanceAnswerSchema>;

export const AttendanceSchema = z.object({
  id: z.string(),
  meetingId: z.string(),
  email: z.string(),
  name: z.string(),
  ente: EnteSchema.or(z.literal("")),
  answer: AttendanceAnswerSchema,
  delegate: z.string(),
  updatedAt: z.string(),
});
export type Attendance = z.infer<typeof AttendanceSchema>;

/** PUT /api/v1/meetings/:id/attendance */
export const AttendanceInputSchema = z
  .object({
    answer: AttendanceAnswerSchema,
    delegate: trimmed(200).optional(),
  })
  .strict()
  .refine((input) => input.answer !== "delegate" || (input.delegate ?? "") !== "", {
    message: "indica a chi deleghi",
    path: ["delegate"],
  });
export type AttendanceInput = z.infer<typeof AttendanceInputSchema>;

export const PROPOSAL_STATUSES = ["proposed", "accepted", "rejected"] as const;

export const ProposalSchema = z.object({
  id: z.string(),
  meetingId: z.string(),
  date: IsoDateSchema,
  title: z.string(),
  description: z.string(),
  url: z.string(),
  excerpt: z.string(),
  ente: EnteSchema.or(z.literal("")),
  author: z.string(),
  authorEmail: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
});
export type Proposal = z.infer<typeof ProposalSchema>;

/** POST /api/v1/proposals: an agenda item for a meeting; idempotent by the client's UUID. */
export const ProposalInputSchema = z
  .object({
    id: clientId(),
    meetingId: trimmed(100).min(1, "indica la riunione"),
    title: trimmed(500).min(1, "il titolo è obbligatorio"),
    description: trimmed(MAX_TEXT).optional(),
    url: trimmed(2000)
      .refine((value) => value === "" || isHttpUrl(value), "solo indirizzi http o https")
      .optional(),
    excerpt: trimmed(MAX_TEXT).optional(),
  })
  .strict();
export type ProposalInput = z.infer<typeof ProposalInputSchema>;

export const PublicationSchema = z.object({
  id: z.string(),
  title: z.string(),
  sourceUrl: z.string(),
  deadline: IsoDateSchema,
  /** Who must publish it; empty in the sheet means the nine comuni. */
  enti: z.array(EnteSchema),
  notes: z.string(),
});
export type Publication = z.infer<typeof PublicationSchema>;

export const PublicationOutcomeSchema = z.object({
  id: z.string(),
  publicationId: z.string(),
  ente: EnteSchema,
  publishedUrl: z.string(),
  author: z.string(),
  authorEmail: z.string(),
  date: IsoDateSchema.or(z.literal("")),
});
export type PublicationOutcome = z.infer<typeof PublicationOutcomeSchema>;

/** A publication as one referent sees it: for their ente, with its state. */
export const MyPublicationSchema = PublicationSchema.extend({
  published: z.boolean(),
  publishedUrl: z.string(),
  publishedAt: z.string(),
  overdue: z.boolean(),
});
export type MyPublication = z.infer<typeof MyPublicationSchema>;

/** POST /api/v1/publications/:id/published: the page where it went live, as proof. */
export const PublishedInputSchema = z
  .object({
    url: trimmed(2000).refine(isHttpUrl, "serve l'indirizzo http o https della pagina pubblicata"),
  })
  .strict();
export type PublishedInput = z.infer<typeof PublishedInputSchema>;

/** What the popup needs for the network's other jobs, added to the snapshot. */
export const NetworkJobsSchema = z.object({
  attendance: z.array(AttendanceSchema),
  proposals: z.array(ProposalSchema),
  publications: z.array(MyPublicationSchema),
});
export type NetworkJobs = z.infer<typeof NetworkJobsSchema>;
