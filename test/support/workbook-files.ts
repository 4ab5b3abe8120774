import type { CellValue } from "@rete-urp/shared";
import ExcelJS from "exceljs";

/** Editing the workbook file the way the coordinator does in LibreOffice, for tests. */

const EPOCH = Date.UTC(1899, 11, 30);

function toExcel(value: CellValue): ExcelJS.CellValue {
  return value;
}

/** Reads a tab as plain values (dates as serial numbers), row 1 first. */
export async function readTab(path: string, tab: string): Promise<{ value: CellValue; formula: boolean }[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.getWorksheet(tab);
  if (!sheet) throw new Error(`no tab ${tab} in ${path}`);
  const rows: { value: CellValue; formula: boolean }[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: { value: CellValue; formula: boolean }[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      const v = cell.value;
      let value: CellValue = null;
      let formula = false;
      if (v instanceof Date) value = (v.getTime() - EPOCH) / 86_400_000;
      else if (v && typeof v === "object" && ("formula" in v || "sharedFormula" in v)) {
        formula = true;
        value = null;
      } else if (v && typeof v === "object" && "richText" in v) value = v.richText.map((p) => p.text).join("");
      else if (v === undefined || (typeof v === "object" && v !== null)) value = null;
      else value = v as CellValue;
      cells[col - 1] = { value, formula };
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= { value: null, formula: false };
    rows[rowNumber - 1] = cells;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}

/** Replaces a tab's content (creating the tab, and the file, when missing). */
export async function writeTab(path: string, tab: string, grid: CellValue[][]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(path);
  } catch {
    // a new file
  }
  const existing = workbook.getWorksheet(tab);
  if (existing) workbook.removeWorksheet(existing.id);
  const sheet = workbook.addWorksheet(tab);
  grid.forEach((cells, r) => {
    cells.forEach((value, c) => {
      if (value !== null && value !== undefined) sheet.getCell(r + 1, c + 1).value = toExcel(value);
    });
  });
  await workbook.xlsx.writeFile(path);
}

/** Appends one row under the tab's headers, as typed by hand; values keyed by header text. */
export async function appendByHeader(path: string, tab: string, values: Record<string, ExcelJS.CellValue>): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.getWorksheet(tab);
  if (!sheet) throw new Error(`no tab ${tab} in ${path}`);
  const columns = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => columns.set(String(cell.value).trim().toLowerCase(), col));
  let last = 1;
  sheet.eachRow((row, n) => {
    if (row.hasValues) last = n;
  });
  const row = sheet.getRow(last + 1);
  for (const [header, value] of Object.entries(values)) {
    const col = columns.get(header.toLowerCase());
    if (!col) throw new Error(`no column ${header} in ${tab}`);
    row.getCell(col).value = value;
  }
  row.commit();
  await workbook.xlsx.writeFile(path);
}

/** Sets one cell of the row whose `matchHeader` cell equals `matchValue`, as typed by hand. */
/**
 * Two rows a coordinator might type by mistake into the demo workbook: a meeting on 31 February
 * and a referent of an ente outside the network. `check` reports them as
 * `Riunioni!B8: data non valida "31/02/2027"` and `Referenti!D19: ente sconosciuto "Ravenna"`;
 * the Coordinamento view must show the same lines.
 */
export async function appendTwoBadRows(path: string): Promise<void> {
  await appendByHeader(path, "Riunioni", { ID: "bad-1", Data: "31/02/2027" });
  await appendByHeader(path, "Referenti", {
    ID: "bad-2",
    Nome: "Mario",
    Cognome: "Rossi",
    Ente: "Ravenna",
    Ruolo: "Referente",
    Email: "m@example.it",
  });
}

export async function setCellByHeader(
  workbook: string,
  tab: string,
  match: { header: string; value: string },
  header: string,
  value: string,
): Promise<void> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(workbook);
  const sheet = book.getWorksheet(tab);
  if (!sheet) throw new Error(`no tab ${tab} in ${workbook}`);
  const columns = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, column) => columns.set(String(cell.value).trim().toLowerCase(), column));
  const matchColumn = columns.get(match.header.toLowerCase());
  const targetColumn = columns.get(header.toLowerCase());
  if (!matchColumn || !targetColumn) throw new Error(`no column ${match.header} or ${header} in ${tab}`);
  let changed = false;
  sheet.eachRow((row, number) => {
    if (number > 1 && String(row.getCell(matchColumn).value ?? "").trim() === match.value) {
      row.getCell(targetColumn).value = value;
      changed = true;
    }
  });
  if (!changed) throw new Error(`no ${tab} row with ${match.header} = ${match.value}`);
  await book.xlsx.writeFile(workbook);
}
