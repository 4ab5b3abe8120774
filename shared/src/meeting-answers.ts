import type { Meeting } from "./records/meeting.ts";

/**
 * An attendance answer given before the coordinator moved the meeting was for another day: the
 * popup asks the referent to confirm it again, and the coordinator's view counts that person as
 * not having answered. One rule for both, on `movedFrom` and `changedAt` as sheets-sync
 * remembers them (a cancellation sets `changedAt` without `movedFrom`, and is no move).
 */
export function answeredBeforeMove(meeting: Pick<Meeting, "movedFrom" | "changedAt">, updatedAt: string): boolean {
  return Boolean(meeting.movedFrom && meeting.changedAt && updatedAt < meeting.changedAt);
}
