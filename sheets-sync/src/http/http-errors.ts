import type { ApiErrorCode, ApiErrorStatus } from "@rete-urp/shared";
import type { FastifyError, FastifyInstance, FastifyRequest } from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  ResponseSerializationError,
  type ZodFastifySchemaValidationError,
} from "fastify-type-provider-zod";
import { WriteAnswerError } from "../writes/write-errors.ts";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * The 400 message when the body is not a JSON object at all (absent, null, a string): a
     * route may say what the object needs. Without it: "Serve un oggetto JSON".
     */
    missingBodyMessage?: string;
  }
}

/**
 * Every error answer has one shape: {error: {code, message, fields?}} (ApiErrorSchema in shared),
 * its code one of the list in shared/src/api-errors.ts.
 */
export interface ErrorBody {
  error: { code: ApiErrorCode; message: string; fields?: Record<string, string> };
}

/**
 * An answer other than a success, decided by a route or a hook. Routes throw it and never build
 * an error reply themselves: the one error handler (`answerErrors`) shapes it like every other.
 * The code is one of the shared list, with one of the statuses the list gives it.
 */
export class HttpError<Code extends ApiErrorCode = ApiErrorCode> extends Error {
  readonly fields: Record<string, string> | undefined;
  /** Seconds for `Retry-After`: when asking again makes sense (429, 503). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly status: ApiErrorStatus<Code>,
    readonly code: Code,
    message: string,
    options: { fields?: Record<string, string>; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "HttpError";
    this.fields = options.fields;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** A 400 about fields the schema could not judge alone (a meeting the sheet does not have). */
export function invalidRequest(message: string, fields: Record<string, string>): HttpError {
  return new HttpError(400, "invalid_request", message, { fields });
}

/**
 * For a route declared with `attachValidation`, which must answer something else first (a
 * 404 for an unknown meeting, a 429 for a guessing client) before a 400 for its input: from
 * the call on, the input is valid, or the error handler answers the 400 as for any route.
 */
export function assertValidInput(request: FastifyRequest): void {
  if (request.validationError) throw request.validationError;
}

/** The key of a zod issue in `fields`: "url", "tags.0", "author,other" for unknown keys, "(body)" for the whole. */
function fieldOf(issue: ZodFastifySchemaValidationError): string {
  // The type provider keeps the zod issue's own properties in `params` (here the unknown keys)
  // and its path as a JSON pointer, "/tags/0" (no schema has a key with a "/" in it).
  if (issue.keyword === "unrecognized_keys") return (issue.params.keys as string[]).join(",");
  return issue.instancePath === "/" ? "(body)" : issue.instancePath.slice(1).split("/").join(".");
}

/** A failed zod validation as the 400 naming each bad field: {"fields": {"url": "solo indirizzi http o https"}}. */
function validationFields(issues: readonly ZodFastifySchemaValidationError[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    fields[fieldOf(issue)] ??= issue.keyword === "unrecognized_keys" ? "campo non previsto" : (issue.message ?? "");
  }
  return fields;
}

/** Not a JSON object at all: no body, `null`, a string or a number (an array is an object, judged by the schema). */
const isNotAnObject = (body: unknown) => body === undefined || body === null || typeof body !== "object";

/**
 * The one place errors become answers, for every route, hook and Fastify itself: what routes
 * throw (HttpError), the write failures from deep below them (WriteAnswerError: 422, or 503
 * with Retry-After), the route schemas' validation (400 with `fields`), a body too large
 * (413), not JSON (415), unparsable (400), an unknown URL (404), and anything else (500, logged),
 * an answer that does not fit its route's response schema included.
 */
export function answerErrors(
  app: FastifyInstance,
  { bodyLimitBytes, log }: { bodyLimitBytes: number; log: (message: string) => void },
): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // `status` is a number, not ApiErrorStatus: Fastify's own 4xx errors keep their status (invalid_request).
    const answer = (status: number, code: ApiErrorCode, message: string, fields?: Record<string, string>) =>
      reply.code(status).send({ error: { code, message, ...(fields ? { fields } : {}) } } satisfies ErrorBody);

    if (error instanceof HttpError || error instanceof WriteAnswerError) {
      if (error.retryAfterSeconds !== undefined) reply.header("retry-after", String(error.retryAfterSeconds));
      return answer(error.status, error.code, error.message, error instanceof HttpError ? error.fields : undefined);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      if (error.validationContext === "body" && isNotAnObject(request.body)) {
        return answer(400, "invalid_request", request.routeOptions.config.missingBodyMessage ?? "Serve un oggetto JSON", {
          "(body)": "mancante",
        });
      }
      const fields = validationFields(error.validation);
      return answer(400, "invalid_request", `Richiesta non valida: ${Object.keys(fields).join(", ")}`, fields);
    }
    const status = error.statusCode ?? 500;
    if (status === 413) return answer(413, "payload_too_large", `Richiesta troppo grande: massimo ${bodyLimitBytes / 1024} KB`);
    if (status >= 400 && status < 500) {
      return answer(
        status,
        "invalid_request",
        error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE"
          ? "Serve un corpo JSON (Content-Type: application/json)"
          : `Richiesta non valida: ${error.message}`,
      );
    }
    // An answer that does not fit its route's response schema: which route, and what did not fit.
    const misfit =
      error instanceof ResponseSerializationError
        ? `risposta di ${error.method} ${error.url} non conforme allo schema: ${error.cause.message}\n`
        : "";
    log(`errore interno: ${misfit}${error.stack ?? error.message}`);
    return answer(500, "internal", "Errore interno del servizio: riprova; se continua, avvisa il coordinatore");
  });

  app.setNotFoundHandler((request) => {
    throw new HttpError(404, "not_found", `Nessuna risorsa ${request.method} ${request.url.split("?")[0]}`);
  });
}
