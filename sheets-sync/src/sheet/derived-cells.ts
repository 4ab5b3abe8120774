import {
  hasDerivedColumns,
  type Meeting,
  NO_REFERENCES,
  type PlainDate,
  type References,
  type RowValues,
  referencesOf,
  staleDerivedCells,
  TABS,
  type TabName,
} from "@rete-urp/shared";
import type { RawTabs } from "../stores/store.ts";
import { meetingAliases } from "./meeting-aliases.ts";
import type { SheetData } from "./sheet-data.ts";

/**
 * The derived columns (Data riunione, Titolo pubblicazione: records/companions.ts in shared) as
 * the service keeps them: what the IDs refer to, after a read, and which cells no longer show it.
 */

function plainDateOf(isoStart: string): PlainDate {
  // Meeting starts are Rome times with their offset ("2027-01-19T10:00:00+01:00"): the date is the Rome day.
  const [year, month, day] = isoStart.slice(0, 10).split("-").map(Number) as [number, number, number];
  return { year, month, day };
}

/**
 * What meeting and publication IDs refer to in the data of a read: a Riunioni row by its ID (any
 * date, not only the calendar's window), a rule meeting ("rule-2027-03") by the row that replaced
 * it or else the rule's date, a publication by its ID.
 */
export function sheetReferences(state: { data: SheetData; calendar: readonly Meeting[] } | undefined): References {
  if (!state) return NO_REFERENCES;
  const rows = state.data.sheetMeetings.map((meeting) => ({ id: meeting.id, date: meeting.date }));
  const dateOfRow = new Map(rows.map((row) => [row.id, row.date]));
  const aliases = [...meetingAliases(state.calendar)].flatMap(([alias, id]) => {
    const date = dateOfRow.get(id);
    return date ? [{ id: alias, date }] : [];
  });
  const calendar = state.calendar.map((meeting) => ({ id: meeting.id, date: plainDateOf(meeting.start) }));
  return referencesOf([...rows, ...aliases, ...calendar], state.data.publications);
}

/** Per tab with derived columns, the rows (ID + cells) whose derived cells are stale. */
export function staleDerivedRows(tabs: RawTabs, references: References): { tab: TabName; rows: RowValues[] }[] {
  return TABS.filter(hasDerivedColumns).flatMap((spec) => {
    const rows = staleDerivedCells(spec, tabs[spec.name], references) as RowValues[];
    return rows.length > 0 ? [{ tab: spec.name, rows }] : [];
  });
}
