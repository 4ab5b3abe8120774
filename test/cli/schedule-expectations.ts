import {
  addMonths,
  type CellValue,
  DEFAULT_SETTINGS,
  formatPlainDate,
  type PlainDate,
  ruleOccurrences,
  serialToPlainDate,
} from "@rete-urp/shared";

/**
 * What `schedule` must print, derived from the meetings the demo wrote for the test clock's day
 * (not from a date written in the test, which goes stale as the calendar moves on): starting at
 * the demo's last meeting, that one is already in the sheet and the rule's next three are added.
 */
export function scheduleFromLastDemoMeeting(dateCells: readonly CellValue[]): { from: string; lines: string[]; added: PlainDate[] } {
  const dates = dateCells.filter((cell): cell is number => typeof cell === "number").map(serialToPlainDate);
  if (dates.length === 0) throw new Error("the demo wrote no meetings");
  const last = dates.reduce((a, b) => (formatPlainDate(a) > formatPlainDate(b) ? a : b));
  const added = ruleOccurrences(DEFAULT_SETTINGS, addMonths(last, 1), 48).slice(0, 3);
  return {
    from: `${last.year}-${String(last.month).padStart(2, "0")}`,
    lines: [`${italian(last)}: già nel foglio`, ...added.map((date) => `${italian(date)}: aggiunta`)],
    added,
  };
}

/** dd/mm/yyyy, as the CLI prints dates. */
export function italian({ year, month, day }: PlainDate): string {
  return `${String(day).padStart(2, "0")}/${String(month).padStart(2, "0")}/${year}`;
}

/** 20270720T100000: a meeting at 10:00 as the iCalendar output writes its local start. */
export function icsLocalStart({ year, month, day }: PlainDate): string {
  return `${year}${String(month).padStart(2, "0")}${String(day).padStart(2, "0")}T100000`;
}
