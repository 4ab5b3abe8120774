import { serviceUrlProblem } from "@rete-urp/shared/schema-free";
import { type Config, loadConfig, type ServeFlags } from "../config.ts";
import { UsageError } from "../errors.ts";
import { publicBaseUrl } from "../http/public-url.ts";
import { buildServer } from "../http/server.ts";
import { plural } from "../plural.ts";
import { startService } from "../service.ts";
import { forgetRunningService, recordRunningService } from "../state/running-service.ts";
import { ensureWritableStateDir, isUnwritable, stateDirError } from "../state/state-dir.ts";

export async function serveCommand(flags: ServeFlags): Promise<void> {
  const config = loadConfig(flags);
  refuseCleartextLinks(config);
  const log = (message: string) => console.error(`[${new Date().toISOString()}] ${message}`);
  await ensureWritableStateDir(config.stateDir);
  const service = await startService(config, { log }).catch((error: unknown) => {
    // The probe passed but the journal could not be opened or written (its file, a full disk).
    if (isUnwritable(error)) throw stateDirError(config.stateDir, error);
    throw error;
  });
  const app = await buildServer(service);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const state = service.cache.current;
  // For the CLI in another terminal: its links name this service's real address.
  recordRunningService(config.stateDir, publicBaseUrl(config, { localAddress: config.host, localPort: port }));
  console.log(`sheets-sync in ascolto su http://${config.host}:${port}`);
  console.log(`archivio: ${config.storeKind === "workbook" ? config.workbook : `Google Sheet ${config.sheetId}`}`);
  if (config.allowHttp) {
    console.log(
      "attenzione: SHEETS_SYNC_ALLOW_HTTP=1, indirizzi http:// verso altre macchine ammessi: token e inviti possono viaggiare in chiaro (solo in laboratorio)",
    );
  }
  if (state && state.data.problems.length > 0) {
    console.log(`attenzione: ${plural(state.data.problems.length, "problema", "problemi")} nel foglio (sheets-sync check li elenca)`);
  }
  if (service.writer.pendingCount > 0) console.log(`scritture in attesa dal journal: ${service.writer.pendingCount}`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal}: chiusura`);
    forgetRunningService(config.stateDir);
    await app.close();
    await service.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

/**
 * Listening beyond this machine (HOST=0.0.0.0, a LAN address) with no SHEETS_SYNC_PUBLIC_URL, the
 * service would build its invitation and calendar links from that address, on http://: codes and
 * keys in clear. Refused before anything starts, as an http:// public address is.
 */
function refuseCleartextLinks(config: Config): void {
  if (config.publicUrl) return;
  const listen = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${config.port}`;
  if (serviceUrlProblem(listen, { allowInsecureHttp: config.allowHttp }) !== "cleartext") return;
  throw new UsageError(
    `HOST ${config.host} senza SHEETS_SYNC_PUBLIC_URL: gli indirizzi degli inviti e del calendario sarebbero http:// verso questa macchina dalla rete, con codici e chiavi in chiaro`,
    "imposta SHEETS_SYNC_PUBLIC_URL con l'indirizzo https:// del servizio (HTTPS dal proxy, come Caddy), oppure ascolta su 127.0.0.1; solo in un laboratorio senza certificati: SHEETS_SYNC_ALLOW_HTTP=1",
  );
}
