import { AttendanceInputSchema, ProposalInputSchema, PublishedInputSchema } from "@rete-urp/shared";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { sendError, sendValidationError } from "../http-errors.ts";
import { findMeeting, networkJobsFor, submitAttendance, submitProposal, submitPublished } from "../network-jobs.ts";
import type { Service } from "../service.ts";
import { authenticate } from "./auth.ts";

const IdParams = z.object({ id: z.string().trim().min(1).max(100) });
const ProposalsQuery = z.object({ meetingId: z.string().max(100).optional() }).strict();

function jsonObject(request: FastifyRequest, reply: FastifyReply): unknown {
  if (request.body === undefined || request.body === null || typeof request.body !== "object") {
    sendError(reply, 400, "invalid_request", "Serve un oggetto JSON", { "(body)": "mancante" });
    return undefined;
  }
  return request.body;
}

export function networkJobRoutes(app: FastifyInstance, service: Service): void {
  const auth = { preHandler: authenticate(service) };
  const state = () => service.cache.current!;
  const meetingOf = (request: FastifyRequest) => {
    const params = IdParams.safeParse(request.params);
    return params.success ? findMeeting(state(), params.data.id) : undefined;
  };

  app.get("/api/v1/meetings/:id/attendance", auth, async (request, reply) => {
    const meeting = meetingOf(request);
    if (!meeting) return sendError(reply, 404, "not_found", "Riunione non trovata");
    const { attendance } = networkJobsFor(state(), request.me, service.clock.now());
    return { attendance: attendance.filter((answer) => answer.meetingId === meeting.id) };
  });

  app.put("/api/v1/meetings/:id/attendance", auth, async (request, reply) => {
    const meeting = meetingOf(request);
    if (!meeting) return sendError(reply, 404, "not_found", "Riunione non trovata: forse è stata annullata o spostata");
    if (meeting.status === "cancelled") return sendError(reply, 409, "meeting_cancelled", "La riunione è stata annullata");
    const body = jsonObject(request, reply);
    if (body === undefined) return reply;
    const parsed = AttendanceInputSchema.safeParse(body);
    if (!parsed.success) return sendValidationError(reply, parsed.error, "Richiesta");
    const outcome = await submitAttendance(service, request.me, meeting, parsed.data);
    return reply.code(outcome.status).send(outcome.attendance);
  });

  app.get("/api/v1/proposals", auth, async (request, reply) => {
    const parsed = ProposalsQuery.safeParse(request.query);
    if (!parsed.success) return sendValidationError(reply, parsed.error, "Richiesta");
    const { proposals } = networkJobsFor(state(), request.me, service.clock.now());
    const meetingId = parsed.data.meetingId && (findMeeting(state(), parsed.data.meetingId)?.id ?? parsed.data.meetingId);
    return { proposals: meetingId ? proposals.filter((proposal) => proposal.meetingId === meetingId) : proposals };
  });

  app.post("/api/v1/proposals", auth, async (request, reply) => {
    const body = jsonObject(request, reply);
    if (body === undefined) return reply;
    const parsed = ProposalInputSchema.safeParse(body);
    if (!parsed.success) return sendValidationError(reply, parsed.error, "Richiesta");
    const meeting = findMeeting(state(), parsed.data.meetingId);
    if (!meeting) return sendError(reply, 400, "invalid_request", "Riunione non trovata", { meetingId: "riunione sconosciuta" });
    const outcome = await submitProposal(service, request.me, meeting, parsed.data);
    if (outcome.status === 409) return sendError(reply, 409, outcome.code, outcome.message, { id: "già usato" });
    return reply.code(outcome.status).send(outcome.proposal);
  });

  app.get("/api/v1/publications", auth, async (request) => {
    return { publications: networkJobsFor(state(), request.me, service.clock.now()).publications };
  });

  app.post("/api/v1/publications/:id/published", auth, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    const publication = params.success ? state().data.publications.find((p) => p.id === params.data.id) : undefined;
    if (!publication) return sendError(reply, 404, "not_found", "Pubblicazione non trovata");
    if (!publication.enti.includes(request.me.ente)) {
      // 409, not 403: the caller is allowed in, this publication just is not theirs, and a
      // client must be able to tell it from a revoked access (which it keeps retrying after).
      return sendError(reply, 409, "not_addressed", `Questa pubblicazione non è richiesta a ${request.me.ente}`);
    }
    const body = jsonObject(request, reply);
    if (body === undefined) return reply;
    const parsed = PublishedInputSchema.safeParse(body);
    if (!parsed.success) return sendValidationError(reply, parsed.error, "Richiesta");
    const outcome = await submitPublished(service, request.me, publication, parsed.data);
    return reply.code(outcome.status).send(outcome.outcome);
  });
}
