import { UsageError } from "./errors.ts";
import type { LockFailure } from "./stores/file-lock.ts";

/**
 * How the state files the CLI and the service both change (tokens, invitations) report a lock
 * they could not hold, in the words a person at the terminal can act on.
 */
export function stateFileLockError(path: string): (failure: LockFailure, cause: unknown) => Error {
  return (failure, cause) => {
    if (failure === "busy") {
      return new UsageError(
        `${path} è bloccato da un altro processo da troppo tempo`,
        `riprova; se continua, controlla che nessun sheets-sync sia fermo e rimuovi ${path}.lock`,
      );
    }
    if (failure === "lost") return new UsageError(`${path}: blocco perso durante la scrittura, nulla è stato salvato`, "riprova");
    // The lock cannot be made at all (a read-only folder): the file system's own error says why.
    return cause as Error;
  };
}
