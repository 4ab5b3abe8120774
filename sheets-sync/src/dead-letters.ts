import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { AppendOnlyFile, DiskWriteError, diskFailureOf, type OpenAppendFile, truncateFile } from "./append-only-file.ts";

/**
 * `<stateDir>/dead-letters.ndjson`: journal entries that can never be applied (a tab outside
 * the contract, a line that does not parse, a row the store rejects), one JSON object a line,
 * with the reason. They leave the journal only once they are fsynced here, so nothing accepted
 * is dropped silently: the coordinator sees them in health and can re-send them by hand.
 * A crash between the two steps repeats the move: the same id may appear twice here.
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

export class DeadLetters {
  /** Entries in the file, counted at open and on every move. */
  count = 0;
  /** The latest one, for health. */
  last: DeadLetterSummary | null = null;

  /** Opened at the first move: most state directories never get the file. */
  private file: Promise<AppendOnlyFile> | undefined;

  private constructor(
    readonly path: string,
    private readonly openFile: OpenAppendFile | undefined,
  ) {}

  static async open(stateDir: string, openFile?: OpenAppendFile): Promise<DeadLetters> {
    const path = join(stateDir, "dead-letters.ndjson");
    const letters = new DeadLetters(path, openFile);
    let bytes = Buffer.alloc(0);
    try {
      bytes = await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    // A move interrupted mid-line (a crash): its entries are still in the journal and will be
    // moved again; the torn bytes go, so the next line starts on a line of its own.
    const whole = bytes.lastIndexOf(0x0a) + 1;
    if (whole < bytes.length) await truncateFile(path, whole);
    const lines = bytes
      .subarray(0, whole)
      .toString("utf8")
      .split("\n")
      .filter((line) => line.trim() !== "");
    letters.count = lines.length;
    const last = lines.at(-1);
    if (last) {
      try {
        letters.last = summary(JSON.parse(last) as DeadLetter);
      } catch {
        // Written by hand, maybe: counted, not summarised.
      }
    }
    return letters;
  }

  /** Appends `letters` durably (whole lines, fsynced) or throws a DiskWriteError. */
  async add(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    this.file ??= AppendOnlyFile.open(this.path, this.openFile);
    const file = await this.file.catch((error: unknown) => {
      this.file = undefined;
      // Creating the file on a full disk fails like a write: the entries stay where they are.
      throw new DiskWriteError(diskFailureOf(error), this.path, { cause: error });
    });
    await file.append(Buffer.from(letters.map((letter) => `${JSON.stringify(letter)}\n`).join("")));
    this.count += letters.length;
    this.last = summary(letters.at(-1)!);
  }

  async close(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    await (await file?.catch(() => undefined))?.close();
  }
}

function summary({ at, code, reason, id, tab }: DeadLetter): DeadLetterSummary {
  return { at, code, reason, ...(id !== undefined ? { id } : {}), ...(tab !== undefined ? { tab } : {}) };
}
