import { type CellValue, isBlankCell, type TabName, tabSpec } from "@rete-urp/shared";
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
 *
 * Rows the file has, but that sheets-sync updated in place after b (an attendance answer changed,
 * a publication outcome given again), get the service's values back in the cells the copy holds
 * as they were at b: a cell still holding what it held then (the value sheets-sync had written at
 * or before b, or the one the cell held just before the first update after b) is stale, and is
 * written again with the latest value. A cell holding anything else was changed in the copy by a
 * person, and that edit wins. A cell whose value at b is not known at all (sheets-sync never wrote
 * it before, and the update recorded nothing of it) stays as the file has it, and so do the
 * derived columns, which sheets-sync refreshes by itself.
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
  /** The contract's cells of the row with this ID in the file now, by column key. */
  cells: (tab: TabName, id: string) => Readonly<Record<string, CellValue>> | undefined;
  /** The rows the write in progress sets: their cells are newer than any version, and never reapplied. */
  writing?: readonly WrittenRow[];
}

export interface RowToRestore {
  tab: TabName;
  id: string;
  mode: WrittenRow["mode"];
  /** The latest values written, merged over every write of the row (an upsert may set a few cells). */
  values: RowValues;
}

/** Cells of a row the file has, to be written again with the values sheets-sync gave them after the base. */
export interface ValuesToReapply {
  tab: TabName;
  id: string;
  /** The row's ID and the cells to write (an upsert of these alone). */
  values: RowValues;
  /** The headers of those cells, for health and the log. */
  headers: string[];
  /** Everything sheets-sync wrote in the row, for naming it. */
  written: RowValues;
}

export interface ReconcilePlan {
  base: number;
  baseFrom: BaseSource;
  restore: RowToRestore[];
  reapply: ValuesToReapply[];
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
  /** Every write of the row, in version order. */
  writes: { version: number; values: RowValues; before?: RowValues }[];
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
    for (const row of rows.values()) {
      if (!isPresent(row)) continue;
      found = Math.max(found, newestVersionHeld(row, input.cells(row.tab, row.id)));
    }
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
  const writing = new Map<string, Set<string>>();
  for (const row of input.writing ?? []) {
    const key = rowKey(row.tab, row.id);
    writing.set(key, new Set([...(writing.get(key) ?? []), ...Object.keys(row.values)]));
  }
  const reapply: ValuesToReapply[] = [];
  for (const row of rows.values()) {
    if (row.lastVersion <= base || !isPresent(row)) continue;
    const cells = input.cells(row.tab, row.id);
    const stale = cells && staleCells(row, cells, base, writing.get(rowKey(row.tab, row.id)));
    if (stale && stale.headers.length > 0) reapply.push({ tab: row.tab, id: row.id, ...stale, written: row.values });
  }
  return { base, baseFrom, restore, reapply, deleted };
}

export function refOf(tab: TabName, id: string, values: RowValues): RowRef {
  const title = values.title;
  return typeof title === "string" && title.trim() !== "" ? { tab, id, title } : { tab, id };
}

/**
 * The cells of a row the file has that hold what they held at `base` although sheets-sync wrote
 * them since, with the latest values it wrote (see the rule above).
 */
function staleCells(
  row: RowHistory,
  cells: Readonly<Record<string, CellValue>>,
  base: number,
  writing: ReadonlySet<string> | undefined,
): { values: RowValues; headers: string[] } {
  const values: Record<string, CellValue> = { id: row.id };
  const headers: string[] = [];
  for (const column of tabSpec(row.tab).columns) {
    const key = column.key;
    if (key === "id" || column.derived || !(key in cells) || writing?.has(key)) continue;
    const latest = row.values[key as keyof RowValues];
    if (latest === undefined || sameCell(cells[key], latest)) continue;
    const later = row.writes.filter((write) => write.version > base && write.values[key as keyof RowValues] !== undefined);
    if (later.length === 0) continue;
    const heldAtBase: CellValue[] = [];
    // The value sheets-sync left in the cell at or before the base...
    const earlier = row.writes.filter((write) => write.version <= base && write.values[key as keyof RowValues] !== undefined).at(-1);
    if (earlier) heldAtBase.push(earlier.values[key as keyof RowValues] as CellValue);
    // ...and what the cell held when the first update after it was made.
    const before = later[0]!.before?.[key as keyof RowValues];
    if (before !== undefined) heldAtBase.push(before);
    if (!heldAtBase.some((value) => sameCell(cells[key], value))) continue;
    values[key] = latest;
    headers.push(column.header);
  }
  return { values: values as RowValues, headers };
}

/** The newest version whose values of the row the file holds exactly; the first version when none. */
function newestVersionHeld(row: RowHistory, cells: Readonly<Record<string, CellValue>> | undefined): number {
  if (!cells) return row.firstVersion;
  for (const write of [...row.writes].reverse()) {
    const held = Object.entries(write.values).every(
      ([key, value]) => !(key in cells) || value === undefined || sameCell(cells[key], value as CellValue),
    );
    if (held) return write.version;
  }
  return row.firstVersion;
}

/**
 * Two cells hold the same value as the file keeps it: empty is empty whatever its kind, text is
 * compared as written, and a number (a date or a time is a serial) within a millionth of a day,
 * since an office suite may round the serials it saves.
 */
export function sameCell(a: CellValue | undefined, b: CellValue | undefined): boolean {
  if (isBlankCell(a) || isBlankCell(b)) return isBlankCell(a) && isBlankCell(b);
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) < 1e-6;
  return a === b;
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
          writes: [writeOf(version.version, written)],
        });
        continue;
      }
      known.writes.push(writeOf(version.version, written));
      known.lastVersion = version.version;
      known.lastAt = Date.parse(version.at);
      // A row ever kept in place by upserts is restored the same way, so it is never doubled.
      if (written.mode === "upsert") known.mode = "upsert";
      known.values = { ...known.values, ...written.values };
    }
  }
  return rows;
}

function writeOf(version: number, written: WrittenRow): RowHistory["writes"][number] {
  return written.before ? { version, values: written.values, before: written.before } : { version, values: written.values };
}
