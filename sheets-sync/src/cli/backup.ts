import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { loadConfig, type StoreFlags } from "../config.ts";
import { UsageError } from "../errors.ts";
import { StateDatabase } from "../state/database.ts";
import { ensureWritableStateDir } from "../state/state-dir.ts";

/**
 * A consistent copy of the state database while the service runs: `VACUUM INTO` writes a whole,
 * compacted database as of one transaction (a plain file copy could catch the database and its
 * WAL at different moments). Free pages are not copied, so data erased before stays erased.
 * https://www.sqlite.org/lang_vacuum.html#vacuuminto
 */
export async function backupCommand(file: string, flags: StoreFlags): Promise<void> {
  const config = loadConfig(flags);
  const target = resolve(file);
  if (
    await stat(target).then(
      () => true,
      () => false,
    )
  ) {
    throw new UsageError(`${target} esiste già`, "scegli un nome nuovo per la copia (per esempio con la data)");
  }
  await ensureWritableStateDir(config.stateDir);
  const database = StateDatabase.openIn(config.stateDir);
  try {
    database.db.prepare("VACUUM INTO ?").run(target);
  } finally {
    database.close();
  }
  console.error(`copia dello stato di sheets-sync scritta in ${target}`);
}
