/** An error the user can fix: printed as "errore: message" and "→ suggestion", exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly suggestion?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}
