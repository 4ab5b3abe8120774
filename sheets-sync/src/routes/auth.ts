import type { Me } from "@rete-urp/shared";
import type { FastifyReply, FastifyRequest } from "fastify";
import { sendError } from "../http-errors.ts";
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
export function authenticate(service: Service) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? "";
    const match = /^Bearer\s+(\S{1,512})$/i.exec(header);
    if (!match) {
      return sendError(reply, 401, "unauthorized", "Token mancante: inserisci il tuo token personale nelle opzioni dell'estensione");
    }
    const email = await service.tokens.verify(match[1]!);
    if (!email) return sendError(reply, 401, "unauthorized", "Token non valido: chiedi un nuovo token al coordinatore");
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
