import { expect } from "vitest";
import { openOptions, openPopup, readStorage, screenshotBothSchemes } from "./support/browser.ts";
import { COORDINATOR_EMAIL, test } from "./support/extension-test.ts";
import { italianWhen } from "./support/italian.ts";
import { reopenUntil } from "./support/reopen.ts";
import { nextMeetingInWorkbook, setCellByHeader } from "./support/workbook.ts";

/**
 * A referent the coordinator deactivates (Attivo = No in Referenti): the service answers 403,
 * and the popup says why and what to do instead of showing the network's data and forms that
 * could no longer be sent, and the network's data is deleted from the browser; the options page
 * will not save a connection for them either. Reactivated, everything is back.
 */

test("access removed (403): the popup says why and what to do, with no data and no forms; the options keep the saved connection; reactivated, all is back", async ({
  service,
  browser,
}) => {
  const expected = await nextMeetingInWorkbook(service.workbook);
  const popup = await openPopup(browser);
  await expect.poll(() => popup.getByTestId("meeting-when").textContent(), { timeout: 15_000 }).toBe(italianWhen(expected));
  const cached = (await readStorage(browser))["cache:snapshot"] as { snapshot: { roster: { email: string }[] } };
  const colleagues = cached.snapshot.roster.map((referent) => referent.email).filter((email) => email !== COORDINATOR_EMAIL);
  expect(colleagues.length).toBeGreaterThan(5);

  await setCellByHeader(service.workbook, "Referenti", { header: "Email", value: COORDINATOR_EMAIL }, "Attivo", "No");
  await reopenUntil(popup, async () => (await popup.getByRole("heading", { name: "Accesso disattivato" }).count()) === 1, "access removed");
  expect(await popup.getByTestId("sync-notice").textContent()).toBe(
    "Accesso disattivato" +
      "Il tuo accesso alla rete URP è stato disattivato dal coordinatore: scrivigli per riattivarlo." +
      "Finché non viene riattivato, qui non vedi i dati della rete e non puoi inviare nulla.",
  );
  // Neither the cached meeting nor empty forms: nothing but the notice.
  expect(await popup.getByTestId("meeting-when").count()).toBe(0);
  expect(await popup.getByRole("tablist").count()).toBe(0);
  expect(await popup.locator("main input, main textarea, main select").count()).toBe(0);
  expect(await popup.getByRole("heading", { name: "Collega Rete URP al servizio" }).count()).toBe(0);
  await screenshotBothSchemes(popup, "popup-access-removed");
  // Deleted from the browser, not only hidden: no snapshot, no practices, no colleague in storage.
  const stored = await readStorage(browser);
  expect(stored["cache:snapshot"]).toBeUndefined();
  expect(stored["cache:practices"]).toBeUndefined();
  for (const email of colleagues) expect(JSON.stringify(stored)).not.toContain(email);

  // "Collega e salva" explains it too, and saves nothing: the connection stays as it was.
  const before = (await readStorage(browser)).settings;
  const options = await openOptions(browser);
  await options.getByRole("button", { name: "Collega e salva" }).click();
  await expect
    .poll(() => options.getByTestId("connect-result").textContent(), { timeout: 15_000 })
    .toBe(
      "Token riconosciuto, ma il tuo accesso alla rete URP è stato disattivato dal coordinatore: scrivigli per riattivarlo. " +
        "Impostazioni non salvate: resta in uso il collegamento salvato prima.",
    );
  expect((await readStorage(browser)).settings).toEqual(before);
  await options.close();

  await setCellByHeader(service.workbook, "Referenti", { header: "Email", value: COORDINATOR_EMAIL }, "Attivo", "Sì");
  await reopenUntil(popup, async () => (await popup.getByTestId("meeting-when").count()) === 1, "the meeting again");
  expect(await popup.getByTestId("meeting-when").textContent()).toBe(italianWhen(expected));
  expect(await popup.getByTestId("sync-notice").count()).toBe(0);
  expect(await popup.getByRole("tablist").count()).toBe(1);
  await popup.close();
});
