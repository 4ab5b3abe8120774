import {
  type Action,
  type Attendance,
  type AttendanceInput,
  actionConcerns,
  buildAttendance,
  buildProposal,
  buildPublicationOutcome,
  encodeActionDone,
  encodeAttendance,
  encodeProposal,
  encodePublicationOutcome,
  type Me,
  type Meeting,
  markActionDone,
  myPublication,
  type NetworkJobs,
  type Project,
  type ProposalInput,
  type Publication,
  type PublishedInput,
  projectReference,
  romeIsoDate,
  type SheetAction,
  servedAction,
} from "@rete-urp/shared";
import type { Service } from "../service.ts";
import { attendanceId, publicationOutcomeId } from "../writes/row-ids.ts";
import { submitCreate, submitUpsert } from "../writes/submissions.ts";
import { sheetReferences } from "./derived-cells.ts";
import { meetingAliases } from "./meeting-aliases.ts";
import type { CacheState } from "./sheet-cache.ts";

/**
 * The network's other jobs (Disciplinare): answering the meeting invitation, proposing agenda
 * items, publishing what the coordinator asks every comune to publish, doing what a meeting
 * decided.
 */

/** How long a done action stays in its ente's list, so colleagues see who closed it. */
const DONE_SHOWN_DAYS = 30;

export function findMeeting(state: CacheState, id: string): Meeting | undefined {
  const resolved = meetingAliases(state.calendar).get(id) ?? id;
  return state.calendar.find((meeting) => meeting.id === resolved);
}

export function networkJobsFor(state: CacheState, me: Me, now: Date): NetworkJobs {
  const aliases = meetingAliases(state.calendar);
  const resolve = <T extends { meetingId: string }>(record: T): T => ({
    ...record,
    meetingId: aliases.get(record.meetingId) ?? record.meetingId,
  });

  // The latest answer per person and meeting (a hand-copied row must not count twice).
  const answers = new Map<string, Attendance>();
  for (const answer of state.data.attendance.map(resolve)) {
    const key = `${answer.meetingId}|${answer.email}`;
    const previous = answers.get(key);
    if (!previous || answer.updatedAt >= previous.updatedAt) answers.set(key, answer);
  }

  const today = romeIsoDate(now);
  const mine = me.ente;
  const publications = state.data.publications
    .filter((publication) => publication.enti.includes(mine))
    .map((publication) =>
      myPublication(
        publication,
        state.data.publicationOutcomes.find((o) => o.publicationId === publication.id && o.ente === mine),
        today,
      ),
    )
    .sort((a, b) => Number(a.published) - Number(b.published) || a.deadline.localeCompare(b.deadline));

  return {
    attendance: [...answers.values()],
    proposals: state.data.proposals.map(resolve),
    publications,
    actions: actionsFor(state, mine, today),
  };
}

/**
 * The actions of `ente` (an empty Enti names every ente): the open ones by deadline (none last),
 * then those done in the last DONE_SHOWN_DAYS days, latest first. Each with its meeting's ID and
 * date both, whichever of the two the coordinator wrote.
 */
function actionsFor(state: CacheState, ente: Me["ente"], today: string): Action[] {
  const since = new Date(Date.parse(today) - DONE_SHOWN_DAYS * 86_400_000).toISOString().slice(0, 10);
  const byDeadline = (a: Action, b: Action) => (a.deadline || "9999").localeCompare(b.deadline || "9999");
  const mine = state.data.actions.filter((action) => actionConcerns(action, ente)).map((action) => withMeeting(state, action));
  const open = mine.filter((action) => action.status === "open").sort(byDeadline);
  const done = mine.filter((action) => action.status === "done" && action.doneAt >= since).sort((a, b) => b.doneAt.localeCompare(a.doneAt));
  return [...open, ...done];
}

function withMeeting(state: CacheState, sheetAction: SheetAction): Action {
  const action = servedAction(sheetAction);
  const meeting = action.meetingId
    ? findMeeting(state, action.meetingId)
    : state.calendar.find((candidate) => action.meetingDate !== "" && candidate.start.startsWith(action.meetingDate));
  return meeting ? { ...action, meetingId: meeting.id, meetingDate: meeting.start.slice(0, 10) } : action;
}

/** An action by its ID, as the referents are served it. */
export function findAction(state: CacheState, id: string): Action | undefined {
  // A row still without an ID has a provisional one (sheet-data.ts) until sheets-sync fills it
  // in: nothing to write to in place yet.
  if (id === "" || id.startsWith("nuovo-")) return undefined;
  const action = state.data.actions.find((candidate) => candidate.id.toLowerCase() === id.toLowerCase());
  return action && withMeeting(state, action);
}

export async function submitAttendance(service: Service, me: Me, meeting: Meeting, input: AttendanceInput) {
  // One row per person and meeting: its id derives from both.
  const answer = buildAttendance(attendanceId(meeting.id, me.email), meeting.id, input, me, service.clock.now());
  // With the meeting's date beside its ID, for whoever reads the sheet.
  const row = encodeAttendance(answer, sheetReferences(service.cache.current));
  return { status: await submitUpsert(service, "Presenze", row), attendance: answer } as const;
}

/** An agenda item for `meeting`, about `project` when it names one (the route found it by the input's projectId). */
export async function submitProposal(service: Service, me: Me, meeting: Meeting, input: ProposalInput, project?: Project) {
  const outcome = await submitCreate(service, {
    id: input.id,
    tab: "Proposte",
    stored: service.cache.current?.data.proposals,
    build: () => buildProposal({ ...input, projectId: project?.id }, meeting.id, me, service.clock.now()),
    encode: (proposal) => encodeProposal(proposal, sheetReferences(service.cache.current), project ? projectReference(project) : ""),
  });
  return outcome.status === 409 ? outcome : ({ status: outcome.status, proposal: outcome.record } as const);
}

/**
 * "Fatto": Stato, Fatta da and Data written in place into the coordinator's row, through the
 * journal as every write. One already done stays as it is (who closed it first keeps the credit),
 * answered 200 with what the sheet says.
 */
export async function submitActionDone(service: Service, me: Me, action: Action) {
  if (action.status === "done") return { status: 200, action } as const;
  const done = markActionDone(action, me, service.clock.now());
  return { status: await submitUpsert(service, "Azioni", encodeActionDone(done)), action: done } as const;
}

export async function submitPublished(service: Service, me: Me, publication: Publication, input: PublishedInput) {
  // One row per publication and ente: its id derives from both.
  const outcome = buildPublicationOutcome(publicationOutcomeId(publication.id, me.ente), publication.id, input, me, service.clock.now());
  const row = encodePublicationOutcome(outcome, sheetReferences(service.cache.current));
  return { status: await submitUpsert(service, "Esiti pubblicazioni", row), outcome } as const;
}
