import type { Meeting, Snapshot } from "@rete-urp/shared";
import { formatDate, formatLongDate, formatTimeRange, upcomingUrgent } from "../lib/format";
import type { Translator } from "../lib/i18n";
import { recentlyCancelled } from "../lib/meeting-changes";
import { forgetExpiredNotifications, markNotified, wasNotified } from "../lib/storage";
import { stepsDueSoon } from "./badge";

/**
 * Reminders: the day before, an hour before, and at once for a new urgent meeting
 * (docs/extension.md, "In the background").
 * Each fires once: the worker dies and restarts many times a day, so what was shown is
 * remembered in storage (`notified:<key>`), and the key carries the start time, so a meeting
 * moved to another day is announced again. Memories expire when the meeting is over.
 */

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

function iconUrl(): string {
  // Plasmo renames the icons (icon128.plasmo.<hash>.png): take the path from the manifest.
  const icons = chrome.runtime.getManifest().icons ?? {};
  const path = icons["128"] ?? Object.values(icons).at(-1) ?? "";
  return chrome.runtime.getURL(path);
}

function describe(meeting: Meeting, t: Translator): string {
  const when = `${formatLongDate(meeting.start, t.locale)}, ${formatTimeRange(meeting, t.locale)}`;
  return meeting.location ? `${when}\n${meeting.location}` : when;
}

interface Reminder {
  key: string;
  title: string;
  meeting: Meeting;
  /** Keys that this reminder makes pointless (an hour-before replaces a missed day-before). */
  supersedes: string[];
  /** Instead of the meeting's day and place (a move says where it was). */
  message?: string;
  /** Shown only to those who had a reminder of the meeting with one of these keys. */
  onlyAfter?: string[];
}

/** The reminders a meeting may have had: a cancellation is announced to those who had one. */
const reminderKeys = (meeting: Meeting) => ["urgent", "day", "hour"].map((kind) => `${kind}:${meeting.id}:${meeting.start}`);

function remindersDue(meetings: readonly Meeting[], now: Date, t: Translator): Reminder[] {
  const due: Reminder[] = [];
  for (const meeting of recentlyCancelled(meetings, now)) {
    due.push({
      key: `cancelled:${meeting.id}:${meeting.start}`,
      title: t("notifyCancelledTitle"),
      meeting,
      supersedes: [],
      onlyAfter: reminderKeys(meeting),
    });
  }
  for (const meeting of meetings) {
    // A move is announced once per new date, while the meeting is still ahead.
    if (!meeting.movedFrom || meeting.status === "cancelled" || Date.parse(meeting.end) <= now.getTime()) continue;
    const message = `${describe(meeting, t)}\n${t("meetingMoved", formatLongDate(meeting.movedFrom, t.locale))}`;
    due.push({ key: `moved:${meeting.id}:${meeting.start}`, title: t("notifyMovedTitle"), meeting, supersedes: [], message });
  }
  for (const meeting of upcomingUrgent(meetings, now)) {
    due.push({ key: `urgent:${meeting.id}:${meeting.start}`, title: t("notifyUrgentTitle"), meeting, supersedes: [] });
  }
  for (const meeting of meetings) {
    if (meeting.status === "cancelled") continue;
    const until = Date.parse(meeting.start) - now.getTime();
    if (until <= 0) continue;
    const dayKey = `day:${meeting.id}:${meeting.start}`;
    const hourKey = `hour:${meeting.id}:${meeting.start}`;
    if (until <= HOUR) due.push({ key: hourKey, title: t("notifyHourTitle"), meeting, supersedes: [dayKey] });
    else if (until <= DAY) due.push({ key: dayKey, title: t("notifyDayTitle"), meeting, supersedes: [] });
  }
  return due;
}

export async function notifyMeetings(snapshot: Omit<Snapshot, "practices">, now: Date, t: Translator, enabled: boolean): Promise<void> {
  await forgetExpiredNotifications(now.getTime());
  if (!enabled) return;
  for (const reminder of remindersDue(snapshot.meetings, now, t)) {
    if (await wasNotified(reminder.key)) continue;
    if (reminder.onlyAfter && !(await anyNotified(reminder.onlyAfter))) continue;
    const expiresAt = Date.parse(reminder.meeting.end) + DAY;
    // Remember first: a worker killed between the two would rather miss one than repeat it.
    for (const key of [reminder.key, ...reminder.supersedes]) await markNotified(key, expiresAt);
    await chrome.notifications.create(reminder.key, {
      type: "basic",
      iconUrl: iconUrl(),
      title: reminder.title,
      message: reminder.message ?? describe(reminder.meeting, t),
      priority: reminder.meeting.kind === "urgent" ? 2 : 0,
      requireInteraction: reminder.meeting.kind === "urgent",
    });
  }
}

/**
 * A project's next step due within three days (the badge's rule, `stepsDueSoon`): one reminder per
 * step, remembered by the project, the step and its date, so a new step or a new date is announced
 * again and the same one never twice. The memory lasts until the day after the Scadenza.
 */
export async function notifyProjectSteps(
  snapshot: Pick<Snapshot, "projects" | "me">,
  now: Date,
  t: Translator,
  enabled: boolean,
): Promise<void> {
  if (!enabled) return;
  for (const project of stepsDueSoon(snapshot, now)) {
    const key = `step:${project.id}:${project.deadline}:${project.nextStep.slice(0, 100)}`;
    if (await wasNotified(key)) continue;
    await markNotified(key, Date.parse(`${project.deadline}T23:59:59Z`) + DAY);
    const due = formatDate(project.deadline, t.locale);
    await chrome.notifications.create(key, {
      type: "basic",
      iconUrl: iconUrl(),
      title: t("notifyProjectStepTitle", project.title),
      message: project.nextStep ? `${project.nextStep}\n${t("projectStepDue", due)}` : t("projectStepDue", due),
      priority: 0,
    });
  }
}

async function anyNotified(keys: readonly string[]): Promise<boolean> {
  for (const key of keys) if (await wasNotified(key)) return true;
  return false;
}

/**
 * Takes back the reminders still on screen (the meeting's day, time and place): for when the
 * network's data was forgotten here (the service refused access), so that none outlives it.
 * Their memory stays (`notified:`), so that none is shown again once access is back.
 */
export async function withdrawReminders(): Promise<void> {
  const shown = await chrome.notifications.getAll();
  await Promise.all(Object.keys(shown).map((id) => chrome.notifications.clear(id)));
}
