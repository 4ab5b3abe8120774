import { addMonths, buildCalendar, meetingsToIcs, romeYearMonth } from "@rete-urp/shared";
import { clockFor } from "../clock.ts";
import type { StoreFlags } from "../config.ts";
import { decodeSheet } from "../sheet/sheet-data.ts";
import { withStore } from "./with-store.ts";

/** The meetings from a year back to two years ahead, as an iCalendar file on stdout. */
export async function icsCommand(flags: StoreFlags): Promise<void> {
  await withStore(flags, async (store, config) => {
    const data = decodeSheet(await store.readAll());
    const now = clockFor(config).now();
    const calendar = buildCalendar(data.sheetMeetings, data.settings, addMonths(romeYearMonth(now), -12), 36);
    process.stdout.write(meetingsToIcs(calendar, { now }));
  });
}
