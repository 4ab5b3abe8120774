import { mkdir, readFile } from "node:fs/promises";
import { importLegacyFile, StateDatabase } from "../state/database.ts";
import { readLegacyDeadLetters } from "./journal-entries.ts";
import { databaseWriteError } from "./write-errors.ts";

/**
 * The dead letters: journal entries that can never be applied (a tab outside the contract, an
 * entry that does not parse, a row the store rejects), with the reason, in the `dead_letters`
 * table of the state database. An entry leaves the journal in the same transaction that puts it
 * here (Journal.moveToDeadLetters), so nothing accepted is dropped silently: the coordinator sees
 * them in health and can re-send them by hand. Never deleted by the service.
 */

export interface DeadLetter {
  at: string;
  /** Why, for machines: "tab_unknown", "invalid_entry", "unreadable_line" or the store's code. */
  code: string;
  /** Why, in Italian, for the coordinator. */
  reason: string;
  id?: string;
  tab?: string;
  /** The journal entry as it was; `line` instead when it did not even parse. */
  entry?: unknown;
  line?: string;
}

export type DeadLetterSummary = Pick<DeadLetter, "at" | "code" | "reason" | "id" | "tab">;

/** Where earlier versions kept them, one JSON object a line. */
const LEGACY_FILE = "dead-letters.ndjson";

const SCHEMA = `CREATE TABLE IF NOT EXISTS dead_letters (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  code TEXT NOT NULL,
  reason TEXT NOT NULL,
  write_id TEXT,
  tab TEXT,
  entry TEXT,
  line TEXT
) STRICT`;

interface Row {
  at: string;
  code: string;
  reason: string;
  write_id: string | null;
  tab: string | null;
  entry: string | null;
  line: string | null;
}

export class DeadLetters {
  readonly table = "dead_letters";
  /** Letters in the table, read at open and after every change this process commits. */
  count = 0;
  /** The latest one, for health. */
  last: DeadLetterSummary | null = null;

  private constructor(private readonly database: StateDatabase) {
    database.db.exec(SCHEMA);
    this.refresh();
  }

  /** The state database's file: where the table is. */
  get path(): string {
    return this.database.path;
  }

  /** Opens the table, importing `dead-letters.ndjson` of earlier versions once (renamed `.importato`). */
  static async open(stateDir: string, log: (message: string) => void = () => {}): Promise<DeadLetters> {
    await mkdir(stateDir, { recursive: true });
    const letters = new DeadLetters(StateDatabase.openIn(stateDir));
    let imported = 0;
    const load = (text: string) => {
      const legacy = readLegacyDeadLetters(text, new Date().toISOString());
      letters.insert(legacy);
      imported = legacy.length;
    };
    try {
      if (await importLegacyFile(letters.database, stateDir, LEGACY_FILE, load, (path) => readFile(path, "utf8"))) {
        log(`${LEGACY_FILE}: ${imported} dead letters importate nel database, il file è ora ${LEGACY_FILE}.importato`);
      }
    } catch (error) {
      // On a full disk the file stays and is imported at the next start; the service still starts.
      const failure = databaseWriteError(error, letters.path);
      if (!failure) {
        await letters.close();
        throw error;
      }
      log(`${LEGACY_FILE}: importazione nel database rimandata al prossimo avvio (${failure.message})`);
    }
    letters.refresh();
    return letters;
  }

  /** Writes `letters` inside the caller's transaction; `refresh()` once it is committed. */
  insert(letters: readonly DeadLetter[]): void {
    const statement = this.database.db.prepare(
      "INSERT INTO dead_letters (at, code, reason, write_id, tab, entry, line) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    for (const { at, code, reason, id, tab, entry, line } of letters) {
      statement.run(at, code, reason, id ?? null, tab ?? null, entry === undefined ? null : JSON.stringify(entry), line ?? null);
    }
  }

  /** Writes `letters` in a transaction of their own, or throws a DiskWriteError and writes none. */
  async add(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    try {
      this.database.transaction(() => this.insert(letters));
    } catch (error) {
      throw databaseWriteError(error, this.path) ?? error;
    }
    this.refresh();
  }

  /** Every letter, oldest first (for whoever examines them). */
  list(): DeadLetter[] {
    const rows = this.database.db.prepare("SELECT at, code, reason, write_id, tab, entry, line FROM dead_letters ORDER BY seq").all();
    return (rows as unknown as Row[]).map(letterOf);
  }

  /** Count and last from the table: what is committed, whoever committed it. */
  refresh(): void {
    const { n } = this.database.db.prepare("SELECT count(*) AS n FROM dead_letters").get() as { n: number };
    const row = this.database.db.prepare("SELECT at, code, reason, write_id, tab FROM dead_letters ORDER BY seq DESC LIMIT 1").get();
    this.count = n;
    this.last = row ? summary(letterOf({ ...(row as unknown as Row), entry: null, line: null })) : null;
  }

  async close(): Promise<void> {
    this.database.close();
  }
}

function letterOf({ at, code, reason, write_id, tab, entry, line }: Row): DeadLetter {
  return {
    at,
    code,
    reason,
    ...(write_id !== null ? { id: write_id } : {}),
    ...(tab !== null ? { tab } : {}),
    ...(entry !== null ? { entry: JSON.parse(entry) } : {}),
    ...(line !== null ? { line } : {}),
  };
}

function summary({ at, code, reason, id, tab }: DeadLetter): DeadLetterSummary {
  return { at, code, reason, ...(id !== undefined ? { id } : {}), ...(tab !== undefined ? { tab } : {}) };
}
