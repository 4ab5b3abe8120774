import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * What a real LibreOffice sees of a workbook's layout (libreoffice-layout.py): per sheet, the
 * frozen header row and each column's validation in row 2 and in `lastRow`; optionally saved over the
 * file as the coordinator's Ctrl+S does.
 */

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "libreoffice-layout.py");

export interface OfficeValidation {
  /** com.sun.star.sheet.ValidationType: "LIST" for a dropdown. */
  type: string;
  /** com.sun.star.sheet.ValidationAlertStyle: "WARNING" lets a variant in after a warning. */
  errorStyle: string;
  showError: boolean;
  /** The list as LibreOffice writes it: "Ordinaria";"Urgente" */
  formula: string;
}

export interface OfficeSheetLayout {
  frozen: boolean;
  splitRow: number;
  /** By header text (or the column index when row 1 is empty there). */
  columns: Record<string, { index: number; row2: OfficeValidation | null; lastRow: OfficeValidation | null }>;
}

/** The list's words out of LibreOffice's formula ("Ordinaria";"Urgente" → Ordinaria, Urgente). */
export function listWords(formula: string): string[] {
  return [...formula.matchAll(/"((?:[^"]|"")*)"/g)].map((match) => match[1]!.replace(/""/g, '"'));
}

export function inspectInLibreOffice(
  workbook: string,
  { lastRow, save = false }: { lastRow: number; save?: boolean },
): Promise<Record<string, OfficeSheetLayout>> {
  return new Promise((resolve, reject) => {
    const child = spawn("/usr/bin/python3", [SCRIPT, workbook, String(lastRow), ...(save ? ["save"] : [])], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 150_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      const line = stdout.split("\n").find((candidate) => candidate.startsWith("layout "));
      if (code !== 0 || !line || (save && !stdout.split("\n").includes("saved"))) {
        reject(new Error(`LibreOffice layout script exited with ${code}:\n${stdout}\n${stderr}`));
        return;
      }
      resolve(JSON.parse(line.slice("layout ".length)) as Record<string, OfficeSheetLayout>);
    });
  });
}
