import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { appendByHeader } from "../support/workbook-files.ts";
import { readStorage } from "./support/browser.ts";
import { test } from "./support/extension-test.ts";
import { romeDateInDays } from "./support/italian.ts";

/**
 * An `Urgente` row typed into the workbook by hand reaches every extension as a notification
 * within one refresh interval: the service re-reads the file (SHEETS_SYNC_REFRESH_SECONDS, 1 s
 * here) and the worker polls on its `refresh` alarm (every minute: Chrome fires alarms at most
 * every 30 s). No popup is open, so the alarm is the only way in.
 *
 * Waiting for the alarm's own phase would cost up to a minute per run, so the test waits until the
 * service serves the new row, then reschedules the same alarm through the worker, with the same
 * name and period, to fire in a second: what runs is the extension's real onAlarm listener
 * (flush, revalidate, badge, notify), only sooner, and its first firing must notify.
 */

const ALARM_PERIOD_MINUTES = 1;

// No page open: only the worker is left to notice the new row.
test.beforeAll(async ({ browser }) => {
  for (const page of browser.context.pages()) await page.close();
});

test("the refresh alarm exists, every minute, as onInstalled creates it", async ({ browser }) => {
  await expect
    .poll(() => browser.worker.evaluate(() => chrome.alarms.get("refresh").then((alarm) => alarm?.periodInMinutes ?? null)))
    .toBe(ALARM_PERIOD_MINUTES);
});

test("an urgent meeting added to the workbook by hand is notified by the worker's alarm, within one refresh interval", async ({
  service,
  browser,
}) => {
  // Settled first: the cache holds the demo data and nothing urgent has been announced.
  await expect.poll(async () => "cache:snapshot" in (await readStorage(browser))).toBe(true);
  expect(await browser.worker.evaluate(() => chrome.notifications.getAll())).toEqual({});

  const day = romeDateInDays(3);
  const meetingId = randomUUID();
  await appendByHeader(service.workbook, "Riunioni", {
    ID: meetingId,
    Data: day.text,
    Inizio: "9:30",
    Fine: "10:30",
    Tipo: "Urgente",
    Stato: "Confermata",
    Luogo: "Sala Giunta, Lugo",
  });
  // The service's side of the interval: its next read of the file (SHEETS_SYNC_REFRESH_SECONDS).
  await expect
    .poll(async () => {
      const response = await fetch(`${service.url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${service.token}` } });
      return (await response.text()).includes(meetingId);
    })
    .toBe(true);

  await browser.worker.evaluate(
    (period) => chrome.alarms.create("refresh", { delayInMinutes: 1 / 60, periodInMinutes: period }),
    ALARM_PERIOD_MINUTES,
  );
  const urgentIds = async () =>
    Object.keys(await browser.worker.evaluate(() => chrome.notifications.getAll())).filter((id) => id.startsWith("urgent:"));
  // The extension's side: the alarm's first firing (in a second; less than a period) notifies.
  await expect.poll(urgentIds, { timeout: 30_000, interval: 250 }).toHaveLength(1);

  // The badge turned red, the schedule is still one minute, and the notification stays one.
  expect(await browser.worker.evaluate(() => chrome.action.getBadgeBackgroundColor({}))).toEqual([220, 38, 38, 255]);
  expect(await browser.worker.evaluate(() => chrome.alarms.get("refresh").then((alarm) => alarm?.periodInMinutes))).toBe(
    ALARM_PERIOD_MINUTES,
  );
  const [id] = await urgentIds();
  expect(Object.keys(await readStorage(browser))).toContain(`notified:${id}`);
});
