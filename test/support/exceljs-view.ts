import ExcelJS from "exceljs";

/** A workbook as exceljs reads it: what a test inspects after the service or an office suite saved it. */
export async function openWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

/** exceljs keeps a sheet's validations by cell once the file is read (its typings leave the field out). */
export function validationsOf(sheet: ExcelJS.Worksheet): Record<string, ExcelJS.DataValidation | undefined> {
  return (sheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation | undefined> } }).dataValidations.model;
}

/** The letter of the column under `header` in row 1. */
export function letterOf(sheet: ExcelJS.Worksheet, header: string): string {
  let letter = "";
  sheet.getRow(1).eachCell((cell, column) => {
    if (cell.value === header) letter = String.fromCharCode(64 + column);
  });
  if (!letter) throw new Error(`no column ${header} in ${sheet.name}`);
  return letter;
}
