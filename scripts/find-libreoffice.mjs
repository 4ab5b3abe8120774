import { spawnSync } from "node:child_process";

/**
 * The workbook tests save the .xlsx with LibreOffice, as the coordinator does, driven headless
 * through its Python bridge (the system Python's `uno` module).
 */
export function libreOfficeFound() {
  const soffice = spawnSync("sh", ["-c", "command -v soffice"], { stdio: "ignore" });
  if (soffice.status !== 0) return false;
  return spawnSync("/usr/bin/python3", ["-c", "import uno"], { stdio: "ignore" }).status === 0;
}

export const LIBREOFFICE_HINT =
  "LibreOffice non trovato: installalo con `sudo apt-get install -y libreoffice-calc-nogui python3-uno` (Debian/Ubuntu)";
