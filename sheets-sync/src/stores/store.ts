import type { Grid, RowValues, TabName } from "@rete-urp/shared";
import type { ReconciliationReport } from "./workbook/workbook-reconciler.ts";

/**
 * The one interface both stores implement (the local workbook and the Google Sheet), so that
 * the rest of sheets-sync, and the store contract suite, never know which one is behind it.
 * Stores move raw cells; the shared codecs give them meaning.
 */

/**
 * A row to write, keyed by its tab's column keys (`RowValues<"Buone prassi">` has `title`,
 * `date`…): a typo in a key, or a key of another tab, does not compile. Missing keys stay empty.
 */
export type { RowValues } from "@rete-urp/shared";

/** Every contract tab present in the store, row 1 being the header row. */
export type RawTabs = Partial<Record<TabName, Grid>>;

export interface InitReport {
  createdTabs: string[];
  addedHeaders: string[];
  /** The spreadsheet settings init changed (Google: "locale it_IT", "fuso orario Europe/Rome"). */
  changedSettings?: string[];
}

/**
 * The spreadsheet's own settings and its tab titles as the last read saw them (Google only): a
 * locale other than it_IT parses what people type differently (03/04/2027, 1,10), a time zone other
 * than Europe/Rome moves NOW() and form timestamps, and a contract tab missing from the titles may
 * have been renamed.
 */
export interface SheetProperties {
  locale: string | undefined;
  timeZone: string | undefined;
  tabTitles: string[];
}

export interface Store {
  readonly kind: "workbook" | "google";
  /** Where the data lives, for messages: the file path or the spreadsheet id. */
  readonly location: string;
  /** One read of every contract tab. */
  readAll(): Promise<RawTabs>;
  /**
   * One tab, row 1 the headers, as readAll() gives it; undefined when the store has no such tab.
   * For a caller that needs one tab only: on Google it is one values.get of that tab, not the
   * batchGet of every tab.
   */
  readTab(tab: TabName): Promise<Grid | undefined>;
  /**
   * The tabs a writer decides on (which rows are there already, so need no write), in one read:
   * on Google one values.get for one tab, one values.batchGet for several, never the tabs without
   * writes. A tab the store lacks is left out. Stores whose data a person can hold open in
   * another program (the workbook) refuse it, retryable, while that program may save an older
   * copy over it.
   */
  readTabsForWrite(tabs: readonly TabName[]): Promise<RawTabs>;
  /**
   * Appends rows after the last row of `tab`, each value under its header wherever the
   * coordinator moved it; strings are written literally (never as formulas). Values whose
   * column is missing from the tab are dropped. Dates go in as serial numbers (date cells).
   *
   * `basis` is the tab as the caller has just read it (readTabsForWrite): a store that can place
   * the rows from it (Google) does not read the tab again. The answer is the tab as a read would
   * now give it, when the store knows it without reading (Google: `basis` plus the rows, where
   * Google says it put them), so the cache can show the rows at once; undefined when it does not.
   */
  append<Name extends TabName>(tab: Name, rows: readonly RowValues<Name>[], basis?: Grid): Promise<Grid | undefined>;
  /**
   * Appends to `tab` the rows `decide` returns for the sheet as it is at that moment, and returns
   * them. The workbook reads and writes under one workbook lock, so two processes deciding at
   * once (two `schedule`s, a CLI beside the service) act one after the other, the second seeing
   * the first's rows. Google has no lock to share across processes: there the read and the append
   * are one after the other within this process only.
   */
  appendDecided<Name extends TabName>(tab: Name, decide: (tabs: RawTabs) => RowValues<Name>[]): Promise<RowValues<Name>[]>;
  /**
   * For the rows sheets-sync keeps one of per key (Presenze, Esiti pubblicazioni): the row with
   * the same ID gets the given cells overwritten in place; a row whose ID is not there is
   * appended. On the coordinator's own rows only for the cells the contract gives the referents:
   * an action's Stato, Fatta da and Data ("Fatto"). `basis` and the answer as for append().
   */
  upsert<Name extends TabName>(tab: Name, rows: readonly RowValues<Name>[], basis?: Grid): Promise<Grid | undefined>;
  /**
   * For the cells sheets-sync derives (the meeting's date beside its ID: ColumnSpec.derived): the
   * row with each given ID gets the given cells overwritten where they differ, in place; a row
   * whose ID is not there is skipped, never appended, and no other cell is touched. Returns how
   * many cells changed. Both stores have it; a test double may leave it out. `basis`: the tab as
   * the caller has just read it, so Google finds the rows without reading the tab again.
   */
  updateCells?<Name extends TabName>(tab: Name, rows: readonly RowValues<Name>[], basis?: Grid): Promise<number>;
  /** Writes a new ID into every non-blank row whose ID cell is empty; returns how many. */
  fillMissingIds(makeId: () => string): Promise<number>;
  /** Creates missing tabs and header cells; never changes or deletes existing data. */
  init(): Promise<InitReport>;
  /**
   * Reconciliations of stale copies saved over the store, for health (workbook-reconciler.ts).
   * Only the workbook has them: in Google Sheets every edit goes to the one live sheet, so there
   * is no copy to go stale; the Google store leaves this out.
   */
  reconciliationReport?(): ReconciliationReport | undefined;
  /**
   * A Google tab's numeric id (the `gid` of its URL), from the tab list the last read used; for
   * links that open the sheet at a cell. Undefined before the first read or for a missing tab.
   * Only Google has it.
   */
  tabSheetId?(tab: TabName): number | undefined;
  /** The spreadsheet's locale, time zone and tab titles, known after the first read; Google only. */
  sheetProperties?(): SheetProperties | undefined;
  /** Calls `onChange` when the data may have changed outside sheets-sync; returns an unsubscribe. */
  watch?(onChange: () => void): () => void;
  close(): Promise<void>;
}

/**
 * A store failure. `retryable` ones (a lock file, a network error, 429/5xx) leave journaled
 * writes pending for the next attempt; the others need the coordinator (a missing tab).
 */
export class StoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "StoreError";
  }
}
