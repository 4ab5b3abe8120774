import { type Config, loadConfig, type StoreFlags } from "../config.ts";
import { openStore } from "../stores/open-store.ts";
import type { Store } from "../stores/store.ts";

/** Opens the configured store for one command and closes it afterwards. */
export async function withStore<T>(flags: StoreFlags, run: (store: Store, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig(flags);
  const store = await openStore(config);
  try {
    return await run(store, config);
  } finally {
    await store.close();
  }
}
