import { readFile } from "node:fs/promises";
import { z } from "zod";
import { importLegacyFile, StateDatabase } from "../state/database.ts";

/**
 * Where meeting-history.ts keeps its two maps: two tables of the state database, read whole at
 * each annotate (they are the size of the calendar) and changed row by row, only where they
 * differ. The file of the previous version is imported once at open and renamed `.importato`.
 */

/** The history of the previous version, one JSON file written whole. */
export const HISTORY_FILE = "meeting-history.json";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meeting_history (
  meeting_id TEXT PRIMARY KEY,
  start TEXT NOT NULL,               -- the start when last seen
  cancelled INTEGER NOT NULL,
  moved_from TEXT,
  changed_at TEXT
);
CREATE TABLE IF NOT EXISTS meeting_events (
  uid TEXT PRIMARY KEY,              -- the iCalendar UID
  digest TEXT NOT NULL,              -- of what calendars show
  sequence INTEGER NOT NULL,
  start TEXT NOT NULL
);`;

const MeetingEntry = z.object({
  start: z.string(),
  cancelled: z.boolean(),
  movedFrom: z.string().optional(),
  changedAt: z.string().optional(),
});
export type MeetingEntry = z.infer<typeof MeetingEntry>;
const EventEntry = z.object({ digest: z.string(), sequence: z.number().int().min(0), start: z.string() });
export type EventEntry = z.infer<typeof EventEntry>;
const HistoryFile = z.object({
  version: z.literal(1),
  meetings: z.record(z.string(), MeetingEntry),
  events: z.record(z.string(), EventEntry),
});

export interface HistoryState {
  meetings: Record<string, MeetingEntry>;
  events: Record<string, EventEntry>;
}

export function openHistoryTables(stateDir: string): StateDatabase {
  const database = StateDatabase.openIn(stateDir);
  database.db.exec(SCHEMA);
  return database;
}

export function readHistory(database: StateDatabase): HistoryState {
  // Without a prototype: an ID is only ever a key.
  const state: HistoryState = { meetings: Object.create(null), events: Object.create(null) };
  const meetings = database.db.prepare("SELECT meeting_id, start, cancelled, moved_from, changed_at FROM meeting_history").all();
  for (const row of meetings as {
    meeting_id: string;
    start: string;
    cancelled: number;
    moved_from: string | null;
    changed_at: string | null;
  }[]) {
    state.meetings[row.meeting_id] = {
      start: row.start,
      cancelled: row.cancelled === 1,
      ...(row.moved_from === null ? {} : { movedFrom: row.moved_from }),
      ...(row.changed_at === null ? {} : { changedAt: row.changed_at }),
    };
  }
  for (const row of database.db.prepare("SELECT uid, digest, sequence, start FROM meeting_events").all() as (EventEntry & {
    uid: string;
  })[]) {
    state.events[row.uid] = { digest: row.digest, sequence: row.sequence, start: row.start };
  }
  return state;
}

/** Writes the entries of `after` that differ from `before`, deletes those `after` no longer has. */
export function saveHistory(database: StateDatabase, before: HistoryState, after: HistoryState): void {
  const { db } = database;
  const put = writers(database, "REPLACE");
  for (const [id, entry] of Object.entries(after.meetings)) if (!sameEntry(before.meetings[id], entry)) put.meeting(id, entry);
  for (const [uid, event] of Object.entries(after.events)) if (!sameEntry(before.events[uid], event)) put.event(uid, event);
  const dropMeeting = db.prepare("DELETE FROM meeting_history WHERE meeting_id = ?");
  for (const id of Object.keys(before.meetings)) if (!(id in after.meetings)) dropMeeting.run(id);
  const dropEvent = db.prepare("DELETE FROM meeting_events WHERE uid = ?");
  for (const uid of Object.keys(before.events)) if (!(uid in after.events)) dropEvent.run(uid);
}

/** Writes one entry; on a key the table has, REPLACE keeps the entry, IGNORE the table's. */
function writers(database: StateDatabase, onConflict: "REPLACE" | "IGNORE") {
  const meeting = database.db.prepare(
    `INSERT OR ${onConflict} INTO meeting_history (meeting_id, start, cancelled, moved_from, changed_at) VALUES (?, ?, ?, ?, ?)`,
  );
  const event = database.db.prepare(`INSERT OR ${onConflict} INTO meeting_events (uid, digest, sequence, start) VALUES (?, ?, ?, ?)`);
  return {
    meeting: (id: string, entry: MeetingEntry) =>
      meeting.run(id, entry.start, entry.cancelled ? 1 : 0, entry.movedFrom ?? null, entry.changedAt ?? null),
    event: (uid: string, entry: EventEntry) => event.run(uid, entry.digest, entry.sequence, entry.start),
  };
}

function sameEntry<T extends object>(a: T | undefined, b: T): boolean {
  if (!a) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key as keyof T] === b[key as keyof T]);
}

/** meeting-history.json: what the database holds already wins. */
export async function importLegacyHistory(database: StateDatabase, stateDir: string, log: (message: string) => void): Promise<void> {
  await importLegacyFile(
    database,
    stateDir,
    HISTORY_FILE,
    (text) => {
      const history = parseJson(text, HistoryFile);
      // Written atomically, so this is a hand edit or another program: start again rather than
      // refuse to serve; the SEQUENCEs restart, which calendars may ignore until the next change.
      if (!history) return log(`${HISTORY_FILE} non è leggibile: la memoria delle riunioni riparte da zero`);
      const put = writers(database, "IGNORE");
      for (const [id, entry] of Object.entries(history.meetings)) put.meeting(id, entry);
      for (const [uid, entry] of Object.entries(history.events)) put.event(uid, entry);
    },
    (path) => readFile(path, "utf8"),
  );
}

function parseJson<T>(text: string, schema: z.ZodType<T>): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
