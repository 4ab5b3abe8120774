import { spawn, spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A real LibreOffice for the tests that need one (Debian's libreoffice-calc-nogui and
 * python3-uno, which CI installs): an open–edit–save cycle driven headless through UNO by
 * libreoffice-edit.py.
 */

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "libreoffice-edit.py");
/** The system Python: the one python3-uno is built for. */
const PYTHON = "/usr/bin/python3";

/** True when `soffice` and its Python bridge are installed. */
export function libreOfficeAvailable(): boolean {
  const soffice = spawnSync("sh", ["-c", "command -v soffice"], { encoding: "utf8" });
  if (soffice.status !== 0) return false;
  return spawnSync(PYTHON, ["-c", "import uno"], { stdio: "ignore" }).status === 0;
}

export interface OfficeSession {
  /** Saves the edited copy over the workbook (Ctrl+S), closes it and quits LibreOffice. */
  save(): Promise<void>;
  /** Quits without saving (cleanup after a failure); safe to call after save(). */
  kill(): void;
}

export interface OfficeEdit {
  workbook: string;
  tab: string;
  /** The row to edit: the one whose `match.header` cell is `match.value`. */
  match: { header: string; value: string };
  header: string;
  value: string;
  /** "lock": LibreOffice's own `.~lock.<name>#` file; "nolock": none, as on a network share without them. */
  locking: "lock" | "nolock";
  /** save() does Save As to this path (Excel 2007-365 format, replacing the file there) instead of saving over `workbook`. */
  saveAs?: string;
}

/** Opens the workbook in LibreOffice and edits one cell; resolves once it is open and edited. */
export function openInLibreOffice(edit: OfficeEdit): Promise<OfficeSession> {
  const child = spawn(
    PYTHON,
    [
      SCRIPT,
      edit.workbook,
      edit.tab,
      edit.match.header,
      edit.match.value,
      edit.header,
      edit.value,
      edit.locking,
      ...(edit.saveAs ? [edit.saveAs] : []),
    ],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  child.stdin.on("error", () => {}); // writing to a script that already quit
  let stdout = "";
  let stderr = "";
  const waiters: { word: string; resolve: () => void }[] = [];
  let exited: ((error: Error) => void)[] = [];
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const waiter of [...waiters]) {
      if (stdout.split("\n").includes(waiter.word)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.on("exit", (code) => {
    for (const fail of exited) fail(new Error(`LibreOffice script exited with ${code}:\n${stdout}\n${stderr}`));
    exited = [];
  });
  const waitFor = (word: string, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      if (stdout.split("\n").includes(word)) return resolve();
      const timer = setTimeout(
        () => reject(new Error(`LibreOffice did not print "${word}" in ${timeoutMs} ms:\n${stdout}\n${stderr}`)),
        timeoutMs,
      );
      waiters.push({
        word,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
      exited.push((error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  const exit = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return waitFor("loaded", 120_000).then(
    () => ({
      async save() {
        child.stdin.write("save\n");
        await waitFor("saved", 60_000);
        await exit;
      },
      kill() {
        // Closing stdin quits LibreOffice without saving (the script's own cleanup runs).
        child.stdin.end();
        setTimeout(() => child.kill("SIGKILL"), 30_000).unref();
      },
    }),
    (error: unknown) => {
      child.stdin.end();
      setTimeout(() => child.kill("SIGKILL"), 30_000).unref();
      throw error;
    },
  );
}
