import { type CellValue, cellText, isBlankCell } from "../cell-values.ts";
import { type ColumnKey, columnLetter, mapHeaders, type SheetProblem, type TabSpec } from "../tab-spec.ts";

/** A tab as both stores hand it over: row 1 is the header row; trailing cells may be missing. */
export type Grid = readonly (readonly CellValue[])[];

/** Thrown by a row decoder to skip the row and report the cell at fault. */
export class CellError extends Error {
  constructor(
    readonly column: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RowAccess<Key extends string = string> {
  /** 1-based sheet row number, for messages only: never used to address a row. */
  rowNumber: number;
  value(key: Key): CellValue;
  /** The cell as trimmed text ("" when blank): what most columns are. */
  text(key: Key): string;
  /** This row's cell in column `key`, as a problem names it ("D7"), for links to it: never an identity. */
  cell(key: Key): string;
  /** Throws a CellError naming this row's cell in column `key`. */
  fail(key: Key, message: string): never;
  /** Reports this row's cell in column `key` without skipping the row (the decoder reads on with a default). */
  note(key: Key, message: string): void;
}

export interface Decoded<T> {
  records: T[];
  /**
   * The sheet row each record was read from, in the records' order: for a link that opens the
   * sheet there (the coordinator's view), never to address a write.
   */
  rowNumbers: number[];
  problems: SheetProblem[];
  /** Rows that were read but have an empty ID cell: sheets-sync fills them in. */
  missingIds: number;
  /** False when the tab is missing or lacks a required column. */
  usable: boolean;
}

/**
 * Decodes every non-blank row of a tab. A row whose decoder fails is skipped and reported with
 * its cell; a duplicated ID keeps the first row. Decoders never see row numbers as identity.
 */
export function decodeTab<T extends { id: string }, Spec extends TabSpec>(
  spec: Spec,
  grid: Grid | undefined,
  decodeRow: (row: RowAccess<ColumnKey<Spec>>) => T,
): Decoded<T> {
  if (!grid) {
    return {
      records: [],
      rowNumbers: [],
      problems: [{ tab: spec.name, message: `manca la scheda "${spec.name}": eseguire "sheets-sync init" per crearla` }],
      missingIds: 0,
      usable: false,
    };
  }
  const header = mapHeaders(spec, grid[0] ?? []);
  const result: Decoded<T> = { records: [], rowNumbers: [], problems: [...header.problems], missingIds: 0, usable: header.usable };
  if (!header.usable) return result;

  const seenIds = new Map<string, number>();
  for (let r = 1; r < grid.length; r++) {
    const cells = grid[r] ?? [];
    const rowNumber = r + 1;
    if (![...header.indexOf.values()].some((index) => !isBlankCell(cells[index]))) continue;
    const cellOf = (key: string) => {
      const index = header.indexOf.get(key);
      return index === undefined ? `?${rowNumber}` : `${columnLetter(index)}${rowNumber}`;
    };
    const access: RowAccess<ColumnKey<Spec>> = {
      rowNumber,
      value: (key) => {
        const index = header.indexOf.get(key);
        return index === undefined ? null : (cells[index] ?? null);
      },
      text: (key) => cellText(access.value(key)),
      cell: (key) => cellOf(key),
      fail: (key, message) => {
        throw new CellError(key, message);
      },
      note: (key, message) => {
        notes.push({ tab: spec.name, cell: cellOf(key), message });
      },
    };
    const notes: SheetProblem[] = [];
    try {
      const record = decodeRow(access);
      if (record.id === "") {
        result.missingIds++;
      } else if (seenIds.has(record.id)) {
        result.problems.push({
          tab: spec.name,
          cell: cellOf("id"),
          message: `ID "${record.id}" già usato nella riga ${seenIds.get(record.id)}: riga ignorata`,
        });
        continue;
      } else {
        seenIds.set(record.id, rowNumber);
      }
      result.problems.push(...notes);
      result.records.push(record);
      result.rowNumbers.push(rowNumber);
    } catch (error) {
      if (!(error instanceof CellError)) throw error;
      result.problems.push({ tab: spec.name, cell: cellOf(error.column), message: error.message });
    }
  }
  return result;
}

/** Quotes a cell's content for a message, shortened so a 10 000-character cell stays readable. */
export function quoteCell(value: CellValue): string {
  const text = value === null ? "" : String(value);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}
