import type { ApiErrorCode, ApiErrorStatus } from "@rete-urp/shared";
import { isDatabaseFull } from "../state/database.ts";

export type DiskWriteFailure = "no_space" | "io" | "short_write" | "sync" | "closed";

/** A change of the service's own state that is not on disk: nothing of it is, and whoever waited for it must be told. */
export class DiskWriteError extends Error {
  constructor(
    readonly failure: DiskWriteFailure,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${failure}${options?.cause instanceof Error ? ` (${options.cause.message})` : ""}`, options);
    this.name = "DiskWriteError";
  }
}

/**
 * A failed transaction of the state database as a DiskWriteError: SQLITE_FULL is a full disk
 * (or quota), any other SQLite error an I/O one. Anything else is a bug, not the disk: undefined.
 */
export function databaseWriteError(error: unknown, path: string): DiskWriteError | undefined {
  if (isDatabaseFull(error)) return new DiskWriteError("no_space", path, { cause: error });
  if ((error as { code?: unknown } | undefined)?.code === "ERR_SQLITE_ERROR") return new DiskWriteError("io", path, { cause: error });
  return undefined;
}

/**
 * Write failures whose HTTP answer is known where they happen, deep below the routes: thrown by
 * `submitWrite`, answered by the server's error handler, so every write route gets them alike.
 * The code is one of the shared list (shared/src/api-errors.ts), with a status the list gives it.
 */
export class WriteAnswerError<Code extends ApiErrorCode = ApiErrorCode> extends Error {
  constructor(
    readonly status: ApiErrorStatus<Code>,
    readonly code: Code,
    message: string,
    /** Seconds for `Retry-After` on a 503: when trying again makes sense. */
    readonly retryAfterSeconds?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "WriteAnswerError";
  }
}

/** A full disk is freed by a person: clients come back in half a minute, not in a tight loop. */
export const JOURNAL_RETRY_AFTER_SECONDS = 30;

const WHY: Record<DiskWriteFailure, string> = {
  no_space: "il disco del servizio è pieno",
  io: "errore del disco del servizio",
  short_write: "scrittura incompleta sul disco del servizio (disco pieno?)",
  sync: "il disco del servizio non ha confermato il salvataggio",
  closed: "il servizio si sta fermando",
};

/** 503: the write is not durable, so it is not accepted; nothing of it was kept. */
export class JournalUnavailableError extends WriteAnswerError<"journal_unavailable"> {
  constructor(
    readonly failure: DiskWriteFailure,
    options?: { cause?: unknown },
  ) {
    super(
      503,
      "journal_unavailable",
      `Scrittura non registrata: ${WHY[failure]}. Non è stato salvato nulla: riprova tra poco; se continua, avvisa il coordinatore`,
      JOURNAL_RETRY_AFTER_SECONDS,
      options,
    );
  }
}

/** 422: the store refuses this row for good; it was moved to the dead letters. */
export class WriteRejectedError extends WriteAnswerError<"write_rejected"> {
  constructor(reason: string) {
    super(422, "write_rejected", `Il foglio non accetta questa scrittura: ${reason}. È stata messa da parte per il coordinatore`);
  }
}
