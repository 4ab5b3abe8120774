import {
  type Access,
  type AccessLogEntry,
  type Action,
  type Attendance,
  AZIONI,
  actionConcerns,
  type Coordination,
  daysLate,
  type Ente,
  type EnteActions,
  type EnteAnswers,
  type EntePublications,
  formatProblem,
  type Meeting,
  type MeetingAnswers,
  meetingTurnout,
  myPublication,
  PROGETTI,
  PROJECT_SILENT_DAYS,
  type ProblemLink,
  type Project,
  type ProjectAttention,
  type ProjectUpdate,
  type Publication,
  type PublicationOutcome,
  type Referent,
  type ReferentNote,
  type ReferentRow,
  type ServiceState,
  type SheetAction,
  type SheetLocation,
  type SheetProblem,
  stepDaysLeft,
  stepOverdue,
  type TabName,
  toIsoRome,
} from "@rete-urp/shared";
import type { AccessLogRecord } from "../access/access-log.ts";
import type { InvitationRecord } from "../access/invitations.ts";

/**
 * The coordinator's view (GET /api/v1/coordination), computed from what the service already
 * holds: the sheet as last read, the answers as the snapshot gives them, the service's state as
 * health reports it, the tokens, the invitations and the access log. Pure: the route gathers, this arranges.
 */

/** Where the sheet is, as the coordinator opens it. */
export interface SheetSource {
  kind: "workbook" | "google";
  /** The workbook's absolute path, or the spreadsheet's ID. */
  location: string;
  /** A Google tab's numeric id (the URL's `gid`), when known. */
  tabSheetId?: (tab: TabName) => number | undefined;
}

const googleEditUrl = (spreadsheetId: string) => `https://docs.google.com/spreadsheets/d/${spreadsheetId}/edit`;

export function sheetLocation(sheet: SheetSource): SheetLocation {
  return { store: sheet.kind, where: sheet.kind === "google" ? googleEditUrl(sheet.location) : sheet.location };
}

/**
 * Each problem with the line `check` prints and, on Google, a link that opens the sheet on the
 * tab at the cell (`#gid=…&range=B7`; the tab alone for a problem of the whole tab; the sheet
 * alone when the tab is missing). The workbook has no link that opens a cell: null, and the
 * file's path is in `sheet`.
 */
export function problemLinks(problems: readonly SheetProblem[], sheet: SheetSource): ProblemLink[] {
  return problems.map((problem) => ({
    tab: problem.tab,
    cell: problem.cell ?? "",
    message: problem.message,
    line: formatProblem(problem),
    url: cellUrl(sheet, problem.tab, problem.cell),
  }));
}

/** Google: the sheet opened on `tab` at `cell` (the tab alone without a cell, the sheet alone when the tab is unknown); workbook: null. */
function cellUrl(sheet: SheetSource, tab: string, cell: string | undefined): string | null {
  if (sheet.kind !== "google") return null;
  const gid = sheet.tabSheetId?.(tab as TabName);
  const anchor = gid === undefined ? "" : `#gid=${gid}${cell ? `&range=${cell}` : ""}`;
  return `${googleEditUrl(sheet.location)}${anchor}`;
}

/**
 * The open actions of each ente of `enti`, in that order (an ente with none too, so the view can
 * say so): the latest first by how late they are, then by deadline, those without one last. Each
 * links to its Azione cell the way a problem links to its cell.
 */
export function actionsByEnte(actions: readonly SheetAction[], enti: readonly Ente[], sheet: SheetSource, today: string): EnteActions[] {
  const open = actions.filter((action) => action.status === "open");
  const byLateness = (a: Action, b: Action) =>
    daysLate(b, today) - daysLate(a, today) || (a.deadline || "9999").localeCompare(b.deadline || "9999");
  return enti.map((ente): EnteActions => {
    const mine = open.filter((action) => actionConcerns(action, ente)).sort(byLateness);
    return {
      ente,
      open: mine.map((action) => ({
        id: action.id,
        text: action.text,
        deadline: action.deadline,
        daysLate: daysLate(action, today),
        cell: action.cell,
        line: `${AZIONI.name}!${action.cell}`,
        url: cellUrl(sheet, AZIONI.name, action.cell),
      })),
      late: mine.filter((action) => daysLate(action, today) > 0).length,
    };
  });
}

const fullName = (referent: Referent) => `${referent.firstName} ${referent.lastName}`;

/**
 * The meeting's answers by ente, every active ente of the network in the Enti tab's order: the names
 * of its active referents who said yes, no or delegated (and to whom), of those who come as
 * someone's delegate, and of those still missing; and the sentence's numbers, people coming and
 * enti present. Counted by `meetingTurnout`, the popup's rule too, so both give the same numbers
 * (an answer given before the meeting moved counts for nobody; a delegation counts the ente).
 */
export function meetingAnswers(
  meeting: Meeting | null,
  referents: readonly Referent[],
  answers: readonly Attendance[],
  network: readonly Ente[],
): MeetingAnswers {
  const turnout = meetingTurnout(meeting, referents, answers, network);
  const byEnte = turnout.byEnte.map(
    (row): EnteAnswers => ({
      ente: row.ente,
      yes: row.yes,
      no: row.no,
      delegate: row.delegations.map((delegation) => delegation.name),
      missing: row.missing,
      delegations: row.delegations,
      standIns: row.standIns,
    }),
  );
  const { people, enti, answered, absent } = turnout;
  return { meeting, byEnte, coming: { people, enti, answered, absent } };
}

/**
 * What each ente has to publish on `today` (Rome, "2026-11-23"): published, still due (deadline
 * today or later), overdue, with the overdue titles oldest deadline first. The same judgement as
 * the referent's own list (`myPublication`); an empty `Enti` cell already means every comune. `enti`:
 * the network's active enti, in the Enti tab's order.
 */
export function publicationsByEnte(
  publications: readonly Publication[],
  outcomes: readonly PublicationOutcome[],
  today: string,
  enti: readonly Ente[],
): EntePublications[] {
  return enti.map((ente): EntePublications => {
    const mine = publications
      .filter((publication) => publication.enti.includes(ente))
      .map((publication) =>
        myPublication(
          publication,
          outcomes.find((outcome) => outcome.publicationId === publication.id && outcome.ente === ente),
          today,
        ),
      );
    const overdue = mine.filter((publication) => publication.overdue).sort((a, b) => a.deadline.localeCompare(b.deadline));
    return {
      ente,
      done: mine.filter((publication) => publication.published).length,
      due: mine.filter((publication) => !publication.published && !publication.overdue).length,
      overdue: overdue.length,
      overdueTitles: overdue.map((publication) => publication.title),
    };
  });
}

/** One entry per email of the roster (active or not), in the roster's order: a token held, and the invitation waiting. */
export function accessList(
  referents: readonly Referent[],
  tokenEmails: ReadonlySet<string>,
  pending: ReadonlyMap<string, InvitationRecord>,
): Access[] {
  const seen = new Set<string>();
  const list: Access[] = [];
  for (const { email } of referents) {
    const address = email.toLowerCase();
    if (seen.has(address)) continue;
    seen.add(address);
    const invitation = pending.get(address);
    list.push({
      email: address,
      hasToken: tokenEmails.has(address),
      invitation: invitation
        ? { createdAt: toIsoRome(new Date(invitation.createdAt)), expiresAt: toIsoRome(new Date(invitation.expiresAt)) }
        : null,
    });
  }
  return list;
}

/**
 * The coordinators' notes on the referents (the `Note` column of Referenti), active or not, in
 * the roster's order: served here, to the Coordinatore and the Delegato, and nowhere else.
 */
export function referentNotes(referents: readonly ReferentRow[]): ReferentNote[] {
  return referents
    .filter((referent) => referent.notes.trim() !== "")
    .map((referent) => ({
      email: referent.email.toLowerCase(),
      name: fullName(referent),
      ente: referent.ente,
      active: referent.active,
      note: referent.notes.trim(),
    }));
}

/**
 * The access log's entries as the view shows them, in the order given (newest first): the time
 * in Rome, and the names the roster (active or not) has for who acted and whose access changed.
 */
export function accessLogEntries(records: readonly AccessLogRecord[], referents: readonly Referent[]): AccessLogEntry[] {
  const names = new Map<string, string>();
  for (const referent of referents) {
    const address = referent.email.toLowerCase();
    if (!names.has(address)) names.set(address, fullName(referent));
  }
  return records.map((record) => ({
    at: toIsoRome(new Date(record.at)),
    kind: record.kind,
    by: record.by,
    byName: names.get(record.by) ?? null,
    email: record.email,
    name: names.get(record.email) ?? null,
  }));
}

/**
 * The projects that need the coordinator on `today`: an open one (Proposto, In corso) whose next
 * step is late, the latest first; then those In corso with no update for PROJECT_SILENT_DAYS days,
 * or none at all, the longest silent first. Each links to its row of Progetti as a problem links
 * to its cell (`problemLinks`): the Scadenza when late, the Titolo otherwise. `cells` gives each
 * project's cells as last read.
 */
export function projectsNeedingAttention(
  projects: readonly Project[],
  updates: readonly ProjectUpdate[],
  cells: ReadonlyMap<string, { title: string; deadline: string }>,
  today: string,
  sheet: SheetSource,
): ProjectAttention[] {
  const latest = new Map<string, string>();
  for (const update of updates) {
    if (update.date > (latest.get(update.projectId) ?? "")) latest.set(update.projectId, update.date);
  }
  const silenceFrom = new Date(`${today}T12:00:00Z`);
  silenceFrom.setUTCDate(silenceFrom.getUTCDate() - PROJECT_SILENT_DAYS);
  const silentBefore = silenceFrom.toISOString().slice(0, 10);
  const found = projects.flatMap((project) => {
    const late = stepOverdue(project, today);
    const lastUpdate = latest.get(project.id) ?? "";
    const silent = project.status === "active" && lastUpdate <= silentBefore;
    if (!late && !silent) return [];
    const daysLate = late ? -(stepDaysLeft(project, today) ?? 0) : 0;
    const where = cells.get(project.id);
    const cell = late ? where?.deadline || where?.title : where?.title;
    const message = late
      ? `prossimo passo "${project.nextStep || project.title}" scaduto da ${daysLate} ${daysLate === 1 ? "giorno" : "giorni"}`
      : lastUpdate
        ? `nessun aggiornamento dal ${lastUpdate.split("-").reverse().join("/")}`
        : "nessun aggiornamento";
    const problem: SheetProblem = {
      tab: PROGETTI.name,
      ...(cell ? { cell } : {}),
      message,
    };
    const [link] = problemLinks([problem], sheet);
    return [
      {
        id: project.id,
        title: project.title,
        lead: project.lead,
        nextStep: project.nextStep,
        deadline: project.deadline,
        daysLate,
        lastUpdate,
        silent,
        link: link!,
      },
    ];
  });
  return found.sort((a, b) => b.daysLate - a.daysLate || a.lastUpdate.localeCompare(b.lastUpdate) || a.title.localeCompare(b.title, "it"));
}

export interface CoordinationInput {
  sheet: SheetSource;
  problems: readonly SheetProblem[];
  /** The rows of Referenti as read, `Note` included. */
  referents: readonly ReferentRow[];
  nextMeeting: Meeting | null;
  /** The latest answer per person and meeting, meetings' aliases resolved (networkJobsFor). */
  answers: readonly Attendance[];
  publications: readonly Publication[];
  outcomes: readonly PublicationOutcome[];
  /** The Azioni rows as read, with their cells. */
  actions: readonly SheetAction[];
  /** Rome's date, "2026-11-23". */
  today: string;
  /** The network's active enti, in the Enti tab's order: the rows of answers and publications by ente. */
  enti: readonly Ente[];
  service: ServiceState;
  tokenEmails: ReadonlySet<string>;
  pendingInvitations: ReadonlyMap<string, InvitationRecord>;
  /** The access log's latest entries, newest first. */
  accessLog: readonly AccessLogRecord[];
  /** The shared projects, their updates and each project's row in Progetti; left out: none listed. */
  projects?: {
    projects: readonly Project[];
    updates: readonly ProjectUpdate[];
    cells: ReadonlyMap<string, { title: string; deadline: string }>;
  };
}

export function coordinationView(input: CoordinationInput): Coordination {
  return {
    sheet: sheetLocation(input.sheet),
    problems: problemLinks(input.problems, input.sheet),
    answers: meetingAnswers(input.nextMeeting, input.referents, input.answers, input.enti),
    publications: publicationsByEnte(input.publications, input.outcomes, input.today, input.enti),
    // The same enti, in the same order, as the publications above.
    actions: actionsByEnte(input.actions, input.enti, input.sheet, input.today),
    service: input.service,
    access: accessList(input.referents, input.tokenEmails, input.pendingInvitations),
    referentNotes: referentNotes(input.referents),
    accessLog: accessLogEntries(input.accessLog, input.referents),
    projects: input.projects
      ? projectsNeedingAttention(input.projects.projects, input.projects.updates, input.projects.cells, input.today, input.sheet)
      : [],
    today: input.today,
  };
}
