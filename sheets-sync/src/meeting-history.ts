import { createHash } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { eventContent, type Meeting, meetingUids } from "@rete-urp/shared";
import { z } from "zod";
import { writeFileAtomic } from "./stores/atomic-file.ts";

/**
 * What sheets-sync remembers of the meetings it has served, so that a change to one is not
 * silent (issue 12.2 and 12.8): the sheet only says how a meeting is now, not how it was.
 *
 * Two maps, in `<stateDir>/meeting-history.json` (written atomically, and only when it changes):
 *
 * - `meetings`, by meeting ID (what answers and proposals point at): the start it had when last
 *   seen and whether it was cancelled. When the start differs the meeting was moved: `movedFrom`
 *   is the start before, `changedAt` the moment the service saw it. A meeting that becomes
 *   cancelled (or is restored) gets `changedAt` too. A meeting seen for the first time is never
 *   flagged, so the first run (no file) flags nothing. A rule meeting `rule-YYYY-MM` replaced by
 *   the coordinator's `Ordinaria` row of that month hands its entry to the row (the same row
 *   `meetingAliases` in network-jobs.ts moves the answers to): a row at another date or time is
 *   moved from the rule's start, one at the same start is not.
 * - `events`, by iCalendar UID (what calendar apps key on): a digest of what the calendar shows
 *   (`eventContent`) and the SEQUENCE, 0 at first sight and +1 each time that content changes,
 *   never on a read that changes nothing. Keyed by UID, not by meeting, because a UID can pass
 *   from the rule meeting to the sheet row, and a calendar ignores an update whose SEQUENCE is
 *   not higher than the one it has.
 *
 * Entries for meetings or UIDs no longer in the calendar are kept while their start is inside
 * the calendar window (a row skipped for a typo, or deleted by mistake, keeps its history when
 * it comes back) and forgotten once it has left it, so the file stays the size of the calendar.
 *
 * It replaces `calendar-sequences.json` (the feed's SEQUENCE per UID, computed at each fetch):
 * when the new file is missing, the old one's SEQUENCEs are taken over, so calendars that saw a
 * high SEQUENCE do not ignore the next change; the old file is removed once the new is written.
 */

export const HISTORY_FILE = "meeting-history.json";
export const LEGACY_SEQUENCES_FILE = "calendar-sequences.json";

const MeetingEntry = z.object({
  start: z.string(),
  cancelled: z.boolean(),
  movedFrom: z.string().optional(),
  changedAt: z.string().optional(),
});
type MeetingEntry = z.infer<typeof MeetingEntry>;
const EventEntry = z.object({ digest: z.string(), sequence: z.number().int().min(0), start: z.string() });
const HistoryFile = z.object({
  version: z.literal(1),
  meetings: z.record(z.string(), MeetingEntry),
  events: z.record(z.string(), EventEntry),
});
type HistoryState = z.infer<typeof HistoryFile>;

const LegacySequences = z.record(z.string(), z.object({ digest: z.string(), sequence: z.number().int().min(0) }));

/** A digest taken over from calendar-sequences.json, in that file's own terms (see legacyDigest). */
const LEGACY = "legacy:";

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

const contentDigest = (meeting: Meeting) => sha1(eventContent(meeting).join("\n"));

/** The digest calendar-sequences.json kept: to tell whether a taken-over event has changed since. */
function legacyDigest(meeting: Meeting): string {
  const { start, end, status, location, videoUrl, agendaUrl, notes, source } = meeting;
  return sha1(JSON.stringify([start, end, status, location, videoUrl, agendaUrl, notes, source]));
}

/** The IDs sheet-data.ts gives rows the coordinator typed without one, until their UUID is written. */
const PROVISIONAL_ID = /^nuovo-/;

const isNotFound = (error: unknown) => (error as NodeJS.ErrnoException).code === "ENOENT";

export interface MeetingHistoryOptions {
  log?: (message: string) => void;
  /** The moment of opening: taken-over events are kept from it as if just seen. */
  now?: Date;
}

export class MeetingHistory {
  private saving: Promise<void> = Promise.resolve();
  /** The last save failed: the next annotate saves again even when nothing changed. */
  private unsaved = false;

  private constructor(
    readonly path: string,
    private state: HistoryState,
    private readonly log: (message: string) => void,
    /** calendar-sequences.json, taken over: removed after the first save of the new file. */
    private legacyPath: string | undefined,
  ) {}

  /** An empty memory kept only in this process (tests; a service without a state dir). */
  static inMemory(): MeetingHistory {
    return new MeetingHistory("", { version: 1, meetings: {}, events: {} }, () => {}, undefined);
  }

  static async open(stateDir: string, { log = () => {}, now = new Date() }: MeetingHistoryOptions = {}): Promise<MeetingHistory> {
    const path = join(stateDir, HISTORY_FILE);
    const empty = (): HistoryState => ({ version: 1, meetings: {}, events: {} });
    let text: string | undefined;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    if (text !== undefined) {
      const parsed = safeJson(text, HistoryFile);
      if (parsed) return new MeetingHistory(path, parsed, log, undefined);
      // Written atomically, so this is a hand edit or another program: start again rather than
      // refuse to serve; the SEQUENCEs restart, which calendars may ignore until the next change.
      log(`${path} non è leggibile: la memoria delle riunioni riparte da zero`);
      return new MeetingHistory(path, empty(), log, undefined);
    }
    const legacyPath = join(stateDir, LEGACY_SEQUENCES_FILE);
    let legacyText: string | undefined;
    try {
      legacyText = await readFile(legacyPath, "utf8");
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    const legacy = legacyText === undefined ? undefined : safeJson(legacyText, LegacySequences);
    const state = empty();
    for (const [uid, { digest, sequence }] of Object.entries(legacy ?? {})) {
      state.events[uid] = { digest: `${LEGACY}${digest}`, sequence, start: now.toISOString() };
    }
    return new MeetingHistory(path, state, log, legacyText === undefined ? undefined : legacyPath);
  }

  /**
   * The calendar with each meeting's `sequence` and, when it has any, `movedFrom` and
   * `changedAt`; remembers what it saw (saved in the background when something changed).
   * `windowStart` is the start of the calendar window: what left the calendar before it is
   * forgotten.
   */
  annotate(calendar: readonly Meeting[], now: Date, windowStart: Date): Meeting[] {
    const { meetings, events } = this.state;
    const at = now.toISOString();
    let changed = false;
    const present = new Set(calendar.map((meeting) => meeting.id));

    const adopt = (fromId: string, toId: string, entry: MeetingEntry) => {
      meetings[toId] = entry;
      delete meetings[fromId];
      changed = true;
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
        changed = true;
      } else if (!judged.has(meeting.id)) {
        if (Date.parse(entry.start) !== Date.parse(meeting.start)) {
          entry.movedFrom = entry.start;
          entry.start = meeting.start;
          entry.changedAt = at;
          changed = true;
        }
        if (entry.cancelled !== cancelled) {
          entry.cancelled = cancelled;
          entry.changedAt = at;
          changed = true;
        }
      }
      judged.add(meeting.id);

      const uid = uids.get(meeting) ?? "";
      const digest = contentDigest(meeting);
      let event = events[uid];
      if (!event) {
        event = { digest, sequence: 0, start: meeting.start };
        changed = true;
      } else if (event.digest !== digest) {
        const unchangedSinceTakeover = event.digest === `${LEGACY}${legacyDigest(meeting)}`;
        event = { digest, sequence: unchangedSinceTakeover ? event.sequence : event.sequence + 1, start: meeting.start };
        changed = true;
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
        changed = true;
      }
    }
    const served = new Set(uids.values());
    for (const [uid, event] of Object.entries(events)) {
      if (!served.has(uid) && !keep(event.start)) {
        delete events[uid];
        changed = true;
      }
    }

    if (changed || this.unsaved) this.save();
    return annotated;
  }

  /** Resolves once every save asked for so far has been attempted. */
  flush(): Promise<void> {
    return this.saving;
  }

  private save(): void {
    if (!this.path) return;
    // The text now: later annotates change the state while this write waits its turn.
    const text = `${JSON.stringify(this.state)}\n`;
    this.saving = this.saving.then(async () => {
      try {
        await writeFileAtomic(this.path, text);
        this.unsaved = false;
      } catch (error) {
        this.unsaved = true;
        this.log(`memoria delle riunioni non salvata (${this.path}): ${(error as Error).message}`);
        return;
      }
      if (this.legacyPath) {
        const legacyPath = this.legacyPath;
        this.legacyPath = undefined;
        await rm(legacyPath, { force: true }).catch(() => {});
      }
    });
  }
}

function safeJson<T>(text: string, schema: z.ZodType<T>): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
