import {
  type Action,
  type Attendance,
  type AttendanceInput,
  buildAttendance,
  buildPractice,
  buildProject,
  buildProjectUpdate,
  buildProposal,
  buildPublicationOutcome,
  markActionDone,
  myPublication,
  type Practice,
  type PracticeInput,
  type Project,
  type ProjectInput,
  type ProjectUpdate,
  type ProjectUpdateInput,
  type Proposal,
  type ProposalInput,
  romeIsoDate,
  type Snapshot,
} from "@rete-urp/shared";
import {
  type Connection,
  postActionDone,
  postPractice,
  postProject,
  postProjectUpdate,
  postProposal,
  postPublished,
  putAttendance,
} from "../lib/api";
import { accessLostBy, ServiceError, type ServiceErrorCode } from "../lib/service-error";
import {
  type OutboxItem,
  outboxKey,
  readCachedSnapshot,
  readOutbox,
  readOutboxItem,
  readPreferences,
  readSyncStatus,
  removeOutboxItem,
  writeCachedSnapshot,
  writeOutboxItem,
  writeRejected,
} from "../lib/storage";
import { refresh } from "./refresh";

/**
 * Writes wait in `outbox:<key>` until the service has them (docs/architecture.md, "Reliability
 * rules": an accepted write is never lost). Only the background worker runs the outbox: a page
 * (the popup) sends its writes there with features/submit.ts, and asks it to flush with every
 * refresh (features/refresh.ts), so neither this code nor zod is in the popup's bundle. The item is stored before the first attempt, so closing the popup mid-request
 * loses nothing; practices and proposals carry a client-made UUID, so every retry is idempotent
 * and two contexts flushing the same item at once cost a duplicate request, never a duplicate
 * row. Attendance, "published" and an action's "Fatto" are updates in place on the service, keyed
 * by meeting, publication and action: a newer answer replaces the unsent one in the outbox, so
 * only the latest is sent.
 *
 * 201 created, 200 already stored / updated, 202 accepted-and-pending: delivered, remove it.
 * What happens otherwise is decided by the service's error code (lib/service-error.ts):
 * refused for good (`invalid_request`, `not_found`, `meeting_cancelled`, `not_addressed`,
 * `id_conflict`, …): drop it and keep the reason for the popup; anything else (unreachable,
 * `journal_unavailable`, `too_many_attempts`, `unauthorized`, `forbidden`, …): keep it for the
 * next flush (the service recovers, the preferences or the access can be fixed).
 *
 * While the last refresh was refused access (401 `unauthorized`, 403 `forbidden`:
 * refresh-here.ts), a flush sends nothing: every item would be refused the same way, and a
 * revoked token's requests count against the address's bad-token limit. The popup lists them
 * instead, as not sent (views/shell/notices.tsx); the refresh that finds access back sends them.
 * A write refused that way triggers that refresh, so the popup learns it at once.
 */

/** What the outbox made of a write (in the background worker: features/serve-submissions.ts). */
export type OutboxOutcome =
  | { kind: "delivered" }
  /** Kept for the next flush; `code` says why (`network`, `journal_unavailable`, `unauthorized`, …). */
  | { kind: "queued"; code: ServiceErrorCode | (string & {}); reason: string }
  /** Dropped: the service will never take it; `message` is its reason, `fields` what to fix. */
  | { kind: "rejected"; code: ServiceErrorCode | (string & {}); message: string; fields: Record<string, string> };

/**
 * What became of a write, as the page that sent it learns it (features/submit.ts): the outbox's
 * outcome, or `not_sent` when the background worker could not be asked, so nothing was stored and
 * the form keeps what was typed (sending it again is the same write: same UUID, same outbox key).
 */
export type DeliveryOutcome = OutboxOutcome | { kind: "not_sent"; reason: string };

/** Sends one item; what the service answered, for the cache, when it answered. */
async function send(connection: Connection, item: OutboxItem): Promise<(snapshot: Snapshot) => Snapshot> {
  switch (item.kind) {
    case "practice": {
      const practice = await postPractice(connection, item.input);
      return (snapshot) => withPractice(snapshot, item.input, practice);
    }
    case "proposal": {
      const proposal = await postProposal(connection, item.input);
      return (snapshot) => withProposal(snapshot, item.input, proposal);
    }
    case "attendance": {
      const attendance = await putAttendance(connection, item.meetingId, item.input);
      return (snapshot) => withAttendance(snapshot, item.meetingId, item.input, attendance);
    }
    case "published": {
      await postPublished(connection, item.publicationId, item.input);
      return (snapshot) => withPublished(snapshot, item.publicationId, item.input.url);
    }
    case "action-done": {
      await postActionDone(connection, item.actionId);
      return (snapshot) => withActionDone(snapshot, item.actionId);
    }
    case "project": {
      const project = await postProject(connection, item.input);
      return (snapshot) => withProject(snapshot, item.input, project);
    }
    case "project-update": {
      const update = await postProjectUpdate(connection, item.input);
      return (snapshot) => withProjectUpdate(snapshot, item.input, update);
    }
  }
}

/** What the user would recognise the item by, in a "refused" notice. */
function labelOf(item: OutboxItem): string {
  switch (item.kind) {
    case "practice":
    case "proposal":
    case "project":
      return item.input.title;
    case "published":
    case "action-done":
      return item.title;
    case "project-update":
      return item.projectTitle;
    case "attendance":
      return "";
  }
}

async function deliver(item: OutboxItem): Promise<OutboxOutcome> {
  const preferences = await readPreferences();
  if (!preferences.serviceUrl || !preferences.token) return { kind: "queued", code: "not_configured", reason: "not configured" };
  try {
    const update = await send(preferences, item);
    await removeOutboxItem(item);
    // The sender expects to see it at once (my answer, the proposal in the list, "pubblicato").
    void showDelivered(update).catch(() => undefined);
    return { kind: "delivered" };
  } catch (error) {
    if (error instanceof ServiceError && error.remedy === "refused") {
      await removeOutboxItem(item);
      await writeRejected({ input: { id: outboxKey(item), title: labelOf(item) }, message: error.message, at: Date.now() });
      return { kind: "rejected", code: error.code, message: error.message, fields: error.fields ?? {} };
    }
    const code = error instanceof ServiceError ? error.code : "bad_response";
    const reason = error instanceof Error ? error.message : String(error);
    // No longer let in: the refresh records it (and forgets the network's data), and the popup shows it.
    if (accessLostBy(code)) void refresh().catch(() => undefined);
    // Another context may have delivered it meanwhile (do not resurrect it), or a newer answer
    // may have replaced it (do not overwrite that).
    const current = await readOutboxItem(outboxKey(item));
    if (current?.queuedAt === item.queuedAt) {
      await writeOutboxItem({ ...item, attempts: item.attempts + 1, lastError: reason });
    }
    return { kind: "queued", code, reason };
  }
}

/**
 * Queues an item and tries to deliver it at once. Rejects only when the item could not be stored;
 * once it is, whatever goes wrong with the attempt leaves it for the next flush: "queued".
 */
async function queue(item: OutboxItem): Promise<OutboxOutcome> {
  await writeOutboxItem(item);
  try {
    return await deliver(item);
  } catch (error) {
    return { kind: "queued", code: "bad_response", reason: error instanceof Error ? error.message : String(error) };
  }
}

const meta = () => ({ queuedAt: Date.now(), attempts: 0, lastError: null });

export function addPractice(input: PracticeInput): Promise<OutboxOutcome> {
  return queue({ kind: "practice", input, ...meta() });
}

export function proposeAgendaItem(input: ProposalInput): Promise<OutboxOutcome> {
  return queue({ kind: "proposal", input, ...meta() });
}

/** My answer for a meeting; replaces an unsent earlier answer for the same meeting. */
export function answerAttendance(meetingId: string, input: AttendanceInput): Promise<OutboxOutcome> {
  return queue({ kind: "attendance", meetingId, input, ...meta() });
}

export function markPublished(publicationId: string, title: string, url: string): Promise<OutboxOutcome> {
  return queue({ kind: "published", publicationId, title, input: { url }, ...meta() });
}

/** "Fatto" on an action of my ente: who and when are the service's to record (the token, its clock). */
export function markDone(actionId: string, title: string): Promise<OutboxOutcome> {
  return queue({ kind: "action-done", actionId, title, ...meta() });
}

export function proposeProject(input: ProjectInput): Promise<OutboxOutcome> {
  return queue({ kind: "project", input, ...meta() });
}

/** An update of the project titled `projectTitle` (kept for the notices, should it not be sent). */
export function addProjectUpdate(projectTitle: string, input: ProjectUpdateInput): Promise<OutboxOutcome> {
  return queue({ kind: "project-update", projectTitle, input, ...meta() });
}

/**
 * Puts what was delivered in the cached snapshot until the service shows it itself: the service
 * may still be writing it (202, or a workbook re-read pending), and the next 304 would keep the
 * older data. The ETag is kept, so the first snapshot that differs replaces our guess.
 */
async function showDelivered(update: (snapshot: Snapshot) => Snapshot): Promise<void> {
  await refresh();
  const cached = await readCachedSnapshot();
  if (!cached) return;
  const snapshot = update(cached.snapshot);
  if (snapshot !== cached.snapshot) await writeCachedSnapshot({ ...cached, snapshot }, cached);
}

/*
 * When the answer brings no record the extension can read (the body is a courtesy: api.ts, write),
 * the popup shows the one the service would have built: the same definitions (records/ in
 * shared), so the same defaults.
 */

function withPractice(snapshot: Snapshot, input: PracticeInput, practice: Practice | null): Snapshot {
  if (snapshot.practices.some((existing) => existing.id === input.id)) return snapshot;
  const shown = practice ?? buildPractice(input, snapshot.me, new Date());
  // Newest first, as the snapshot lists them: the one just added leads.
  return { ...snapshot, practices: [shown, ...snapshot.practices] };
}

function withProposal(snapshot: Snapshot, input: ProposalInput, proposal: Proposal | null): Snapshot {
  if (snapshot.proposals.some((existing) => existing.id === input.id)) return snapshot;
  const shown = proposal ?? buildProposal(input, input.meetingId, snapshot.me, new Date());
  return { ...snapshot, proposals: [...snapshot.proposals, shown] };
}

function withProject(snapshot: Snapshot, input: ProjectInput, project: Project | null): Snapshot {
  if (snapshot.projects.some((existing) => existing.id === input.id)) return snapshot;
  const shown = project ?? buildProject(input, snapshot.me);
  // The sheet's order: a new row lands at the end.
  return { ...snapshot, projects: [...snapshot.projects, shown] };
}

function withProjectUpdate(snapshot: Snapshot, input: ProjectUpdateInput, update: ProjectUpdate | null): Snapshot {
  if (snapshot.projectUpdates.some((existing) => existing.id === input.id)) return snapshot;
  const shown = update ?? buildProjectUpdate(input, input.projectId, snapshot.me, new Date());
  // Newest first, as the snapshot lists them.
  return { ...snapshot, projectUpdates: [shown, ...snapshot.projectUpdates] };
}

function withAttendance(snapshot: Snapshot, meetingId: string, input: AttendanceInput, attendance: Attendance | null): Snapshot {
  // The row's id is the service's to derive: "" until the next snapshot brings it.
  const shown = attendance ?? buildAttendance("", meetingId, input, snapshot.me, new Date());
  const mine = (answer: Attendance) => answer.meetingId === meetingId && answer.email.toLowerCase() === shown.email;
  const current = snapshot.attendance.find(mine);
  // The same answer given again is news too: its time is what makes it count after a meeting moved.
  if (current && current.answer === shown.answer && current.delegate === shown.delegate && current.updatedAt === shown.updatedAt) {
    return snapshot;
  }
  return { ...snapshot, attendance: [...snapshot.attendance.filter((answer) => !mine(answer)), shown] };
}

function withPublished(snapshot: Snapshot, publicationId: string, publishedUrl: string): Snapshot {
  const publication = snapshot.publications.find((item) => item.id === publicationId);
  if (!publication || publication.published) return snapshot;
  const now = new Date();
  const outcome = buildPublicationOutcome("", publicationId, { url: publishedUrl }, snapshot.me, now);
  return {
    ...snapshot,
    publications: snapshot.publications.map((item) => (item.id === publicationId ? myPublication(item, outcome, romeIsoDate(now)) : item)),
  };
}

function withActionDone(snapshot: Snapshot, actionId: string): Snapshot {
  const action = snapshot.actions.find((item) => item.id === actionId);
  if (!action || action.status === "done") return snapshot;
  const done: Action = markActionDone(action, snapshot.me, new Date());
  // Done ones after the open ones, as the service lists them.
  return {
    ...snapshot,
    actions: [
      ...snapshot.actions.filter((item) => item.id !== actionId && item.status === "open"),
      done,
      ...snapshot.actions.filter((item) => item.id !== actionId && item.status === "done"),
    ],
  };
}

let flushing: Promise<void> | undefined;

/**
 * Tries every waiting item once, oldest first; one flush at a time per context. Nothing while the
 * service refuses this browser access (see above): the items wait, listed by the popup.
 */
export function flushOutbox(): Promise<void> {
  flushing ??= (async () => {
    if (accessLostBy((await readSyncStatus()).error?.code)) return;
    for (const item of await readOutbox()) {
      const outcome = await deliver(item);
      // The service is down or refuses us: the rest would fail the same way.
      if (outcome.kind === "queued") break;
    }
  })().finally(() => {
    flushing = undefined;
  });
  return flushing;
}
