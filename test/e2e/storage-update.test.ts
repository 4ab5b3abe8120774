import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { cachedSnapshot, openPopup, readStorage, stopWorker, writeStorage } from "./support/browser.ts";
import { test } from "./support/extension-test.ts";
import { practiceRows } from "./support/workbook.ts";

/**
 * An update of the extension finds what the version before it stored, stamped with that version:
 * the popup reads it through the schemas (loaded on demand, not in its first bundle) until the new
 * version's worker has checked it; the worker, at its first start, writes back what differs (a
 * field this version does not know), sets aside what it cannot read, and stamps the version; the
 * practice left unsent still reaches the sheet. The worker is stopped through the DevTools
 * protocol and started again by the next popup: an unpacked extension cannot be updated in place,
 * and its reload unloads it, so the stamp naming an older version stands for the update.
 */

test("after an update, the popup shows what the older version stored, the worker brings it to the new shape, and the unsent practice still reaches the sheet", async ({
  service,
  browser,
}) => {
  await expect.poll(async () => (await cachedSnapshot(browser)) !== undefined, { timeout: 15_000 }).toBe(true);
  const version = await browser.worker.evaluate(() => chrome.runtime.getManifest().version);
  expect((await readStorage(browser))["storage:checked"]).toBe(version);

  // The older version's storage: the same values, its stamp, a status with a field this version does not know.
  const { settings } = await readStorage(browser);
  const status = { lastSuccessAt: Date.now(), lastAttemptAt: Date.now(), error: null };
  await writeStorage(browser, { "storage:checked": "0.0.1", "cache:status": { ...status, retries: 2 } });

  // Not checked by this version: the popup reads through the schemas, loaded on demand.
  const popup = await openPopup(browser);
  await expect.poll(() => popup.getByTestId("me").textContent(), { timeout: 15_000 }).toBe("Giulia Bianchi — Unione");
  await popup.getByTestId("meeting-summary").waitFor();
  await popup.close();

  // A practice the older version queued, never sent, and an item no version can read; then the update.
  const id = randomUUID();
  const title = "Modulistica unica per i bonus sociali";
  const broken = { kind: "practice", input: { title: "" } };
  await writeStorage(browser, {
    "storage:checked": "0.0.1",
    [`outbox:${id}`]: {
      kind: "practice",
      input: { id, title, url: "https://www.comune.lugo.ra.it/bonus" },
      queuedAt: Date.now(),
      attempts: 3,
      lastError: "unreachable",
    },
    "outbox:broken": broken,
  });

  // Its worker stops, as at an update; the next one starts when the popup opens.
  await stopWorker(browser);
  const woken = await openPopup(browser);

  await expect.poll(async () => (await readStorage(browser))["storage:checked"], { timeout: 15_000 }).toBe(version);
  const stored = await readStorage(browser);
  expect(stored.settings).toEqual(settings);
  expect(Object.keys(stored["cache:status"] as object).sort()).toEqual(Object.keys(status).sort());
  // Kept aside, not lost.
  expect(stored["unreadable:outbox:broken"]).toEqual(broken);
  await expect
    .poll(async () => (await practiceRows(service.workbook)).filter((row) => row.ID === id).map((row) => row.Titolo), { timeout: 20_000 })
    .toEqual([title]);
  await expect.poll(async () => Object.keys(await readStorage(browser)).filter((key) => key.startsWith("outbox:"))).toEqual([]);
  await expect.poll(async () => (await cachedSnapshot(browser))?.etag ?? "", { timeout: 15_000 }).not.toBe("");

  await expect.poll(() => woken.getByTestId("me").textContent(), { timeout: 15_000 }).toBe("Giulia Bianchi — Unione");
  await woken.getByTestId("meeting-summary").waitFor();
  await woken.close();
});

test("a stored value the popup cannot render, though stamped as checked, heals: read through the schemas, the snapshot fetched again", async ({
  browser,
}) => {
  await expect.poll(async () => (await cachedSnapshot(browser)) !== undefined, { timeout: 15_000 }).toBe(true);
  const version = await browser.worker.evaluate(() => chrome.runtime.getManifest().version);
  const { "cache:snapshot": head } = (await readStorage(browser)) as { "cache:snapshot": { snapshot: object; etag: string } };
  // As if written by hand in the developer tools: no list of meetings, under a valid stamp.
  await writeStorage(browser, {
    "storage:checked": version,
    "cache:snapshot": { ...head, snapshot: { ...head.snapshot, meetings: "nessuna" } },
  });

  const popup = await openPopup(browser);
  await expect.poll(() => popup.getByTestId("me").textContent(), { timeout: 15_000 }).toBe("Giulia Bianchi — Unione");
  await popup.getByTestId("meeting-summary").waitFor();
  expect(await popup.getByTestId("popup-failed").count()).toBe(0);
  await expect.poll(async () => Array.isArray((await cachedSnapshot(browser))?.snapshot.meetings), { timeout: 15_000 }).toBe(true);
  await popup.close();
});
