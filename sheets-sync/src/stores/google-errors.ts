import { StoreError } from "./store.ts";

/**
 * Google API failures as StoreErrors: retryable for what passes by itself (429, 5xx, timeouts,
 * dropped connections), not retryable for what needs a person (sharing, the sheet id, the key),
 * with an Italian message that says what to do next.
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

/** Google's own message from {"error":{"message":…}} or the token endpoint's error_description. */
export function googleMessage(error: unknown): string {
  const data = (error as GaxiosLike)?.response?.data;
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

  if (status === 429) {
    return new StoreError("google_quota", `Google limita le richieste (429: ${detail}): si riprova tra poco`, true, options);
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
      `Google non accetta la credenziale (401: ${detail}): se usi GOOGLE_ACCESS_TOKEN generane uno nuovo (gcloud auth print-access-token, dura un'ora), altrimenti controlla GOOGLE_APPLICATION_CREDENTIALS`,
      false,
      options,
    );
  }
  if (status === 403) {
    // Some quota errors still come as 403 (rateLimitExceeded): those pass by themselves.
    if (/rate ?limit|quota/i.test(detail)) {
      return new StoreError("google_quota", `Google limita le richieste (403: ${detail}): si riprova tra poco`, true, options);
    }
    if (/has not been used|is disabled|SERVICE_DISABLED/i.test(detail)) {
      return new StoreError(
        "google_api_disabled",
        `La Google Sheets API non è abilitata nel progetto della credenziale: abilitala in Google Cloud (API e servizi → Libreria → Google Sheets API)`,
        false,
        options,
      );
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
  return new StoreError("google_request_rejected", `Google Sheets ha rifiutato la richiesta (${status}: ${detail})`, false, options);
}
