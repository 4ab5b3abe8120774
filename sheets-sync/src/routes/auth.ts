import type { Me } from "@rete-urp/shared";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { sendError } from "../http-errors.ts";
import { FailedAuthLimiter } from "../failed-auth-limiter.ts";
import type { Service } from "../service.ts";

declare module "fastify" {
  interface FastifyRequest {
    me: Me;
  }
}

/**
 * Who is calling: the Bearer token names an email, and that email must be an active referent
 * in the sheet as last read. Removing someone from the sheet (or Attivo = No) revokes access
 * at the next refresh.
 */
const limiters = new WeakMap<Service, FailedAuthLimiter>();

/** `Authorization: Bearer <token>`; anything else is no token at all. */
const AuthorizationHeader = z
  .string()
  .regex(/^Bearer\s+[\x21-\x7e]{1,512}$/i)
  .transform((value) => value.replace(/^Bearer\s+/i, ""));

/** The limiter of bad tokens, one per service (a test starts several in one process). */
export function tokenLimiter(service: Service): FailedAuthLimiter {
  if (!limiters.has(service)) limiters.set(service, new FailedAuthLimiter());
  return limiters.get(service)!;
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

export function authenticate(service: Service) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = await tokenEmail(service, request);
    if ("refused" in token) {
      if (token.refused === "limited") {
        reply.header("retry-after", Math.ceil(token.retryAfterMs / 1000));
        return sendError(reply, 429, "too_many_attempts", "Troppi token non validi da questo indirizzo: riprova tra un minuto");
      }
      if (token.refused === "missing") {
        return sendError(reply, 401, "unauthorized", "Token mancante: inserisci il tuo token personale nelle opzioni dell'estensione");
      }
      return sendError(reply, 401, "unauthorized", "Token non valido: chiedi un nuovo token al coordinatore");
    }
    const { email } = token;
    const state = service.cache.current;
    if (!state) {
      return sendError(reply, 503, "store_unavailable", "I dati della rete non sono ancora disponibili: riprova tra poco");
    }
    const referent = state.data.referents.find((r) => r.email === email);
    if (!referent || !referent.active) {
      return sendError(reply, 403, "forbidden", `${email} non è un referente attivo della rete: rivolgiti al coordinatore`);
    }
    request.me = {
      email: referent.email,
      firstName: referent.firstName,
      lastName: referent.lastName,
      ente: referent.ente,
      role: referent.role,
    };
  };
}
