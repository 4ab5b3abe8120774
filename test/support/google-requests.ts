import type { LoggedRequest } from "../sheets-double/sheets-double.ts";

/**
 * Which of the requests the Sheets double logged carry what: the google store writes new rows as
 * one spreadsheets.batchUpdate (insertDimension + updateCells), not as values.append.
 */
export const insertsRows = (request: LoggedRequest): boolean =>
  request.operation === "batchUpdate" &&
  ((request.body as { requests?: Record<string, unknown>[] } | undefined)?.requests ?? []).some((item) => "insertDimension" in item);
