import {
  ActionDoneInputSchema,
  ActionSchema,
  AttendanceInputSchema,
  AttendanceSchema,
  actionConcerns,
  type Meeting,
  MeetingAttendanceResponseSchema,
  ProposalInputSchema,
  ProposalSchema,
  ProposalsResponseSchema,
  PublicationOutcomeSchema,
  PublicationsResponseSchema,
  PublishedInputSchema,
} from "@rete-urp/shared";
import { z } from "zod";
import {
  findAction,
  findMeeting,
  networkJobsFor,
  submitActionDone,
  submitAttendance,
  submitProposal,
  submitPublished,
} from "../../sheet/network-jobs.ts";
import { findProjectById } from "../../sheet/projects.ts";
import type { CacheState } from "../../sheet/sheet-cache.ts";
import { assertValidInput, HttpError, invalidRequest } from "../http-errors.ts";
import { type RoutesPlugin, responses } from "./plugin.ts";

/**
 * `:id` of a meeting or publication. It never fails validation: an id that names nothing
 * (empty once trimmed; one over 100 characters the router refuses first) is a 404 like any
 * unknown one, not a 400.
 */
const IdParams = z.object({ id: z.string().trim() });
const ProposalsQuery = z.object({ meetingId: z.string().max(100).optional() }).strict();

const meetingNamed = (sheet: CacheState, id: string): Meeting | undefined => (id === "" ? undefined : findMeeting(sheet, id));

/**
 * The network's other jobs: attendance, agenda proposals, publications, what meetings decided.
 * Referents only.
 *
 * The routes acting on one meeting or publication use `attachValidation`: that it exists, is
 * not cancelled and is addressed to the caller is answered (404/409) before what the body
 * holds, as a client needs to know first that there is nothing to send it to.
 */
export const networkJobRoutes: RoutesPlugin = async (app, { service }) => {
  const answersSchema = { params: IdParams, response: responses({ 200: MeetingAttendanceResponseSchema }) };
  app.get("/api/v1/meetings/:id/attendance", { schema: answersSchema }, async (request) => {
    const meeting = meetingNamed(request.sheet, request.params.id);
    if (!meeting) throw new HttpError(404, "not_found", "Riunione non trovata");
    const { attendance } = networkJobsFor(request.sheet, request.me, service.clock.now());
    return { attendance: attendance.filter((answer) => answer.meetingId === meeting.id) };
  });

  app.put(
    "/api/v1/meetings/:id/attendance",
    {
      schema: { params: IdParams, body: AttendanceInputSchema, response: responses({ 200: AttendanceSchema, 202: AttendanceSchema }) },
      attachValidation: true,
    },
    async (request, reply) => {
      const meeting = meetingNamed(request.sheet, request.params.id);
      if (!meeting) throw new HttpError(404, "not_found", "Riunione non trovata: forse è stata annullata o spostata");
      if (meeting.status === "cancelled") throw new HttpError(409, "meeting_cancelled", "La riunione è stata annullata");
      assertValidInput(request);
      const outcome = await submitAttendance(service, request.me, meeting, request.body);
      return reply.code(outcome.status).send(outcome.attendance);
    },
  );

  const proposalsSchema = { querystring: ProposalsQuery, response: responses({ 200: ProposalsResponseSchema }) };
  app.get("/api/v1/proposals", { schema: proposalsSchema }, async (request) => {
    const { proposals } = networkJobsFor(request.sheet, request.me, service.clock.now());
    const wanted = request.query.meetingId;
    const meetingId = wanted && (findMeeting(request.sheet, wanted)?.id ?? wanted);
    return { proposals: meetingId ? proposals.filter((proposal) => proposal.meetingId === meetingId) : proposals };
  });

  const created = responses({ 200: ProposalSchema, 201: ProposalSchema, 202: ProposalSchema });
  app.post("/api/v1/proposals", { schema: { body: ProposalInputSchema, response: created } }, async (request, reply) => {
    const meeting = findMeeting(request.sheet, request.body.meetingId);
    if (!meeting) throw invalidRequest("Riunione non trovata", { meetingId: "riunione sconosciuta" });
    const projectId = request.body.projectId ?? "";
    const project = projectId === "" ? undefined : findProjectById(request.sheet.data, projectId);
    if (projectId !== "" && !project) throw invalidRequest("Progetto non trovato", { projectId: "progetto sconosciuto" });
    const outcome = await submitProposal(service, request.me, meeting, request.body, project);
    if (outcome.status === 409) throw new HttpError(409, outcome.code, outcome.message, { fields: { id: "già usato" } });
    return reply.code(outcome.status).send(outcome.proposal);
  });

  app.get("/api/v1/publications", { schema: { response: responses({ 200: PublicationsResponseSchema }) } }, async (request) => {
    return { publications: networkJobsFor(request.sheet, request.me, service.clock.now()).publications };
  });

  app.post(
    "/api/v1/publications/:id/published",
    {
      schema: {
        params: IdParams,
        body: PublishedInputSchema,
        response: responses({ 200: PublicationOutcomeSchema, 202: PublicationOutcomeSchema }),
      },
      attachValidation: true,
    },
    async (request, reply) => {
      const { id } = request.params;
      const publication = id === "" ? undefined : request.sheet.data.publications.find((p) => p.id === id);
      if (!publication) throw new HttpError(404, "not_found", "Pubblicazione non trovata");
      if (!publication.enti.includes(request.me.ente)) {
        // 409, not 403: the caller is allowed in, this publication just is not theirs, and a
        // client must be able to tell it from a revoked access (which it keeps retrying after).
        throw new HttpError(409, "not_addressed", `Questa pubblicazione non è richiesta a ${request.me.ente}`);
      }
      assertValidInput(request);
      const outcome = await submitPublished(service, request.me, publication, request.body);
      return reply.code(outcome.status).send(outcome.outcome);
    },
  );

  app.post(
    "/api/v1/actions/:id/done",
    {
      schema: { params: IdParams, body: ActionDoneInputSchema, response: responses({ 200: ActionSchema, 202: ActionSchema }) },
      attachValidation: true,
    },
    async (request, reply) => {
      const action = findAction(request.sheet, request.params.id);
      if (!action) throw new HttpError(404, "not_found", "Azione non trovata: forse il coordinatore l'ha tolta");
      if (!actionConcerns(action, request.me.ente)) {
        // 409, as for a publication: the caller is let in, this action is just not theirs.
        throw new HttpError(409, "not_addressed", `Questa azione non è affidata a ${request.me.ente}`);
      }
      assertValidInput(request);
      const outcome = await submitActionDone(service, request.me, action);
      return reply.code(outcome.status).send(outcome.action);
    },
  );
};
