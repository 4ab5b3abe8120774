import type { Me, Referent } from "@rete-urp/shared";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { FailedAuthLimiter } from "../../access/failed-auth-limiter.ts";
import type { Service } from "../../service.ts";
import type { CacheState } from "../../sheet/sheet-cache.ts";
import { HttpError } from "../http-errors.ts";

/**
 * Who is calling: the Bearer token names an email, and that email must be an active referent
 * in the sheet as last read. Removing someone from the sheet (or Attivo = No) revokes access
 * at the next refresh.
 */

/** What the referents-only scope knows of a request once it let it in. */
interface Caller {
  me: Me;
  sheet: CacheState;
}

const kCaller = Symbol("rete-urp.caller");

declare module "fastify" {
  interface FastifyRequest {
    [kCaller]: Caller | null;
    /** The active referent of the request's token. Only in the referents-only scope. */
    readonly me: Me;
    /**
     * The sheet as read when the caller was let in: the one the whole answer is built from,
     * never absent (without one the scope answers 503). Only in the referents-only scope.
     */
    readonly sheet: CacheState;
  }
}

function callerOf(request: FastifyRequest): Caller {
  const caller = request[kCaller];
  // A route outside the referents-only scope reading `me` is a bug, answered 500 and logged.
  if (!caller) throw new Error(`${request.method} ${request.routeOptions.url} reads request.me outside the referents-only scope`);
  return caller;
}

/**
 * Declares `request.me` and `request.sheet` for the whole server. The slot behind them starts
 * as null for every request (a value, so nothing is shared between requests, as Fastify 5
 * requires of request decorations); the getters give routes non-null values, with no `!`.
 */
export function declareCaller(app: FastifyInstance): void {
  app.decorateRequest(kCaller, null);
  app.decorateRequest("me", {
    getter(this: FastifyRequest) {
      return callerOf(this).me;
    },
  });
  app.decorateRequest("sheet", {
    getter(this: FastifyRequest) {
      return callerOf(this).sheet;
    },
  });
}

const limiters = new WeakMap<Service, FailedAuthLimiter>();

/** `Authorization: Bearer <token>`; anything else is no token at all. */
const AuthorizationHeader = z
  .string()
  .regex(/^Bearer\s+[\x21-\x7e]{1,512}$/i)
  .transform((value) => value.replace(/^Bearer\s+/i, ""));

/** The limiter of bad tokens, one per service (a test starts several in one process). */
export function tokenLimiter(service: Service): FailedAuthLimiter {
  const limiter = limiters.get(service) ?? new FailedAuthLimiter();
  limiters.set(service, limiter);
  return limiter;
}

/**
 * The email of the request's token, or why there is none. A valid token is checked first and
 * never limited: only requests with a bad or missing token count towards, and get, the 429
 * (behind one NAT or reverse proxy, one client guessing must not lock everyone out).
 */
export async function tokenEmail(
  service: Service,
  request: FastifyRequest,
): Promise<{ email: string } | { refused: "limited"; retryAfterMs: number } | { refused: "missing" | "invalid" }> {
  const limiter = tokenLimiter(service);
  const header = AuthorizationHeader.safeParse(request.headers.authorization);
  const email = header.success ? await service.tokens.verify(header.data) : undefined;
  if (email) return { email };
  const retryAfterMs = limiter.retryAfterMs(request.ip);
  if (retryAfterMs > 0) return { refused: "limited", retryAfterMs };
  if (!header.success) return { refused: "missing" };
  limiter.recordFailure(request.ip);
  return { refused: "invalid" };
}

/** The sheet as last read; before the first successful read there is nothing to answer from. */
export function currentSheet(service: Service): CacheState {
  const sheet = service.cache.current;
  if (!sheet) throw new HttpError(503, "store_unavailable", "I dati della rete non sono ancora disponibili: riprova tra poco");
  return sheet;
}

async function letIn(service: Service, request: FastifyRequest): Promise<Caller> {
  const token = await tokenEmail(service, request);
  if ("refused" in token) {
    if (token.refused === "limited") {
      throw new HttpError(429, "too_many_attempts", "Troppi token non validi da questo indirizzo: riprova tra un minuto", {
        retryAfterSeconds: Math.ceil(token.retryAfterMs / 1000),
      });
    }
    if (token.refused === "missing") {
      throw new HttpError(401, "unauthorized", "Token mancante: inserisci il tuo token personale nelle opzioni dell'estensione");
    }
    throw new HttpError(401, "unauthorized", "Token non valido: chiedi un nuovo token al coordinatore");
  }
  const { email } = token;
  const sheet = currentSheet(service);
  const referent = activeReferent(sheet, email);
  if (!referent) {
    throw new HttpError(403, "forbidden", `${email} non è un referente attivo della rete: rivolgiti al coordinatore`);
  }
  return { me: meOf(referent), sheet };
}

/** The roster's row for `email` (lower case) when it is active: whoever may use the API, or redeem an invitation. */
export function activeReferent(sheet: CacheState, email: string): Referent | undefined {
  const referent = sheet.data.referents.find((r) => r.email === email);
  return referent?.active ? referent : undefined;
}

/** A referent as every answer of the API names them. */
export function meOf(referent: Referent): Me {
  return {
    email: referent.email,
    firstName: referent.firstName,
    lastName: referent.lastName,
    ente: referent.ente,
    role: referent.role,
  };
}

/**
 * Makes `scope` answer only active referents: every route registered in it (and in its child
 * plugins) finds `request.me` and `request.sheet` set. A preValidation hook, not a preHandler:
 * who is calling is settled before the route's schemas look at the input, so a caller without
 * a valid token gets 401/403/429 (or 503 while the sheet is unread), never a 400 that tells
 * what the schemas want. The body is already read by then: a body too large or not JSON is
 * still 413/415/400 for anyone.
 */
export function referentsOnly(scope: FastifyInstance, service: Service): void {
  scope.addHook("preValidation", async (request) => {
    request[kCaller] = await letIn(service, request);
  });
}
