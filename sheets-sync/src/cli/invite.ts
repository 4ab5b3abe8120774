import { TZDate } from "@date-fns/tz";
import { invitationLink, ROME } from "@rete-urp/shared";
import { format } from "date-fns";
import { z } from "zod";
import { cliActor } from "../access/access-log.ts";
import { invitationText } from "../access/invitation-text.ts";
import {
  DEFAULT_INVITATION_DAYS,
  INVITATION_STATE_LABELS,
  InvitationStore,
  invitationState,
  MAX_INVITATION_DAYS,
} from "../access/invitations.ts";
import { clockFor } from "../clock.ts";
import { loadConfig, type StoreFlags } from "../config.ts";
import { UsageError } from "../errors.ts";
import { commandBaseUrl } from "../http/public-url.ts";
import { decodeSheet } from "../sheet/sheet-data.ts";
import { runningServiceUrl } from "../state/running-service.ts";
import { ensureWritableStateDir } from "../state/state-dir.ts";
import { withStore } from "./with-store.ts";

/**
 * Invitations from the CLI, the same the coordinator makes from the popup (invitations.ts). Safe
 * beside a running `serve`: every change is a transaction of the state database they share. "Now"
 * is the service's clock (SHEETS_SYNC_NOW in tests), so expiry agrees with the service's. The
 * access log records each change as the CLI's: "CLI (user)", with the OS user running it.
 */

const Email = z.email("email non valida");
const Days = z.coerce.number().int().min(1).max(MAX_INVITATION_DAYS);

function parseEmail(value: string): string {
  const parsed = Email.safeParse(value.trim());
  if (!parsed.success) throw new UsageError(`--email: email non valida "${value}"`);
  return parsed.data.toLowerCase();
}

/** "23/11/2026 10:00", in Rome. */
const romeStamp = (iso: string) => format(new TZDate(Date.parse(iso), ROME), "dd/MM/yyyy HH:mm");

/** Prints the invitation's text, then its link alone on the last line of stdout (`tail -1`). */
export async function inviteCreateCommand(flags: StoreFlags & { email: string; days?: string; baseUrl?: string }): Promise<void> {
  const email = parseEmail(flags.email);
  const days = Days.safeParse(flags.days ?? DEFAULT_INVITATION_DAYS);
  if (!days.success) throw new UsageError(`--days: un numero intero di giorni da 1 a ${MAX_INVITATION_DAYS}, non "${flags.days}"`);
  const config = loadConfig(flags);
  const base = commandBaseUrl(config, flags.baseUrl, runningServiceUrl(config.stateDir));
  // Only an active referent can redeem an invitation: say so now rather than send one that cannot work.
  const referent = await withStore(flags, async (store) => decodeSheet(await store.readAll()).referents.find((r) => r.email === email));
  if (!referent) throw new UsageError(`${email} non è nella scheda Referenti`, "aggiungi la persona al foglio, poi crea l'invito");
  if (!referent.active)
    throw new UsageError(`${email} ha Attivo = No nella scheda Referenti`, "riattiva la persona nel foglio, poi crea l'invito");
  await ensureWritableStateDir(config.stateDir);
  const now = clockFor(config).now();
  const { code, record, replaced } = await InvitationStore.inStateDir(config.stateDir).create(email, now, cliActor(), days.data);
  const link = invitationLink(base, code);
  console.error(
    `invito creato per ${email}, valido fino al ${romeStamp(record.expiresAt)}${replaced ? " (quello precedente è revocato)" : ""}: il link non verrà più mostrato`,
  );
  console.log(invitationText({ email, link, expiresAt: new Date(record.expiresAt), firstName: referent.firstName }));
  console.log("");
  console.log(link);
}

/** One line per invitation: email, created, expires (Rome), state. Never a code: only hashes are stored. */
export async function inviteListCommand(flags: StoreFlags): Promise<void> {
  const config = loadConfig(flags);
  const now = clockFor(config).now();
  const records = await InvitationStore.inStateDir(config.stateDir).list();
  if (records.length === 0) console.error("nessun invito");
  for (const record of records) {
    const state = INVITATION_STATE_LABELS[invitationState(record, now)];
    console.log(`${record.email}\t${romeStamp(record.createdAt)}\t${romeStamp(record.expiresAt)}\t${state}`);
  }
}

/** Revokes the pending invitation of an email (its token, if any, stays: `token revoke` for that). */
export async function inviteRevokeCommand(flags: StoreFlags & { email: string }): Promise<void> {
  const email = parseEmail(flags.email);
  const config = loadConfig(flags);
  await ensureWritableStateDir(config.stateDir);
  const revoked = await InvitationStore.inStateDir(config.stateDir).revoke(email, clockFor(config).now(), cliActor());
  console.log(revoked ? `invito revocato per ${email}` : `nessun invito in attesa per ${email}`);
}
