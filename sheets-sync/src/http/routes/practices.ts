import { matchEnte, PracticeInputSchema, PracticeSchema, PracticesResponseSchema } from "@rete-urp/shared";
import { z } from "zod";
import { filterPractices, submitPractice } from "../../sheet/practices.ts";
import { HttpError, invalidRequest } from "../http-errors.ts";
import { type RoutesPlugin, responses } from "./plugin.ts";

const PracticesQuery = z
  .object({
    q: z.string().max(200).optional(),
    tag: z.string().max(60).optional(),
    ente: z.string().max(60).optional(),
  })
  .strict();

/** GET and POST /api/v1/practices. Referents only. */
export const practiceRoutes: RoutesPlugin = async (app, { service }) => {
  const listSchema = { querystring: PracticesQuery, response: responses({ 200: PracticesResponseSchema }) };
  app.get("/api/v1/practices", { schema: listSchema }, async (request) => {
    return {
      practices: filterPractices(request.sheet.data.practices, request.query, request.sheet.data.network),
      stale: service.cache.stale,
    };
  });

  app.post(
    "/api/v1/practices",
    {
      schema: { body: PracticeInputSchema, response: responses({ 200: PracticeSchema, 201: PracticeSchema, 202: PracticeSchema }) },
      config: { missingBodyMessage: "Serve un oggetto JSON con almeno id e title" },
    },
    async (request, reply) => {
      // The schema knows an ente's shape; which names are enti is the sheet's Enti tab to say.
      let input = request.body;
      if (input.ente) {
        const match = matchEnte(input.ente, request.sheet.data.network);
        if ("problem" in match) throw invalidRequest(`Ente non valido: ${match.problem}`, { ente: match.problem });
        input = { ...input, ente: match.ente };
      }
      const outcome = await submitPractice(service, request.me, input);
      if (outcome.status === 409) throw new HttpError(409, outcome.code, outcome.message, { fields: { id: "già usato" } });
      return reply.code(outcome.status).send(outcome.practice);
    },
  );
};
