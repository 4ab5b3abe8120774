import { type SheetsDouble, startSheetsDouble } from "../sheets-double/sheets-double.ts";
import { type RunningService, runCli, startService, tempWorkspace } from "./sheets-sync.ts";

/** The Sheets double seeded by the real `init --demo`, and the env that points sheets-sync at it. */
export interface GoogleWorkspace {
  double: SheetsDouble;
  dir: string;
  stateDir: string;
  env: Record<string, string>;
  /** Store flags for every CLI command. */
  store: string[];
  token: string;
  start(extraEnv?: Record<string, string>): Promise<RunningService>;
  close(): Promise<void>;
}

export const DEMO_COORDINATOR = "giulia.bianchi@unione.esempio.it";

export async function googleDemoWorkspace(): Promise<GoogleWorkspace> {
  const double = await startSheetsDouble();
  const ws = await tempWorkspace();
  const env = { GOOGLE_ACCESS_TOKEN: "test-token", SHEETS_API_ROOT_URL: double.rootUrl, SHEETS_API_TIMEOUT_SECONDS: "2" };
  const store = ["--sheet-id", double.sheetId, "--state-dir", ws.stateDir];
  const init = await runCli(["init", "--demo", ...store], env);
  if (init.code !== 0) throw new Error(`init on the double failed: ${init.stderr}`);
  const created = await runCli(["token", "create", "--email", DEMO_COORDINATOR, ...store], env);
  if (created.code !== 0) throw new Error(`token create failed: ${created.stderr}`);
  const services: RunningService[] = [];
  return {
    double,
    dir: ws.dir,
    stateDir: ws.stateDir,
    env,
    store,
    token: created.stdout.trim().split("\n").at(-1)!,
    async start(extraEnv = {}) {
      const service = await startService({
        workbook: "",
        stateDir: ws.stateDir,
        storeArgs: ["--sheet-id", double.sheetId],
        env: { ...env, ...extraEnv },
      });
      services.push(service);
      return service;
    },
    async close() {
      for (const service of services) await service.stop();
      await double.close();
    },
  };
}
