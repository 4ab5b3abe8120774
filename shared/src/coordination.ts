import * as z from "zod/mini";
import { MeetingSchema } from "./records/meeting.ts";
import { MeSchema } from "./records/referent.ts";
import { EnteSchema, IsoDateSchema, IsoDateTimeSchema } from "./schema-parts.ts";

/**
 * The coordinator's view (GET /api/v1/coordination) and the invitations that give a referent
 * access without a terminal. The network is coordinated by the service head "or a delegate", so
 * both roles see it (`isCoordinator`, in vocabulary.ts); everyone else gets 403 `not_coordinator`.
 */

/** One problem of the sheet, where to fix it, and the line exactly as `sheets-sync check` prints it. */
export const ProblemLinkSchema = z.object({
  tab: z.string(),
  /** "B7"; empty when the problem is the whole tab (a missing tab or header). */
  cell: z.string(),
  message: z.string(),
  /** `Riunioni!B7: data non valida "31/02/2027"` */
  line: z.string(),
  /** Google: a URL opening the sheet on that tab (gid) at that cell; workbook: null (see `sheet`). */
  url: z.nullable(z.string()),
});
export type ProblemLink = z.infer<typeof ProblemLinkSchema>;

/** Where the sheet is: the workbook's file (to open in LibreOffice or Excel) or the Google Sheet's URL. */
export const SheetLocationSchema = z.object({
  store: z.enum(["workbook", "google"]),
  /** workbook: the file's absolute path; google: https://docs.google.com/spreadsheets/d/<id>/edit */
  where: z.string(),
});
export type SheetLocation = z.infer<typeof SheetLocationSchema>;

/**
 * The next meeting's answers of one ente: names ("Nome Cognome") of its active referents, as the
 * one rule of meeting-answers.ts counts them (`meetingTurnout`, the popup's rule too).
 */
export const EnteAnswersSchema = z.object({
  ente: EnteSchema,
  yes: z.array(z.string()),
  no: z.array(z.string()),
  /** Who delegated (their delegates in `delegations`). */
  delegate: z.array(z.string()),
  /**
   * Active referents of the ente who have not answered (or answered before the meeting moved),
   * and whom nobody named as delegate.
   */
  missing: z.array(z.string()),
  /** Who delegated, and to whom; absent from older services. */
  delegations: z._default(z.array(z.object({ name: z.string(), delegate: z.string() })), []),
  /** Referents without an answer of their own who come as someone's delegate: not missing. Absent from older services. */
  standIns: z._default(z.array(z.object({ name: z.string(), for: z.array(z.string()) })), []),
});
export type EnteAnswers = z.infer<typeof EnteAnswersSchema>;

export const MeetingAnswersSchema = z.object({
  meeting: z.nullable(MeetingSchema),
  /** Every ente of the network, in the vocabulary's order. */
  byEnte: z.array(EnteAnswersSchema),
  /**
   * What the popup's "who is coming" says for the same answers: people coming (each once), enti
   * present (a delegate counts), how many answered, how many said no. Absent from older services.
   */
  coming: z.optional(z.object({ people: z.int(), enti: z.int(), answered: z.int(), absent: z.int() })),
});
export type MeetingAnswers = z.infer<typeof MeetingAnswersSchema>;

/** The publications an ente must make: published, still due (deadline today or later), overdue. */
export const EntePublicationsSchema = z.object({
  ente: EnteSchema,
  done: z.int(),
  due: z.int(),
  overdue: z.int(),
  /** Titles of the overdue publications, oldest deadline first. */
  overdueTitles: z.array(z.string()),
});
export type EntePublications = z.infer<typeof EntePublicationsSchema>;

/** One open action of an ente, for the coordinator: how late it is and where its row is. */
export const OpenActionSchema = z.object({
  id: z.string(),
  text: z.string(),
  /** "" when the action has no deadline. */
  deadline: z.union([IsoDateSchema, z.literal("")]),
  /** Days past the deadline on `today` (0: not late). */
  daysLate: z.int(),
  /** The cell of its Azione text, "D7" (tab Azioni). */
  cell: z.string(),
  /** Azioni!D7, as a problem names its cell. */
  line: z.string(),
  /** Google: a URL opening the sheet at the action's cell; workbook: null (the file is in `sheet`), as for problems. */
  url: z.nullable(z.string()),
});
export type OpenAction = z.infer<typeof OpenActionSchema>;

/** An ente's open actions, the latest first by how late they are, then by deadline. */
export const EnteActionsSchema = z.object({
  ente: EnteSchema,
  open: z.array(OpenActionSchema),
  late: z.int(),
});
export type EnteActions = z.infer<typeof EnteActionsSchema>;

/**
 * A shared project that needs the coordinator: an open one (Proposto, In corso) whose next step's
 * Scadenza has passed, or one In corso with no update for PROJECT_SILENT_DAYS days
 * (project-rules.ts). `link` opens the sheet at its row, as a problem's does: the Scadenza cell
 * when the step is late, the Titolo cell otherwise.
 */
export const ProjectAttentionSchema = z.object({
  id: z.string(),
  title: z.string(),
  lead: z.string(),
  nextStep: z.string(),
  /** The step's Scadenza, "" when none. */
  deadline: z.string(),
  /** Days since the Scadenza passed; 0 when the step is not late. */
  daysLate: z.int(),
  /** The latest update's date, "" when the project has none. */
  lastUpdate: z.string(),
  /** True when In corso with no update for PROJECT_SILENT_DAYS days (or none at all). */
  silent: z.boolean(),
  link: ProblemLinkSchema,
});
export type ProjectAttention = z.infer<typeof ProjectAttentionSchema>;

export const ServiceStateSchema = z.object({
  lastRefreshAt: z.nullable(IsoDateTimeSchema),
  stale: z.boolean(),
  pendingWrites: z.int(),
  /** Rows that stale copies of the workbook lost and the service wrote back, last 30 days (0 on Google). */
  reconciledRows: z.int(),
  deadLetters: z.int(),
});
export type ServiceState = z.infer<typeof ServiceStateSchema>;

/** A referent's access: whether they hold a token, and the invitation waiting for them. */
export const AccessSchema = z.object({
  email: z.string(),
  hasToken: z.boolean(),
  invitation: z.nullable(z.object({ createdAt: IsoDateTimeSchema, expiresAt: IsoDateTimeSchema })),
});
export type Access = z.infer<typeof AccessSchema>;

/**
 * What the coordinators wrote about a referent in the `Note` column of Referenti ("in malattia
 * fino a marzo"): theirs alone, served in this view and nowhere else (the roster the referents
 * get has no notes: ReferentSchema).
 */
export const ReferentNoteSchema = z.object({
  /** In lower case, as `access` names the referent. */
  email: z.string(),
  /** "Nome Cognome" */
  name: z.string(),
  ente: EnteSchema,
  active: z.boolean(),
  note: z.string(),
});
export type ReferentNote = z.infer<typeof ReferentNoteSchema>;

/**
 * What changed in someone's access, as the access log (Registro accessi) records it: an invitation
 * made, used or revoked (a new one revokes the pending one it replaces), a person's access revoked
 * from Coordinamento (token, pending invitation and calendar keys at once), a token made or
 * revoked from the CLI.
 */
export const ACCESS_LOG_KINDS = [
  "invitation_created",
  "invitation_redeemed",
  "invitation_revoked",
  "access_revoked",
  "token_created",
  "token_revoked",
] as const;
export type AccessLogKind = (typeof ACCESS_LOG_KINDS)[number];

/** The CLI's name in the access log's `by`: "CLI (root)", with the OS user who ran the command. */
export const CLI_ACTOR = "CLI";

/**
 * One entry of the access log. A redeem cannot tell who pasted the link (it is a bearer secret):
 * its `by` is the invitee, and the entry is the control, seen by the coordinators and the invitee.
 */
export const AccessLogEntrySchema = z.object({
  /** When, with Rome's offset: "2026-11-23T10:00:00+01:00". */
  at: IsoDateTimeSchema,
  /** One of ACCESS_LOG_KINDS; any string, so a kind a newer service adds does not fail the whole view. */
  kind: z.string(),
  /** Who: the coordinator's email (lower case), the invitee's for a redeem, or "CLI (user)" for IT's commands. */
  by: z.string(),
  /** `by` as "Nome Cognome" when the roster has that email; else null. */
  byName: z.nullable(z.string()),
  /** Whose access changed, in lower case. */
  email: z.string(),
  /** `email` as "Nome Cognome" when the roster has it; else null. */
  name: z.nullable(z.string()),
});
export type AccessLogEntry = z.infer<typeof AccessLogEntrySchema>;

/** How many of the access log's latest entries the Coordinamento view gets. */
export const ACCESS_LOG_SERVED = 50;

export const CoordinationSchema = z.object({
  sheet: SheetLocationSchema,
  problems: z.array(ProblemLinkSchema),
  answers: MeetingAnswersSchema,
  publications: z.array(EntePublicationsSchema),
  service: ServiceStateSchema,
  /** One entry per referent of the roster (active or not), by email in lower case. */
  access: z.array(AccessSchema),
  /** The referents (active or not) whose `Note` is not empty, in the roster's order; absent from older services. */
  referentNotes: z._default(z.array(ReferentNoteSchema), []),
  /** The access log's latest entries (ACCESS_LOG_SERVED at most), newest first; absent from older services. */
  accessLog: z._default(z.array(AccessLogEntrySchema), []),
  /** The open actions by ente, every ente of the network (those with none too); absent from older services. */
  actions: z._default(z.array(EnteActionsSchema), []),
  /** The projects whose next step is late or that have gone silent, the latest first; absent from older services. */
  projects: z._default(z.array(ProjectAttentionSchema), []),
  /** The day "due" and "overdue" were counted on, in Rome. */
  today: IsoDateSchema,
});
export type Coordination = z.infer<typeof CoordinationSchema>;

// --- Invitations -------------------------------------------------------------------------------

/** A referent's email in a request body, with the 400's words in Italian. */
const EmailFieldSchema = z
  .string({ error: "serve l'email di un referente" })
  .check(z.trim(), z.minLength(3, "serve l'email di un referente"), z.maxLength(320, "email troppo lunga"));

/** POST /api/v1/invitations (coordinators only). */
export const InvitationCreateSchema = z.object({ email: EmailFieldSchema });
export type InvitationCreate = z.infer<typeof InvitationCreateSchema>;

/** The answer to POST /api/v1/invitations and `sheets-sync invite create`: the code is shown once. */
export const InvitationSchema = z.object({
  email: z.string(),
  /** `<public URL>/invito/<code>`: the one thing the referent pastes (or opens). */
  link: z.string(),
  expiresAt: IsoDateTimeSchema,
  /** The ready Italian text to send, with the link and what to do with it. */
  text: z.string(),
  /** `mailto:` with the referent's address, a subject and the text. */
  mailto: z.string(),
});
export type Invitation = z.infer<typeof InvitationSchema>;

/** POST /api/v1/invitations/redeem, with no token: the code becomes the referent's token, once. */
export const InvitationRedeemSchema = z.object({
  code: z
    .string({ error: "serve il codice o il link dell'invito" })
    .check(z.trim(), z.minLength(1, "serve il codice o il link dell'invito"), z.maxLength(200, "troppo lungo per essere un invito")),
});
export type InvitationRedeem = z.infer<typeof InvitationRedeemSchema>;

/**
 * The answer to a redeem: the referent's new personal token (only the redeemer ever sees it) and
 * who they are. Refusals: 404 `invitation_unknown`, 410 `invitation_used`, `invitation_expired`,
 * `invitation_revoked`, 403 `forbidden` (no longer an active referent), 429 `too_many_attempts`.
 */
export const InvitationRedeemedSchema = z.object({ token: z.string(), me: MeSchema });
export type InvitationRedeemed = z.infer<typeof InvitationRedeemedSchema>;

/** POST /api/v1/access/revoke (coordinators only): the token and any waiting invitation stop working. */
export const AccessRevokeSchema = z.object({ email: EmailFieldSchema });
export type AccessRevoke = z.infer<typeof AccessRevokeSchema>;

/** The answer to POST /api/v1/access/revoke: what there was to revoke (false: nothing was there). */
export const AccessRevokedSchema = z.object({
  email: z.string(),
  tokenRevoked: z.boolean(),
  invitationRevoked: z.boolean(),
  /** The referent's calendar feed address stops working too. */
  feedRevoked: z.boolean(),
  /**
   * The service's own copies of their personal data (the workbook's ledger, applied writes, set
   * aside writes) were erased too; false while a write of theirs still waits for the sheet (the
   * data then ages out with the rest, or `sheets-sync forget` erases it later).
   */
  dataErased: z.boolean(),
});
export type AccessRevoked = z.infer<typeof AccessRevokedSchema>;
