import type { TabName } from "@rete-urp/shared";
import type { RowValues } from "../store.ts";
import type { VersionMarker } from "./version-marker.ts";
import { type LedgerVersion, type RowRef, rowKey, type WrittenRow } from "./workbook-ledger.ts";

/**
 * What to do with a workbook someone else saved (the reconciliation rule in docs/architecture.md): rows
 * sheets-sync wrote after the version the file descends from, and that the file lacks, are
 * written again, once; rows it wrote at or before that version, and that the file lacks, were
 * deleted by a person who had them, and stay deleted. Everything else in the file is the
 * person's and is left as it is.
 *
 * The base version b:
 * - from the file's version marker (version-marker.ts) when it carries this ledger's id;
 * - otherwise (the file was rebuilt by a tool that dropped the marker) the newest version any of
 *   whose rows is in the file: every version's file held every row written up to it, so the file
 *   descends from at least that one. It is conservative: a row deleted on purpose from a newer
 *   copy without marker comes back rather than a row being lost.
 * - A file without marker that holds none of the rows in the ledger is not a copy of this
 *   workbook (a new workbook put in its place): nothing is restored into it and nothing counts
 *   as deleted.
 *
 * A row counts as written in the first version that wrote it. A row restored by an earlier
 * reconciliation is therefore still "at or before b" for a person who had it and deleted it, even
 * when their copy is older than the restoring save. Rows already known as deleted on purpose
 * (an earlier reconciliation saw them go) are never restored by a later, older copy, unless
 * sheets-sync wrote them again after that.
 */

export type BaseSource = "marker" | "rows";

export interface ReconcileInput {
  versions: readonly LedgerVersion[];
  ledgerId: string;
  marker: VersionMarker | undefined;
  /** Rows known as deleted on purpose (`rowKey`) → when that was seen (ms). */
  deleted: ReadonlyMap<string, number>;
  /** IDs in the tab now; undefined when the tab or its ID column is missing (nothing is decided there). */
  present: (tab: TabName) => ReadonlySet<string> | undefined;
}

export interface RowToRestore {
  tab: TabName;
  id: string;
  mode: WrittenRow["mode"];
  /** The latest values written, merged over every write of the row (an upsert may set a few cells). */
  values: RowValues;
}

export interface ReconcilePlan {
  base: number;
  baseFrom: BaseSource;
  restore: RowToRestore[];
  /** Rows deleted on purpose that no earlier reconciliation had seen go. */
  deleted: RowRef[];
}

interface RowHistory {
  tab: TabName;
  id: string;
  mode: WrittenRow["mode"];
  firstVersion: number;
  lastVersion: number;
  lastAt: number;
  values: RowValues;
}

/** Undefined when the file is not a copy of this workbook (see above): nothing to do. */
export function planReconciliation(input: ReconcileInput): ReconcilePlan | undefined {
  const rows = rowHistories(input.versions);
  const presentCache = new Map<TabName, ReadonlySet<string> | undefined>();
  const present = (tab: TabName) => {
    if (!presentCache.has(tab)) presentCache.set(tab, input.present(tab));
    return presentCache.get(tab);
  };
  const isPresent = (row: RowHistory) => present(row.tab)?.has(row.id) ?? false;

  let base: number;
  let baseFrom: BaseSource;
  const newest = input.versions.at(-1)?.version ?? 0;
  if (input.marker && input.marker.ledgerId === input.ledgerId) {
    // A marker newer than the ledger's last version: the ledger lost its tail (a restored state
    // dir); nothing after the marker is known, so nothing is restored.
    base = Math.min(input.marker.version, newest);
    baseFrom = "marker";
  } else {
    let found = -1;
    for (const row of rows.values()) if (isPresent(row)) found = Math.max(found, row.lastVersion);
    if (found < 0) return undefined;
    base = found;
    baseFrom = "rows";
  }

  const restore: RowToRestore[] = [];
  const deleted: RowRef[] = [];
  for (const row of rows.values()) {
    if (present(row.tab) === undefined || isPresent(row)) continue;
    // Deleted on purpose, and not written again since (a new answer to a deleted Presenze row is).
    const deletedAt = input.deleted.get(rowKey(row.tab, row.id));
    if (deletedAt !== undefined && deletedAt >= row.lastAt) continue;
    if (row.firstVersion > base) restore.push({ tab: row.tab, id: row.id, mode: row.mode, values: row.values });
    else deleted.push(refOf(row.tab, row.id, row.values));
  }
  return { base, baseFrom, restore, deleted };
}

export function refOf(tab: TabName, id: string, values: RowValues): RowRef {
  const title = values.title;
  return typeof title === "string" && title.trim() !== "" ? { tab, id, title } : { tab, id };
}

function rowHistories(versions: readonly LedgerVersion[]): Map<string, RowHistory> {
  const rows = new Map<string, RowHistory>();
  for (const version of versions) {
    for (const written of version.rows) {
      const key = rowKey(written.tab, written.id);
      const known = rows.get(key);
      if (!known) {
        rows.set(key, {
          tab: written.tab,
          id: written.id,
          mode: written.mode,
          firstVersion: version.version,
          lastVersion: version.version,
          lastAt: Date.parse(version.at),
          values: { ...written.values },
        });
        continue;
      }
      known.lastVersion = version.version;
      known.lastAt = Date.parse(version.at);
      // A row ever kept in place by upserts is restored the same way, so it is never doubled.
      if (written.mode === "upsert") known.mode = "upsert";
      known.values = { ...known.values, ...written.values };
    }
  }
  return rows;
}
