import { ApiErrorSchema } from "@rete-urp/shared";
import { ServiceError } from "./service-error";

// Apart from service-error.ts, which pages import for ServiceError alone: this one parses with zod.

/**
 * The error a non-2xx answer stands for. Only an answer in the service's own shape can refuse a
 * write: a 404 or 409 page from a proxy in front of it says nothing about the write, which then
 * stays in the outbox (`bad_response`). 401, 403 and 429 keep their meaning whoever sent them.
 */
export function serviceErrorFrom(status: number, body: unknown): ServiceError {
  const parsed = ApiErrorSchema.safeParse(body);
  if (parsed.success) {
    const { code, message, fields } = parsed.data.error;
    return new ServiceError(code, message, status, fields);
  }
  const message = `HTTP ${status}`;
  if (status === 401) return new ServiceError("unauthorized", message, status);
  if (status === 403) return new ServiceError("forbidden", message, status);
  if (status === 429) return new ServiceError("too_many_attempts", message, status);
  return new ServiceError("bad_response", message, status);
}
