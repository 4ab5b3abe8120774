import { type StoreFlags, loadConfig } from "../config.ts";
import { TokenStore } from "../tokens.ts";

/** Calendar feed keys from the CLI: for a referent who asks the coordinator for the feed URL. */
export async function feedCreateCommand(flags: StoreFlags & { email: string; baseUrl: string }): Promise<void> {
  const config = loadConfig(flags);
  const keys = TokenStore.feedKeys(config.stateDir);
  await keys.revoke(flags.email);
  const key = await keys.create(flags.email, new Date());
  console.error(`chiave del calendario creata per ${flags.email.toLowerCase()} (le precedenti sono revocate)`);
  console.log(`${flags.baseUrl.replace(/\/+$/, "")}/api/v1/calendar.ics?key=${key}`);
}

export async function feedRevokeCommand(flags: StoreFlags & { email: string }): Promise<void> {
  const config = loadConfig(flags);
  const removed = await TokenStore.feedKeys(config.stateDir).revoke(flags.email);
  console.log(removed === 0 ? `nessuna chiave per ${flags.email}` : `revocate ${removed} chiavi di ${flags.email}`);
}
