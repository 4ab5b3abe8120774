import { clockFor } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Store } from "./store.ts";
import { WorkbookStore } from "./workbook/workbook-store.ts";

/** The store the configuration names. The Google client loads only when a sheet is used. */
export async function openStore(config: Config): Promise<Store> {
  if (config.storeKind === "google") {
    const { openGoogleStore } = await import("./google/google-store.ts");
    return openGoogleStore({
      sheetId: config.sheetId!,
      timeoutMs: config.apiTimeoutSeconds * 1000,
      ...(config.apiRootUrl ? { apiRootUrl: config.apiRootUrl } : {}),
      ...(config.accessToken ? { accessToken: config.accessToken } : {}),
      ...(config.credentialsFile ? { credentialsFile: config.credentialsFile } : {}),
    });
  }
  // The state dir holds the ledger of the store's saves, for reconciling stale copies.
  const clock = clockFor(config);
  const store = new WorkbookStore(config.workbook, { stateDir: config.stateDir, now: () => clock.now() });
  // Temp files of writes that crashed: gone at start. Best effort, and never a slow start: a
  // folder that does not exist yet (before `init`) has none, and while another process holds the
  // lock the store's first write does it instead.
  await store.removeStaleTempFiles({ waitMs: 2000 }).catch(() => {});
  return store;
}
