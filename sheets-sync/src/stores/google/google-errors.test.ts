import { describe, expect, test } from "vitest";
import { StoreError } from "../store.ts";
import { retryAfterMs, toStoreError } from "./google-errors.ts";

/** A GaxiosError's shape as the client throws it for an HTTP answer. */
function httpError(
  status: number,
  message: string,
  url = "https://sheets.googleapis.com/v4/spreadsheets/abc",
  headers: Record<string, string> = {},
) {
  return Object.assign(new Error(message), {
    status,
    config: { url },
    response: { status, data: { error: { code: status, message, status: "X" } }, headers: new Headers(headers) },
  });
}

const context = { sheetId: "abc", principal: "rete-urp@progetto.iam.gserviceaccount.com" };

/** A GaxiosError carrying Google's full JSON error body (ErrorInfo in details, legacy errors[]). */
function googleError(status: number, message: string, info: { reason?: string; metadata?: Record<string, string>; legacy?: string } = {}) {
  const details = info.reason
    ? [
        {
          "@type": "type.googleapis.com/google.rpc.ErrorInfo",
          reason: info.reason,
          domain: "googleapis.com",
          metadata: info.metadata ?? {},
        },
      ]
    : undefined;
  const errors = info.legacy ? [{ message, domain: "global", reason: info.legacy }] : undefined;
  const body = { error: { code: status, message, status: "X", ...(errors ? { errors } : {}), ...(details ? { details } : {}) } };
  return Object.assign(new Error(message), {
    status,
    config: { url: "https://sheets.googleapis.com/v4/spreadsheets/abc:batchUpdate" },
    response: { status, data: body, headers: new Headers() },
  });
}

const DISABLED =
  "Google Sheets API has not been used in project 123 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project=123 then retry.";
const NO_QUOTA_PROJECT =
  "Your application is authenticating by using local Application Default Credentials. The sheets.googleapis.com API requires a quota project, which is not set by default. To learn how to set your quota project, see https://cloud.google.com/docs/authentication/adc-troubleshooting/user-creds .";

describe("google-errors", () => {
  test.each([
    [429, "google_quota", true],
    [500, "google_unavailable", true],
    [503, "google_unavailable", true],
    [401, "google_unauthorized", false],
    [403, "google_forbidden", false],
    [404, "google_sheet_not_found", false],
    [400, "google_request_rejected", false],
  ])("HTTP %i → %s (retryable %s)", (status, code, retryable) => {
    const error = toStoreError(httpError(status, "boom"), context);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code, retryable });
  });

  test("403 names the service account to share the sheet with", () => {
    const error = toStoreError(httpError(403, "The caller does not have permission"), context);
    expect(error.message).toContain("condividi il foglio con rete-urp@progetto.iam.gserviceaccount.com come Editor");
  });

  test("403 for a disabled API says to enable it; 403 for a rate limit is retryable", () => {
    expect(
      toStoreError(httpError(403, "Google Sheets API has not been used in project 123 before or it is disabled"), context),
    ).toMatchObject({
      code: "google_api_disabled",
      retryable: false,
    });
    expect(toStoreError(httpError(403, "Rate Limit Exceeded"), context)).toMatchObject({ code: "google_quota", retryable: true });
  });

  describe("by Google's reason (ErrorInfo), not the message", () => {
    test("SERVICE_DISABLED: the API is off in the named project, with its activation URL; never a quota", () => {
      const activationUrl = "https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project=123";
      const error = toStoreError(
        googleError(403, DISABLED, {
          reason: "SERVICE_DISABLED",
          metadata: { consumer: "projects/123", service: "sheets.googleapis.com", activationUrl },
        }),
        context,
      );
      expect(error).toMatchObject({ code: "google_api_disabled", retryable: false });
      expect(error.message).toContain("non è abilitata nel progetto 123 della credenziale");
      expect(error.message).toContain(activationUrl);
    });

    test("SERVICE_DISABLED for gcloud's own project: user credentials without a quota project, not a 429 (its text says 'quota')", () => {
      for (const consumer of ["projects/764086051850", "projects/32555940559"]) {
        const error = toStoreError(
          googleError(403, NO_QUOTA_PROJECT, { reason: "SERVICE_DISABLED", metadata: { consumer, service: "sheets.googleapis.com" } }),
          context,
        );
        expect(error).toMatchObject({ code: "google_api_disabled", retryable: false });
        expect(error.message).toContain("gcloud auth application-default set-quota-project ID_PROGETTO");
      }
      // Even were it sent as 429, the reason decides.
      expect(
        toStoreError(googleError(429, DISABLED, { reason: "SERVICE_DISABLED", metadata: { consumer: "projects/123" } }), context),
      ).toMatchObject({ code: "google_api_disabled", retryable: false });
    });

    test("legacy accessNotConfigured and API_DISABLED are the same", () => {
      expect(toStoreError(googleError(403, "Access Not Configured.", { legacy: "accessNotConfigured" }), context)).toMatchObject({
        code: "google_api_disabled",
      });
      expect(toStoreError(googleError(403, "API disabled", { reason: "API_DISABLED" }), context)).toMatchObject({
        code: "google_api_disabled",
      });
    });

    test("ACCESS_TOKEN_SCOPE_INSUFFICIENT: the token lacks the spreadsheets scope (gcloud auth print-access-token), not the sharing", () => {
      for (const error of [
        googleError(403, "Request had insufficient authentication scopes.", { reason: "ACCESS_TOKEN_SCOPE_INSUFFICIENT" }),
        googleError(403, "Insufficient Permission", { legacy: "insufficientPermissions" }),
      ]) {
        const classified = toStoreError(error, context);
        expect(classified).toMatchObject({ code: "google_token_scope", retryable: false });
        expect(classified.message).toContain("https://www.googleapis.com/auth/spreadsheets");
        expect(classified.message).toContain("gcloud auth print-access-token");
        expect(classified.message).not.toContain("come Editor");
      }
    });

    test("RATE_LIMIT_EXCEEDED and the legacy rate-limit reasons are a retryable quota, whatever the status", () => {
      const message =
        "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:123'.";
      expect(toStoreError(googleError(429, message, { reason: "RATE_LIMIT_EXCEEDED" }), context)).toMatchObject({
        code: "google_quota",
        retryable: true,
      });
      for (const legacy of ["rateLimitExceeded", "userRateLimitExceeded"]) {
        expect(toStoreError(googleError(403, "Rate limited", { legacy }), context)).toMatchObject({
          code: "google_quota",
          retryable: true,
        });
      }
    });

    test("a body that came as JSON text is read too", () => {
      const error = googleError(403, DISABLED);
      const text = JSON.stringify({
        error: {
          code: 403,
          message: NO_QUOTA_PROJECT,
          details: [{ reason: "SERVICE_DISABLED", metadata: { consumer: "projects/764086051850" } }],
        },
      });
      Object.assign(error.response, { data: text });
      expect(toStoreError(error, context).message).toContain("set-quota-project");
    });
  });

  describe("400s about one tab, by their text (Google gives no reason for them)", () => {
    test("a protected range: one tab waits, with the fix", () => {
      const error = toStoreError(
        googleError(
          400,
          "You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.",
        ),
        context,
      );
      expect(error).toMatchObject({ code: "google_protected_range", retryable: false });
      expect(error.message).toContain('"Mostra un avviso"');
      expect(error.message).toContain("aggiungi rete-urp@progetto.iam.gserviceaccount.com tra chi può modificare l'intervallo");
    });

    test("a strict dropdown: names the cell and says to show a warning instead of rejecting", () => {
      const error = toStoreError(
        googleError(
          400,
          "Invalid requests[1].updateCells: The data you entered in cell D7 violates the data validation rules set on this cell.",
        ),
        context,
      );
      expect(error).toMatchObject({ code: "google_strict_validation", retryable: false });
      expect(error.message).toContain("la cella D7");
      expect(error.message).toContain('scegli "Mostra un avviso" invece di "Rifiuta input"');
    });

    test("a range past the grid's end is no bad entry: retryable, the store reads again", () => {
      expect(
        toStoreError(googleError(400, "Range ('Presenze'!A1001:F1001) exceeds grid limits. Max rows: 1000, max columns: 26"), context),
      ).toMatchObject({ code: "google_grid_limits", retryable: true });
    });

    test("any other 400 stays a rejection of the request (one entry)", () => {
      expect(toStoreError(googleError(400, "Invalid values[1][0]: struct_value"), context)).toMatchObject({
        code: "google_request_rejected",
        retryable: false,
      });
    });
  });

  test("a 401 no longer suggests gcloud auth print-access-token (its token lacks the spreadsheets scope)", () => {
    const error = toStoreError(httpError(401, "Request had invalid authentication credentials."), context);
    expect(error.message).not.toContain("gcloud auth print-access-token");
    expect(error.message).toContain("gcloud auth application-default print-access-token");
  });

  test("a refused token exchange is a credentials problem, not the sheet's", () => {
    const error = toStoreError(httpError(400, "invalid_grant", "https://oauth2.googleapis.com/token"), context);
    expect(error).toMatchObject({ code: "google_credentials", retryable: false });
    expect(error.message).toContain("GOOGLE_APPLICATION_CREDENTIALS");
    expect(error.message).toContain("la chiave dell'account di servizio rete-urp@progetto.iam.gserviceaccount.com");
  });

  test("an assertion refused for its iat/exp blames the server's clock", () => {
    const detail =
      "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.";
    const error = toStoreError(
      Object.assign(new Error(detail), {
        status: 400,
        config: { url: "https://oauth2.googleapis.com/token" },
        response: { status: 400, data: { error: "invalid_grant", error_description: detail }, headers: new Headers() },
      }),
      context,
    );
    expect(error).toMatchObject({ code: "google_credentials", retryable: false });
    expect(error.message).toContain("l'orologio di questo server è sbagliato");
  });

  test("no answer at all: a timeout or a reset is retryable", () => {
    const timeout = Object.assign(new Error("The operation was aborted due to timeout"), { code: "TimeoutError" });
    expect(toStoreError(timeout, context)).toMatchObject({ code: "google_timeout", retryable: true });
    const reset = Object.assign(new Error("fetch failed"), { code: "ECONNRESET" });
    expect(toStoreError(reset, context)).toMatchObject({ code: "google_network", retryable: true });
  });

  test("a certificate Node does not trust (a proxy that re-signs HTTPS) points at NODE_EXTRA_CA_CERTS, and is retried", () => {
    const untrusted = Object.assign(
      new Error("request to https://oauth2.googleapis.com/token failed, reason: unable to verify the first certificate"),
      { code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" },
    );
    const error = toStoreError(untrusted, context);
    expect(error).toMatchObject({ code: "google_network", retryable: true });
    expect(error.message).toContain("il certificato TLS ricevuto non è fidato");
    expect(error.message).toContain("NODE_EXTRA_CA_CERTS");
  });

  test("retryAfterMs() reads seconds from Retry-After", () => {
    expect(retryAfterMs(httpError(429, "slow down", undefined, { "retry-after": "7" }))).toBe(7_000);
    expect(retryAfterMs(httpError(429, "slow down"))).toBeUndefined();
  });
});
