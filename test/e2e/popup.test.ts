import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect } from "vitest";
import { appendByHeader } from "../support/workbook-files.ts";
import { openOptions, openPopup, readStorage, screenshot } from "./support/browser.ts";
import { test } from "./support/extension-test.ts";
import { italianCompactDate, italianLongDate, italianTime, italianWhen, romeDateInDays } from "./support/italian.ts";
import { reopenUntil } from "./support/reopen.ts";
import { deleteMeetingRow, nextMeetingInWorkbook } from "./support/workbook.ts";

test("the popup shows the workbook's next meeting in Italian, and adds it to the calendar", async ({ service, popup: page }) => {
  const expected = await nextMeetingInWorkbook(service.workbook);

  await expect.poll(() => page.getByTestId("meeting-date").textContent()).toBe(italianCompactDate(expected.start));
  expect(await page.getByTestId("meeting-date").getAttribute("title")).toBe(italianLongDate(expected.start));
  expect(await page.getByTestId("meeting-long-date").textContent()).toBe(italianLongDate(expected.start));
  expect(await page.getByTestId("meeting-time").textContent()).toBe(`${italianTime(expected.start)}–${italianTime(expected.end)}`);
  expect(await page.getByTestId("meeting-when").textContent()).toBe(italianWhen(expected));
  expect(await page.getByText(expected.location).count()).toBe(1);
  expect(await page.getByRole("link", { name: "Videoconferenza" }).getAttribute("href")).toBe(expected.videoUrl);
  expect(await page.getByRole("link", { name: "Ordine del giorno" }).getAttribute("href")).toBe(expected.agendaUrl);
  expect(await page.getByTestId("me").textContent()).toBe("Giulia Bianchi — Unione");
  expect(await page.getByTestId("updated-at").textContent()).toMatch(/^Aggiornato alle \d{2}:\d{2}$/);
  expect(await page.getByTestId("urgent-banner").count()).toBe(0);

  await page.emulateMedia({ colorScheme: "light" });
  await screenshot(page, "popup-light");
  await page.emulateMedia({ colorScheme: "dark" });
  await screenshot(page, "popup-dark");
  await page.emulateMedia({ colorScheme: "light" });

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Aggiungi al calendario" }).click(),
  ]);
  const ics = await readFile((await download.path())!, "utf8");
  // start is "2027-01-19T10:00:00+01:00": its first 19 characters are the Rome wall-clock time.
  const localStart = expected.start.slice(0, 19).replace(/[-:]/g, "");
  expect(download.suggestedFilename()).toMatch(/\.ics$/);
  expect(ics).toContain(`DTSTART;TZID=Europe/Rome:${localStart}`);
  expect(ics).toContain("BEGIN:VTIMEZONE");
});

test("practices are searchable, newest first; the roster is grouped by ente with mailto and tel links", async ({ popup: page }) => {
  await page.getByRole("tab", { name: /Buone prassi/ }).click();
  const titles = page.getByTestId("practice-list").locator(".list-title");
  await expect.poll(() => titles.first().textContent()).toBe("Pagine accessibili: checklist AgID");
  await screenshot(page, "popup-practices");

  await page.getByLabel("Cerca tra le buone prassi").fill("spid");
  await expect.poll(() => titles.allTextContents()).toEqual(["Sportello SPID assistito"]);
  await page.getByLabel("Cerca tra le buone prassi").fill("lugo");
  await expect.poll(() => titles.allTextContents()).toEqual(["Risposte tipo per le segnalazioni sui rifiuti"]);

  await page.getByRole("tab", { name: "Referenti" }).click();
  const groups = page.getByTestId("roster-group").locator("h3");
  // My own ente first, then the others in the network's order.
  await expect.poll(async () => (await groups.allTextContents()).length).toBe(10);
  expect((await groups.first().textContent())?.startsWith("Unione")).toBe(true);
  expect(await page.getByRole("link", { name: "sara.folli@lugo.esempio.it" }).getAttribute("href")).toBe(
    "mailto:sara.folli@lugo.esempio.it",
  );
  expect(await page.locator('a[href^="tel:"]').first().getAttribute("href")).toMatch(/^tel:0545\d+$/);
  await screenshot(page, "popup-roster");
});

test("a meeting row deleted by hand leaves the rule's occurrence, shown as da confermare", async ({ service, browser }) => {
  const sheetMeeting = await nextMeetingInWorkbook(service.workbook);
  await deleteMeetingRow(service.workbook, sheetMeeting.id);
  const expected = await nextMeetingInWorkbook(service.workbook);
  expect(expected.source).toBe("rule");

  const page = await openPopup(browser);
  await reopenUntil(page, async () => (await page.getByText("da confermare").count()) === 1, "the rule's meeting");
  expect(await page.getByTestId("meeting-date").textContent()).toBe(italianCompactDate(expected.start));
  await page.close();
});

test("an urgent meeting added to the workbook by hand appears after a refresh, as a red banner; its javascript: link is not clickable", async ({
  service,
  browser,
}) => {
  const day = romeDateInDays(2);
  await appendByHeader(service.workbook, "Riunioni", {
    ID: randomUUID(),
    Data: day.text,
    Inizio: "15:00",
    Fine: "16:30",
    Tipo: "Urgente",
    Stato: "Confermata",
    Luogo: "Sala Giunta, Lugo",
    Videoconferenza: "javascript:alert(document.domain)",
    "Ordine del giorno": "https://www.labassaromagna.it/rete-urp/odg-urgente",
  });

  const page = await openPopup(browser);
  await reopenUntil(page, async () => (await page.locator(".meeting-urgent").count()) === 1, "the urgent meeting card");

  // The urgent meeting is the next one: the card says so in red, and no banner repeats it.
  const card = page.locator(".meeting-urgent");
  expect(await card.locator(".eyebrow").textContent()).toBe("Urgente");
  expect(await card.evaluate((element) => getComputedStyle(element).borderLeftColor)).toBe("rgb(220, 38, 38)");
  expect(await page.getByTestId("urgent-banner").count()).toBe(0);
  expect(await page.getByTestId("meeting-date").textContent()).toBe(italianCompactDate(`${day.iso}T12:00:00Z`));
  expect(await page.getByTestId("meeting-time").textContent()).toBe("15:00–16:30");
  expect(await page.getByTestId("meeting-when").textContent()).toBe("tra 2 giorni");

  // The sheet's javascript: URL is shown as text, never as a link.
  expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
  expect(await page.getByRole("link", { name: "Videoconferenza" }).count()).toBe(0);
  expect(await page.getByText("javascript:alert(document.domain)").count()).toBe(1);
  await screenshot(page, "popup-urgent");

  // The toolbar badge follows: two days, red.
  await expect.poll(() => browser.worker.evaluate(() => chrome.action.getBadgeText({}))).toBe("2g");
  expect(await browser.worker.evaluate(() => chrome.action.getBadgeBackgroundColor({}))).toEqual([220, 38, 38, 255]);

  // Announced at once, and only once: remembered in storage across worker restarts.
  const notified = async () => Object.keys(await readStorage(browser)).filter((key) => key.startsWith("notified:urgent:"));
  await expect.poll(notified).toHaveLength(1);
  await expect
    .poll(() => browser.worker.evaluate(() => chrome.notifications.getAll()))
    .toHaveProperty((await notified())[0]!.slice("notified:".length));
  await page.close();
});

test("the keyboard shortcuts are declared: Alt+Shift+U opens the popup, Alt+Shift+S the quick-add", async ({ browser }) => {
  const commands = await browser.worker.evaluate(() => chrome.commands.getAll());
  expect(commands.map(({ name, shortcut }) => [name, shortcut])).toEqual(
    expect.arrayContaining([
      ["_execute_action", "Alt+Shift+U"],
      ["quick-add", "Alt+Shift+S"],
    ]),
  );
});

test("in English, when chosen in the options", async ({ service, browser }) => {
  const options = await openOptions(browser);
  await options.getByLabel("Lingua").selectOption("en");
  // The page switches at once, and the choice is saved as it is made.
  await options.getByText("Language saved.").waitFor();
  await options.close();

  const expected = await nextMeetingInWorkbook(service.workbook);
  const page = await openPopup(browser);
  await page.getByText("Urgent meeting", { exact: true }).first().waitFor();
  expect(await page.getByRole("tab", { name: /Best practices/ }).count()).toBe(1);
  expect(await page.getByTestId("meeting-when").textContent()).toBe("in 2 days");
  expect(await page.getByTestId("meeting-date").textContent()).toBe(
    new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "Europe/Rome" }).format(
      new Date(expected.start),
    ),
  );
  // English labels fit the 400 px popup too (tabs, attendance buttons).
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
  expect(await page.getByRole("button", { name: "I'll attend", exact: true }).count()).toBe(1);
  await screenshot(page, "popup-english");
  // Every tab in English keeps the 400 px too, looked at as a user would.
  for (const [tab, name] of [
    [/To publish/, "publications"],
    ["Best practices", "practices"],
    ["Contacts", "roster"],
  ] as const) {
    await page.getByRole("tab", { name: tab }).click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `scrollWidth in ${name}`).toBeLessThanOrEqual(400);
    await screenshot(page, `popup-english-${name}`);
  }
  await page.close();
});
