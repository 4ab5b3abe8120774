import { expect } from "vitest";
import { runCli } from "../support/sheets-sync.ts";
import { seriousViolations } from "./support/axe.ts";
import {
  type ExtensionBrowser,
  openOptions,
  openPopup,
  outboxKeys,
  readStorage,
  screenshotBothSchemes,
  showTokenFields,
} from "./support/browser.ts";
import { COORDINATOR_EMAIL, type LiveService, test } from "./support/extension-test.ts";
import { italianWhen } from "./support/italian.ts";
import { reopenUntil } from "./support/reopen.ts";
import { nextMeetingInWorkbook, practiceRows } from "./support/workbook.ts";

/**
 * A referent whose access the coordinator revokes ("Revoca accesso" in Coordinamento, or IT's
 * `sheets-sync token revoke`): the service answers 401 to their token, and at its next refresh
 * the extension deletes the network's data from the browser (not only hides it), says what
 * happened and what to do, and lists what they wrote and was not sent, which waits unsent. A new
 * token pasted in the options brings the network back, and sends what waited.
 */

const UNSENT_TITLE = "Modulo unico per l'accesso agli atti";
const UNSENT_LINK = "https://www.comune.lugo.ra.it/accesso-atti";

async function rowsTitled(service: LiveService, title: string) {
  return (await practiceRows(service.workbook)).filter((row) => row.Titolo === title);
}

const badgeText = (browser: ExtensionBrowser) => browser.worker.evaluate(() => chrome.action.getBadgeText({}));
/** The icon's tooltip: it names the next meeting whenever the browser has one, however far (the badge counts only two weeks). */
const iconTitle = (browser: ExtensionBrowser) => browser.worker.evaluate(() => chrome.action.getTitle({}));

test("access revoked (401): the network's data is deleted from the browser, the popup says why and what to do and lists what was not sent; a new token brings it all back", async ({
  service,
  workspace,
  browser,
}) => {
  const expected = await nextMeetingInWorkbook(service.workbook);
  const popup = await openPopup(browser);
  await expect.poll(() => popup.getByTestId("meeting-when").textContent(), { timeout: 15_000 }).toBe(italianWhen(expected));
  await expect.poll(() => iconTitle(browser), { timeout: 15_000 }).toMatch(/^Rete URP — prossima riunione: /);

  // What the network shared with this browser: the roster, with the colleagues' emails and phones.
  const connected = await readStorage(browser);
  const roster = (connected["cache:snapshot"] as { snapshot: { roster: { email: string; phone: string }[] } }).snapshot.roster;
  const colleagues = roster.map((referent) => referent.email).filter((email) => email !== COORDINATOR_EMAIL);
  expect(colleagues.length).toBeGreaterThan(5);
  expect(JSON.stringify(connected)).toContain(colleagues[0]);
  expect(connected["cache:practices"]).toBeDefined();

  // A practice written while the service is away waits in the outbox; meanwhile the token is revoked.
  await service.stop();
  await popup.reload();
  await expect.poll(() => popup.getByTestId("sync-notice").textContent()).toContain("Servizio non raggiungibile");
  await popup.getByLabel("Titolo").fill(UNSENT_TITLE);
  await popup.getByLabel("Link").fill(UNSENT_LINK);
  await popup.getByRole("button", { name: "Salva buona prassi" }).click();
  await expect.poll(() => popup.getByTestId("outbox-count").textContent()).toBe("1 in attesa di invio");
  const store = ["--workbook", workspace.workbook, "--state-dir", workspace.stateDir];
  const revoked = await runCli(["token", "revoke", "--email", COORDINATOR_EMAIL, ...store]);
  expect(revoked.code, revoked.stderr).toBe(0);
  await service.restart();

  await reopenUntil(popup, async () => (await popup.getByRole("heading", { name: "Accesso revocato" }).count()) === 1, "access revoked");
  expect(await popup.getByTestId("sync-notice").textContent()).toBe(
    "Accesso revocato" +
      "Il coordinatore ha revocato il tuo accesso alla rete URP, oppure il collegamento salvato in questo browser non è più valido." +
      "I dati della rete sono stati cancellati da questo browser. Per tornare a usarla chiedi al coordinatore un nuovo invito e incollalo nelle impostazioni." +
      "Apri le impostazioni",
  );
  await popup.getByTestId("sync-notice").getByRole("button", { name: "Apri le impostazioni" }).waitFor();
  // Neither the cached meeting nor forms: the notice, and what was not sent.
  expect(await popup.getByTestId("meeting-when").count()).toBe(0);
  expect(await popup.getByRole("tablist").count()).toBe(0);
  expect(await popup.locator("main input, main textarea, main select").count()).toBe(0);
  expect(await popup.getByRole("heading", { name: "Collega Rete URP al servizio" }).count()).toBe(0);
  expect(await popup.getByTestId("me").count()).toBe(0);
  expect(await popup.getByTestId("outbox-count").count()).toBe(0);
  const unsent = popup.getByTestId("unsent-items");
  expect(await unsent.getByRole("heading", { name: "Non inviati alla rete" }).count()).toBe(1);
  expect(await unsent.textContent()).toContain(
    "Questi tuoi inserimenti non sono stati inviati e non verranno inviati finché il tuo accesso non torna attivo.",
  );
  const item = unsent.getByTestId("unsent-item");
  expect(await item.count()).toBe(1);
  expect(await item.locator("p").allTextContents()).toEqual([
    expect.stringMatching(/^Buona prassi · scritto il \d{1,2} \S+ \d{4} alle \d{2}:\d{2}$/),
    UNSENT_TITLE,
    UNSENT_LINK,
  ]);
  await screenshotBothSchemes(popup, "popup-access-revoked");
  // Text to copy: it can be selected like any text.
  await item.getByText(UNSENT_TITLE).selectText();
  expect(await popup.evaluate(() => window.getSelection()?.toString())).toBe(UNSENT_TITLE);
  for (const scheme of ["light", "dark"] as const) {
    await popup.emulateMedia({ colorScheme: scheme });
    expect(await seriousViolations(popup), scheme).toEqual([]);
  }
  await popup.emulateMedia({ colorScheme: "light" });

  // Deleted from the browser, not hidden: no snapshot, no practices, no colleague anywhere in
  // storage. The settings stay, so a new invitation can be pasted, and so does the unsent write.
  const stored = await readStorage(browser);
  expect(stored["cache:snapshot"]).toBeUndefined();
  expect(stored["cache:practices"]).toBeUndefined();
  const json = JSON.stringify(stored);
  for (const referent of roster) {
    if (referent.email !== COORDINATOR_EMAIL) expect(json).not.toContain(referent.email);
    if (referent.phone) expect(json).not.toContain(referent.phone);
  }
  expect(stored.settings).toMatchObject({ serviceUrl: service.url, token: service.token });
  const outbox = Object.entries(stored).filter(([key]) => key.startsWith("outbox:"));
  expect(outbox.map(([, value]) => value)).toMatchObject([{ kind: "practice", input: { title: UNSENT_TITLE, url: UNSENT_LINK } }]);
  await expect.poll(() => badgeText(browser)).toBe("");
  await expect.poll(() => iconTitle(browser)).toBe("Rete URP");

  // Opening the popup again asks nothing more of the write: it is not sent while access is refused.
  const lastAttempt = async () => ((await readStorage(browser))["cache:status"] as { lastAttemptAt: number }).lastAttemptAt;
  const [[key, before]] = outbox as [[string, { attempts: number }]];
  const attempted = await lastAttempt();
  await popup.reload();
  await popup.getByRole("heading", { name: "Accesso revocato" }).waitFor();
  await expect.poll(lastAttempt).toBeGreaterThan(attempted);
  expect(((await readStorage(browser))[key] as { attempts: number }).attempts).toBe(before.attempts);
  expect(await rowsTitled(service, UNSENT_TITLE)).toHaveLength(0);

  // A new token (the coordinator's new invitation), pasted in the options: the network is back, fresh, and what waited is sent.
  const created = await runCli(["token", "create", "--email", COORDINATOR_EMAIL, ...store]);
  const token = created.stdout.trim().split("\n").at(-1) ?? "";
  const options = await openOptions(browser);
  await showTokenFields(options);
  await options.getByLabel("Token personale").fill(token);
  await options.getByRole("button", { name: "Collega e salva" }).click();
  await expect
    .poll(() => options.getByTestId("connect-result").textContent(), { timeout: 15_000 })
    .toBe("Collegato come Giulia Bianchi — Unione. Impostazioni salvate.");
  await options.close();
  await reopenUntil(popup, async () => (await popup.getByTestId("meeting-when").count()) === 1, "the meeting again");
  expect(await popup.getByTestId("meeting-when").textContent()).toBe(italianWhen(expected));
  expect(await popup.getByTestId("sync-notice").count()).toBe(0);
  expect(await popup.getByTestId("unsent-items").count()).toBe(0);
  expect(await popup.getByRole("tablist").count()).toBe(1);
  await expect.poll(() => outboxKeys(browser), { timeout: 30_000 }).toEqual([]);
  await expect.poll(async () => (await rowsTitled(service, UNSENT_TITLE)).length, { timeout: 15_000 }).toBe(1);
  expect(JSON.stringify(await readStorage(browser))).toContain(colleagues[0]);
  await popup.close();
});
