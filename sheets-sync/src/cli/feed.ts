import { TokenStore } from "../access/tokens.ts";
import { loadConfig, type StoreFlags } from "../config.ts";
import { commandBaseUrl } from "../http/public-url.ts";
import { runningServiceUrl } from "../state/running-service.ts";
import { ensureWritableStateDir } from "../state/state-dir.ts";

/** Calendar feed keys from the CLI: for a referent who asks the coordinator for the feed URL. */
export async function feedCreateCommand(flags: StoreFlags & { email: string; baseUrl?: string }): Promise<void> {
  const config = loadConfig(flags);
  // The address people reach the service at: --base-url, else SHEETS_SYNC_PUBLIC_URL, else where it runs or would listen.
  const base = commandBaseUrl(config, flags.baseUrl, runningServiceUrl(config.stateDir));
  await ensureWritableStateDir(config.stateDir);
  // One transaction: the old keys go, the new one comes, whatever the service does meanwhile.
  const key = await TokenStore.feedKeys(config.stateDir).rotate(flags.email, new Date());
  console.error(`chiave del calendario creata per ${flags.email.toLowerCase()} (le precedenti sono revocate)`);
  console.log(`${base}/api/v1/calendar.ics?key=${key}`);
}

export async function feedRevokeCommand(flags: StoreFlags & { email: string }): Promise<void> {
  const config = loadConfig(flags);
  await ensureWritableStateDir(config.stateDir);
  const removed = await TokenStore.feedKeys(config.stateDir).revoke(flags.email);
  console.log(removed === 0 ? `nessuna chiave per ${flags.email}` : `revocate ${removed} chiavi di ${flags.email}`);
}
