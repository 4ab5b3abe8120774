import { expect, test } from "vitest";
import { API_ERROR_REMEDIES, API_ERRORS, type ApiErrorCode, type ApiErrorStatus, isApiErrorCode } from "./api-errors.ts";
import * as schemaFree from "./schema-free.ts";
import { ApiErrorSchema } from "./schemas.ts";

test("every listed code has error statuses and a remedy a client knows", () => {
  const codes = Object.keys(API_ERRORS) as ApiErrorCode[];
  expect(codes.length).toBeGreaterThan(0);
  for (const code of codes) {
    const { statuses, remedy } = API_ERRORS[code];
    expect(code, code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(statuses.length, code).toBeGreaterThan(0);
    expect(new Set(statuses).size, code).toBe(statuses.length);
    for (const status of statuses) {
      expect(Number.isInteger(status), `${code} ${status}`).toBe(true);
      expect(status >= 400 && status <= 599, `${code} ${status}`).toBe(true);
    }
    expect(API_ERROR_REMEDIES, code).toContain(remedy);
  }
});

test("remedies agree with the statuses: 429 and 5xx are tried again, 401 and 421 need the settings", () => {
  // As a client judges a code it does not know by its status (lib/service-error.ts in the extension).
  for (const [code, { statuses, remedy }] of Object.entries(API_ERRORS)) {
    for (const status of statuses) {
      if (status >= 500 || status === 429) expect(remedy, code).toBe("retry-later");
      if (status === 401 || status === 421) expect(remedy, code).toBe("fix-settings");
    }
  }
});

test("isApiErrorCode knows the listed codes only, not the object's own properties", () => {
  expect(isApiErrorCode("not_found")).toBe(true);
  expect(isApiErrorCode("journal_unavailable")).toBe(true);
  expect(isApiErrorCode("network")).toBe(false);
  expect(isApiErrorCode("toString")).toBe(false);
  expect(isApiErrorCode("")).toBe(false);
});

test("the popup's entry has the same list, without zod", () => {
  expect(schemaFree.API_ERRORS).toBe(API_ERRORS);
  expect(schemaFree.isApiErrorCode).toBe(isApiErrorCode);
});

test("an error answer with a code this version does not know still parses", () => {
  const parsed = ApiErrorSchema.safeParse({ error: { code: "added_by_a_newer_service", message: "…" } });
  expect(parsed.success).toBe(true);
});

test("a typo or a status the code does not come with does not compile", () => {
  const typed: ApiErrorCode = "not_found";
  // @ts-expect-error: not a code of the list
  const typo: ApiErrorCode = "not_foud";
  const status: ApiErrorStatus<"invitation_used"> = 410;
  // @ts-expect-error: invitation_used comes with 410 only
  const wrong: ApiErrorStatus<"invitation_used"> = 404;
  expect([typed, typo, status, wrong]).toHaveLength(4);
});
