import { randomUUID } from "node:crypto";
import type { RowValues, TabName } from "@rete-urp/shared";
import type { Service } from "../service.ts";
import { type IdConflict, idConflict } from "./id-conflicts.ts";
import type { PendingWrite } from "./journal.ts";
import { DiskWriteError, JournalUnavailableError, WriteRejectedError } from "./write-errors.ts";

/** How long a write waits for its row to land before answering 202 (accepted, pending). */
export const APPLY_WAIT_MS = 3000;

export interface Submitted<T> {
  /** The record as first accepted (a retry gets the first one back). */
  result: T;
  /** False for a retry of a write already journaled. */
  created: boolean;
  /** True once the row is in the store. */
  applied: boolean;
}

/**
 * Journals a write (fsync) before anything else, lets the writer apply it, and waits briefly
 * for the outcome: the one path every write of the API takes. A write that is not durable is
 * never answered 2xx: it throws JournalUnavailableError (503 + Retry-After); one the store
 * refuses for good within the wait throws WriteRejectedError (422). The server's error handler
 * answers both.
 */
export async function submitWrite<T, Tab extends TabName>(
  service: Service,
  write: { id: string; tab: Tab; row: RowValues<Tab>; result: T; mode?: PendingWrite["mode"] },
): Promise<Submitted<T>> {
  let journaled: PendingWrite;
  let created: boolean;
  try {
    ({ write: journaled, created } = await service.journal.add(write, service.clock.now()));
  } catch (error) {
    if (!(error instanceof DiskWriteError)) throw error;
    service.log(`journal: scrittura ${write.id} rifiutata (503): ${error.message}`);
    throw new JournalUnavailableError(error.failure, { cause: error });
  }
  service.writer.kick();
  const outcome = await service.writer.waitOutcome(journaled.id, APPLY_WAIT_MS);
  if (outcome.state === "dead") throw new WriteRejectedError(outcome.reason);
  return { result: journaled.result as T, created, applied: outcome.state === "applied" };
}

/** A create's answer: 202 while the row waits for the store, 201 the first time, 200 a retry. */
export function createStatus({ created, applied }: { created: boolean; applied: boolean }): 200 | 201 | 202 {
  if (!applied) return 202;
  return created ? 201 : 200;
}

/**
 * A record created by a client's UUID (a practice, a proposal): the one already stored under that
 * id comes back as is (200, a retry), an id of another kind of record is a 409, anything else is
 * built, journaled and written (201, or 202 while the row waits for the store).
 */
export async function submitCreate<T extends { id: string }, Tab extends TabName>(
  service: Service,
  create: { id: string; tab: Tab; stored: readonly T[] | undefined; build: () => T; encode: (record: T) => RowValues<Tab> },
): Promise<{ status: 200 | 201 | 202; record: T } | IdConflict> {
  // The schemas fold the id to lower case; an ID in the sheet, typed or pasted by hand, may hold capitals.
  const stored = create.stored?.find((record) => record.id.toLowerCase() === create.id);
  if (stored) return { status: 200, record: stored };
  const record = create.build();
  const conflict = idConflict(service, record.id, create.tab);
  if (conflict) return conflict;
  const submitted = await submitWrite(service, { id: record.id, tab: create.tab, row: create.encode(record), result: record });
  return { status: createStatus(submitted), record: submitted.result };
}

/**
 * A row sheets-sync keeps one of per key (an attendance answer, a publication outcome), updated in
 * place: the row's id names it, and each submission is a new write (a new journal id), so the
 * latest answer always lands. 200 once written, 202 while it waits for the store.
 */
export async function submitUpsert<Tab extends TabName>(service: Service, tab: Tab, row: RowValues<Tab>): Promise<200 | 202> {
  const { applied } = await submitWrite(service, { id: randomUUID(), mode: "upsert", tab, row, result: null });
  return applied ? 200 : 202;
}
