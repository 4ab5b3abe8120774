import { randomUUID } from "node:crypto";
import { basename } from "node:path";
import type { Coordination, EnteAnswers, EntePublications } from "@rete-urp/shared";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { demoWorkspace, runCli } from "../support/sheets-sync.ts";
import { appendByHeader } from "../support/workbook-files.ts";
import { axeViolations, seriousViolations } from "./support/axe.ts";
import { configure, type ExtensionBrowser, openPopup, screenshot, screenshotBothSchemes } from "./support/browser.ts";
import { extensionTest, type LiveService } from "./support/extension-test.ts";
import { italianLongDate, italianTime } from "./support/italian.ts";
import { nextMeetingInWorkbook } from "./support/workbook.ts";

const test = extensionTest();

/**
 * Issue 11, points 1 and 2, in the popup: the demo coordinator (Ruolo Coordinatore) opens the
 * "Coordinamento" tab on a workbook with a row the coordinator mistyped (a 31 February), reads
 * the problem as `sheets-sync check` prints it, the answers, the publications and the service's
 * state; invites a referent (the text, the mailto, an invitation that really connects) and
 * revokes another's access (their token stops working). A referent who does not coordinate has
 * no such tab and never downloads its code.
 */

const BAD_DATE = "31/02/2027";
const SARA = "sara.folli@lugo.esempio.it";
const MARCO = "marco.ricci@lugo.esempio.it";
const ANNA = "anna.liverani@massalombarda.esempio.it";

/** The demo workbook, with one Riunioni row whose date does not exist. */
test.override("workspace", async ({ referent }) => {
  const workspace = await demoWorkspace(referent);
  await appendByHeader(workspace.workbook, "Riunioni", {
    ID: randomUUID(),
    Data: BAD_DATE,
    Inizio: "10:00",
    Fine: "12:00",
    Tipo: "Ordinaria",
    Stato: "Pianificata",
  });
  return workspace;
});

/** The API as any client calls it, with a referent's token. */
async function api(service: LiveService, token: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${service.url}/api/v1${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/** `token create` beside the running service, as IT would; the service sees it within a second. */
async function tokenFor(service: LiveService, email: string): Promise<string> {
  const created = await runCli(["token", "create", "--email", email, "--workbook", service.workbook, "--state-dir", service.stateDir]);
  expect(created.code, created.stderr).toBe(0);
  return created.stdout.trim().split("\n").at(-1)!;
}

/** The popup on the Coordinamento tab, its first answer shown; `chunks` collects the lazy chunk's requests. */
async function openCoordination(browser: ExtensionBrowser): Promise<{ page: Page; chunks: string[]; errors: string[] }> {
  const page = await openPopup(browser);
  const chunks: string[] = [];
  const errors: string[] = [];
  page.on("request", (request) => {
    if (/\/coordination-view\.[0-9a-f]+\.(js|css)$/.test(request.url())) chunks.push(request.url());
  });
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.getByRole("tab", { name: "Coordinamento" }).click();
  const shown = page.getByTestId("coordination-problems").or(page.getByTestId("coordination-error"));
  await shown
    .first()
    .waitFor({ timeout: 15_000 })
    .catch(async (timeout: Error) => {
      await screenshot(page, "popup-coordination-failed");
      const main = await page.locator("body").textContent();
      throw new Error(`${timeout.message}\npopup: ${main}\nerrors: ${errors.join("\n")}\nchunks: ${chunks.join(", ")}`);
    });
  const error = page.getByTestId("coordination-error");
  if ((await error.count()) > 0) throw new Error(`the view says: ${await error.textContent()}`);
  return { page, chunks, errors };
}

/** The answers of one ente as the popup should say them, written out from the API's lists. */
function answersLine(ente: EnteAnswers): string {
  const answered = ente.yes.length + ente.no.length + ente.delegate.length;
  const everyoneAccounted = ente.missing.length === 0 && ente.standIns.length === 0;
  const counts =
    answered === 0
      ? everyoneAccounted
        ? "nessun referente attivo"
        : "nessuna risposta"
      : [
          ente.yes.length ? `${ente.yes.length} sì` : "",
          ente.no.length ? `${ente.no.length} no` : "",
          ente.delegate.length === 1 ? "1 delega" : ente.delegate.length > 1 ? `${ente.delegate.length} deleghe` : "",
        ]
          .filter(Boolean)
          .join(" · ") + (everyoneAccounted ? " · hanno risposto tutti" : "");
  // Who is represented, and who comes for someone of another ente: not missing.
  const delegators = new Set(ente.delegations.map((delegation) => delegation.name));
  const represented = [
    ...ente.delegations.filter((d) => d.delegate !== "").map((d) => `${d.name}: delega a ${d.delegate}`),
    ...ente.standIns.filter((s) => !s.for.every((name) => delegators.has(name))).map((s) => `${s.name} viene per ${s.for.join(", ")}`),
  ];
  const delegations = represented.length === 0 ? "" : ` — ${represented.join("; ")}`;
  const missing = ente.missing.length === 0 ? "" : ` — ${ente.missing.length === 1 ? "manca" : "mancano"} ${ente.missing.join(", ")}`;
  return `${ente.ente} ${counts}${delegations}${missing}`;
}

function publicationsLine(ente: EntePublications): string {
  const counts = [
    ente.done === 1 ? "1 pubblicata" : ente.done > 1 ? `${ente.done} pubblicate` : "",
    ente.due > 0 ? `${ente.due} da fare` : "",
    ente.overdue === 1 ? "1 scaduta" : ente.overdue > 1 ? `${ente.overdue} scadute` : "",
  ]
    .filter(Boolean)
    .join(" · ");
  const titles =
    ente.overdueTitles.length === 0
      ? ""
      : `${ente.overdueTitles.length === 1 ? "Scaduta" : "Scadute"}: ${ente.overdueTitles.join(ente.overdueTitles.length === 1 ? "" : " · ")}`;
  return `${ente.ente} ${counts}${titles}`;
}

/**
 * The popup keeps its 400 px: nothing scrolls sideways but the tab row, which is one row that
 * scrolls within itself when its labels do not fit (e2e/popup-fit.test.ts); the popup scrolls
 * only down.
 */
async function expectFits(page: Page, view: string) {
  await page.getByRole("tab").first().waitFor();
  const tops = await page.getByRole("tab").evaluateAll((tabs) => new Set(tabs.map((tab) => (tab as HTMLElement).offsetTop)).size);
  expect(tops, `the tabs wrap to a second row in ${view}`).toBe(1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `scrollWidth in ${view}`).toBeLessThanOrEqual(400);
  const main = await page.locator(".popup-main").evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth }));
  expect(main.scroll, `horizontal overflow of the main area in ${view}`).toBeLessThanOrEqual(main.client);
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
    `the document scrolls sideways in ${view}`,
  ).toBe(true);
}

/** One person's access in the roster, found by their email (their buttons change as they are used). */
function accessOf(page: Page, email: string) {
  return page
    .getByTestId("coordination-access")
    .locator("li")
    .filter({ has: page.getByRole("link", { name: email, exact: true }) })
    .getByTestId("access");
}

/** The part of the view a user scrolls to, screenshotted in light and dark. */
async function screenshotSection(page: Page, testId: string, name: string) {
  await page.getByTestId(testId).evaluate((element) => element.scrollIntoView({ block: "start" }));
  await screenshotBothSchemes(page, name);
}

test("Coordinamento: the mistyped row as check prints it, the answers and publications by ente, the service's state; lazily loaded, in 400 px, light and dark", async ({
  service,
  browser,
}) => {
  const { page, chunks, errors } = await openCoordination(browser);
  // The view came as a chunk of its own, under the extension's CSP, without an error.
  expect(chunks.some((url) => url.endsWith(".js"))).toBe(true);
  expect(errors).toEqual([]);

  // The problem, exactly as `sheets-sync check` prints it, and where to fix it in the workbook.
  const check = await runCli(["check", "--workbook", service.workbook, "--state-dir", service.stateDir]);
  const checkLines = check.stdout.trim().split("\n");
  expect(checkLines.some((line) => line.includes(`data non valida "${BAD_DATE}"`))).toBe(true);
  const problems = page.getByTestId("coordination-problem");
  expect(await problems.locator("code").allTextContents()).toEqual(checkLines);
  const bad = checkLines.find((line) => line.includes(BAD_DATE))!;
  const cell = /^Riunioni!([A-Z]+\d+):/.exec(bad)![1];
  expect(await problems.filter({ hasText: BAD_DATE }).locator("span").textContent()).toBe(
    `Apri ${basename(service.workbook)}, foglio Riunioni, cella ${cell}`,
  );
  expect(await page.getByTestId("coordination-problems").getByText("File del foglio:").textContent()).toBe(
    `File del foglio: ${service.workbook}`,
  );

  // Answers and publications: what the service counted, one line per ente, said in words.
  const answer = await api(service, service.token, "/coordination");
  expect(answer.status).toBe(200);
  const coordination = answer.body as Coordination;
  const meeting = await nextMeetingInWorkbook(service.workbook);
  expect(coordination.answers.meeting?.id).toBe(meeting.id);
  const answers = page.getByTestId("coordination-answers");
  expect(await answers.locator(".coordination-summary strong").textContent()).toBe(italianLongDate(meeting.start));
  expect(await answers.getByTestId("coordination-answers-ente").allTextContents()).toEqual(coordination.answers.byEnte.map(answersLine));
  // The demo's answers: the coordinator comes, her delegate has not answered; Cotignola says no.
  expect(await answers.getByTestId("coordination-answers-ente").first().textContent()).toBe("Unione 1 sì — manca Paolo Gardini");
  expect(await answers.getByTestId("coordination-answers-ente").filter({ hasText: "Cotignola" }).textContent()).toBe(
    "Cotignola 1 no · hanno risposto tutti",
  );
  // Francesca Randi delegates Matteo Cortesi: he comes for her, nobody of Bagnacavallo is missing.
  expect(await answers.getByTestId("coordination-answers-ente").filter({ hasText: "Bagnacavallo" }).textContent()).toBe(
    "Bagnacavallo 1 delega — Francesca Randi: delega a Matteo Cortesi",
  );
  // The same sentence as the popup's "who is coming", for the same answers.
  expect(coordination.answers.coming).toEqual({ people: 3, enti: 3, answered: 4, absent: 1 });
  expect(await answers.getByTestId("coordination-coming").textContent()).toBe("Partecipano 3 persone da 3 enti; 1 non partecipa");
  const main = await openPopup(browser);
  expect(await main.getByTestId("who-is-coming").locator("summary").textContent()).toBe(
    await answers.getByTestId("coordination-coming").textContent(),
  );
  await main.close();

  const publications = page.getByTestId("coordination-publications");
  const asked = coordination.publications.filter((ente) => ente.done + ente.due + ente.overdue > 0);
  expect(await publications.getByTestId("coordination-publications-ente").allTextContents()).toEqual(asked.map(publicationsLine));
  // The demo's TARI notice is overdue for Conselice: the line is marked, the count in red, the title there.
  const conselice = publications.getByTestId("coordination-publications-ente").filter({ hasText: "Conselice" });
  expect(await conselice.getAttribute("class")).toContain("coordination-overdue");
  expect(await conselice.locator(".coordination-overdue-titles").textContent()).toContain("Avviso TARI: nuove scadenze di pagamento");
  expect(await conselice.locator(".coordination-overdue-count").evaluate((element) => getComputedStyle(element).color)).toBe(
    "rgb(185, 28, 28)",
  );

  // The service's state: the time it last read the sheet (the service re-reads it every second).
  const refreshed = await page.getByTestId("coordination-refreshed").textContent();
  const now = Date.now();
  expect(
    [italianTime(new Date(now - 60_000).toISOString()), italianTime(new Date(now).toISOString())].map(
      (time) => `Foglio letto alle ${time}`,
    ),
  ).toContain(refreshed);
  expect(await page.getByTestId("coordination-pending").textContent()).toBe("Nessuna scrittura in attesa");
  expect(await page.getByTestId("coordination-reconciled").textContent()).toBe("Nessuna riga ripristinata negli ultimi 30 giorni");
  expect(await page.getByTestId("coordination-dead-letters").textContent()).toBe("Nessuna scrittura scartata");

  // 400 px, every section in view in turn; light and dark; and no serious accessibility problem.
  await expectFits(page, "coordination");
  await screenshotBothSchemes(page, "popup-coordination");
  await screenshotSection(page, "coordination-answers", "popup-coordination-answers");
  await screenshotSection(page, "coordination-publications", "popup-coordination-publications");
  await screenshotSection(page, "coordination-service", "popup-coordination-service");
  await screenshotSection(page, "coordination-access", "popup-coordination-access");
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const minor = (await axeViolations(page)).filter((violation) => violation.impact !== "serious" && violation.impact !== "critical");
    if (minor.length > 0)
      console.info(
        `axe coordination ${scheme}, minor/moderate:`,
        minor.map((v) => `${v.id}: ${v.nodes.join("; ")}`),
      );
    expect(await seriousViolations(page), `axe, ${scheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
  expect(errors).toEqual([]);
  await page.close();
});

test("Invita: the ready text, Copia, an email to the referent; the invitation connects them; the token never shows", async ({
  service,
  browser,
  site,
}) => {
  const { page } = await openCoordination(browser);
  const sara = accessOf(page, SARA);
  expect(await sara.locator(".access-state").textContent()).toBe("senza accesso");
  await page.getByRole("button", { name: "Invita Sara Folli" }).click();

  const invitation = page.getByTestId("invitation");
  await invitation.waitFor();
  const text = await invitation.getByTestId("invitation-text").inputValue();
  expect(text).toMatch(/^Ciao Sara,\n/);
  expect(text).toContain("Giulia Bianchi (Unione) ti invita a Rete URP");
  const link = new RegExp(`${service.url.replace(/[.:/]/g, "\\$&")}/invito/\\S+`).exec(text)?.[0];
  expect(link, text).toBeDefined();
  expect(await invitation.locator(".invitation-ready").textContent()).toMatch(
    /^Invito pronto per Sara Folli: vale una volta sola, fino a \S+ \d+ \S+ \d{4} alle \d{2}:\d{2}\.$/,
  );

  // "Scrivi email": the coordinator's mail client, to Sara, with the same text.
  const mailto = new URL((await invitation.getByRole("link", { name: "Scrivi email" }).getAttribute("href"))!);
  expect(mailto.protocol).toBe("mailto:");
  expect(decodeURIComponent(mailto.pathname)).toBe(SARA);
  expect(mailto.searchParams.get("body")?.replace(/\r\n/g, "\n")).toBe(text);

  // "Copia": the text on the clipboard, as the coordinator pastes it into another mail client.
  await invitation.getByRole("button", { name: "Copia" }).click();
  await invitation.getByText("Testo copiato.").waitFor();
  // Read back where a person would paste it: a web page (Chrome grants no permission to an
  // extension's origin from outside, so the reading is done on the test site).
  await browser.context.grantPermissions(["clipboard-read"], { origin: new URL(site.url).origin });
  const web = await browser.context.newPage();
  await web.goto(site.url);
  expect(await web.evaluate(() => navigator.clipboard.readText())).toBe(text);
  await web.close();
  await screenshotSection(page, "invitation", "popup-coordination-invitation");

  // The view asked the service again: the invitation waits, and the next one would be a new one.
  await page.getByRole("button", { name: "Nuovo invito Sara Folli" }).waitFor();
  expect(await sara.locator(".access-state").textContent()).toMatch(
    /^senza accesso · invito in attesa, scade \S+ \d+ \S+ \d{4} alle \d{2}:\d{2}$/,
  );

  // The invitation is the real thing: redeemed, it is Sara's token, which the popup never showed.
  const redeemed = await fetch(`${service.url}/api/v1/invitations/redeem`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ code: link }),
  });
  expect(redeemed.status).toBe(200);
  const { token } = (await redeemed.json()) as { token: string };
  const snapshot = await api(service, token, "/snapshot");
  expect(snapshot.status).toBe(200);
  expect((snapshot.body as { me: { email: string } }).me.email).toBe(SARA);
  await page.getByRole("button", { name: "Aggiorna" }).click();
  await expect.poll(() => sara.locator(".access-state").textContent(), { timeout: 15_000 }).toBe("ha accesso");
  // The Registro accessi, newest first: the redeem in Sara's name, then the invitation Giulia made (each with its time).
  const logged = (await page.getByTestId("access-log-entry").allTextContents()).slice(0, 2);
  expect(logged.map((line) => line.replace(/\d.*$/, ""))).toEqual([
    "Invito usato · Sara Folli",
    "Invito creato · Giulia Bianchi → Sara Folli",
  ]);
  for (const line of logged) expect(line).toMatch(/\d{1,2} \S+ \d{4} alle \d{2}:\d{2}$/);
  await screenshotSection(page, "coordination-access-log", "popup-coordination-access-log");
  expect(await page.locator("body").textContent()).not.toContain(token);
  expect(
    await page.locator("input, textarea").evaluateAll((fields) => fields.map((field) => (field as HTMLInputElement).value)),
  ).not.toContainEqual(expect.stringContaining(token));
  await page.close();
});

test("Revoca accesso: asked inline, never offered for myself; afterwards the referent's token is refused", async ({ service, browser }) => {
  const marcoToken = await tokenFor(service, MARCO);
  expect((await api(service, marcoToken, "/snapshot")).status).toBe(200);
  const { page } = await openCoordination(browser);
  const marco = accessOf(page, MARCO);
  await expect.poll(() => marco.locator(".access-state").textContent(), { timeout: 15_000 }).toBe("ha accesso");
  // Never for myself: a coordinator locked out would have nobody to undo it from the popup.
  expect(await page.getByRole("button", { name: "Revoca accesso Giulia Bianchi" }).count()).toBe(0);
  expect(await page.getByTestId("access").filter({ hasText: "sei tu" }).locator(".access-state").textContent()).toMatch(
    /^sei tu · ha accesso/,
  );

  await page.getByRole("button", { name: "Revoca accesso Marco Ricci" }).click();
  const confirm = page.getByTestId("access-revoke-confirm");
  expect(await confirm.locator("p").textContent()).toBe(
    "Revocare l'accesso a Marco Ricci? Il suo token, l'invito in attesa e il calendario in abbonamento smettono subito di funzionare.",
  );
  await screenshotSection(page, "access-revoke-confirm", "popup-coordination-revoke");
  await expectFits(page, "revoke confirmation");
  await confirm.getByRole("button", { name: "Revoca", exact: true }).click();
  await expect.poll(() => marco.getByTestId("access-outcome").textContent(), { timeout: 15_000 }).toBe("Accesso revocato.");

  // Marco's token no longer opens anything.
  const refused = await api(service, marcoToken, "/snapshot");
  expect(refused.status).toBe(401);
  expect((refused.body as { error: { code: string } }).error.code).toBe("unauthorized");
  await expect.poll(() => marco.locator(".access-state").textContent(), { timeout: 15_000 }).toBe("senza accesso");
  expect(await page.getByRole("button", { name: "Revoca accesso Marco Ricci" }).count()).toBe(0);
  await page.close();
});

test("a referent who does not coordinate has no Coordinamento tab and never downloads it; the service refuses them the view", async ({
  service,
  browser,
}) => {
  const annaToken = await tokenFor(service, ANNA);
  const refused = await api(service, annaToken, "/coordination");
  expect(refused.status).toBe(403);
  expect((refused.body as { error: { code: string } }).error.code).toBe("not_coordinator");

  await (await configure(browser, service.url, annaToken)).close();
  const page = await openPopup(browser);
  const chunks: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("coordination-view")) chunks.push(request.url());
  });
  await expect.poll(() => page.getByTestId("me").textContent(), { timeout: 15_000 }).toBe("Anna Liverani — Massa Lombarda");
  const tabs = await page.getByRole("tab").allTextContents();
  expect(tabs.map((tab) => tab.replace(/\d.*$/, ""))).toEqual(["Aggiungi", "Da pubblicare", "Progetti", "Buone prassi", "Referenti"]);
  for (const tab of ["Da pubblicare", "Progetti", "Buone prassi", "Referenti"]) await page.getByRole("tab", { name: tab }).click();
  expect(chunks).toEqual([]);
  await expectFits(page, "a referent's popup");
  await screenshot(page, "popup-not-coordinator");
  await page.close();

  // The coordinator again, for whoever runs after.
  await (await configure(browser, service.url, service.token)).close();
  const again = await openPopup(browser);
  await again.getByRole("tab", { name: "Coordinamento" }).waitFor({ timeout: 15_000 });
  await again.close();
});
