import { loadTranslator } from "../lib/i18n";
import { accessLostBy } from "../lib/service-error";
import { readCachedHead, readPreferences, readSyncStatus } from "../lib/storage";
import { updateBadge } from "./badge";
import { notifyMeetings, notifyProjectSteps, withdrawReminders } from "./notifications";
import { flushOutbox } from "./outbox";
import { refresh } from "./refresh";

/** Sends what waits, then revalidates the snapshot: on the alarm and at startup. */
export async function syncNow(): Promise<void> {
  await flushOutbox();
  await refresh();
  // The badge and reminders follow the cache through showState (storage listener), but the
  // clock moves even when the data does not: refresh them on every tick too.
  await showState();
}

/** Badge and reminders from what is cached now. */
export async function showState(now = new Date()): Promise<void> {
  const preferences = await readPreferences();
  const t = await loadTranslator(preferences.language);
  // The meetings are in the head: the practices, which may be megabytes, are not read.
  const cached = await readCachedHead();
  await updateBadge(cached?.snapshot, now, t);
  if (cached) {
    await notifyMeetings(cached.snapshot, now, t, preferences.notifications);
    await notifyProjectSteps(cached.snapshot, now, t, preferences.notifications);
  }
  // The service refused access and the data was forgotten (refresh-here.ts): so are the reminders on screen.
  else if (accessLostBy((await readSyncStatus()).error?.code)) await withdrawReminders();
}
