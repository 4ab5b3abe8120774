import { nextMeeting, type Snapshot } from "@rete-urp/shared";
import { badgeText, upcomingUrgent } from "../lib/format";
import type { Translator } from "../lib/i18n";

/**
 * The toolbar badge: time to the next meeting ("5g", "oggi", "2h"), red when an urgent
 * meeting is coming, so staff notice it without opening the popup. The next meeting is
 * recomputed from `meetings` at each alarm, since the snapshot's own `nextMeeting` ages.
 */

const NORMAL = "#0f766e";
const URGENT = "#dc2626";

export async function updateBadge(snapshot: Snapshot | undefined, now: Date, t: Translator): Promise<void> {
  const meeting = snapshot ? nextMeeting(snapshot.meetings, now) : null;
  const urgent = snapshot ? upcomingUrgent(snapshot.meetings, now).length > 0 : false;
  await chrome.action.setBadgeText({ text: meeting ? badgeText(meeting, now, t) : "" });
  await chrome.action.setBadgeBackgroundColor({ color: urgent ? URGENT : NORMAL });
  // setBadgeTextColor exists from Chrome 110; white reads on both colours.
  await chrome.action.setBadgeTextColor?.({ color: "#ffffff" });
  const title = meeting ? `${t("extensionName")} — ${t("badgeTitle", badgeText(meeting, now, t))}` : t("extensionName");
  await chrome.action.setTitle({ title });
}
