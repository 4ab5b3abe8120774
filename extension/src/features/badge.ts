import { involvesEnte, nextMeeting, type Project, romeIsoDate, type Snapshot, stepDueSoon } from "@rete-urp/shared";
import { badgeText, formatDeadline, formatLongDate, upcomingUrgent } from "../lib/format";
import type { Translator } from "../lib/i18n";

/**
 * The toolbar badge, so staff notice things without opening the popup:
 * - the time to the next meeting ("5g", "oggi", "2h"), teal; nothing for one more than two weeks
 *   away (BADGE_DAYS, in shared/src/meeting-rule.ts), which the tooltip names by its day;
 * - red when an urgent meeting is coming (whatever else is true);
 * - otherwise orange when a publication for my ente is overdue, with a "!" after the time when
 *   it fits in the badge's four characters ("5g!", "oggi" stays "oggi"), or "!" alone when no
 *   meeting is coming. The tooltip says it in words;
 * - the same "!" and orange when the next step of a project of my ente (Enti coinvolti names it,
 *   or is empty) is due within three days (PROJECT_STEP_SOON_DAYS), named in the tooltip.
 * The next meeting is recomputed from `meetings` at each alarm, since the snapshot's own
 * `nextMeeting` ages.
 */

export const BADGE_COLORS = { normal: "#0f766e", urgent: "#dc2626", overdue: "#c2410c" } as const;
const MAX_BADGE = 4;

interface BadgeState {
  text: string;
  color: string;
  title: string;
}

/** The projects of my ente whose next step is due within PROJECT_STEP_SOON_DAYS, on `now`'s Rome day. */
export function stepsDueSoon(snapshot: Pick<Snapshot, "projects" | "me">, now: Date): Project[] {
  const today = romeIsoDate(now);
  return snapshot.projects.filter((project) => involvesEnte(project, snapshot.me.ente) && stepDueSoon(project, today));
}

export function badgeState(snapshot: Omit<Snapshot, "practices"> | undefined, now: Date, t: Translator): BadgeState {
  const meeting = snapshot ? nextMeeting(snapshot.meetings, now) : null;
  const urgent = snapshot ? upcomingUrgent(snapshot.meetings, now).length > 0 : false;
  const overdue = snapshot?.publications.filter((publication) => publication.overdue).length ?? 0;
  const steps = snapshot ? stepsDueSoon(snapshot, now) : [];
  const attention = overdue + steps.length;
  const when = meeting ? badgeText(meeting, now, t) : "";
  let text = when;
  if (attention > 0) text = !when ? "!" : when.length < MAX_BADGE ? `${when}!` : when;
  const color = urgent ? BADGE_COLORS.urgent : attention > 0 ? BADGE_COLORS.overdue : BADGE_COLORS.normal;
  const parts = [t("extensionName")];
  // A meeting too far ahead for the badge to count: the tooltip gives its day.
  if (meeting) parts.push(t("badgeTitle", when || formatLongDate(meeting.start, t.locale)));
  if (overdue > 0) parts.push(overdue === 1 ? t("badgeOverdueOne") : t("badgeOverdueMany", overdue));
  for (const project of steps) parts.push(t("badgeProjectStep", project.title, formatDeadline(project.deadline, now, t)));
  return { text, color, title: parts.join(" — ") };
}

export async function updateBadge(snapshot: Omit<Snapshot, "practices"> | undefined, now: Date, t: Translator): Promise<void> {
  const { text, color, title } = badgeState(snapshot, now, t);
  await chrome.action.setBadgeText({ text });
  await chrome.action.setBadgeBackgroundColor({ color });
  // setBadgeTextColor exists from Chrome 110; white reads on all three colours.
  await chrome.action.setBadgeTextColor?.({ color: "#ffffff" });
  await chrome.action.setTitle({ title });
}
