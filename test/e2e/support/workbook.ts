import {
  addMonths,
  buildCalendar,
  type CellValue,
  decodeImpostazioni,
  decodeRiunioni,
  type Meeting,
  nextMeeting,
  romeYearMonth,
} from "@rete-urp/shared";
import { readTab } from "../../support/workbook-files.ts";

export { setCellByHeader } from "../../support/workbook-files.ts";

/** What the workbook file on disk says, read with exceljs like the coordinator's LibreOffice would. */

async function grid(workbook: string, tab: string): Promise<CellValue[][]> {
  return (await readTab(workbook, tab)).map((row) => row.map((cell) => cell.value));
}

/** The next meeting by the sheet and the rule, computed from the file (not from the service). */
export async function nextMeetingInWorkbook(workbook: string, now = new Date()): Promise<Meeting> {
  const { settings } = decodeImpostazioni(await grid(workbook, "Impostazioni"));
  const { records } = decodeRiunioni(await grid(workbook, "Riunioni"));
  const calendar = buildCalendar(records, settings, addMonths(romeYearMonth(now), -1), 14);
  const meeting = nextMeeting(calendar, now);
  if (!meeting) throw new Error(`no upcoming meeting in ${workbook}`);
  return meeting;
}

/** The Buone prassi rows as header → text, for counting what landed. */
export async function practiceRows(workbook: string): Promise<Record<string, string>[]> {
  const [headers = [], ...rows] = await grid(workbook, "Buone prassi");
  return rows
    .filter((row) => row.some((value) => value !== null && value !== ""))
    .map((row) => Object.fromEntries(headers.map((header, index) => [String(header), String(row[index] ?? "")])));
}

/** Deletes the Riunioni row with this ID, as the coordinator would (row removed, rows below move up). */
export async function deleteMeetingRow(workbook: string, id: string): Promise<void> {
  const ExcelJS = (await import("exceljs")).default;
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(workbook);
  const sheet = book.getWorksheet("Riunioni");
  if (!sheet) throw new Error(`no tab Riunioni in ${workbook}`);
  let idColumn = 0;
  sheet.getRow(1).eachCell((cell, column) => {
    if (String(cell.value).trim().toLowerCase() === "id") idColumn = column;
  });
  let found = 0;
  sheet.eachRow((row, number) => {
    if (number > 1 && String(row.getCell(idColumn).value ?? "") === id) found = number;
  });
  if (!found) throw new Error(`no Riunioni row with ID ${id}`);
  sheet.spliceRows(found, 1);
  await book.xlsx.writeFile(workbook);
}

/** A tab's rows as header → text (blank rows skipped), as the coordinator reads them. */
export async function tabRows(workbook: string, tab: string): Promise<Record<string, string>[]> {
  const [headers = [], ...rows] = await grid(workbook, tab);
  return rows
    .filter((row) => row.some((value) => value !== null && value !== ""))
    .map((row) => Object.fromEntries(headers.map((header, index) => [String(header), String(row[index] ?? "")])));
}
