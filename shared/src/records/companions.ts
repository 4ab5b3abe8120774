import { type CellValue, cellText, type PlainDate, parseDateCell, plainDateToSerial } from "../cell-values.ts";
import { type ColumnSpec, type DerivedShow, mapHeaders, type TabSpec } from "../tab-spec.ts";
import { stripUnholdableChars } from "../text.ts";
import type { Grid } from "./tab-reader.ts";

/**
 * The derived columns (ColumnSpec.derived): beside an ID that refers to another tab's record,
 * what a person needs to read the row without looking the ID up: "Data riunione" beside the
 * meeting's ID in Presenze and Proposte, "Titolo pubblicazione" beside the publication's ID in
 * Esiti pubblicazioni. sheets-sync writes them with each row and rewrites a cell only when what
 * it shows has changed (the meeting moved, the publication retitled); they are never decoded.
 */

/** What the referred records are, as sheets-sync knows them after a read. */
export interface References {
  /** The date of the meeting with this ID (a Riunioni row or the rule's occurrence), in Rome. */
  meetingDate(meetingId: string): PlainDate | undefined;
  publicationTitle(publicationId: string): string | undefined;
}

/** Knows nothing: a row encoded with it leaves its derived cells out (the next refresh fills them). */
export const NO_REFERENCES: References = {
  meetingDate: () => undefined,
  publicationTitle: () => undefined,
};

/** References from lists of meetings and publications (a meeting ID listed twice: the first wins). */
export function referencesOf(
  meetings: readonly { id: string; date: PlainDate }[],
  publications: readonly { id: string; title: string }[],
): References {
  const dates = new Map<string, PlainDate>();
  for (const meeting of meetings) if (!dates.has(meeting.id)) dates.set(meeting.id, meeting.date);
  const titles = new Map<string, string>();
  for (const publication of publications) if (!titles.has(publication.id)) titles.set(publication.id, publication.title);
  return { meetingDate: (id) => dates.get(id), publicationTitle: (id) => titles.get(id) };
}

/** What a derived cell shows for the referred ID, as written; undefined when the record is unknown. */
function derivedValue(show: DerivedShow, referenceId: string, references: References): CellValue | undefined {
  if (referenceId === "") return undefined;
  if (show === "meetingDate") {
    const date = references.meetingDate(referenceId);
    return date && plainDateToSerial(date);
  }
  const title = references.publicationTitle(referenceId);
  // As a store writes it (it strips what a sheet cannot hold), so it reads back equal.
  return title === undefined ? undefined : stripUnholdableChars(title).trim();
}

/** True when the cell already shows `value` (a date typed as text counts when it is the same day). */
function shows(cell: CellValue | undefined, value: CellValue, column: ColumnSpec): boolean {
  if (column.type === "date" && typeof value === "number") {
    const date = parseDateCell(cell ?? null);
    return date !== undefined && plainDateToSerial(date) === value;
  }
  return cellText(cell ?? null) === cellText(value);
}

function derivedColumns<Key extends string>(spec: TabSpec<Key>) {
  return spec.columns.filter((column): column is ColumnSpec<Key> & { derived: NonNullable<ColumnSpec<Key>["derived"]> } =>
    Boolean(column.derived),
  );
}

/** True when the tab has derived columns. */
export function hasDerivedColumns(spec: TabSpec): boolean {
  return derivedColumns(spec).length > 0;
}

/**
 * The derived cells of a row about to be written, from the row's own reference cells: the row
 * plus, for each derived column whose referred record is known, its value.
 */
export function withDerivedCells<Key extends string, Row extends Partial<Record<Key, CellValue>>>(
  spec: TabSpec<Key>,
  row: Row,
  references: References,
): Row {
  const derived: Partial<Record<Key, CellValue>> = {};
  for (const column of derivedColumns(spec)) {
    const value = derivedValue(column.derived.show, cellText(row[column.derived.from] ?? null), references);
    if (value !== undefined) derived[column.key] = value;
  }
  return { ...row, ...derived };
}

/**
 * The rows of a tab whose derived cells no longer show what they refer to, each as its ID and
 * the derived cells to write (only those that changed). Rows without an ID (sheets-sync gives them
 * one first), rows referring to a record it does not know, and every column but the derived ones
 * are left alone. A tab that lacks a derived column's header gets nothing for it (`init` adds it).
 */
export function staleDerivedCells<Key extends string>(
  spec: TabSpec<Key>,
  grid: Grid | undefined,
  references: References,
): Partial<Record<Key | "id", CellValue>>[] {
  const columns = derivedColumns(spec);
  if (!grid || columns.length === 0) return [];
  const { indexOf } = mapHeaders(spec, grid[0] ?? []);
  const idColumn = indexOf.get("id");
  if (idColumn === undefined) return [];
  const seen = new Set<string>();
  const updates: Partial<Record<Key | "id", CellValue>>[] = [];
  for (const cells of grid.slice(1)) {
    // The row a store finds by this ID: the first one (a copied row keeps its cells).
    const id = cellText(cells[idColumn] ?? null);
    if (typeof cells[idColumn] !== "string" || id === "" || seen.has(id)) continue;
    seen.add(id);
    const update: Partial<Record<Key | "id", CellValue>> = {};
    let changed = false;
    for (const column of columns) {
      const target = indexOf.get(column.key);
      const source = indexOf.get(column.derived.from);
      if (target === undefined || source === undefined) continue;
      const value = derivedValue(column.derived.show, cellText(cells[source] ?? null), references);
      if (value === undefined || shows(cells[target], value, column)) continue;
      update[column.key] = value;
      changed = true;
    }
    if (changed) updates.push({ id, ...update });
  }
  return updates;
}
