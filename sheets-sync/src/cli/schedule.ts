import { randomUUID } from "node:crypto";
import { encodeSheetMeeting, monthKey, type PlainDate, ruleOccurrences, ruleSheetMeeting } from "@rete-urp/shared";
import { z } from "zod";
import type { StoreFlags } from "../config.ts";
import { UsageError } from "../errors.ts";
import { plural } from "../plural.ts";
import { decodeSheet } from "../sheet/sheet-data.ts";
import { withStateLease } from "../state/state-lease.ts";
import { withStore } from "./with-store.ts";

const ScheduleFlags = z.object({
  from: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "usa AAAA-MM, per esempio 2027-01"),
  count: z.coerce.number().int().min(1).max(60),
});

/** Appends the rule's next `count` ordinary meetings from `from` whose month has no Ordinaria row. */
export async function scheduleCommand(flags: StoreFlags & { from: string; count: string }): Promise<void> {
  const parsed = ScheduleFlags.safeParse(flags);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`--${String(issue.path[0])}: ${issue.message}`);
  }
  const [year, month] = parsed.data.from.split("-").map(Number) as [number, number];
  await withStore(flags, async (store, config) => {
    let dates: PlainDate[] = [];
    let taken = new Set<string>();
    // Decided on the sheet as it is under the workbook lock: two `schedule`s at once (or one beside
    // the service's writes) give what running them one after the other gives. On Google, which has
    // no such lock, a lease in the state database orders the `schedule`s sharing a state dir.
    const rows = await withStateLease(config.stateDir, "schedule", () =>
      store.appendDecided("Riunioni", (tabs) => {
        const data = decodeSheet(tabs);
        const { settings } = data;
        // Enough months to find `count` rule meetings, however sparse Mesi riunioni is.
        dates = ruleOccurrences(settings, { year, month }, parsed.data.count * 12).slice(0, parsed.data.count);
        taken = new Set(data.sheetMeetings.filter((m) => m.kind === "ordinary").map((m) => monthKey(m.date)));
        return dates
          .filter((date) => !taken.has(monthKey(date)))
          .map((date) => encodeSheetMeeting(ruleSheetMeeting(date, settings, randomUUID())));
      }),
    );
    for (const date of dates) {
      const label = `${String(date.day).padStart(2, "0")}/${String(date.month).padStart(2, "0")}/${date.year}`;
      console.log(taken.has(monthKey(date)) ? `${label}: già nel foglio` : `${label}: aggiunta`);
    }
    console.error(`${plural(rows.length, "riunione aggiunta", "riunioni aggiunte")}`);
  });
}
