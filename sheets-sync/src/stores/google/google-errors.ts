import { StoreError } from "../store.ts";
import { SHEETS_SCOPE } from "./google-client.ts";

/**
 * Google API failures as StoreErrors: retryable for what passes by itself (429, 5xx, timeouts,
 * dropped connections), not retryable for what needs a person (sharing, the sheet id, the key,
 * the API off in the project, a token without the Sheets scope, a protected range, a strict
 * dropdown), with an Italian message that says what to do next.
 *
 * Google says why in its error body's ErrorInfo (`error.details[].reason`, with `metadata`:
 * https://cloud.google.com/apis/design/errors#error_info) and, in older bodies, in
 * `error.errors[].reason`: those reasons decide first, whatever the status and the text (a
 * "requires a quota project" 403 mentions a quota, and is no 429). The text is read only where
 * Google gives no reason (a protected cell, a strict dropdown, a range past the grid's end).
 */

export interface ErrorContext {
  sheetId: string;
  /** The service account's email, to name in "share the sheet with …" messages. */
  principal?: string;
}

interface GaxiosLike {
  status?: number;
  code?: string | number;
  message?: string;
  config?: { url?: string | URL; method?: string };
  response?: { status?: number; data?: unknown; headers?: Headers | Record<string, string> };
}

/** The response body, parsed when it came as JSON text (a body the client did not parse). */
function responseData(error: unknown): unknown {
  const data = (error as GaxiosLike)?.response?.data;
  if (typeof data !== "string" || !data.trimStart().startsWith("{")) return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}

/** Google's own message from {"error":{"message":…}} or the token endpoint's error_description. */
export function googleMessage(error: unknown): string {
  const data = responseData(error);
  if (data && typeof data === "object") {
    const inner = (data as { error?: unknown }).error;
    if (inner && typeof inner === "object" && typeof (inner as { message?: unknown }).message === "string") {
      return (inner as { message: string }).message;
    }
    const description = (data as { error_description?: unknown }).error_description;
    if (typeof description === "string") return description;
    if (typeof inner === "string") return inner;
  }
  return (error as Error)?.message ?? String(error);
}

export function httpStatus(error: unknown): number | undefined {
  const candidate = error as GaxiosLike;
  const status = candidate?.response?.status ?? candidate?.status;
  return typeof status === "number" ? status : undefined;
}

/** Retry-After in ms when Google sent one (429/503), else undefined. */
export function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as GaxiosLike)?.response?.headers;
  const value = headers instanceof Headers ? headers.get("retry-after") : headers?.["retry-after"];
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

/** What Google says of why: the ErrorInfo reasons (and legacy `errors[].reason`), with their metadata. */
export interface GoogleReasons {
  reasons: Set<string>;
  /** The ErrorInfo's metadata, merged: "consumer" ("projects/123"), "activationUrl", "service"… */
  metadata: Record<string, string>;
}

export function googleReasons(error: unknown): GoogleReasons {
  const reasons = new Set<string>();
  const metadata: Record<string, string> = {};
  const data = responseData(error);
  const inner = data && typeof data === "object" ? (data as { error?: unknown }).error : undefined;
  if (!inner || typeof inner !== "object") return { reasons, metadata };
  const { details, errors } = inner as { details?: unknown; errors?: unknown };
  for (const detail of Array.isArray(details) ? details : []) {
    if (!detail || typeof detail !== "object") continue;
    const { reason, metadata: meta } = detail as { reason?: unknown; metadata?: unknown };
    if (typeof reason === "string") reasons.add(reason);
    if (meta && typeof meta === "object") {
      for (const [key, value] of Object.entries(meta)) if (typeof value === "string") metadata[key] = value;
    }
  }
  for (const legacy of Array.isArray(errors) ? errors : []) {
    const reason = (legacy as { reason?: unknown } | null)?.reason;
    if (typeof reason === "string") reasons.add(reason);
  }
  return { reasons, metadata };
}

const hasAny = (reasons: Set<string>, wanted: readonly string[]) => wanted.some((reason) => reasons.has(reason));

/** The Sheets API is off in the project the requests are billed to. */
const API_DISABLED_REASONS = ["SERVICE_DISABLED", "API_DISABLED", "accessNotConfigured"] as const;
/** The token was granted without the spreadsheets scope. */
const SCOPE_REASONS = ["ACCESS_TOKEN_SCOPE_INSUFFICIENT", "insufficientPermissions"] as const;
/** A per-minute quota: it refills by itself. */
const RATE_LIMIT_REASONS = ["RATE_LIMIT_EXCEEDED", "rateLimitExceeded", "userRateLimitExceeded"] as const;

/**
 * The projects of gcloud's own OAuth clients: user credentials from `gcloud auth
 * application-default login` without a quota project are billed to them, where the Sheets API
 * is not enabled for anyone else's use.
 */
const GCLOUD_CLIENT_PROJECTS = new Set(["764086051850", "32555940559"]);

/** User credentials with the scope every credential needs (docs/foglio-google.md, paragraph 8). */
const ADC_LOGIN = `gcloud auth application-default login --scopes=https://www.googleapis.com/auth/cloud-platform,${SHEETS_SCOPE}`;

function apiDisabledError(detail: string, metadata: Record<string, string>, options: { cause: unknown }): StoreError {
  const project = metadata.consumer?.replace(/^projects\//, "") ?? metadata.containerInfo ?? /\bproject[ =]?(\d+)/i.exec(detail)?.[1];
  if ((project && GCLOUD_CLIENT_PROJECTS.has(project)) || /requires a quota project/i.test(detail)) {
    return new StoreError(
      "google_api_disabled",
      `La credenziale è un accesso utente di gcloud senza progetto per la quota: Google addebita le richieste al progetto di gcloud, dove la Google Sheets API non è disponibile (${detail}). Imposta un tuo progetto in cui la Google Sheets API è abilitata: gcloud auth application-default set-quota-project ID_PROGETTO (oppure usa la chiave JSON di un account di servizio)`,
      false,
      options,
    );
  }
  const where = project ? `nel progetto ${project} della credenziale` : "nel progetto della credenziale";
  const how = metadata.activationUrl ? `da ${metadata.activationUrl}` : "in Google Cloud (API e servizi → Libreria → Google Sheets API)";
  return new StoreError(
    "google_api_disabled",
    `La Google Sheets API non è abilitata ${where}: abilitala ${how}; se l'hai appena abilitata, attendi qualche minuto`,
    false,
    options,
  );
}

function scopeError(detail: string, options: { cause: unknown }): StoreError {
  return new StoreError(
    "google_token_scope",
    `Il token della credenziale non ha lo scope di Google Sheets ${SHEETS_SCOPE} (${detail}): un token di "gcloud auth print-access-token" non lo ha. Usa la chiave JSON di un account di servizio in GOOGLE_APPLICATION_CREDENTIALS, oppure accedi con ${ADC_LOGIN} e usa il file che crea (o il token di "gcloud auth application-default print-access-token")`,
    false,
    options,
  );
}

/**
 * The Sheets API gives a protected range, a strict dropdown and a range past the grid as a plain
 * 400 INVALID_ARGUMENT with no ErrorInfo reason (as far as public reports show): the text is the
 * only signal for them, so it is matched here, loosely, on Google's English wording.
 */
const PROTECTED_TEXT = /protected cell or object|protected range|is protected/i;
const VALIDATION_TEXT = /data validation|validation rule/i;
const GRID_LIMITS_TEXT = /exceeds grid limits/i;

/** The cell a message names ("… in cell D7 …", "'Presenze'!D7"), if any. */
function namedCell(detail: string): string | undefined {
  return (
    /\bcell\s+(?:'[^']*'!|[^\s!']+!)?([A-Z]{1,3}\d+)\b/i.exec(detail)?.[1]?.toUpperCase() ??
    /![$]?([A-Z]{1,3}[$]?\d+)\b/.exec(detail)?.[1]?.replace(/\$/g, "")
  );
}

function isTokenEndpoint(error: unknown): boolean {
  const url = String((error as GaxiosLike)?.config?.url ?? "");
  return /oauth2\.googleapis\.com|accounts\.google\.com|\/token\b/.test(url);
}

function isTimeout(error: unknown): boolean {
  const code = (error as GaxiosLike)?.code;
  const name = (error as Error)?.name;
  return (
    code === "TimeoutError" ||
    code === "ETIMEDOUT" ||
    name === "TimeoutError" ||
    /timeout|timed out|aborted/i.test(String((error as Error)?.message))
  );
}

/** Node's codes for a certificate chain it cannot trust (a proxy that re-signs HTTPS, most often). */
const UNTRUSTED_CERTIFICATE_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_UNTRUSTED",
]);

function isUntrustedCertificate(error: unknown): boolean {
  const code = (error as GaxiosLike)?.code;
  const causeCode = ((error as Error)?.cause as { code?: unknown } | undefined)?.code;
  return (
    UNTRUSTED_CERTIFICATE_CODES.has(String(code)) ||
    UNTRUSTED_CERTIFICATE_CODES.has(String(causeCode)) ||
    /unable to verify the first certificate|self[- ]signed certificate|unable to get local issuer certificate/i.test(
      String((error as Error)?.message),
    )
  );
}

export function toStoreError(error: unknown, context: ErrorContext): StoreError {
  if (error instanceof StoreError) return error;
  const status = httpStatus(error);
  const detail = googleMessage(error);
  const options = { cause: error };
  const shareWith = context.principal
    ? `condividi il foglio con ${context.principal} come Editor`
    : "condividi il foglio con l'account della credenziale come Editor";

  if (status === undefined) {
    if (isUntrustedCertificate(error)) {
      return new StoreError(
        "google_network",
        `Google Sheets non raggiungibile: il certificato TLS ricevuto non è fidato (${detail}). Se la rete passa da un proxy che ispeziona HTTPS, indica il certificato della sua autorità in NODE_EXTRA_CA_CERTS; si riprova più tardi`,
        true,
        options,
      );
    }
    if (isTimeout(error)) {
      return new StoreError("google_timeout", `Google Sheets non ha risposto in tempo: si riprova più tardi`, true, options);
    }
    return new StoreError("google_network", `Google Sheets non raggiungibile (${detail}): si riprova più tardi`, true, options);
  }

  if (isTokenEndpoint(error)) {
    if (status >= 500 || status === 429) {
      return new StoreError(
        "google_unavailable",
        `Il servizio di accesso di Google non risponde (${status}): si riprova più tardi`,
        true,
        options,
      );
    }
    const credential = context.principal ? `la chiave dell'account di servizio ${context.principal}` : "la credenziale";
    // The signed assertion carries the server's time: Google refuses it when the clock is off.
    if (/\biat\b|\bexp\b|timeframe/i.test(detail)) {
      return new StoreError(
        "google_credentials",
        `Google rifiuta ${credential} (${detail}): l'orologio di questo server è sbagliato, sincronizzalo (NTP, per esempio systemd-timesyncd)`,
        false,
        options,
      );
    }
    return new StoreError(
      "google_credentials",
      `Google rifiuta ${credential} (${detail}): controlla il file in GOOGLE_APPLICATION_CREDENTIALS (chiave revocata o eliminata? crea una nuova chiave JSON per l'account di servizio)`,
      false,
      options,
    );
  }

  // Google's reasons first: they hold whatever the status and the text say.
  const { reasons, metadata } = googleReasons(error);
  if (hasAny(reasons, API_DISABLED_REASONS)) return apiDisabledError(detail, metadata, options);
  if (hasAny(reasons, SCOPE_REASONS)) return scopeError(detail, options);
  if (status === 429 || hasAny(reasons, RATE_LIMIT_REASONS)) {
    return new StoreError("google_quota", `Google limita le richieste (${status}: ${detail}): si riprova tra poco`, true, options);
  }
  if (status >= 500 || status === 408) {
    return new StoreError(
      "google_unavailable",
      `Google Sheets è momentaneamente non disponibile (${status}): si riprova più tardi`,
      true,
      options,
    );
  }
  if (status === 401) {
    return new StoreError(
      "google_unauthorized",
      `Google non accetta la credenziale (401: ${detail}): se usi GOOGLE_ACCESS_TOKEN generane uno nuovo (gcloud auth application-default print-access-token, dopo ${ADC_LOGIN}; dura un'ora), altrimenti controlla GOOGLE_APPLICATION_CREDENTIALS`,
      false,
      options,
    );
  }
  if (status === 403) {
    // A body without reasons (an older API front, a proxy): the text is all there is.
    if (/has not been used|is disabled|SERVICE_DISABLED|requires a quota project/i.test(detail)) {
      return apiDisabledError(detail, metadata, options);
    }
    if (/insufficient authentication scopes|ACCESS_TOKEN_SCOPE_INSUFFICIENT/i.test(detail)) return scopeError(detail, options);
    // Some quota errors still come as 403 (rateLimitExceeded): those pass by themselves.
    if (/rate ?limit|quota exceeded|exceeded .*quota/i.test(detail)) {
      return new StoreError("google_quota", `Google limita le richieste (403: ${detail}): si riprova tra poco`, true, options);
    }
    return new StoreError(
      "google_forbidden",
      `Google nega l'accesso al foglio ${context.sheetId} (403: ${detail}): ${shareWith}`,
      false,
      options,
    );
  }
  if (status === 404) {
    return new StoreError(
      "google_sheet_not_found",
      `Il foglio ${context.sheetId} non esiste o non è visibile (404): controlla GOOGLE_SHEET_ID (l'id nell'URL del foglio, tra /d/ e /edit) e ${shareWith}`,
      false,
      options,
    );
  }
  if (status === 400) {
    // About one tab: its writes wait for the coordinator, the other tabs' go (writer.ts).
    if (PROTECTED_TEXT.test(detail)) {
      const account = context.principal ?? "l'account della credenziale";
      return new StoreError(
        "google_protected_range",
        `Google rifiuta la scrittura: un intervallo protetto della scheda non lascia scrivere ${account} (${detail}). Togli la protezione (Dati → Proteggi fogli e intervalli) o impostala su "Mostra un avviso", oppure aggiungi ${account} tra chi può modificare l'intervallo`,
        false,
        options,
      );
    }
    if (VALIDATION_TEXT.test(detail)) {
      const cell = namedCell(detail);
      return new StoreError(
        "google_strict_validation",
        `Google rifiuta la scrittura: ${cell ? `la cella ${cell} ha` : "una colonna ha"} un menu a discesa (convalida dei dati) impostato su "Rifiuta input" e il valore non è tra le scelte (${detail}). Nella convalida della colonna scegli "Mostra un avviso" invece di "Rifiuta input"`,
        false,
        options,
      );
    }
    // Rows or columns deleted between the read and the write: read the grid again and rewrite.
    if (GRID_LIMITS_TEXT.test(detail)) {
      return new StoreError(
        "google_grid_limits",
        `La scheda è cambiata mentre sheets-sync scriveva (${detail}: righe o colonne eliminate?): si rilegge e si riprova`,
        true,
        options,
      );
    }
  }
  return new StoreError("google_request_rejected", `Google Sheets ha rifiutato la richiesta (${status}: ${detail})`, false, options);
}
