import { readdir } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { StoreError } from "../store.ts";

/**
 * The files an office suite leaves beside a document while it has it open. While one exists the
 * suite holds its own copy of the workbook and will save it over ours, so nothing may be written
 * (or called delivered) until it is gone.
 *
 * - LibreOffice (and OpenOffice): `.~lock.<file name>#`, e.g. `.~lock.rete-urp.xlsx#`.
 * - Microsoft Office's "owner file": `~$` + the file name. Excel and PowerPoint keep the whole
 *   name (`~$rete-urp.xlsx`); Word shortens it, dropping the first two characters when the name
 *   before the extension has 8 or more, the first one when it has 7 (`~$te-urp.xlsx`). This is
 *   the rule LibreOffice follows to interoperate with Office (svl/source/misc/msodocumentlockfile.cxx,
 *   tested there against Office 2016); LibreOffice itself writes the same owner file for .xlsx
 *   when set to. The shortened forms are matched for every kind: only Office makes `~$` files,
 *   and a false match only makes writes wait.
 *
 * Names are compared without regard to case: on a Windows share `Rete-URP.xlsx` and
 * `rete-urp.xlsx` are one file, and Office names the owner file after the name it was opened as.
 */

export interface OfficeLock {
  /** The lock file found. */
  path: string;
  /** Which program makes it, for messages. */
  program: "LibreOffice" | "Microsoft Office";
}

/** Every lock file name that means `fileName` is open, each with the program that makes it. */
export function officeLockNames(fileName: string): { name: string; program: OfficeLock["program"] }[] {
  const stemLength = fileName.length - extname(fileName).length;
  const names: { name: string; program: OfficeLock["program"] }[] = [
    { name: `.~lock.${fileName}#`, program: "LibreOffice" },
    { name: `~$${fileName}`, program: "Microsoft Office" },
  ];
  if (stemLength >= 8) names.push({ name: `~$${fileName.slice(2)}`, program: "Microsoft Office" });
  if (stemLength === 7) names.push({ name: `~$${fileName.slice(1)}`, program: "Microsoft Office" });
  return names;
}

/**
 * The first office lock beside any of `documents` (the workbook path as configured and, when it
 * is a symlink, its target: a suite may have opened either name).
 */
export async function findOfficeLock(documents: readonly string[]): Promise<OfficeLock | undefined> {
  const byDir = new Map<string, Set<string>>();
  for (const document of documents) {
    const names = byDir.get(dirname(document)) ?? new Set<string>();
    names.add(basename(document));
    byDir.set(dirname(document), names);
  }
  for (const [dir, documentNames] of byDir) {
    const wanted = new Map<string, OfficeLock["program"]>();
    for (const documentName of documentNames) {
      for (const { name, program } of officeLockNames(documentName)) wanted.set(fold(name), program);
    }
    let entries: string[];
    try {
      entries = await readdir(dir);
    } catch {
      continue; // No folder, no lock: the write itself will say what is missing.
    }
    for (const entry of entries) {
      const program = wanted.get(fold(entry));
      if (program) return { path: join(dir, entry), program };
    }
  }
  return undefined;
}

/** The retryable error for a write refused because `lock` exists: names the program and the file. */
export function workbookLockedError(workbook: string, lock: OfficeLock): StoreError {
  return new StoreError(
    "workbook_locked",
    `Il file ${basename(workbook)} è aperto in ${lock.program} (file di blocco ${basename(lock.path)}): ` +
      "sheets-sync ci scrive solo dopo che è stato chiuso",
    true,
  );
}

function fold(name: string): string {
  return name.normalize("NFC").toLowerCase();
}
