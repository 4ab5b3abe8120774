import { TAB_NAMES } from "@rete-urp/shared";
import { z } from "zod";
import type { DeadLetter } from "./dead-letters.ts";
import type { PendingWrite, TornTail } from "./journal.ts";

/**
 * What a journal entry must be to be applied, checked wherever entries come from outside this
 * process's own add(): the rows read back from the database at open (a row edited by hand) and
 * the NDJSON files of the previous version, imported once. An entry that fails the check can
 * never apply: it becomes a dead letter with the reason, never dropped.
 */

const AppendEntry = z.object({
  op: z.literal("append"),
  id: z.string(),
  tab: z.enum(TAB_NAMES),
  row: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  result: z.unknown(),
  at: z.string(),
  mode: z.enum(["append", "upsert"]),
});
const DoneEntry = z.object({ op: z.literal("done"), id: z.string(), at: z.string() });
const DeadEntry = z.object({ op: z.literal("dead"), id: z.string(), at: z.string() });
const Entry = z.discriminatedUnion("op", [AppendEntry, DoneEntry, DeadEntry]);
type Entry = z.infer<typeof Entry>;

/** An entry checked: usable, or the dead letter it becomes (stamped `at`). */
export function checkEntry(json: unknown, at: string): { entry: Entry } | { letter: DeadLetter } {
  const parsed = Entry.safeParse(json);
  if (parsed.success) return { entry: parsed.data };
  // A well-formed entry whose only fault is its tab (written by hand) is told apart: its tab is
  // what the coordinator has to look at.
  const issues = parsed.error.issues.filter((issue) => !(issue.path.length === 1 && issue.path[0] === "tab"));
  const { id, tab } = (typeof json === "object" && json !== null ? json : {}) as { id?: unknown; tab?: unknown };
  if (issues.length === 0 && typeof tab === "string" && typeof id === "string") {
    return { letter: { at, code: "tab_unknown", reason: `La scheda "${tab}" non fa parte del foglio`, id, tab, entry: json } };
  }
  const issue = issues[0] ?? parsed.error.issues[0];
  return {
    letter: { at, code: "invalid_entry", reason: `Voce del journal non valida: ${issue?.path.join(".")} ${issue?.message}`, entry: json },
  };
}

export function pendingOf(entry: Extract<Entry, { op: "append" }>): PendingWrite {
  const { id, tab, row, result, at, mode } = entry;
  return { id, tab, row, result, at, mode };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * `journal.ndjson` of earlier versions, replayed: the writes still pending (an append with no
 * later done or dead line), in order; the lines that can never apply; and the torn tail, what
 * follows the last newline plus a last line that is not JSON, a write a crash interrupted and
 * no client was ever answered for (answers waited for the fsync of whole lines).
 */
export function readLegacyJournal(text: string, at: string): { pending: PendingWrite[]; letters: DeadLetter[]; tornTail: TornTail | null } {
  let whole = text.lastIndexOf("\n") + 1;
  let tornLines = whole < text.length ? 1 : 0;
  if (whole > 0) {
    const lastStart = text.lastIndexOf("\n", whole - 2) + 1;
    const last = text.slice(lastStart, whole - 1);
    if (last.trim() !== "" && !isJson(last)) {
      whole = lastStart;
      tornLines++;
    }
  }
  const tornTail = tornLines > 0 ? { lines: tornLines, bytes: Buffer.byteLength(text.slice(whole)) } : null;
  const pending = new Map<string, PendingWrite>();
  const settled = new Set<string>();
  const letters: DeadLetter[] = [];
  for (const line of text.slice(0, whole).split("\n")) {
    if (line.trim() === "") continue;
    if (!isJson(line)) {
      letters.push({ at, code: "unreadable_line", reason: "Riga del journal illeggibile (non è JSON)", line });
      continue;
    }
    const checked = checkEntry(JSON.parse(line), at);
    if ("letter" in checked) {
      letters.push(checked.letter);
      continue;
    }
    const { entry } = checked;
    if (entry.op === "append") {
      // The first append of an id wins, as it did when the file was the journal.
      if (!pending.has(entry.id) && !settled.has(entry.id)) pending.set(entry.id, pendingOf(entry));
    } else if (pending.delete(entry.id)) {
      settled.add(entry.id);
    }
  }
  return { pending: [...pending.values()], letters, tornTail };
}

/**
 * `dead-letters.ndjson` of earlier versions: one letter a whole line. A torn last line was a
 * move a crash interrupted, its entry still in the journal, so it is left out; a whole line
 * that is not a letter (written by hand) is kept as its text, nothing is dropped.
 */
export function readLegacyDeadLetters(text: string, at: string): DeadLetter[] {
  const whole = text.slice(0, text.lastIndexOf("\n") + 1);
  return whole
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const letter = (isJson(line) ? JSON.parse(line) : undefined) as Partial<DeadLetter> | undefined;
      const usable =
        typeof letter === "object" && letter !== null && [letter.at, letter.code, letter.reason].every((v) => typeof v === "string");
      return usable ? (letter as DeadLetter) : { at, code: "unreadable_line", reason: "Riga delle dead letters illeggibile", line };
    });
}
