import {
  type Attendance,
  type AttendanceInput,
  buildAttendance,
  buildProposal,
  buildPublicationOutcome,
  encodeAttendance,
  encodeProposal,
  encodePublicationOutcome,
  type Me,
  type Meeting,
  myPublication,
  type NetworkJobs,
  type Project,
  type ProposalInput,
  type Publication,
  type PublishedInput,
  projectReference,
  romeIsoDate,
} from "@rete-urp/shared";
import type { Service } from "../service.ts";
import { attendanceId, publicationOutcomeId } from "../writes/row-ids.ts";
import { submitCreate, submitUpsert } from "../writes/submissions.ts";
import { sheetReferences } from "./derived-cells.ts";
import { meetingAliases } from "./meeting-aliases.ts";
import type { CacheState } from "./sheet-cache.ts";

/**
 * The network's other jobs (Disciplinare): answering the meeting invitation, proposing agenda
 * items, publishing what the coordinator asks every comune to publish.
 */

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
  };
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

export async function submitPublished(service: Service, me: Me, publication: Publication, input: PublishedInput) {
  // One row per publication and ente: its id derives from both.
  const outcome = buildPublicationOutcome(publicationOutcomeId(publication.id, me.ente), publication.id, input, me, service.clock.now());
  const row = encodePublicationOutcome(outcome, sheetReferences(service.cache.current));
  return { status: await submitUpsert(service, "Esiti pubblicazioni", row), outcome } as const;
}
