import {
  AttendanceInputSchema,
  PracticeInputSchema,
  ProjectInputSchema,
  ProjectUpdateInputSchema,
  ProposalInputSchema,
  PublishedInputSchema,
} from "@rete-urp/shared";
import { addPractice, addProjectUpdate, answerAttendance, markDone, markPublished, proposeAgendaItem, proposeProject } from "./outbox";
import { SUBMIT_MESSAGE, type Submission, type SubmitIssue, type SubmitOutcome } from "./submit";

/**
 * The background worker's side of features/submit.ts: a page's write is checked with the shared
 * schema, queued in the outbox and tried at once (outbox.ts), and the page is told what became of
 * it. Registered synchronously at the worker's top level (background/index.ts), as MV3 requires.
 * `ready`: what the worker must finish first (its check of what is stored), awaited before each
 * write touches the outbox; whether it succeeded or not, the write goes ahead.
 */
export function serveSubmissions({ ready }: { ready?: () => Promise<unknown> } = {}): void {
  chrome.runtime.onMessage.addListener((message: unknown, _sender, sendResponse: (answer: SubmitOutcome) => void) => {
    const submission = submissionOf(message);
    // Not ours (a refresh, another feature's message), or not a write we know: another listener's, or nobody's.
    if (!submission) return false;
    const waited = ready ? ready().catch(() => undefined) : Promise.resolve();
    void waited
      .then(() => answerSubmission(submission))
      .then(sendResponse, (error: unknown) =>
        // The outbox could not store it (storage full, …): the page must keep it.
        sendResponse({ kind: "not_sent", reason: error instanceof Error ? error.message : String(error) }),
      );
    // The answer comes once the service answered (or did not): keep the channel open.
    return true;
  });
}

/** Validates a page's write, then queues it; rejects only when it could not be stored. */
export async function answerSubmission(submission: Submission): Promise<SubmitOutcome> {
  switch (submission.kind) {
    case "practice": {
      const parsed = PracticeInputSchema.safeParse(submission.values);
      return parsed.success ? addPractice(parsed.data) : invalid(parsed.error.issues);
    }
    case "proposal": {
      const parsed = ProposalInputSchema.safeParse(submission.values);
      return parsed.success ? proposeAgendaItem(parsed.data) : invalid(parsed.error.issues);
    }
    case "attendance": {
      const parsed = AttendanceInputSchema.safeParse(submission.values);
      return parsed.success ? answerAttendance(submission.meetingId, parsed.data) : invalid(parsed.error.issues);
    }
    case "published": {
      const parsed = PublishedInputSchema.safeParse({ url: submission.url });
      return parsed.success ? markPublished(submission.publicationId, submission.title, parsed.data.url) : invalid(parsed.error.issues);
    }
    case "action-done":
      // Nothing typed to check: the ID was checked by submissionOf, the rest is the service's.
      return markDone(submission.actionId, submission.title);
    case "project": {
      const parsed = ProjectInputSchema.safeParse(submission.values);
      return parsed.success ? proposeProject(parsed.data) : invalid(parsed.error.issues);
    }
    case "project-update": {
      const parsed = ProjectUpdateInputSchema.safeParse(submission.values);
      return parsed.success ? addProjectUpdate(submission.projectTitle, parsed.data) : invalid(parsed.error.issues);
    }
  }
}

/** zod's issues as they can cross a message (structured clone, JSON): the field's path and the code. */
function invalid(issues: readonly { path: PropertyKey[]; code: string }[]): Extract<SubmitOutcome, { kind: "invalid" }> {
  return {
    kind: "invalid",
    issues: issues.map(
      (issue): SubmitIssue => ({
        path: issue.path.map((key) => (typeof key === "number" ? key : String(key))),
        code: issue.code,
      }),
    ),
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === "string";
const isId = (value: unknown): value is string => typeof value === "string" && value.trim() !== "" && value.length <= 200;

/**
 * The write a message carries, when it is one: it comes from our own pages, but a page of another
 * version (or a bug) must not make the worker send something malformed to the service.
 */
function submissionOf(message: unknown): Submission | undefined {
  if (!isRecord(message) || message.type !== SUBMIT_MESSAGE || !isRecord(message.submission)) return undefined;
  const submission = message.submission;
  switch (submission.kind) {
    case "practice":
    case "proposal":
    case "project":
      return isRecord(submission.values) ? { kind: submission.kind, values: submission.values } : undefined;
    case "project-update":
      return isText(submission.projectTitle) && isRecord(submission.values)
        ? { kind: "project-update", projectTitle: submission.projectTitle, values: submission.values }
        : undefined;
    case "attendance":
      return isId(submission.meetingId) && isRecord(submission.values)
        ? { kind: "attendance", meetingId: submission.meetingId, values: submission.values }
        : undefined;
    case "published":
      return isId(submission.publicationId) && isText(submission.title) && isText(submission.url)
        ? { kind: "published", publicationId: submission.publicationId, title: submission.title, url: submission.url }
        : undefined;
    case "action-done":
      return isId(submission.actionId) && isText(submission.title)
        ? { kind: "action-done", actionId: submission.actionId, title: submission.title }
        : undefined;
    default:
      return undefined;
  }
}
