import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type Meeting, meetingUid, meetingsToIcs } from "@rete-urp/shared";
import { z } from "zod";
import { writeFileAtomic } from "./stores/atomic-file.ts";

/**
 * The calendar feed's memory of what it served: per UID, a digest of the event and its
 * SEQUENCE, bumped whenever the meeting changes (moved, cancelled, confirmed), as RFC 5545 asks
 * so that Google Calendar and Outlook replace the event rather than keep the old copy.
 */

const Sequences = z.record(z.string(), z.object({ digest: z.string(), sequence: z.number().int().min(0) }));

export class CalendarFeed {
  private sequences: z.infer<typeof Sequences> | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  static inStateDir(stateDir: string): CalendarFeed {
    return new CalendarFeed(join(stateDir, "calendar-sequences.json"));
  }

  async render(meetings: readonly Meeting[], now: Date): Promise<string> {
    const sequences = await this.load();
    let changed = false;
    for (const meeting of meetings) {
      const uid = meetingUid(meeting);
      const { start, end, status, location, videoUrl, agendaUrl, notes, source } = meeting;
      const digest = createHash("sha1").update(JSON.stringify([start, end, status, location, videoUrl, agendaUrl, notes, source])).digest("hex");
      const known = sequences[uid];
      if (!known) {
        sequences[uid] = { digest, sequence: 0 };
        changed = true;
      } else if (known.digest !== digest) {
        sequences[uid] = { digest, sequence: known.sequence + 1 };
        changed = true;
      }
    }
    if (changed) await this.save(sequences);
    return meetingsToIcs(meetings, { now, calendarName: "Rete URP Bassa Romagna", sequence: (uid) => sequences[uid]?.sequence ?? 0 });
  }

  private async load() {
    if (this.sequences) return this.sequences;
    try {
      const parsed = Sequences.safeParse(JSON.parse(await readFile(this.path, "utf8")));
      this.sequences = parsed.success ? parsed.data : {};
    } catch {
      this.sequences = {};
    }
    return this.sequences;
  }

  private save(sequences: z.infer<typeof Sequences>): Promise<void> {
    this.saving = this.saving.then(() => writeFileAtomic(this.path, JSON.stringify(sequences)));
    return this.saving;
  }
}
