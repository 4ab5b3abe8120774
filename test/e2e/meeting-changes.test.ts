import { randomUUID } from "node:crypto";
import { CoordinationSchema, type MeetingAnswers } from "@rete-urp/shared";
import { expect } from "vitest";
import { appendByHeader, setCellByHeader } from "../support/workbook-files.ts";
import { screenshotBothSchemes } from "./support/browser.ts";
import { type LiveService, test } from "./support/extension-test.ts";
import { italianLongDate, romeDateInDays } from "./support/italian.ts";
import { reopenUntil } from "./support/reopen.ts";
import { nextMeetingInWorkbook, tabRows } from "./support/workbook.ts";

/**
 * What the coordinator changes in a meeting reaches the popup: a moved meeting says where it
 * was and asks for my answer again, an urgent meeting held online says so, a cancelled one is
 * announced as cancelled instead of vanishing.
 */

const ME = "giulia.bianchi@unione.esempio.it";

/** The next meeting's answers as Coordinamento counts them (the demo referent, Giulia, coordinates). */
async function coordination(service: LiveService): Promise<MeetingAnswers> {
  const response = await fetch(`${service.url}/api/v1/coordination`, { headers: { Authorization: `Bearer ${service.token}` } });
  expect(response.status).toBe(200);
  return CoordinationSchema.parse(await response.json()).answers;
}

test("a meeting moved by hand says where it was, and my earlier answer is to be confirmed again", async ({ service, popup: page }) => {
  const before = await nextMeetingInWorkbook(service.workbook);
  // My answer in Presenze, and when it was given (the demo already has one, from this morning).
  const mine = async () =>
    (await tabRows(service.workbook, "Presenze"))
      .filter((row) => row.Email === ME && row.Riunione === before.id)
      .map((row) => `${row.Risposta} ${row.Aggiornato}`);
  const demoAnswer = await mine();
  await page.getByRole("button", { name: "Partecipo", exact: true }).click();
  // The demo's answer is Partecipo too: wait for the row to change (its time), then read it.
  // Aggiornato is a date-time cell (a serial: day and time of day, Rome time).
  await expect.poll(async () => (await mine()).join(), { timeout: 15_000 }).not.toBe(demoAnswer.join());
  expect((await mine()).join()).toMatch(/^Partecipo \d+\.\d+$/);
  expect(await page.getByTestId("attendance-confirm").count()).toBe(0);
  // The demo's answers: Giulia, Marco Ricci, Matteo Cortesi for Francesca Randi; Chiara Zauli not.
  const coming = page.getByTestId("who-is-coming").locator("summary");
  expect(await coming.textContent()).toBe("Partecipano 3 persone da 3 enti; 1 non partecipa");
  expect((await coordination(service)).coming).toEqual({ people: 3, enti: 3, answered: 4, absent: 1 });

  // The coordinator moves it a week later, typing the new date in the workbook.
  const weekLater = romeDateInDays(7, new Date(before.start));
  await setCellByHeader(service.workbook, "Riunioni", { header: "ID", value: before.id }, "Data", weekLater.text);

  await reopenUntil(page, async () => (await page.getByTestId("meeting-moved").count()) === 1, "the moved meeting");
  expect(await page.getByTestId("meeting-moved").textContent()).toBe(`Spostata: era ${italianLongDate(before.start)}`);
  expect(await page.getByTestId("meeting-long-date").textContent()).toBe(italianLongDate(`${weekLater.iso}T12:00:00Z`));
  // The answer was for the old day: shown, flagged, and no button stays pressed.
  expect(await page.getByTestId("attendance-confirm").textContent()).toContain("Data cambiata dopo la tua risposta");
  expect(await page.getByTestId("attendance").locator('button[aria-pressed="true"]').count()).toBe(0);
  // Every answer was for the old day: they count for nobody, in the popup as in Coordinamento.
  expect(await coming.textContent()).toBe("Per ora non partecipa nessuno");
  expect((await coordination(service)).coming).toEqual({ people: 0, enti: 0, answered: 0, absent: 0 });
  await screenshotBothSchemes(page, "popup-meeting-moved");

  // Answering again confirms it for the new day, and counts it, in both views.
  await page.getByRole("button", { name: "Partecipo", exact: true }).click();
  await expect.poll(() => page.getByTestId("attendance-confirm").count()).toBe(0);
  // The answer travels to the workbook, back into the service's read, then into the popup's next
  // snapshot: on a loaded machine (the full suite, four files at once) that took over 15 s once.
  await expect.poll(() => coming.textContent(), { timeout: 30_000 }).toBe("Partecipa 1 persona da 1 ente");
  await expect
    .poll(async () => (await coordination(service)).coming, { timeout: 30_000 })
    .toEqual({ people: 1, enti: 1, answered: 1, absent: 0 });
  await page.getByRole("tab", { name: "Coordinamento" }).click();
  expect(await page.getByTestId("coordination-coming").textContent()).toBe("Partecipa 1 persona da 1 ente");
  expect(await page.getByTestId("coordination-answers-ente").first().textContent()).toBe("Unione 1 sì — manca Paolo Gardini");
});

test("an urgent meeting with only a video link is held online; cancelled, it is announced as cancelled", async ({
  service,
  popup: page,
}) => {
  const day = romeDateInDays(2);
  const id = randomUUID();
  await appendByHeader(service.workbook, "Riunioni", {
    ID: id,
    Data: day.text,
    Inizio: "15:00",
    Fine: "16:00",
    Tipo: "Urgente",
    Stato: "Confermata",
    Videoconferenza: "https://meet.labassaromagna.it/rete-urp-urgente",
  });

  await reopenUntil(page, async () => (await page.getByTestId("meeting-online").count()) === 1, "the urgent meeting held online");
  expect(await page.getByTestId("meeting-online").textContent()).toBe("Solo in videoconferenza");
  // The ordinary meetings' place from Impostazioni is not theirs to inherit.
  expect(await page.getByText("Sede dell'Unione").count()).toBe(0);
  const join = page.getByRole("link", { name: "Partecipa in videoconferenza" });
  expect(await join.getAttribute("href")).toBe("https://meet.labassaromagna.it/rete-urp-urgente");
  expect(await join.getAttribute("class")).toContain("button-primary");
  await screenshotBothSchemes(page, "popup-urgent-online");

  await setCellByHeader(service.workbook, "Riunioni", { header: "ID", value: id }, "Stato", "Annullata");
  await reopenUntil(page, async () => (await page.getByTestId("meeting-cancelled").count()) === 1, "the cancelled meeting");
  expect(await page.getByTestId("meeting-cancelled").textContent()).toBe(
    `Annullata la riunione di ${italianLongDate(`${day.iso}T12:00:00Z`)}`,
  );
  // The card moves on to the next meeting that will be held.
  expect(await page.locator(".meeting-urgent").count()).toBe(0);
  await screenshotBothSchemes(page, "popup-meeting-cancelled");
});
