import { z } from "zod";
import { loadConfig, type StoreFlags } from "../config.ts";
import { UsageError } from "../errors.ts";
import { FORGET_LABELS, type ForgetKind, forgetPersonInStateDir } from "../state/forget-person.ts";
import { ensureWritableStateDir } from "../state/state-dir.ts";

/**
 * `forget --email E`: erases a person's data from the service's state (state/forget-person.ts
 * says what, table by table), in one transaction, also while the service runs. The sheet is not
 * touched: the coordinator deletes the person's rows there.
 */

const Email = z.email("email non valida");

function parseEmail(value: string): string {
  const parsed = Email.safeParse(value.trim());
  if (!parsed.success) throw new UsageError(`--email: email non valida "${value}"`);
  return parsed.data.toLowerCase();
}

/** One line per kind on stdout, "parola: numero", zeros too; warnings on stderr. */
export async function forgetCommand(flags: StoreFlags & { email: string }): Promise<void> {
  const email = parseEmail(flags.email);
  const config = loadConfig(flags);
  await ensureWritableStateDir(config.stateDir);
  const report = await forgetPersonInStateDir(config.stateDir, email);
  const kinds = Object.keys(FORGET_LABELS) as ForgetKind[];
  const total = kinds.reduce((sum, kind) => sum + report.removed[kind], 0);
  console.log(
    total === 0 ? `nessun dato di ${email} nello stato di sheets-sync` : `dati di ${email} cancellati dallo stato di sheets-sync:`,
  );
  for (const kind of kinds) console.log(`  ${FORGET_LABELS[kind]}: ${report.removed[kind]}`);
  if (!report.checkpointed) {
    console.error(
      "attenzione: un altro processo sta leggendo il database, il suo file -wal sarà svuotato dal prossimo checkpoint: ripeti forget tra poco per esserne certi",
    );
  }
  for (const { file, imported } of report.legacyFiles) {
    console.error(
      imported
        ? `attenzione: ${file}, copia già importata dei dati di una versione precedente, contiene ancora l'email: cancellalo`
        : `attenzione: ${file}, di una versione precedente e non ancora importato, contiene l'email: avvia sheets-sync una volta, poi ripeti forget`,
    );
  }
  if (total > 0) {
    console.error(
      "il foglio non è toccato: togli la persona dalle sue schede se non l'hai già fatto; le copie fatte prima con backup la contengono ancora",
    );
  }
}
