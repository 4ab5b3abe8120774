import type { AttendanceInput, PracticeInput, ProjectInput, ProjectUpdateInput, ProposalInput } from "@rete-urp/shared";
import type { DeliveryOutcome } from "./outbox";

/**
 * A page's writes (the popup's forms): sent to the background worker with a runtime message,
 * which checks them with the shared schemas, queues them in the outbox and tries to deliver them
 * (features/serve-submissions.ts), then answers with what became of them. So the popup carries
 * neither zod nor the outbox, and one flush at a time holds: only the worker runs it.
 *
 * Zod-free, and it must stay so: only types come from "@rete-urp/shared" and ./outbox.
 */

export const SUBMIT_MESSAGE = "rete-urp:submit";

/** The form's values as typed, before the schema has seen them: any field may be missing or wrong. */
type Values<Input> = { [Field in keyof Input]?: unknown };

export type Submission =
  /** A best practice; `values.id` is the form's UUID, kept until the write is delivered or queued. */
  | { kind: "practice"; values: Values<PracticeInput> }
  /** A proposal for a meeting's agenda; `values.id` as for a practice, `values.meetingId` the meeting. */
  | { kind: "proposal"; values: Values<ProposalInput> }
  /** My answer for a meeting. */
  | { kind: "attendance"; meetingId: string; values: Values<AttendanceInput> }
  /** "Pubblicato", with the page that proves it. */
  | { kind: "published"; publicationId: string; title: string; url: string }
  /** "Fatto" on an action of my ente; `title` is its text, for the notices. */
  | { kind: "action-done"; actionId: string; title: string }
  /** "Proponi un progetto"; `values.id` as for a practice. */
  | { kind: "project"; values: Values<ProjectInput> }
  /** An update of a shared project; `values.id` as for a practice, `projectTitle` for the notices. */
  | { kind: "project-update"; projectTitle: string; values: Values<ProjectUpdateInput> };

export interface SubmitMessage {
  type: typeof SUBMIT_MESSAGE;
  submission: Submission;
}

/** A schema's issue as it crosses the message: what the form needs to name the field and the error. */
export interface SubmitIssue {
  path: (string | number)[];
  code: string;
}

export type SubmitOutcome =
  | DeliveryOutcome
  /** The schema refused the values: nothing was stored; the form shows the issues by its fields. */
  | { kind: "invalid"; issues: SubmitIssue[] };

/** The worker answers `not_sent` itself when it could not store the write. */
const KINDS = new Set(["delivered", "queued", "rejected", "invalid", "not_sent"]);

/**
 * Sends one write to the background worker and resolves with its answer. When the worker cannot
 * be asked (not running, or it went away before answering), nothing is known to be stored:
 * `not_sent`, never "queued", and the form keeps what was typed.
 */
export async function submit(submission: Submission): Promise<SubmitOutcome> {
  const message: SubmitMessage = { type: SUBMIT_MESSAGE, submission };
  let answer: unknown;
  try {
    answer = await chrome.runtime.sendMessage(message);
  } catch (error) {
    return { kind: "not_sent", reason: error instanceof Error ? error.message : String(error) };
  }
  const kind = (answer as { kind?: unknown } | null | undefined)?.kind;
  if (typeof kind === "string" && KINDS.has(kind)) return answer as SubmitOutcome;
  // A worker that answered nothing (or something we do not know) has not told us the write is safe.
  return { kind: "not_sent", reason: "no answer from the background worker" };
}
