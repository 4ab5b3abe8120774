import { createHash } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { eventContent, type Meeting, meetingUids } from "@rete-urp/shared";
import type { StateDatabase } from "../state/database.ts";
import {
  type HistoryState,
  importLegacyHistory,
  type MeetingEntry,
  openHistoryTables,
  readHistory,
  saveHistory,
} from "./meeting-history-tables.ts";

export { HISTORY_FILE } from "./meeting-history-tables.ts";

/**
 * What sheets-sync remembers of the meetings it has served, so that a change to one is not
 * silent: the sheet only says how a meeting is now, not how it was.
 *
 * Two maps, in tables of the state database (meeting-history-tables.ts), changed only when
 * something changed:
 *
 * - `meetings`, by meeting ID (what answers and proposals point at): the start it had when last
 *   seen and whether it was cancelled. When the start differs the meeting was moved: `movedFrom`
 *   is the start before, `changedAt` the moment the service saw it. A meeting that becomes
 *   cancelled (or is restored) gets `changedAt` too. A meeting seen for the first time is never
 *   flagged, so the first run (nothing remembered) flags nothing. A rule meeting `rule-YYYY-MM`
 *   replaced by the coordinator's `Ordinaria` row of that month hands its entry to the row (the
 *   same row `meetingAliases` in network-jobs.ts moves the answers to): a row at another date or
 *   time is moved from the rule's start, one at the same start is not.
 * - `events`, by iCalendar UID (what calendar apps key on): a digest of what the calendar shows
 *   (`eventContent`) and the SEQUENCE, 0 at first sight and +1 each time that content changes,
 *   never on a read that changes nothing. Keyed by UID, not by meeting, because a UID can pass
 *   from the rule meeting to the sheet row, and a calendar ignores an update whose SEQUENCE is
 *   not higher than the one it has.
 *
 * Entries for meetings or UIDs no longer in the calendar are kept while their start is inside
 * the calendar window (a row skipped for a typo, or deleted by mistake, keeps its history when
 * it comes back) and forgotten once it has left it, so the tables stay the size of the calendar.
 */

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

const contentDigest = (meeting: Meeting) => sha1(eventContent(meeting).join("\n"));

/** The IDs sheet-data.ts gives rows the coordinator typed without one, until their UUID is written. */
const PROVISIONAL_ID = /^nuovo-/;

export interface MeetingHistoryOptions {
  log?: (message: string) => void;
}

export class MeetingHistory {
  private constructor(
    /** Undefined for a memory kept only in this process. */
    private readonly database: StateDatabase | undefined,
    private readonly memory: HistoryState,
    private readonly log: (message: string) => void,
  ) {}

  /** An empty memory kept only in this process (tests; a service without a state dir). */
  static inMemory(): MeetingHistory {
    return new MeetingHistory(undefined, { meetings: {}, events: {} }, () => {});
  }

  static async open(stateDir: string, { log = () => {} }: MeetingHistoryOptions = {}): Promise<MeetingHistory> {
    await mkdir(stateDir, { recursive: true });
    const database = openHistoryTables(stateDir);
    try {
      await importLegacyHistory(database, stateDir, log);
    } catch (error) {
      database.close();
      throw error;
    }
    return new MeetingHistory(database, { meetings: {}, events: {} }, log);
  }

  /**
   * The calendar with each meeting's `sequence` and, when it has any, `movedFrom` and
   * `changedAt`; remembers what it saw (in one transaction, only what changed). `windowStart` is
   * the start of the calendar window: what left the calendar before it is forgotten.
   */
  annotate(calendar: readonly Meeting[], now: Date, windowStart: Date): Meeting[] {
    const database = this.database;
    if (!database) return annotateState(this.memory, calendar, now, windowStart);
    try {
      return database.transaction(() => {
        const state = readHistory(database);
        const annotated = annotateState(state, calendar, now, windowStart);
        saveHistory(database, readHistory(database), state);
        return annotated;
      });
    } catch (error) {
      // Served all the same: nothing of it was kept, so the next read finds the change again.
      this.log(`memoria delle riunioni non salvata (${database.path}): ${(error as Error).message}`);
      return annotateState(readOrForget(database), calendar, now, windowStart);
    }
  }

  close(): void {
    this.database?.close();
  }
}

function readOrForget(database: StateDatabase): HistoryState {
  try {
    return readHistory(database);
  } catch {
    return { meetings: {}, events: {} };
  }
}

/** Annotates the calendar and changes `state` to what is to be remembered of it. */
function annotateState({ meetings, events }: HistoryState, calendar: readonly Meeting[], now: Date, windowStart: Date): Meeting[] {
  const at = now.toISOString();
  const present = new Set(calendar.map((meeting) => meeting.id));

  const adopt = (fromId: string, toId: string, entry: MeetingEntry) => {
    meetings[toId] = entry;
    delete meetings[fromId];
  };
  // A row typed without an ID is served under a provisional one until its UUID is written
  // (sheet-data.ts), which can take as long as the coordinator keeps the file open: the row
  // under its UUID is the meeting remembered under the provisional ID at the same start.
  const provisional = Object.keys(meetings).filter((id) => PROVISIONAL_ID.test(id) && !present.has(id));
  for (const meeting of provisional.length > 0 ? calendar : []) {
    if (meeting.source !== "sheet" || meetings[meeting.id]) continue;
    const index = provisional.findIndex((id) => Date.parse(meetings[id]?.start ?? "") === Date.parse(meeting.start));
    const [id] = index < 0 ? [] : provisional.splice(index, 1);
    const entry = id === undefined ? undefined : meetings[id];
    if (id !== undefined && entry) adopt(id, meeting.id, entry);
  }
  // A rule meeting replaced by the month's Ordinaria row: the row carries on its history (the
  // last such row of the month, as meetingAliases in network-jobs.ts picks it for the answers).
  const replacing = new Map<string, string>();
  for (const meeting of calendar) {
    if (meeting.source === "sheet" && meeting.kind === "ordinary") replacing.set(`rule-${meeting.start.slice(0, 7)}`, meeting.id);
  }
  for (const [ruleId, rowId] of replacing) {
    const rule = meetings[ruleId];
    if (rule && !present.has(ruleId) && !meetings[rowId]) adopt(ruleId, rowId, rule);
  }

  const uids = meetingUids(calendar);
  const judged = new Set<string>();
  const annotated = calendar.map((meeting): Meeting => {
    const cancelled = meeting.status === "cancelled";
    let entry = meetings[meeting.id];
    if (!entry) {
      entry = { start: meeting.start, cancelled };
      meetings[meeting.id] = entry;
    } else if (!judged.has(meeting.id)) {
      if (Date.parse(entry.start) !== Date.parse(meeting.start)) {
        entry.movedFrom = entry.start;
        entry.start = meeting.start;
        entry.changedAt = at;
      }
      if (entry.cancelled !== cancelled) {
        entry.cancelled = cancelled;
        entry.changedAt = at;
      }
    }
    judged.add(meeting.id);

    const uid = uids.get(meeting) ?? "";
    const digest = contentDigest(meeting);
    let event = events[uid];
    if (!event) {
      event = { digest, sequence: 0, start: meeting.start };
    } else if (event.digest !== digest) {
      event = { digest, sequence: event.sequence + 1, start: meeting.start };
    }
    events[uid] = event;

    return {
      ...meeting,
      ...(entry.movedFrom === undefined ? {} : { movedFrom: entry.movedFrom }),
      ...(entry.changedAt === undefined ? {} : { changedAt: entry.changedAt }),
      sequence: event.sequence,
    };
  });

  // Bounded: what is not in the calendar is kept only while its start is inside the window.
  const horizon = windowStart.getTime();
  const keep = (start: string) => Date.parse(start) >= horizon;
  for (const [id, entry] of Object.entries(meetings)) {
    if (!present.has(id) && !keep(entry.start)) {
      delete meetings[id];
    }
  }
  const served = new Set(uids.values());
  for (const [uid, event] of Object.entries(events)) {
    if (!served.has(uid) && !keep(event.start)) {
      delete events[uid];
    }
  }

  return annotated;
}
