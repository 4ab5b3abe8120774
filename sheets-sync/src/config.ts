import { isIP } from "node:net";
import { resolve } from "node:path";
import { serviceUrlProblem } from "@rete-urp/shared/schema-free";
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
    .transform((value) =>
      value
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean),
    ),
  /**
   * The instant the process should take as "now" when it starts (then time runs on from there).
   * For tests and rehearsals only: a test that depends on today's date sets it, so the suite gives
   * the same answer on any day. Never set in production.
   */
  now: z.iso.datetime({ offset: true, message: "usa una data ISO 8601 con fuso, per esempio 2026-11-10T09:00:00+01:00" }).optional(),
  /**
   * Where clients reach the service ("https://urp.unione.example.it"): the base of every public
   * URL (the calendar feed's). When set, a request for another host is refused (421).
   */
  publicUrl: z
    .url({ protocol: /^https?$/, message: "serve un indirizzo http o https, per esempio https://urp.unione.example.it" })
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.search === "" && url.hash === "" && url.username === "" && url.password === "";
      } catch {
        return true; // already refused as not a URL
      }
    }, "solo schema, host, porta ed eventuale percorso")
    .optional(),
  /**
   * SHEETS_SYNC_ALLOW_HTTP=1: public URLs may be `http://` to another machine, so tokens and
   * invitation codes travel in clear. For a lab without certificates only; unset (or 0), only
   * https, or http on loopback, is accepted (shared/src/https-only.ts).
   */
  allowHttp: z
    .enum(["0", "1"], { message: "1 per permettere http:// verso altre macchine (solo in laboratorio), 0 o niente per vietarlo" })
    .optional()
    .transform((value) => value === "1"),
  /**
   * The reverse proxies whose X-Forwarded-For is believed for the client's address (IPs or
   * CIDRs, comma-separated: "127.0.0.1" or "10.0.0.0/8,::1"). Unset: the header is ignored.
   */
  trustedProxy: z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .refine(
      (items) => items.length > 0 && items.every(isAddressOrCidr),
      "indirizzi IP o CIDR separati da virgole, per esempio 127.0.0.1 o 10.0.0.0/8",
    )
    .optional(),
  /**
   * A request (headers and body) must arrive whole within this long, or the connection is closed
   * (408): a client trickling a body one byte at a time cannot hold a connection for ever.
   */
  requestTimeoutSeconds: z.coerce.number().min(1).max(600).default(30),
});

/** "10.1.2.3", "::1", "10.0.0.0/8", "fd00::/8". */
function isAddressOrCidr(value: string): boolean {
  const [address = "", prefix, ...rest] = value.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/**
 * Why an http:// address to another machine is refused, and the switch for a lab: one line, for
 * SHEETS_SYNC_PUBLIC_URL and --base-url.
 */
export function cleartextRefusal(url: string): string {
  return `"${url}" è http:// verso un'altra macchina: token e inviti viaggerebbero in chiaro sulla rete; usa l'indirizzo https:// del servizio (solo in un laboratorio senza certificati: SHEETS_SYNC_ALLOW_HTTP=1)`;
}

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
  publicUrl: "SHEETS_SYNC_PUBLIC_URL",
  allowHttp: "SHEETS_SYNC_ALLOW_HTTP",
  trustedProxy: "SHEETS_SYNC_TRUSTED_PROXY",
  requestTimeoutSeconds: "SHEETS_SYNC_REQUEST_TIMEOUT_SECONDS",
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
    publicUrl: env.SHEETS_SYNC_PUBLIC_URL || undefined,
    allowHttp: env.SHEETS_SYNC_ALLOW_HTTP || undefined,
    trustedProxy: env.SHEETS_SYNC_TRUSTED_PROXY || undefined,
    requestTimeoutSeconds: env.SHEETS_SYNC_REQUEST_TIMEOUT_SECONDS || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? "");
    throw new UsageError(`configurazione non valida: ${FLAG_NAMES[field] ?? field}: ${issue.message}`, "controlla il valore e riprova");
  }
  const config = parsed.data;
  if (config.publicUrl && serviceUrlProblem(config.publicUrl, { allowInsecureHttp: config.allowHttp }) === "cleartext") {
    throw new UsageError(`SHEETS_SYNC_PUBLIC_URL: ${cleartextRefusal(config.publicUrl)}`);
  }
  // The Sheets API gets the Google access token: never in clear to another machine either (an
  // http:// root is for a local stand-in of the API, as the tests use).
  if (config.apiRootUrl && serviceUrlProblem(config.apiRootUrl, { allowInsecureHttp: config.allowHttp }) === "cleartext") {
    throw new UsageError(
      `SHEETS_API_ROOT_URL: "${config.apiRootUrl}" è http:// verso un'altra macchina: il token di Google viaggerebbe in chiaro; usa https:// (solo in un laboratorio: SHEETS_SYNC_ALLOW_HTTP=1)`,
    );
  }
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
