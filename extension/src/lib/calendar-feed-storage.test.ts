import { expect, test } from "vitest";
import { SERVICE_URL, TOKEN } from "../testing/fake-service";
import { readCalendarFeed, writeCalendarFeed } from "./calendar-feed-storage";

const FEED = `${SERVICE_URL}/api/v1/calendar.ics?key=cal_${"a".repeat(43)}`;
const connection = { serviceUrl: SERVICE_URL, token: TOKEN };

test("the feed address made with a connection is read back with it, the address typed with a trailing slash or spaces too", async () => {
  expect(await readCalendarFeed(connection)).toBeUndefined();
  await writeCalendarFeed(connection, FEED, 1_794_300_000_000);
  expect(await readCalendarFeed(connection)).toMatchObject({ url: FEED, serviceUrl: SERVICE_URL, createdAt: 1_794_300_000_000 });
  expect((await readCalendarFeed({ serviceUrl: `${SERVICE_URL}/`, token: ` ${TOKEN} ` }))?.url).toBe(FEED);
});

test("another service or another token is not shown the address, and the token itself is not stored again", async () => {
  await writeCalendarFeed(connection, FEED);
  expect(await readCalendarFeed({ serviceUrl: "https://altro.example.it", token: TOKEN })).toBeUndefined();
  expect(await readCalendarFeed({ serviceUrl: SERVICE_URL, token: "urp_un_altro_token" })).toBeUndefined();
  expect(JSON.stringify(await chrome.storage.local.get(null))).not.toContain(TOKEN);
});

test("a new address replaces the one kept before; a stored value that no longer parses reads as none", async () => {
  await writeCalendarFeed(connection, FEED);
  await writeCalendarFeed(connection, `${FEED}b`);
  expect((await readCalendarFeed(connection))?.url).toBe(`${FEED}b`);
  await chrome.storage.local.set({ calendarFeed: { url: 42 } });
  expect(await readCalendarFeed(connection)).toBeUndefined();
});
