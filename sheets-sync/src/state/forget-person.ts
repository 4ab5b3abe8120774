import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { forgetAccessLogEmail } from "../access/access-log.ts";
import { UsageError } from "../errors.ts";
import { plural } from "../plural.ts";
import { StateDatabase } from "./database.ts";

/**
 * Erasure of one person's data from the service's state (`sheets-sync forget --email`), every
 * table's rule in this one place: a new table of the state database gets its line in
 * FORGET_RULES, and forget-person.test.ts fails until it has one.
 *
 * Who the person is: their email, trimmed, in any case. Their name and phone number are learned
 * from the rows that carry that email in an email column (Nome + Cognome and Telefono of their
 * Referenti row, Nome of their answers, Autore beside Email autore), and then looked for too: a
 * row that holds the email anywhere, or one of those names (two words or more) or the phone
 * number (six digits or more), names them. A homonym's rows are taken as theirs: the safe side
 * for an erasure, and what it costs is said per table below.
 *
 * All of it in one transaction, or nothing; then the WAL is emptied (eraseAndCheckpoint), and
 * secure_delete has overwritten the deleted text in the database file. A write of theirs not yet
 * applied to the sheet is never dropped silently: forget refuses (PendingWritesError) and changes
 * nothing; run it again once the writes are in the sheet. The sheet itself is not touched: the
 * person's rows there are the coordinator's to delete, before this.
 */

/** Each table of the state database, and what forget does with it. */
export const FORGET_RULES: Readonly<Record<string, string>> = {
  api_tokens: "their tokens are deleted (access ends at once, in the running service too)",
  feed_keys: "their calendar keys are deleted",
  invitations: "their invitations, pending, used or revoked, are deleted (a pending link stops working)",
  workbook_versions:
    "rows naming them are removed from every version, with every other write of the same row (tab + ID); a stale copy of the workbook then does not bring those rows back; the versions' numbers and sha256 stay",
  workbook_reconciliations: "references to those rows are removed from the reconciliations (their titles may name them)",
  journal:
    "applied writes naming them are deleted (the sheet answers for them); a pending write naming them makes forget refuse, changing nothing",
  dead_letters:
    "their writes set aside are deleted (they were never applied and never will be); someone else's naming them keeps the letter, with their email, name and phone replaced by [cancellato]",
  meeting_history: "nothing: meeting IDs, starts and whether cancelled, no personal data",
  meeting_events: "nothing: iCalendar UIDs, digests and SEQUENCEs, no personal data",
  workbook_ledger: "nothing: the ledger's id and highest version",
  legacy_imports: "nothing: which files of an earlier version were imported",
  access_log:
    "entries about their access are deleted; where they were the one who invited or revoked someone, the entry stays (it is about the other person's access) with 'persona cancellata' in place of their email",
  leases: "nothing: which sheets-sync process (machine name and pid) holds a lease, such as schedule's",
  running_service: "nothing: the address, machine name and pid of the running service",
};

export type ForgetKind =
  | "tokens"
  | "feedKeys"
  | "invitations"
  | "accessLog"
  | "ledgerRows"
  | "appliedWrites"
  | "deadLetters"
  | "deadLettersRedacted";

/** The kinds in the order the CLI prints them, with its Italian words. */
export const FORGET_LABELS: Readonly<Record<ForgetKind, string>> = {
  tokens: "token personali",
  feedKeys: "chiavi del calendario",
  invitations: "inviti",
  accessLog: "voci del registro accessi",
  ledgerRows: "righe nel registro del file .xlsx",
  appliedWrites: "scritture già applicate (journal)",
  deadLetters: "scritture scartate (dead letters)",
  deadLettersRedacted: "scritture scartate di altri, ripulite",
};

export interface ForgetReport {
  /** As matched: trimmed, lower case. */
  email: string;
  /** How many of each kind were deleted (deadLettersRedacted: changed). */
  removed: Record<ForgetKind, number>;
  /** False when the WAL could not be emptied at once (a long reader in another process): a later checkpoint does it. */
  checkpointed: boolean;
}

/** Writes naming the person wait to be applied: nothing was erased. */
export class PendingWritesError extends UsageError {
  constructor(
    readonly email: string,
    readonly pending: number,
  ) {
    super(
      `${plural(pending, "scrittura", "scritture")} che ${pending === 1 ? "riguarda" : "riguardano"} ${email} ${pending === 1 ? "aspetta" : "aspettano"} ancora di entrare nel foglio: nessun dato cancellato`,
      "riprova quando sono nel foglio (health: pendingWrites 0; se il file .xlsx è aperto in un programma, chiudilo), poi togli dal foglio le righe della persona",
    );
    this.name = "PendingWritesError";
  }
}

const REDACTED = "[cancellato]";

/**
 * Erases `email`'s data from every table of `database` (see FORGET_RULES), in one transaction,
 * then empties the WAL. Throws PendingWritesError, having changed nothing, while a write naming
 * them is not yet applied; a TypeError for something that is not an email.
 */
export interface ForgetOptions {
  /**
   * The coordinator's revoke erases the person's data but keeps the records of their access: the
   * access log's entries (who gave and took it, what the log is for, kept a year) and their
   * invitations (an old link then still answers "revocato", not "unknown"; they end after 90 days).
   */
  keepAccessRecords?: boolean;
}

export function forgetPerson(database: StateDatabase, email: string, options: ForgetOptions = {}): ForgetReport {
  const person = new Person(email);
  const removed = database.transaction(() => {
    const tables = new Set(
      database.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((row) => String(row.name)),
    );
    const ledger = tables.has("workbook_versions") ? readLedger(database, tables.has("workbook_reconciliations")) : undefined;
    const journal = tables.has("journal") ? readJournal(database) : [];
    const letters = tables.has("dead_letters") ? readDeadLetters(database) : [];

    // Their names and phone, from every row of theirs the state holds, before anything is judged.
    for (const row of ledger?.versions.flatMap((version) => version.rows) ?? []) person.learnFrom([row.values, row.before]);
    for (const entry of journal) person.learnFrom([entry.row, entry.result]);
    for (const letter of letters) person.learnFrom(letter.entry);

    // The rows (tab + ID) that name them: every write of such a row is theirs, also one that
    // sets a single cell of it (an upsert).
    const keys = new Set<string>();
    for (const version of ledger?.versions ?? [])
      for (const row of version.rows) if (person.mentions([row.values, row.before])) keys.add(key(row.tab, row.id));
    for (const event of ledger?.events ?? [])
      for (const ref of [...event.restored, ...event.deleted]) if (person.mentions(ref.title)) keys.add(key(ref.tab, ref.id));
    for (const entry of journal)
      if (entry.rowId !== undefined && person.mentions([entry.row, entry.result])) keys.add(key(entry.tab, entry.rowId));
    const journalNames = (entry: JournalRow) =>
      person.mentions([entry.row, entry.result]) || (entry.rowId !== undefined && keys.has(key(entry.tab, entry.rowId)));

    const pending = journal.filter((entry) => entry.doneAt === null && journalNames(entry)).length;
    if (pending > 0) throw new PendingWritesError(person.email, pending);

    return {
      tokens: tables.has("api_tokens") ? deleteByEmail(database, "api_tokens", person.email) : 0,
      feedKeys: tables.has("feed_keys") ? deleteByEmail(database, "feed_keys", person.email) : 0,
      invitations: tables.has("invitations") && !options.keepAccessRecords ? deleteByEmail(database, "invitations", person.email) : 0,
      accessLog: tables.has("access_log") && !options.keepAccessRecords ? forgetAccessLogEmail(database, person.email) : 0,
      ledgerRows: ledger ? forgetLedgerRows(database, ledger, keys) : 0,
      appliedWrites: deleteJournalEntries(
        database,
        journal.filter((entry) => entry.doneAt !== null && journalNames(entry)),
      ),
      ...forgetDeadLetters(database, letters, person),
    };
  });
  return { email: person.email, removed, checkpointed: database.eraseAndCheckpoint() };
}

/** Files of an earlier version the person's email is still in: `imported` ones are the `.importato` copies. */
export interface LegacyFileNaming {
  file: string;
  imported: boolean;
}

/** Where earlier versions kept the state, each imported once into the database and renamed `<file>.importato`. */
const LEGACY_FILES = [
  "tokens.json",
  "feed-keys.json",
  "invitations.json",
  "journal.ndjson",
  "dead-letters.ndjson",
  "meeting-history.json",
  "workbook-ledger.ndjson",
];

/**
 * The state dir's files of an earlier version that hold `email`: forget does not delete files,
 * the CLI names them. One not yet imported would bring the data back at the next start.
 */
export async function legacyFilesNaming(stateDir: string, email: string): Promise<LegacyFileNaming[]> {
  const person = new Person(email);
  const found: LegacyFileNaming[] = [];
  for (const name of LEGACY_FILES) {
    for (const [file, imported] of [
      [name, false],
      [`${name}.importato`, true],
    ] as const) {
      const text = await readFile(join(stateDir, file), "utf8").catch(() => undefined);
      if (text !== undefined && person.owns(text)) found.push({ file: join(stateDir, file), imported });
    }
  }
  return found;
}

/** forgetPerson on the state dir's database (the connection the process shares), and the files of an earlier version still naming them. */
export async function forgetPersonInStateDir(
  stateDir: string,
  email: string,
  options: ForgetOptions = {},
): Promise<ForgetReport & { legacyFiles: LegacyFileNaming[] }> {
  const database = StateDatabase.openIn(stateDir);
  try {
    const report = forgetPerson(database, email, options);
    return { ...report, legacyFiles: await legacyFilesNaming(stateDir, report.email) };
  } finally {
    database.close();
  }
}

// -- who the person is

class Person {
  readonly email: string;
  private readonly own: RegExp;
  private readonly others: RegExp[] = [];
  private readonly learned = new Set<string>();

  constructor(email: string) {
    this.email = email.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(this.email)) throw new TypeError(`not an email: "${email}"`);
    // Not inside a longer address: "anna@x.it" is not in "gianna@x.it" nor in "anna@x.it.eu".
    this.own = new RegExp(`(?<![\\p{L}\\p{N}._%+'-])${literal(this.email)}(?![\\p{L}\\p{N}_-]|\\.[\\p{L}\\p{N}])`, "iu");
  }

  /** True when `value` (text, or any text inside it) holds the email. */
  owns(value: unknown): boolean {
    return texts(value).some((text) => this.own.test(text));
  }

  /** True when `value` holds the email, or a name or phone number learned. */
  mentions(value: unknown): boolean {
    return texts(value).some((text) => this.own.test(text) || this.others.some((pattern) => pattern.test(text)));
  }

  /** `value` with the email, names and phone numbers replaced by [cancellato], wherever they are. */
  redact<T>(value: T): T {
    if (typeof value === "string") {
      let text: string = value;
      for (const pattern of [this.own, ...this.others]) text = text.replace(new RegExp(pattern.source, "giu"), REDACTED);
      return text as T;
    }
    if (Array.isArray(value)) return value.map((item) => this.redact(item)) as T;
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.redact(v)])) as T;
    }
    return value;
  }

  /**
   * Learns the names and phone beside the email in a record of theirs: an object whose `email`
   * (`authorEmail`) is exactly theirs gives its `name`, `firstName` + `lastName` and `phone`
   * (its `author`). Never from a row that only mentions the email in a note: that row's names
   * are someone else's.
   */
  learnFrom(value: unknown): void {
    if (Array.isArray(value)) {
      for (const item of value) this.learnFrom(item);
      return;
    }
    if (value === null || typeof value !== "object") return;
    const record = value as Record<string, unknown>;
    const is = (field: string) => typeof record[field] === "string" && (record[field] as string).trim().toLowerCase() === this.email;
    if (is("email")) {
      this.learnName(record.name);
      if (typeof record.firstName === "string" && typeof record.lastName === "string") {
        this.learnName(`${record.firstName} ${record.lastName}`);
        this.learnName(`${record.lastName} ${record.firstName}`);
      }
      this.learnPhone(record.phone);
    }
    if (is("authorEmail")) this.learnName(record.author);
    for (const nested of Object.values(record)) if (nested !== null && typeof nested === "object") this.learnFrom(nested);
  }

  private learnName(value: unknown): void {
    if (typeof value !== "string") return;
    const words = value.trim().split(/\s+/).filter(Boolean);
    // One word ("Sara") would take everyone called Sara: not looked for.
    if (words.length < 2 || words.join(" ").length < 5) return;
    this.add(`name:${words.join(" ").toLowerCase()}`, `(?<![\\p{L}\\p{N}])${words.map(literal).join("\\s+")}(?![\\p{L}\\p{N}])`);
  }

  private learnPhone(value: unknown): void {
    if (typeof value !== "string" && typeof value !== "number") return;
    // +39 / 0039 are optional: the number is found with or without them.
    const digits = String(value)
      .trim()
      .replace(/^(\+|00)39/, "")
      .replace(/\D/g, "");
    if (digits.length < 6) return;
    this.add(`phone:${digits}`, `(?<!\\d)${[...digits].join("[\\s./()-]*")}(?!\\d)`);
  }

  private add(id: string, source: string): void {
    if (this.learned.has(id)) return;
    this.learned.add(id);
    this.others.push(new RegExp(source, "iu"));
  }
}

/** Every text in `value` (strings, and numbers: a phone can be a number cell). */
function texts(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (typeof value === "number") return [String(value)];
  if (Array.isArray(value)) return value.flatMap(texts);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(texts);
  return [];
}

function literal(text: string): string {
  // Syntax characters only: in a /u pattern any other escape, such as one of "-", is an error.
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** A row of the sheet, as the ledger, the journal and the reconciliations name it (IDs in any case). */
function key(tab: string, id: unknown): string {
  return `${tab}\u0000${String(id ?? "")
    .trim()
    .toLowerCase()}`;
}

/** JSON text as its value; the text itself when it does not parse (a row edited by hand is searched all the same). */
function parsed(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// -- tokens, calendar keys, invitations

function deleteByEmail(database: StateDatabase, table: "api_tokens" | "feed_keys" | "invitations", email: string): number {
  return Number(database.db.prepare(`DELETE FROM ${table} WHERE lower(trim(email)) = ?`).run(email).changes);
}

// -- the workbook ledger (stores/workbook/workbook-ledger.ts)

interface LedgerRow {
  tab: string;
  id: string;
  values: unknown;
  /** What an update in place replaced: it may name them too. */
  before?: unknown;
}
interface LedgerRef {
  tab: string;
  id: string;
  title?: string;
}
interface Ledger {
  versions: { version: number; rows: LedgerRow[] }[];
  events: { seq: number; restored: LedgerRef[]; deleted: LedgerRef[] }[];
}

function readLedger(database: StateDatabase, withEvents: boolean): Ledger {
  const list = <T>(text: unknown): T[] => {
    const value = parsed(String(text));
    return Array.isArray(value) ? (value as T[]) : [];
  };
  return {
    versions: database.db
      .prepare("SELECT version, rows FROM workbook_versions")
      .all()
      .map((row) => ({ version: Number(row.version), rows: list<LedgerRow>(row.rows) })),
    events: withEvents
      ? database.db
          .prepare("SELECT seq, restored, deleted FROM workbook_reconciliations")
          .all()
          .map((row) => ({ seq: Number(row.seq), restored: list<LedgerRef>(row.restored), deleted: list<LedgerRef>(row.deleted) }))
      : [],
  };
}

/** Removes every write and reference of the rows `keys` names; returns how many distinct rows were removed. */
function forgetLedgerRows(database: StateDatabase, ledger: Ledger, keys: ReadonlySet<string>): number {
  const removed = new Set<string>();
  const keep = <T extends { tab: string; id: string }>(items: T[]): T[] =>
    items.filter((item) => {
      const named = keys.has(key(item.tab, item.id));
      if (named) removed.add(key(item.tab, item.id));
      return !named;
    });
  const updateVersion = database.db.prepare("UPDATE workbook_versions SET rows = ? WHERE version = ?");
  for (const version of ledger.versions) {
    const rows = keep(version.rows);
    if (rows.length !== version.rows.length) updateVersion.run(JSON.stringify(rows), version.version);
  }
  for (const event of ledger.events) {
    const restored = keep(event.restored);
    const deleted = keep(event.deleted);
    if (restored.length !== event.restored.length || deleted.length !== event.deleted.length) {
      database.db
        .prepare("UPDATE workbook_reconciliations SET restored = ?, deleted = ? WHERE seq = ?")
        .run(JSON.stringify(restored), JSON.stringify(deleted), event.seq);
    }
  }
  return removed.size;
}

// -- the journal (writes/journal.ts)

interface JournalRow {
  seq: number;
  tab: string;
  rowId: string | undefined;
  row: unknown;
  result: unknown;
  doneAt: string | null;
}

function readJournal(database: StateDatabase): JournalRow[] {
  return database.db
    .prepare("SELECT seq, tab, row, result, done_at FROM journal")
    .all()
    .map((entry) => {
      const row = parsed(entry.row as string);
      return {
        seq: Number(entry.seq),
        tab: String(entry.tab),
        rowId: rowIdOf(row),
        row,
        result: parsed(entry.result as string | null),
        doneAt: entry.done_at === null ? null : String(entry.done_at),
      };
    });
}

/** The ID of the row a write is for; undefined when it has none (nothing to match other writes by). */
function rowIdOf(row: unknown): string | undefined {
  const id = row !== null && typeof row === "object" ? (row as { id?: unknown }).id : undefined;
  return typeof id === "string" && id.trim() !== "" ? id : undefined;
}

function deleteJournalEntries(database: StateDatabase, entries: readonly JournalRow[]): number {
  if (entries.length === 0) return 0;
  const remove = database.db.prepare("DELETE FROM journal WHERE seq = ?");
  return entries.reduce((sum, entry) => sum + Number(remove.run(entry.seq).changes), 0);
}

// -- the dead letters (writes/dead-letters.ts)

interface LetterRow {
  seq: number;
  reason: string;
  entry: unknown;
  entryText: string | null;
  line: string | null;
}

function readDeadLetters(database: StateDatabase): LetterRow[] {
  return database.db
    .prepare("SELECT seq, reason, entry, line FROM dead_letters")
    .all()
    .map((letter) => ({
      seq: Number(letter.seq),
      reason: String(letter.reason),
      entry: parsed(letter.entry as string | null),
      entryText: letter.entry === null ? null : String(letter.entry),
      line: letter.line === null ? null : String(letter.line),
    }));
}

/** Theirs (the email anywhere in it) deleted; someone else's that names them kept, redacted. */
function forgetDeadLetters(
  database: StateDatabase,
  letters: readonly LetterRow[],
  person: Person,
): { deadLetters: number; deadLettersRedacted: number } {
  if (letters.length === 0) return { deadLetters: 0, deadLettersRedacted: 0 };
  const remove = database.db.prepare("DELETE FROM dead_letters WHERE seq = ?");
  const redact = database.db.prepare("UPDATE dead_letters SET reason = ?, entry = ?, line = ? WHERE seq = ?");
  let deadLetters = 0;
  let deadLettersRedacted = 0;
  for (const letter of letters) {
    const fields = [letter.reason, letter.entry, letter.line];
    if (person.owns(fields)) {
      deadLetters += Number(remove.run(letter.seq).changes);
    } else if (person.mentions(fields)) {
      // An entry that did not parse is redacted as the text it is.
      const entry =
        letter.entryText === null
          ? null
          : typeof letter.entry === "string"
            ? person.redact(letter.entryText)
            : JSON.stringify(person.redact(letter.entry));
      redact.run(person.redact(letter.reason), entry, letter.line === null ? null : person.redact(letter.line), letter.seq);
      deadLettersRedacted++;
    }
  }
  return { deadLetters, deadLettersRedacted };
}
