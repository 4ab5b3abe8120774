import { PracticeInputSchema } from "@rete-urp/shared";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { sendError, sendValidationError } from "../http-errors.ts";
import { filterPractices, submitPractice } from "../practices.ts";
import type { Service } from "../service.ts";
import { authenticate } from "./auth.ts";

const PracticesQuery = z
  .object({
    q: z.string().max(200).optional(),
    tag: z.string().max(60).optional(),
    ente: z.string().max(60).optional(),
  })
  .strict();

export function practiceRoutes(app: FastifyInstance, service: Service): void {
  const auth = { preHandler: authenticate(service) };

  app.get("/api/v1/practices", auth, async (request, reply) => {
    const parsed = PracticesQuery.safeParse(request.query);
    if (!parsed.success) return sendValidationError(reply, parsed.error, "Richiesta");
    return { practices: filterPractices(service.cache.current!.data.practices, parsed.data), stale: service.cache.stale };
  });

  app.post("/api/v1/practices", auth, async (request, reply) => {
    if (request.body === undefined || request.body === null || typeof request.body !== "object") {
      return sendError(reply, 400, "invalid_request", "Serve un oggetto JSON con almeno id e title", { "(body)": "mancante" });
    }
    const parsed = PracticeInputSchema.safeParse(request.body);
    if (!parsed.success) return sendValidationError(reply, parsed.error, "Richiesta");
    const outcome = await submitPractice(service, request.me, parsed.data);
    if (outcome.status === 409) return sendError(reply, 409, outcome.code, outcome.message, { id: "già usato" });
    return reply.code(outcome.status).send(outcome.practice);
  });
}
