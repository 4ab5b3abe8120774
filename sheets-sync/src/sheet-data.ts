import { createHash } from "node:crypto";
import {
  type Practice,
  type Referent,
  type Settings,
  type SheetMeeting,
  type SheetProblem,
  decodeBuonePrassi,
  decodeImpostazioni,
  decodeReferenti,
  decodeRiunioni,
} from "@rete-urp/shared";
import type { RawTabs } from "./stores/store.ts";

/** What sheets-sync knows after one read of the store: valid records plus what is wrong. */
export interface SheetData {
  referents: Referent[];
  sheetMeetings: SheetMeeting[];
  practices: Practice[];
  settings: Settings;
  problems: SheetProblem[];
  /** Rows the coordinator added without an ID: sheets-sync fills them in. */
  missingIds: number;
}

/**
 * A row with no ID yet gets a provisional one derived from its content, so it can be shown
 * (and keyed by the UI) until sheets-sync writes a real UUID into the sheet.
 */
function provisionalIds<T extends { id: string }>(tab: string, records: T[]): T[] {
  return records.map((record) =>
    record.id === ""
      ? { ...record, id: `nuovo-${createHash("sha1").update(tab).update(JSON.stringify(record)).digest("hex").slice(0, 12)}` }
      : record,
  );
}

export function decodeSheet(tabs: RawTabs): SheetData {
  const referents = decodeReferenti(tabs.Referenti);
  const meetings = decodeRiunioni(tabs.Riunioni);
  const practices = decodeBuonePrassi(tabs["Buone prassi"]);
  const settings = decodeImpostazioni(tabs.Impostazioni);
  return {
    referents: provisionalIds("Referenti", referents.records),
    sheetMeetings: provisionalIds("Riunioni", meetings.records),
    practices: provisionalIds("Buone prassi", practices.records),
    settings: settings.settings,
    problems: [...referents.problems, ...meetings.problems, ...practices.problems, ...settings.problems],
    missingIds: referents.missingIds + meetings.missingIds + practices.missingIds,
  };
}
