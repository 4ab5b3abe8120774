import { stripUnholdableChars, type TabName } from "@rete-urp/shared";
import type { RowValues } from "./store.ts";

/**
 * A row as a store may write it: every string without the characters a sheet cannot hold
 * (shared/src/text.ts). The input schemas strip them already; each store's writer does it again
 * because one such character in an .xlsx makes the whole file unreadable, whoever sent it.
 */
export function sanitizeRow<Name extends TabName>(row: RowValues<Name>): RowValues<Name> {
  // Same keys, same kinds of value: only the characters inside strings change.
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [key, typeof value === "string" ? stripUnholdableChars(value) : value]),
  ) as RowValues<Name>;
}

export function sanitizeRows<Name extends TabName>(rows: readonly RowValues<Name>[]): RowValues<Name>[] {
  return rows.map(sanitizeRow);
}
