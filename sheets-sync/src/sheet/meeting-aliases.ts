import type { Meeting } from "@rete-urp/shared";

/**
 * Answers and proposals given for a rule meeting ("rule-2027-03") belong to the sheet row the
 * coordinator later adds for that month: one meeting, whatever its id was when people answered.
 */
export function meetingAliases(calendar: readonly Meeting[]): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const meeting of calendar) {
    if (meeting.source === "sheet" && meeting.kind === "ordinary") aliases.set(`rule-${meeting.start.slice(0, 7)}`, meeting.id);
  }
  return aliases;
}
