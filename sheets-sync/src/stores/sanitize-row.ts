import { stripUnholdableChars } from "@rete-urp/shared";
import type { RowValues } from "./store.ts";

/**
 * A row as a store may write it: every string without the characters a sheet cannot hold
 * (shared/src/text.ts). The input schemas strip them already; each store's writer does it again
 * because one such character in an .xlsx makes the whole file unreadable, whoever sent it.
 */
export function sanitizeRow(row: RowValues): RowValues {
  const clean: RowValues = {};
  for (const [key, value] of Object.entries(row)) {
    clean[key] = typeof value === "string" ? stripUnholdableChars(value) : value;
  }
  return clean;
}

export function sanitizeRows(rows: readonly RowValues[]): RowValues[] {
  return rows.map(sanitizeRow);
}
