import { createHash } from "node:crypto";
import {
  type Attendance,
  columnLetter,
  decodeAggiornamenti,
  decodeAzioni,
  decodeBuonePrassi,
  decodeEnti,
  decodeEsitiPubblicazioni,
  decodeImpostazioni,
  decodePresenze,
  decodeProgetti,
  decodeProposte,
  decodePubblicazioni,
  decodeReferenti,
  decodeRiunioni,
  foldKey,
  type Grid,
  mapHeaders,
  type Network,
  PROGETTI,
  type Practice,
  type Project,
  type ProjectUpdate,
  type Proposal,
  type Publication,
  type PublicationOutcome,
  type ReferentRow,
  ROME,
  type Settings,
  type SheetAction,
  type SheetMeeting,
  type SheetProblem,
  TABS,
  type TabName,
} from "@rete-urp/shared";
import type { RawTabs, SheetProperties } from "../stores/store.ts";

/**
 * The projects (by ID and title) that a Progetto cell of another tab names; undefined when the
 * Progetti tab cannot be read (the cells are then kept as written).
 */
type KnownProjects = readonly { id: string; title: string }[] | undefined;

/**
 * Each tab's decoder, by tab name: one line per tab, each with its own record type. `satisfies
 * Record<TabName, …>` makes it one line for every tab of TABS, so a tab added there does not
 * compile until it is decoded here. Every decoder but the Enti tab's gets the network that tab
 * lists (decodeEnti, read first), against which it reads its Ente cells (enteCell); those with a
 * Progetto cell also get the projects it may name (decodeProgetti, read second).
 */
const DECODERS = {
  Referenti: decodeReferenti,
  Riunioni: decodeRiunioni,
  "Buone prassi": decodeBuonePrassi,
  Impostazioni: decodeImpostazioni,
  Presenze: decodePresenze,
  Proposte: decodeProposte,
  Pubblicazioni: decodePubblicazioni,
  "Esiti pubblicazioni": decodeEsitiPubblicazioni,
  Azioni: decodeAzioni,
  Enti: decodeEnti,
  Progetti: decodeProgetti,
  Aggiornamenti: decodeAggiornamenti,
} satisfies Record<TabName, (grid: Grid | undefined, network: Network, projects: KnownProjects) => { problems: SheetProblem[] }>;

type DecodedTab<Name extends TabName> = ReturnType<(typeof DECODERS)[Name]>;
/** The tabs whose rows are records with an ID: all but Impostazioni, whose rows are keyed by their Chiave. */
type RecordTab = { [Name in TabName]: DecodedTab<Name> extends { records: unknown[] } ? Name : never }[TabName];
type RecordOf<Name extends RecordTab> = DecodedTab<Name>["records"][number];

export interface ProjectCells {
  title: string;
  /** Empty when the tab has no Scadenza column. */
  deadline: string;
}

/** Where the Titolo and Scadenza cells of each project read from Progetti are. */
function projectCellsOf(tabs: RawTabs, projects: readonly Project[], rowNumbers: readonly number[]): Map<string, ProjectCells> {
  const { indexOf } = mapHeaders(PROGETTI, tabs.Progetti?.[0] ?? []);
  const cell = (key: string, row: number) => {
    const index = indexOf.get(key);
    return index === undefined ? "" : `${columnLetter(index)}${row}`;
  };
  return new Map(
    projects.map((project, i) => [project.id, { title: cell("title", rowNumbers[i]!), deadline: cell("deadline", rowNumbers[i]!) }]),
  );
}

/** What sheets-sync knows after one read of the store: valid records plus what is wrong. */
export interface SheetData {
  /** The rows as read, `Note` included: the coordinators' own (servedReferent picks what referents get). */
  referents: ReferentRow[];
  sheetMeetings: SheetMeeting[];
  practices: Practice[];
  settings: Settings;
  attendance: Attendance[];
  proposals: Proposal[];
  publications: Publication[];
  publicationOutcomes: PublicationOutcome[];
  projects: Project[];
  projectUpdates: ProjectUpdate[];
  /**
   * Where each project's Titolo and Scadenza cells are ("B5", "I5"), by its ID, as last read: for
   * the coordinator's links, never to address a write.
   */
  projectCells: ReadonlyMap<string, ProjectCells>;
  /** What the meetings decided, each with the cell of its Azione (for the coordinator's links). */
  actions: SheetAction[];
  /**
   * The enti of the Enti tab; the Bassa Romagna's ten when the sheet has no such tab yet (a
   * problem says to run init). Every Ente cell above was read against it.
   */
  network: Network;
  /** The records above by their tab (the same arrays): for what concerns a row of any tab, such as its ID. */
  recordsByTab: { readonly [Name in RecordTab]: readonly RecordOf<Name>[] };
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
  const { network } = decodeEnti(tabs.Enti);
  // The projects next: a Progetto cell of another tab names one of them (by its ID, provisional
  // ones included, or its title).
  const progetti = decodeProgetti(tabs.Progetti, network);
  const projects = progetti.usable ? provisionalIds("Progetti", progetti.records) : undefined;
  const decoded = Object.fromEntries(
    TABS.map((spec) => [spec.name, spec.name === "Progetti" ? progetti : DECODERS[spec.name](tabs[spec.name], network, projects)]),
  ) as {
    [Name in TabName]: DecodedTab<Name>;
  };
  const recordsByTab = Object.fromEntries(
    TABS.flatMap((spec) => {
      const tab = decoded[spec.name];
      return "records" in tab ? [[spec.name, provisionalIds(spec.name, tab.records as { id: string }[])]] : [];
    }),
  ) as { [Name in RecordTab]: RecordOf<Name>[] };
  const problems = TABS.flatMap((spec) => decoded[spec.name].problems);
  return {
    referents: recordsByTab.Referenti,
    sheetMeetings: recordsByTab.Riunioni,
    practices: recordsByTab["Buone prassi"],
    settings: decoded.Impostazioni.settings,
    attendance: recordsByTab.Presenze,
    proposals: recordsByTab.Proposte,
    publications: recordsByTab.Pubblicazioni,
    publicationOutcomes: recordsByTab["Esiti pubblicazioni"],
    projects: recordsByTab.Progetti,
    projectUpdates: recordsByTab.Aggiornamenti,
    projectCells: projectCellsOf(tabs, recordsByTab.Progetti, progetti.rowNumbers),
    actions: recordsByTab.Azioni,
    network,
    recordsByTab,
    problems: withMovedHeaders(tabs, problems),
    missingIds: TABS.reduce((sum, spec) => {
      const tab = decoded[spec.name];
      return sum + ("missingIds" in tab ? tab.missingIds : 0);
    }, 0),
  };
}

/** How far down a header row pushed off row 1 is looked for. */
const HEADER_SEARCH_ROWS = 5;

/**
 * A tab whose row 1 lacks the contract's headers but whose row 2..5 has them (a title line or
 * empty rows added above): one problem that says so, instead of one "manca la colonna" per
 * column. Both stores read row 1 as the header row, and so do the writes.
 */
function withMovedHeaders(tabs: RawTabs, problems: SheetProblem[]): SheetProblem[] {
  let result = problems;
  for (const spec of TABS) {
    const grid = tabs[spec.name];
    if (!grid || mapHeaders(spec, grid[0] ?? []).usable) continue;
    const at = grid.slice(1, HEADER_SEARCH_ROWS).findIndex((row) => mapHeaders(spec, row ?? []).usable);
    if (at < 0) continue;
    const isHeaderProblem = (problem: SheetProblem) =>
      problem.tab === spec.name && problem.cell === undefined && problem.message.startsWith("manca la colonna");
    const first = result.findIndex(isHeaderProblem);
    if (first < 0) continue;
    // In the place of the first "manca la colonna", so the tab's problems stay together.
    const moved = { tab: spec.name, message: `intestazioni alla riga ${at + 2}: spostale nella riga 1 (elimina le righe sopra)` };
    result = result.flatMap((problem, index) => (index === first ? [moved] : isHeaderProblem(problem) ? [] : [problem]));
  }
  return result;
}

/** The tab for what concerns the whole spreadsheet (its settings), not one of its tabs. */
export const WHOLE_SHEET = "Foglio";

/**
 * The sheet's problems as `check`, health and the coordinator's view report them: the decoded
 * ones, with a likely renamed tab named where a tab is missing, and the spreadsheet's locale and
 * time zone when they are not Italy's (Google only: `properties` is undefined for the workbook,
 * and before the first read).
 */
export function reportedSheetProblems(problems: readonly SheetProblem[], properties: SheetProperties | undefined): SheetProblem[] {
  if (!properties) return [...problems];
  return [...settingsProblems(properties), ...withRenamedTabs(problems, properties.tabTitles)];
}

function settingsProblems({ locale, timeZone }: SheetProperties): SheetProblem[] {
  const problems: SheetProblem[] = [];
  if (locale !== undefined && locale !== "it_IT") {
    problems.push({
      tab: WHOLE_SHEET,
      message: `impostazioni internazionali "${locale}" invece di Italia: il foglio legge le date e i numeri scritti a mano come in quel paese (in en_US "03/04/2027" è il 4 marzo, non il 3 aprile; "1,10" non è un numero decimale); in File → Impostazioni → Impostazioni internazionali scegli Italia (o esegui "sheets-sync init")`,
    });
  }
  if (timeZone !== undefined && timeZone !== ROME) {
    problems.push({
      tab: WHOLE_SHEET,
      message: `fuso orario "${timeZone}" invece di Europe/Rome: ADESSO(), OGGI() e l'ora delle risposte dei moduli Google sono spostati; in File → Impostazioni → Fuso orario scegli (GMT+01:00) Roma (o esegui "sheets-sync init")`,
    });
  }
  return problems;
}

/**
 * A contract tab missing from the spreadsheet while a tab of another name looks like it (a
 * rename by hand): the problem names that tab and says to rename it back. Only the titles are
 * known here (the other tabs are not read), so "looks like" is judged on the title alone, folded
 * as tabs are matched (case, accents, spaces aside): the same first word ("Buone pratiche" for
 * "Buone prassi"), one title the start of the other ("Referenti 2027"), or at most two letters
 * apart ("Riunione"). A tab the contract already claims is never a candidate.
 */
function withRenamedTabs(problems: readonly SheetProblem[], titles: readonly string[]): SheetProblem[] {
  const contract = new Set(TABS.map((spec) => foldKey(spec.name)));
  const strangers = titles.filter((title) => !contract.has(foldKey(title)));
  const present = new Set(titles.map(foldKey));
  const result = [...problems];
  for (const spec of TABS) {
    if (present.has(foldKey(spec.name))) continue;
    const candidates = strangers.filter((title) => looksRenamed(spec.name, title));
    if (candidates.length === 0) continue;
    const named =
      candidates.length === 1
        ? `c'è una scheda "${candidates[0]}"`
        : `ci sono le schede ${candidates.map((title) => `"${title}"`).join(", ")}`;
    const message = `manca la scheda "${spec.name}", ma ${named}: se è quella, rinominala "${spec.name}" (non eseguire "sheets-sync init" prima, che ne creerebbe una vuota)`;
    const missing = result.findIndex(
      (problem) => problem.tab === spec.name && problem.cell === undefined && problem.message.startsWith("manca la scheda"),
    );
    if (missing >= 0) result[missing] = { tab: spec.name, message };
    else result.push({ tab: spec.name, message });
  }
  return result;
}

function looksRenamed(name: string, title: string): boolean {
  const a = foldKey(name);
  const b = foldKey(title);
  if (!b) return false;
  const firstWord = (text: string) => foldKey(text.trim().split(/\s+/)[0] ?? "");
  if (firstWord(name) !== "" && firstWord(name) === firstWord(title)) return true;
  if (a.startsWith(b) || b.startsWith(a)) return Math.min(a.length, b.length) >= 4;
  return editDistance(a, b) <= 2;
}

/** Levenshtein distance, for titles a few letters apart. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
