/**
 * The refresh alarm. Alarms survive worker restarts but not always browser restarts or
 * updates, so both onInstalled and onStartup get-or-create it; creating it unconditionally
 * would reset its schedule every time the worker wakes. Chrome fires alarms at most every 30 s.
 */

export const REFRESH_ALARM = "refresh";
const PERIOD_MINUTES = 1;

export async function ensureRefreshAlarm(): Promise<void> {
  const existing = await chrome.alarms.get(REFRESH_ALARM);
  if (existing?.periodInMinutes === PERIOD_MINUTES) return;
  await chrome.alarms.create(REFRESH_ALARM, { periodInMinutes: PERIOD_MINUTES, delayInMinutes: PERIOD_MINUTES });
}
