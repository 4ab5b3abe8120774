import { describe, expect, test } from "vitest";
import { retryAfterMs, toStoreError } from "./google-errors.ts";
import { StoreError } from "./store.ts";

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
