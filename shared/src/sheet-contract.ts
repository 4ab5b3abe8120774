import type { CellValue } from "./cell-values.ts";
import { AZIONI } from "./records/action.ts";
import { PRESENZE } from "./records/attendance.ts";
import { ENTI_TAB } from "./records/ente.ts";
import { RIUNIONI } from "./records/meeting.ts";
import { BUONE_PRASSI } from "./records/practice.ts";
import { PROGETTI } from "./records/project.ts";
import { AGGIORNAMENTI } from "./records/project-update.ts";
import { PROPOSTE } from "./records/proposal.ts";
import { ESITI_PUBBLICAZIONI, PUBBLICAZIONI } from "./records/publication.ts";
import { REFERENTI } from "./records/referent.ts";
import { IMPOSTAZIONI } from "./records/settings.ts";
import type { ColumnKey, TabSpec } from "./tab-spec.ts";

/**
 * The sheet is the coordinator's interface: these tabs and headers are a contract
 * (docs/architecture.md, "The sheet contract"; docs/coordinator.md for the coordinator). Column
 * keys are the code's names; headers are the coordinator's words. Each tab is defined beside the
 * record it holds, in records/.
 */

/** The tabs in the order a new sheet gets them. */
export const TABS = [
  REFERENTI,
  RIUNIONI,
  BUONE_PRASSI,
  IMPOSTAZIONI,
  PRESENZE,
  PROPOSTE,
  PUBBLICAZIONI,
  ESITI_PUBBLICAZIONI,
  AZIONI,
  ENTI_TAB,
  PROGETTI,
  AGGIORNAMENTI,
] as const;
export type TabName = (typeof TABS)[number]["name"];
export const TAB_NAMES: readonly TabName[] = TABS.map((tab) => tab.name);

/** The contract of one tab, by name, with its column keys as literal types. */
export type TabOf<Name extends TabName> = Extract<(typeof TABS)[number], { name: Name }>;
/** The column keys of a contract tab, by name. */
export type TabKey<Name extends TabName> = ColumnKey<TabOf<Name>>;
/**
 * A row to write, keyed by the tab's column keys (never by header, which the coordinator may
 * reword or move); a key missing here stays an empty cell.
 */
export type RowValues<Name extends TabName = TabName> = Partial<Record<TabKey<Name>, CellValue>>;

export function tabSpec<Name extends TabName>(name: Name): TabSpec<TabKey<Name>> {
  // TABS holds exactly one spec per name, whose keys are TabKey<Name> by construction.
  return TABS.find((tab) => tab.name === name) as TabSpec as TabSpec<TabKey<Name>>;
}
