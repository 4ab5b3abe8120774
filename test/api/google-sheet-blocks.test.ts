import { CoordinationSchema, HealthSchema, SnapshotSchema } from "@rete-urp/shared";
import { afterEach, beforeEach, expect, test } from "vitest";
import type { LoggedRequest } from "../sheets-double/sheets-double.ts";
import { type GoogleWorkspace, googleDemoWorkspace } from "../support/google-workspace.ts";
import { eventually, runCli } from "../support/sheets-sync.ts";

/**
 * What the coordinator did to the Google Sheet that sheets-sync cannot put right by itself, as
 * `check`, health and the coordinator's view name it, with the fix: the spreadsheet's time zone,
 * a tab renamed, a protected range over a tab the service writes.
 */

let gw: GoogleWorkspace;
beforeEach(async () => {
  gw = await googleDemoWorkspace();
});
afterEach(async () => {
  await gw.close();
});

const PROTECTED =
  "You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.";

const auth = () => ({ authorization: `Bearer ${gw.token}` });

async function coordination(url: string) {
  const response = await fetch(`${url}/api/v1/coordination`, { headers: auth() });
  return response.status === 200 ? CoordinationSchema.parse(await response.json()) : undefined;
}

async function healthDetails(url: string) {
  return HealthSchema.parse(await (await fetch(`${url}/api/v1/health`, { headers: auth() })).json());
}

test("a time zone other than Rome's and a renamed tab: check, health and the coordinator's view name them with the fix", async () => {
  gw.double.timeZone = "America/New_York";
  gw.double.renameTab("Buone prassi", "Buone pratiche");
  const timeZoneLine =
    'Foglio: fuso orario "America/New_York" invece di Europe/Rome: ADESSO(), OGGI() e l\'ora delle risposte dei moduli Google sono spostati; in File → Impostazioni → Fuso orario scegli (GMT+01:00) Roma (o esegui "sheets-sync init")';
  const renamedLine =
    'Buone prassi: manca la scheda "Buone prassi", ma c\'è una scheda "Buone pratiche": se è quella, rinominala "Buone prassi" (non eseguire "sheets-sync init" prima, che ne creerebbe una vuota)';

  const check = await runCli(["check", ...gw.store], gw.env);
  expect(check.code).toBe(1);
  expect(check.stdout.trim().split("\n")).toEqual([timeZoneLine, renamedLine]);

  const service = await gw.start();
  const view = await eventually(() => coordination(service.url), 15_000, "the coordinator's view");
  expect(view.problems.map((problem) => problem.line)).toEqual([timeZoneLine, renamedLine]);
  // The whole spreadsheet's problem opens the sheet itself.
  expect(view.problems[0]!.url).toBe(`https://docs.google.com/spreadsheets/d/${gw.double.sheetId}/edit`);

  const health = await healthDetails(service.url);
  expect(health.problems).toBe(2);
  expect(health.problemList).toEqual([timeZoneLine, renamedLine]);
});

test("a protected range over Presenze holds back the answers, never as dead letters; health and the view name the tab and the fix", async () => {
  const service = await gw.start();
  const gid = gw.double.tabProperties("Presenze")!.sheetId;
  // Every write that touches Presenze (its A1 range in the path or the body, or its sheetId), as
  // Google refuses a protected cell: a 400 with no ErrorInfo reason.
  const touchesPresenze = (request: LoggedRequest) => {
    const body = JSON.stringify(request.body ?? "");
    return (
      request.method === "POST" &&
      (request.path.includes("'Presenze'") || body.includes("'Presenze'!") || new RegExp(`"sheetId":${gid}[,}]`).test(body))
    );
  };
  gw.double.failNext(10_000, { status: 400, message: PROTECTED, match: touchesPresenze });
  const before = gw.double.values("Presenze");

  const snapshot = await eventually(
    async () => {
      const response = await fetch(`${service.url}/api/v1/snapshot`, { headers: auth() });
      return response.status === 200 && SnapshotSchema.parse(await response.json());
    },
    15_000,
    "the snapshot",
  );
  const answer = await fetch(`${service.url}/api/v1/meetings/${snapshot.nextMeeting!.id}/attendance`, {
    method: "PUT",
    headers: { ...auth(), "content-type": "application/json" },
    body: JSON.stringify({ answer: "no" }),
  });
  expect(answer.status).toBe(202);

  const health = await eventually(
    async () => {
      const details = await healthDetails(service.url);
      return details.reasons.includes("tab_writes_waiting:Presenze") && details;
    },
    15_000,
    "the tab's writes waiting",
  );
  expect(health).toMatchObject({ status: "degraded", pendingWrites: 1, deadLetters: 0 });
  const line = health.problemList!.find((problem) => problem.startsWith("Presenze: le scritture in questa scheda aspettano: "));
  expect(line).toContain("un intervallo protetto della scheda");
  expect(line).toContain('impostala su "Mostra un avviso"');
  expect(health.explanations).toContainEqual(
    expect.stringMatching(/^Le scritture nella scheda Presenze aspettano il coordinatore \(le altre schede proseguono\): /),
  );

  const view = (await coordination(service.url))!;
  expect(view.problems.find((problem) => problem.tab === "Presenze")).toEqual({
    tab: "Presenze",
    cell: "",
    message: line!.slice("Presenze: ".length),
    line,
    url: `https://docs.google.com/spreadsheets/d/${gw.double.sheetId}/edit#gid=${gid}`,
  });
  expect(gw.double.values("Presenze")).toEqual(before);
});

test("the Referenti tab renamed: health says which tab to rename back, not to run init (which would make an empty one)", async () => {
  gw.double.renameTab("Referenti", "Referenti 2027");
  const service = await gw.start();
  const health = await eventually(
    async () => {
      const details = await healthDetails(service.url);
      return details.reasons.includes("tab_missing:Referenti") && details;
    },
    15_000,
    "the missing roster",
  );
  expect(health.explanations).toContain(
    'Manca la scheda Referenti: nessuno può accedere (403); manca la scheda "Referenti", ma c\'è una scheda "Referenti 2027": se è quella, rinominala "Referenti" (non eseguire "sheets-sync init" prima, che ne creerebbe una vuota)',
  );
});
