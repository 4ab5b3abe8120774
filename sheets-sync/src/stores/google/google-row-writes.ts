import type { sheets_v4 } from "@googleapis/sheets";
import { type CellValue, columnLetter, type Grid, quoteTab } from "@rete-urp/shared";
import { fromApiCell, rangeStart } from "./google-grid.ts";

/**
 * Cells written into rows that already exist (an empty ID filled, an answer changed in place, a
 * derived date rewritten), on a sheet where a person may sort, insert or delete rows at any
 * moment. Sheets has no conditional write, and values.batchUpdate addresses cells by row number
 * read a moment earlier: a sort in between puts one person's answer in another's row.
 *
 * So each write says which row it means (`key`: the row's ID, or for a row without one, its
 * content) and is checked in the same call: its range spans the key's cells too, with null (left
 * untouched, "Null values will be skipped") where nothing is written, and includeValuesInResponse
 * gives back the whole range as it is after the write. A row whose key is not the one meant was
 * someone else's: the store puts back what that row held and writes again where the meant row is
 * now (repairPlan), checked the same way.
 * https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values/batchUpdate
 * https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values#ValueRange
 */

export interface RowWrite {
  /** 0-based row the write goes to, as the caller's read found it. */
  row: number;
  /** What the row must be: keyOf(that row) before and after the write. */
  key: string;
  cells: readonly { column: number; value: CellValue }[];
}

/** A row's identity from its cells (0-based columns): its ID, or its content when it has none. */
export type RowKey = (cells: readonly CellValue[]) => string;

/** The value ranges of one values.batchUpdate: each write's row from the key's first column to the last written one. */
export function rowWriteData(title: string, writes: readonly RowWrite[], keyColumns: readonly number[]): sheets_v4.Schema$ValueRange[] {
  return writes.map((write) => {
    const columns = [...keyColumns, ...write.cells.map((cell) => cell.column)];
    const first = Math.min(...columns);
    const last = Math.max(...columns);
    const values: (CellValue | string)[] = Array.from({ length: last - first + 1 }, () => null);
    // An empty value clears the cell ("" is how the API empties one); null in the request skips it.
    for (const { column, value } of write.cells) values[column - first] = value ?? "";
    const row = write.row + 1;
    return { range: `${quoteTab(title)}!${columnLetter(first)}${row}:${columnLetter(last)}${row}`, values: [values] };
  });
}

/**
 * The writes that went into a row other than the one meant, from the batchUpdate's answer (its
 * `responses[i].updatedData`, the range after the write), with the key of the row they hit.
 */
export function misplacedWrites(
  writes: readonly RowWrite[],
  data: readonly sheets_v4.Schema$ValueRange[],
  responses: readonly sheets_v4.Schema$UpdateValuesResponse[] | undefined,
  keyOf: RowKey,
): { write: RowWrite; hitKey: string }[] {
  const misplaced: { write: RowWrite; hitKey: string }[] = [];
  writes.forEach((write, i) => {
    const first = rangeStart(data[i]?.range)?.column ?? 0;
    const after = responses?.[i]?.updatedData?.values?.[0] ?? [];
    const cells: CellValue[] = [];
    after.forEach((value, c) => {
      cells[first + c] = fromApiCell(value);
    });
    const hitKey = keyOf(cells);
    if (hitKey !== write.key) misplaced.push({ write, hitKey });
  });
  return misplaced;
}

/**
 * What puts a sheet right after misplaced writes, from the rows as the caller read them (`basis`)
 * and as they are now (`now`): the row each write hit gets back the cells it had in `basis`, and
 * each write goes again to the row its key is on now (not at all when that row is gone). A hit
 * row the basis did not have (added meanwhile) cannot be known: it is left as it is.
 */
export function repairPlan(basis: Grid, now: Grid, misplaced: readonly { write: RowWrite; hitKey: string }[], keyOf: RowKey): RowWrite[] {
  const plan: RowWrite[] = [];
  const rowWith = (grid: Grid, key: string, holds?: RowWrite["cells"]) => {
    for (let r = 1; r < grid.length; r++) {
      const row = grid[r] ?? [];
      if (keyOf(row) !== key) continue;
      if (holds && !holds.every(({ column, value }) => sameCell(row[column], value))) continue;
      return r;
    }
    return undefined;
  };
  for (const { write, hitKey } of misplaced) {
    const hitNow = rowWith(now, hitKey, write.cells);
    const hitBefore = rowWith(basis, hitKey);
    if (hitNow !== undefined && hitBefore !== undefined) {
      const cells = write.cells.map(({ column }) => ({ column, value: basis[hitBefore]?.[column] ?? null }));
      plan.push({ row: hitNow, key: hitKey, cells });
    }
    const meant = rowWith(now, write.key);
    if (meant !== undefined) plan.push({ ...write, row: meant });
  }
  return plan;
}

function sameCell(cell: CellValue | undefined, value: CellValue): boolean {
  return (cell ?? null) === (value === "" ? null : value);
}

/**
 * When the columns moved between the read and the write (a person inserted or deleted a column
 * in that moment), each cell went into the column that is now where its own was: a neighbour's
 * cell, or the new empty column. What puts them back: every written cell that still holds what
 * was written gets what its column held in `basis` (columns matched by their header text, rows
 * by the ID in `now`'s ID column, by position when the row has none or the write hit it); a
 * column `basis` did not have was empty. The caller then reads again and writes anew.
 */
export function columnShiftRestores(
  basis: Grid,
  now: Grid,
  writes: readonly RowWrite[],
  idColumn: { basis: number; now: number },
): RowWrite[] {
  const basisColumn = new Map<string, number>();
  (basis[0] ?? []).forEach((header, c) => {
    const text = String(header ?? "").trim();
    if (text && !basisColumn.has(text)) basisColumn.set(text, c);
  });
  const idOf = (row: readonly CellValue[] | undefined, column: number) => {
    const id = row?.[column];
    return typeof id === "string" ? id.trim() : "";
  };
  const restores: RowWrite[] = [];
  for (const write of writes) {
    const row = now[write.row];
    if (!row) continue;
    // The ID cell may be one the write hit: then the row is known by its place alone (a column
    // moved, the rows did not).
    const idHit = write.cells.some(({ column, value }) => column === idColumn.now && sameCell(row[column], value));
    const id = idHit ? "" : idOf(row, idColumn.now);
    const before = (id && basis.find((cells, r) => r > 0 && idOf(cells, idColumn.basis) === id)) || basis[write.row];
    const cells = write.cells
      .filter(({ column, value }) => sameCell(row[column], value))
      .map(({ column }) => {
        const original = basisColumn.get(String(now[0]?.[column] ?? "").trim());
        return { column, value: original === undefined ? null : (before?.[original] ?? null) };
      });
    if (cells.length > 0) restores.push({ row: write.row, key: idOf(before, idColumn.basis), cells });
  }
  return restores;
}
