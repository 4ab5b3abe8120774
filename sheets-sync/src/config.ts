import { resolve } from "node:path";
import { z } from "zod";
import { UsageError } from "./errors.ts";

/**
 * Configuration from flags and environment, parsed once with zod. Flags win over the
 * environment; relative paths are resolved against the working directory.
 */

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const ConfigSchema = z.object({
  workbook: z.string().trim().min(1).default("data/rete-urp.xlsx"),
  sheetId: optionalText,
  stateDir: z.string().trim().min(1).default("data"),
  refreshSeconds: z.coerce.number().int().min(1).max(3600).default(60),
  host: z.string().trim().min(1).default("127.0.0.1"),
  port: z.coerce.number().int().min(0).max(65535).default(8787),
  apiRootUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Every Google call gives up after this long (a hanging call must not hold the writer). */
  apiTimeoutSeconds: z.coerce.number().min(1).max(300).default(30),
  accessToken: optionalText,
  credentialsFile: optionalText,
  /** Origins allowed by CORS besides the browsers' extension schemes, comma-separated. */
  allowedOrigins: z
    .string()
    .default("chrome-extension://*,moz-extension://*")
    .transform((value) => value.split(",").map((item) => item.trim()).filter(Boolean)),
  /**
   * The instant the process should take as "now" when it starts (then time runs on from there).
   * For tests and rehearsals only: a test that depends on today's date sets it, so the suite gives
   * the same answer on any day. Never set in production.
   */
  now: z.iso.datetime({ offset: true, message: "usa una data ISO 8601 con fuso, per esempio 2026-11-10T09:00:00+01:00" }).optional(),
});

export type Config = z.infer<typeof ConfigSchema> & { storeKind: "workbook" | "google" };

export interface StoreFlags {
  workbook?: string;
  sheetId?: string;
  stateDir?: string;
}

export interface ServeFlags extends StoreFlags {
  host?: string;
  port?: string;
}

const FLAG_NAMES: Record<string, string> = {
  workbook: "--workbook / SHEETS_SYNC_WORKBOOK",
  sheetId: "--sheet-id / GOOGLE_SHEET_ID",
  stateDir: "--state-dir / SHEETS_SYNC_STATE_DIR",
  refreshSeconds: "SHEETS_SYNC_REFRESH_SECONDS",
  host: "--host / HOST",
  port: "--port / PORT",
  apiRootUrl: "SHEETS_API_ROOT_URL",
  apiTimeoutSeconds: "SHEETS_API_TIMEOUT_SECONDS",
  allowedOrigins: "SHEETS_SYNC_ALLOWED_ORIGINS",
  now: "SHEETS_SYNC_NOW",
};

export function loadConfig(flags: ServeFlags, env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse({
    workbook: flags.workbook ?? env.SHEETS_SYNC_WORKBOOK,
    sheetId: flags.sheetId ?? env.GOOGLE_SHEET_ID,
    stateDir: flags.stateDir ?? env.SHEETS_SYNC_STATE_DIR,
    refreshSeconds: env.SHEETS_SYNC_REFRESH_SECONDS || undefined,
    host: flags.host ?? env.HOST,
    port: flags.port ?? (env.PORT || undefined),
    apiRootUrl: env.SHEETS_API_ROOT_URL || undefined,
    apiTimeoutSeconds: env.SHEETS_API_TIMEOUT_SECONDS || undefined,
    accessToken: env.GOOGLE_ACCESS_TOKEN,
    credentialsFile: env.GOOGLE_APPLICATION_CREDENTIALS,
    allowedOrigins: env.SHEETS_SYNC_ALLOWED_ORIGINS || undefined,
    now: env.SHEETS_SYNC_NOW || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? "");
    throw new UsageError(`configurazione non valida: ${FLAG_NAMES[field] ?? field}: ${issue.message}`, "controlla il valore e riprova");
  }
  const config = parsed.data;
  if (config.sheetId && !config.accessToken && !config.credentialsFile) {
    throw new UsageError(
      "per usare un Google Sheet servono le credenziali",
      "imposta GOOGLE_APPLICATION_CREDENTIALS (file JSON dell'account di servizio) oppure GOOGLE_ACCESS_TOKEN; vedi docs/coordinator.md",
    );
  }
  return {
    ...config,
    workbook: resolve(config.workbook),
    stateDir: resolve(config.stateDir),
    storeKind: config.sheetId ? "google" : "workbook",
  };
}
