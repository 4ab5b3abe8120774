import {
  matchEnte,
  ProjectInputSchema,
  ProjectSchema,
  ProjectsResponseSchema,
  ProjectUpdateInputSchema,
  ProjectUpdateSchema,
} from "@rete-urp/shared";
import { findProjectById, latestProjectUpdates, submitProject, submitProjectUpdate } from "../../sheet/projects.ts";
import { HttpError, invalidRequest } from "../http-errors.ts";
import { type RoutesPlugin, responses } from "./plugin.ts";

/**
 * The shared projects: the list and its latest updates (as the snapshot has them), "Proponi un
 * progetto" (a Progetti row with Stato Proposto) and "Aggiungi un aggiornamento" (an
 * Aggiornamenti row). Referents only; both writes are idempotent by the client's UUID.
 */
export const projectRoutes: RoutesPlugin = async (app, { service }) => {
  app.get("/api/v1/projects", { schema: { response: responses({ 200: ProjectsResponseSchema }) } }, async (request) => {
    return { projects: request.sheet.data.projects, projectUpdates: latestProjectUpdates(request.sheet.data) };
  });

  const createdProject = responses({ 200: ProjectSchema, 201: ProjectSchema, 202: ProjectSchema });
  app.post(
    "/api/v1/projects",
    {
      schema: { body: ProjectInputSchema, response: createdProject },
      config: { missingBodyMessage: "Serve un oggetto JSON con almeno id e title" },
    },
    async (request, reply) => {
      // The schema knows an ente's shape; which names are enti is the sheet's Enti tab to say.
      const enti = (request.body.enti ?? []).map((name) => {
        const match = matchEnte(name, request.sheet.data.network);
        if ("problem" in match) throw invalidRequest(`Ente non valido: ${match.problem}`, { enti: match.problem });
        return match.ente;
      });
      const input = request.body.enti ? { ...request.body, enti } : request.body;
      const outcome = await submitProject(service, request.me, input);
      if (outcome.status === 409) throw new HttpError(409, outcome.code, outcome.message, { fields: { id: "già usato" } });
      return reply.code(outcome.status).send(outcome.project);
    },
  );

  const createdUpdate = responses({ 200: ProjectUpdateSchema, 201: ProjectUpdateSchema, 202: ProjectUpdateSchema });
  app.post(
    "/api/v1/project-updates",
    {
      schema: { body: ProjectUpdateInputSchema, response: createdUpdate },
      config: { missingBodyMessage: "Serve un oggetto JSON con almeno id, projectId e text" },
    },
    async (request, reply) => {
      const project = findProjectById(request.sheet.data, request.body.projectId);
      // 400, like a proposal for an unknown meeting: the outbox drops it and tells the referent.
      if (!project)
        throw invalidRequest("Progetto non trovato: forse è stato tolto dalla scheda Progetti", { projectId: "progetto sconosciuto" });
      const outcome = await submitProjectUpdate(service, request.me, project, request.body);
      if (outcome.status === 409) throw new HttpError(409, outcome.code, outcome.message, { fields: { id: "già usato" } });
      return reply.code(outcome.status).send(outcome.update);
    },
  );
};
