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

export function authenticate(service: Service) {
  if (!limiters.has(service)) limiters.set(service, new FailedAuthLimiter());
  const limiter = limiters.get(service)!;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const retryAfter = limiter.retryAfterMs(request.ip);
    if (retryAfter > 0) {
      reply.header("retry-after", Math.ceil(retryAfter / 1000));
      return sendError(reply, 429, "too_many_attempts", "Troppi token non validi da questo indirizzo: riprova tra un minuto");
    }
    const header = AuthorizationHeader.safeParse(request.headers.authorization);
    if (!header.success) {
      return sendError(reply, 401, "unauthorized", "Token mancante: inserisci il tuo token personale nelle opzioni dell'estensione");
    }
    const email = await service.tokens.verify(header.data);
    if (!email) {
      limiter.recordFailure(request.ip);
      return sendError(reply, 401, "unauthorized", "Token non valido: chiedi un nuovo token al coordinatore");
    }
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
