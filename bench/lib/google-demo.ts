import { rm } from "node:fs/promises";
import { type SheetsDouble, startSheetsDouble } from "../../test/sheets-double/sheets-double.ts";
import { type RunningService, runCli, startService, tempWorkspace } from "../../test/support/sheets-sync.ts";
import { createTokens, demoEmails } from "./fixtures.ts";

/** sheets-sync on the Google store over the Sheets double, which counts every request it gets. */
export interface GoogleDemo {
  double: SheetsDouble;
  service: RunningService;
  /** Personal tokens of the first demo referents, as many as asked for. */
  tokens: string[];
  /** Stops the service and the double, and removes the state directory. */
  stop(): Promise<void>;
}

/**
 * The demo sheet (`init --demo`) on the Sheets double, and sheets-sync serving it, refreshing
 * every `refreshSeconds`: what the bench's Sheets-read counts (fan-in, reads per write) run on.
 */
export async function startGoogleDemo({ referents, refreshSeconds }: { referents?: number; refreshSeconds: number }): Promise<GoogleDemo> {
  const double = await startSheetsDouble();
  const ws = await tempWorkspace();
  const cleanUp = async () => {
    await double.close();
    await rm(ws.dir, { recursive: true, force: true });
  };
  try {
    const env = { GOOGLE_ACCESS_TOKEN: "test", SHEETS_API_ROOT_URL: double.rootUrl };
    const storeArgs = ["--sheet-id", double.sheetId];
    const init = await runCli(["init", "--demo", ...storeArgs, "--state-dir", ws.stateDir], env);
    if (init.code !== 0) throw new Error(`init --demo on the Sheets double failed:\n${init.stderr}`);
    const tokens = await createTokens(ws.stateDir, demoEmails().slice(0, referents));
    const service = await startService({
      workbook: ws.workbook,
      stateDir: ws.stateDir,
      storeArgs,
      env: { ...env, SHEETS_SYNC_REFRESH_SECONDS: String(refreshSeconds) },
    });
    return {
      double,
      service,
      tokens,
      async stop() {
        await service.stop();
        await cleanUp();
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
