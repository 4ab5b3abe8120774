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
 * Waiting for the alarm's own phase would cost up to a minute per run, so the test reschedules
 * the same alarm through the worker, with the same name and period, to fire in a second: what
 * runs is the extension's real onAlarm listener (flush, revalidate, badge, notify), only sooner.
 */

const SERVICE_REFRESH_MS = 1_000;
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
  await appendByHeader(service.workbook, "Riunioni", {
    ID: randomUUID(),
    Data: day.text,
    Inizio: "9:30",
    Fine: "10:30",
    Tipo: "Urgente",
    Stato: "Confermata",
    Luogo: "Sala Giunta, Lugo",
  });
  const added = Date.now();

  await browser.worker.evaluate(
    (period) => chrome.alarms.create("refresh", { delayInMinutes: 1 / 60, periodInMinutes: period }),
    ALARM_PERIOD_MINUTES,
  );
  const urgentIds = async () =>
    Object.keys(await browser.worker.evaluate(() => chrome.notifications.getAll())).filter((id) => id.startsWith("urgent:"));
  // The bound is the design's: the service's refresh plus one alarm period (plus slack for a loaded CI machine).
  await expect.poll(urgentIds, { timeout: SERVICE_REFRESH_MS + ALARM_PERIOD_MINUTES * 60_000 + 15_000, interval: 250 }).toHaveLength(1);
  const elapsed = Date.now() - added;
  expect(elapsed).toBeLessThan(SERVICE_REFRESH_MS + ALARM_PERIOD_MINUTES * 60_000 + 15_000);

  // The badge turned red, the schedule is still one minute, and the notification stays one.
  expect(await browser.worker.evaluate(() => chrome.action.getBadgeBackgroundColor({}))).toEqual([220, 38, 38, 255]);
  expect(await browser.worker.evaluate(() => chrome.alarms.get("refresh").then((alarm) => alarm?.periodInMinutes))).toBe(
    ALARM_PERIOD_MINUTES,
  );
  const [id] = await urgentIds();
  expect(Object.keys(await readStorage(browser))).toContain(`notified:${id}`);
});
