import { AccessLog } from "./access/access-log.ts";
import { TokenStore } from "./access/tokens.ts";
import { type Clock, clockFor } from "./clock.ts";
import type { Config } from "./config.ts";
import { MeetingHistory } from "./sheet/meeting-history.ts";
import { SheetCache } from "./sheet/sheet-cache.ts";
import { type Retention, startRetention } from "./state/retention.ts";
import { openStore } from "./stores/open-store.ts";
import type { Store } from "./stores/store.ts";
import { Journal } from "./writes/journal.ts";
import { Writer } from "./writes/writer.ts";

/** Everything a running sheets-sync holds, wired once at start. */
export interface Service {
  config: Config;
  clock: Clock;
  store: Store;
  cache: SheetCache;
  journal: Journal;
  writer: Writer;
  tokens: TokenStore;
  history: MeetingHistory;
  /** The hourly trim by age of the state kept for a limited time (state/retention.ts). */
  retention: Retention;
  log: (message: string) => void;
  close(): Promise<void>;
}

export async function startService(
  config: Config,
  {
    clock = clockFor(config),
    log = (message: string) => console.error(message),
    store,
  }: { clock?: Clock; log?: (message: string) => void; store?: Store } = {},
): Promise<Service> {
  const theStore = store ?? (await openStore(config));
  const journal = await Journal.open(config.stateDir, { log });
  const history = await MeetingHistory.open(config.stateDir, { log });
  const cache = new SheetCache(theStore, { refreshMs: config.refreshSeconds * 1000, clock, log, history });
  const writer = new Writer(theStore, journal, {
    clock,
    log,
    // The tabs written to as they now are, when the store says (Google): shown without a read.
    onApplied: (written) => (written ? cache.applyWritten(written) : void cache.refresh().catch(() => {})),
  });
  const tokens = TokenStore.inStateDir(config.stateDir);
  // The ledger, applied writes and ended invitations trimmed by age every hour, also when nobody
  // writes; the dead letters' count re-read (a `forget` from the CLI may have removed some).
  const retention = startRetention(config.stateDir, { clock, log, afterRun: () => journal.deadLetters.refresh() });
  // The access log keeps a year: what is older goes at every start, and at every change recorded.
  await AccessLog.inStateDir(config.stateDir).trim(clock.now());

  // Serve from the first read; if the store is down at start, answer 503 until it is back.
  await cache.refresh().catch(() => {});
  cache.start();
  // Writes journaled before a crash or during an outage are replayed now.
  writer.kick();

  return {
    config,
    clock,
    store: theStore,
    cache,
    journal,
    writer,
    tokens,
    history,
    retention,
    log,
    async close() {
      retention.stop();
      cache.stop();
      await writer.stop();
      history.close();
      await journal.close();
      await theStore.close();
    },
  };
}
