import type { Meeting } from "@rete-urp/shared";
import { DAY_MS } from "@rete-urp/shared/schema-free";

/**
 * What changed in the network's meetings, as the popup and the reminders tell it
 * (docs/extension.md, "What staff see"). sheets-sync marks each meeting with `movedFrom` and
 * `changedAt` when it sees the coordinator move or cancel it.
 */

/** How long a cancellation stays on screen: long enough to be seen, gone before it is noise. */
export const CANCELLED_SHOWN_DAYS = 7;

/**
 * Cancelled meetings still worth saying so: their day is still ahead, and they were cancelled
 * in the last CANCELLED_SHOWN_DAYS days (or, when the service did not see the moment, their day
 * is at most that far ahead). Soonest first.
 */
export function recentlyCancelled(meetings: readonly Meeting[], now: Date): Meeting[] {
  const time = now.getTime();
  return meetings
    .filter((meeting) => {
      if (meeting.status !== "cancelled" || Date.parse(meeting.end) <= time) return false;
      const since = meeting.changedAt ? Date.parse(meeting.changedAt) : Date.parse(meeting.start) - CANCELLED_SHOWN_DAYS * DAY_MS;
      return time >= since && time - since <= CANCELLED_SHOWN_DAYS * DAY_MS;
    })
    .sort((a, b) => a.start.localeCompare(b.start));
}
