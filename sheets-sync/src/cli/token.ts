import { z } from "zod";
import { cliActor } from "../access/access-log.ts";
import { TokenStore } from "../access/tokens.ts";
import { clockFor } from "../clock.ts";
import { loadConfig, type StoreFlags } from "../config.ts";
import { UsageError } from "../errors.ts";
import { decodeSheet } from "../sheet/sheet-data.ts";
import { ensureWritableStateDir } from "../state/state-dir.ts";
import { withStore } from "./with-store.ts";

const Email = z.email("email non valida");

function parseEmail(value: string): string {
  const parsed = Email.safeParse(value.trim());
  if (!parsed.success) throw new UsageError(`--email: email non valida "${value}"`);
  return parsed.data.toLowerCase();
}

/** Prints the new token alone on the last line of stdout, so scripts can take it with `tail -1`. */
export async function tokenCreateCommand(flags: StoreFlags & { email: string }): Promise<void> {
  const email = parseEmail(flags.email);
  const config = loadConfig(flags);
  // A token for someone the sheet does not list would only ever get 403s: say so now.
  await withStore(flags, async (store) => {
    const referent = decodeSheet(await store.readAll()).referents.find((r) => r.email === email);
    if (!referent) {
      throw new UsageError(`${email} non è nella scheda Referenti`, "aggiungi la persona al foglio, poi crea il token");
    }
    if (!referent.active) console.error(`attenzione: ${email} ha Attivo = No: il token funzionerà solo quando tornerà attivo`);
  });
  await ensureWritableStateDir(config.stateDir);
  // Recorded in the access log as the CLI's, at the service's clock (SHEETS_SYNC_NOW in tests).
  const token = await TokenStore.inStateDir(config.stateDir).create(email, clockFor(config).now(), cliActor());
  console.error(`token creato per ${email}: consegnalo alla persona, non verrà più mostrato`);
  console.log(token);
}

export async function tokenListCommand(flags: StoreFlags): Promise<void> {
  const config = loadConfig(flags);
  const records = await TokenStore.inStateDir(config.stateDir).list();
  if (records.length === 0) console.error("nessun token");
  for (const record of records) console.log(`${record.email}\t${record.createdAt}`);
}

export async function tokenRevokeCommand(flags: StoreFlags & { email: string }): Promise<void> {
  const email = parseEmail(flags.email);
  const config = loadConfig(flags);
  await ensureWritableStateDir(config.stateDir);
  const removed = await TokenStore.inStateDir(config.stateDir).revoke(email, { by: cliActor(), now: clockFor(config).now() });
  console.log(removed === 0 ? `nessun token per ${email}` : `revocati ${removed} token di ${email}`);
}
