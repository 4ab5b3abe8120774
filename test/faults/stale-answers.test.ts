import { copyFile, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { WorkbookStore } from "@rete-urp/sheets-sync";
import { afterEach, expect, test } from "vitest";
import { libreOfficeAvailable, type OfficeSession, openInLibreOffice } from "../support/libreoffice.ts";
import { postPractice, practiceRows } from "../support/practice-rows.ts";
import { demoWorkspace, eventually, type RunningService, startService, type Workspace } from "../support/sheets-sync.ts";
import { setCellByHeader } from "../support/workbook-files.ts";

/**
 * An answer the service acknowledged is not undone by a stale copy saved over the workbook. A
 * referent answers "Partecipo" (200), someone takes a copy of the file, the referent changes the
 * answer to "Non partecipo" (200, the same row updated in place), and the copy is saved back:
 * plainly copied over the file, or with LibreOffice's Save As. The running service notices, writes
 * "Non partecipo" back into the row by itself, answers it, and says so in health; a cell the
 * person changed in their copy stays as they wrote it.
 *
 * Needs `soffice` and python3-uno: `npm test` checks for them first and says how to install them.
 */

if (!libreOfficeAvailable())
  throw new Error("LibreOffice (soffice, python3-uno) is required: sudo apt-get install -y libreoffice-calc-nogui python3-uno");

let ws: (Workspace & { token: string }) | undefined;
let service: RunningService | undefined;
let office: OfficeSession | undefined;
afterEach(async () => {
  office?.kill();
  await service?.stop();
  if (ws) await rm(ws.dir, { recursive: true, force: true, maxRetries: 5 });
  office = undefined;
  service = undefined;
  ws = undefined;
});

const auth = () => ({ authorization: `Bearer ${ws!.token}` });

async function nextMeetingId(): Promise<string> {
  return eventually(
    async () => {
      const response = await fetch(`${service!.url}/api/v1/snapshot`, { headers: auth() });
      const body = (await response.json()) as { nextMeeting?: { id: string } | null };
      return response.status === 200 && body.nextMeeting?.id;
    },
    15_000,
    "the next meeting",
  );
}

async function answer(meetingId: string, value: "yes" | "no"): Promise<number> {
  const response = await fetch(`${service!.url}/api/v1/meetings/${meetingId}/attendance`, {
    method: "PUT",
    headers: { ...auth(), "content-type": "application/json" },
    body: JSON.stringify({ answer: value }),
  });
  return response.status;
}

/** The caller's answer as the service serves it. */
async function servedAnswer(meetingId: string): Promise<string | undefined> {
  const response = await fetch(`${service!.url}/api/v1/meetings/${meetingId}/attendance`, { headers: auth() });
  const body = (await response.json()) as { attendance: { email: string; answer: string }[] };
  return body.attendance.find((row) => row.email === EMAIL)?.answer;
}

const EMAIL = "giulia.bianchi@unione.esempio.it";

/** The caller's Presenze rows for the meeting in the file (one, unless something doubled it), with their Risposta. */
async function answersInFile(workbook: string, meetingId: string) {
  const store = new WorkbookStore(workbook);
  const grid = (await store.readAll()).Presenze ?? [];
  await store.close();
  const headers = (grid[0] ?? []).map((cell) => String(cell ?? ""));
  const rows = grid.slice(1).filter((row) => row[headers.indexOf("Riunione")] === meetingId && row[headers.indexOf("Email")] === EMAIL);
  return rows.map((row) => row[headers.indexOf("Risposta")]);
}

/** A practice posted and in the file, so that the copy taken next holds it. */
async function writtenPractice() {
  const practice = await postPractice(service!, ws!.token, undefined, "Scritta prima della copia");
  expect([201, 202]).toContain(practice.status);
  await eventually(async () => (await practiceRows(ws!.workbook)).counts.get(practice.id) === 1, 15_000, "the practice in the file");
  return practice;
}

async function reconciliation() {
  const response = await fetch(`${service!.url}/api/v1/health`, { headers: auth() });
  const body = (await response.json()) as {
    reconciliation?: { count: number; last: { restored: { tab: string; cells?: string[] }[] } | null };
  };
  return body.reconciliation;
}

async function theAnswerComesBack(meetingId: string) {
  await eventually(
    async () => {
      const rows = await answersInFile(ws!.workbook, meetingId);
      return rows.length === 1 && rows[0] === "Non partecipo";
    },
    30_000,
    "the acknowledged answer back in the file",
  );
  await eventually(async () => (await servedAnswer(meetingId)) === "no", 15_000, "the service serving it");
  const health = await reconciliation();
  expect(health?.count).toBe(1);
  expect(health?.last?.restored).toContainEqual(expect.objectContaining({ tab: "Presenze", cells: expect.arrayContaining(["Risposta"]) }));
}

test("a copy taken before a changed answer, copied back over the file: the service puts the answer back by itself", async () => {
  ws = await demoWorkspace();
  service = await startService({ workbook: ws.workbook, stateDir: ws.stateDir });
  const meetingId = await nextMeetingId();
  const practice = await writtenPractice();
  expect(await answer(meetingId, "yes")).toBe(200);

  const copy = join(ws.dir, "copia.xlsx");
  await copyFile(ws.workbook, copy);
  expect(await answer(meetingId, "no")).toBe(200);
  await eventually(async () => (await servedAnswer(meetingId)) === "no", 15_000, "the changed answer served");

  // The person corrects a practice in their copy and puts the copy back.
  await setCellByHeader(copy, "Buone prassi", { header: "ID", value: practice.id }, "Descrizione", "Corretta sulla copia");
  await writeFile(ws.workbook, await readFile(copy));

  await theAnswerComesBack(meetingId);
  expect((await practiceRows(ws.workbook)).cell(practice.id, "Descrizione")).toBe("Corretta sulla copia");
});

test("a copy opened in LibreOffice, edited and saved with Save As over the file: the changed answer comes back, the edit stays", async () => {
  ws = await demoWorkspace();
  service = await startService({ workbook: ws.workbook, stateDir: ws.stateDir });
  const meetingId = await nextMeetingId();
  const practice = await writtenPractice();
  expect(await answer(meetingId, "yes")).toBe(200);

  const copy = join(ws.dir, "copia.xlsx");
  await copyFile(ws.workbook, copy);
  office = await openInLibreOffice({
    workbook: copy,
    tab: "Buone prassi",
    match: { header: "ID", value: practice.id },
    header: "Descrizione",
    value: "Corretta in LibreOffice",
    locking: "lock",
    saveAs: ws.workbook,
  });
  expect(await answer(meetingId, "no")).toBe(200);
  await office.save();

  await theAnswerComesBack(meetingId);
  expect((await practiceRows(ws.workbook)).cell(practice.id, "Descrizione")).toBe("Corretta in LibreOffice");
}, 180_000);
