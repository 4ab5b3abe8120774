import { createHash } from "node:crypto";
import {
  type Attendance,
  decodeBuonePrassi,
  decodeEsitiPubblicazioni,
  decodeImpostazioni,
  decodePresenze,
  decodeProposte,
  decodePubblicazioni,
  decodeReferenti,
  decodeRiunioni,
  type Practice,
  type Proposal,
  type Publication,
  type PublicationOutcome,
  type Referent,
  type Settings,
  type SheetMeeting,
  type SheetProblem,
} from "@rete-urp/shared";
import type { RawTabs } from "./stores/store.ts";

/** What sheets-sync knows after one read of the store: valid records plus what is wrong. */
export interface SheetData {
  referents: Referent[];
  sheetMeetings: SheetMeeting[];
  practices: Practice[];
  settings: Settings;
  attendance: Attendance[];
  proposals: Proposal[];
  publications: Publication[];
  publicationOutcomes: PublicationOutcome[];
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
  // The tabs of the network's other jobs came later: a sheet without them is still valid
  // (`init` adds them), so their absence is not reported as a problem.
  const optional = <T extends { problems: SheetProblem[]; usable: boolean }>(tab: unknown, decoded: T) =>
    tab === undefined ? { ...decoded, problems: [] } : decoded;
  const attendance = optional(tabs.Presenze, decodePresenze(tabs.Presenze));
  const proposals = optional(tabs.Proposte, decodeProposte(tabs.Proposte));
  const publications = optional(tabs.Pubblicazioni, decodePubblicazioni(tabs.Pubblicazioni));
  const outcomes = optional(tabs["Esiti pubblicazioni"], decodeEsitiPubblicazioni(tabs["Esiti pubblicazioni"]));
  const decodedAll = [referents, meetings, practices, attendance, proposals, publications, outcomes];
  return {
    referents: provisionalIds("Referenti", referents.records),
    sheetMeetings: provisionalIds("Riunioni", meetings.records),
    practices: provisionalIds("Buone prassi", practices.records),
    settings: settings.settings,
    attendance: attendance.records,
    proposals: provisionalIds("Proposte", proposals.records),
    publications: provisionalIds("Pubblicazioni", publications.records),
    publicationOutcomes: outcomes.records,
    problems: [
      ...referents.problems,
      ...meetings.problems,
      ...practices.problems,
      ...settings.problems,
      ...attendance.problems,
      ...proposals.problems,
      ...publications.problems,
      ...outcomes.problems,
    ],
    missingIds: decodedAll.reduce((sum, decoded) => sum + decoded.missingIds, 0),
  };
}
