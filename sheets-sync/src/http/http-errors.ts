import { maxHeaderSize, STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { ApiErrorCode, ApiErrorStatus } from "@rete-urp/shared";
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
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

/** An error answer's body: the one shape, for the error handler and for the answers made before any route. */
function errorBody(code: ApiErrorCode, message: string, fields?: Record<string, string>): ErrorBody {
  return { error: { code, message, ...(fields ? { fields } : {}) } };
}

/**
 * The headers every answer carries, errors included: the server's onSend hook sets them, and so
 * do the answers Fastify's router and Node's parser make before any hook runs
 * (`answerFrameworkErrors`, `answerClientError`).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
};

/** `Cache-Control` of every answer whose route does not set its own (the snapshot's is private, no-cache). */
export const DEFAULT_CACHE_CONTROL = "no-store";

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
 * an answer that does not fit its route's response schema included. What Fastify's router and
 * Node's parser refuse before this handler can run gets the same shape from `answerFrameworkErrors`
 * and `answerClientError`.
 */
export function answerErrors(
  app: FastifyInstance,
  { bodyLimitBytes, log }: { bodyLimitBytes: number; log: (message: string) => void },
): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // `status` is a number, not ApiErrorStatus: Fastify's own 4xx errors keep their status (invalid_request).
    const answer = (status: number, code: ApiErrorCode, message: string, fields?: Record<string, string>) =>
      reply.code(status).send(errorBody(code, message, fields));

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

/**
 * Fastify's `frameworkErrors`: what its router refuses before any hook runs, so before the error
 * handler and the onSend hook, answered in the same shape with the same headers. A path that
 * does not decode (`/api/v1/%E0%A4%A`, FST_ERR_BAD_URL) is 400 `invalid_request`; a path segment
 * longer than a route's parameter may be (FST_ERR_MAX_PARAM_LENGTH, over 100 characters) is 414
 * `payload_too_large`. Anything else (an async route constraint failing, none is declared) is a
 * 500, logged, as any unexpected error is.
 */
export function answerFrameworkErrors(log: (message: string) => void) {
  return (error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void => {
    let status: ApiErrorStatus<"invalid_request" | "payload_too_large" | "internal">;
    let body: ErrorBody;
    if (error.code === "FST_ERR_BAD_URL") {
      status = 400;
      body = errorBody("invalid_request", "Richiesta non valida: l'indirizzo non è un URL leggibile (codifica % non valida)");
    } else if (error.code === "FST_ERR_MAX_PARAM_LENGTH") {
      status = 414;
      body = errorBody("payload_too_large", "Indirizzo troppo lungo: un elemento del percorso supera i 100 caratteri");
    } else {
      log(`errore interno: ${error.stack ?? error.message}`);
      status = 500;
      body = errorBody("internal", "Errore interno del servizio: riprova; se continua, avvisa il coordinatore");
    }
    void reply
      .code(status)
      .headers({ ...SECURITY_HEADERS, "cache-control": DEFAULT_CACHE_CONTROL, "content-type": "application/json; charset=utf-8" })
      .send(JSON.stringify(body));
  };
}

/**
 * Node's `clientError` (Fastify's `clientErrorHandler`): a request its HTTP parser refuses
 * before Fastify sees it, answered on the raw socket in the API's shape and with the same
 * headers, then the connection closed (the parser cannot go on after an error):
 *
 * - the request line and headers over Node's limit (16 KB; a URL of 20 KB is one): 431
 *   `payload_too_large`; chunk extensions over theirs: 413 `payload_too_large`;
 * - a request line or headers that are not HTTP: 400 `invalid_request`;
 * - a request that did not arrive whole in time: 408 as Fastify answers it, with these headers.
 *   No code of the shared list says "try again" for it, and `invalid_request` would make a
 *   client drop the write for good; without a code of the service, a client judges it by its
 *   status (408: retry).
 *
 * A connection the client reset, or one already answered, gets nothing.
 */
export function answerClientError(error: ConnectionError, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed || !socket.writable) return;
  let status: number;
  let body: string;
  if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") {
    status = 408;
    body = JSON.stringify({ error: STATUS_CODES[408], message: "Client Timeout", statusCode: 408 });
  } else if (error.code === "HPE_HEADER_OVERFLOW") {
    status = 431;
    body = JSON.stringify(
      errorBody(
        "payload_too_large",
        `Richiesta troppo grande: indirizzo e intestazioni insieme al massimo ${Math.floor(maxHeaderSize / 1024)} KB`,
      ),
    );
  } else if (error.code === "HPE_CHUNK_EXTENSIONS_OVERFLOW") {
    status = 413;
    body = JSON.stringify(errorBody("payload_too_large", "Richiesta troppo grande: estensioni dei blocchi oltre il limite"));
  } else {
    status = 400;
    body = JSON.stringify(errorBody("invalid_request", "Richiesta non valida: non è una richiesta HTTP leggibile"));
  }
  const headers = {
    ...SECURITY_HEADERS,
    "cache-control": DEFAULT_CACHE_CONTROL,
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(body)),
    connection: "close",
  };
  const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status]}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  socket.end(`${head.join("\r\n")}\r\n\r\n${body}`);
  // Ended, not destroyed: closing at once with the rest of a 64 KB header still unread would
  // reset the connection, and the client could lose the answer. Should the connection stay
  // open (a client that never closes its side), it is destroyed after LINGER_MS.
  const linger = setTimeout(() => socket.destroy(), LINGER_MS);
  linger.unref();
  socket.once("close", () => clearTimeout(linger));
}

/** How long a connection refused by the parser stays open for the client to read the answer. */
const LINGER_MS = 2000;
