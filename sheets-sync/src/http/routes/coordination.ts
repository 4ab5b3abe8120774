import { resolve } from "node:path";
import { CoordinationSchema, isCoordinator, nextMeeting, romeIsoDate } from "@rete-urp/shared";
import type { FastifyInstance } from "fastify";
import type { AccessLog } from "../../access/access-log.ts";
import type { InvitationStore } from "../../access/invitations.ts";
import type { Service } from "../../service.ts";
import { coordinationView, type SheetSource } from "../../sheet/coordination.ts";
import { networkJobsFor } from "../../sheet/network-jobs.ts";
import { HttpError } from "../http-errors.ts";
import { servedProblems, serviceState } from "./health.ts";
import { type RoutesPlugin, responses } from "./plugin.ts";

/**
 * Makes `scope` answer coordinators only: referents whose Ruolo is Coordinatore or Delegato
 * (`isCoordinator`); anyone else gets 403 `not_coordinator`. Registered inside the referents-only
 * scope, so `request.me` is set; a preValidation hook like that scope's, so a referent who may
 * not use a route learns nothing of what its schema wants.
 */
export function coordinatorsOnly(scope: FastifyInstance): void {
  scope.addHook("preValidation", async (request) => {
    if (isCoordinator(request.me)) return;
    throw new HttpError(
      403,
      "not_coordinator",
      "Solo il coordinatore della rete e i suoi delegati (Ruolo Coordinatore o Delegato nella scheda Referenti) possono farlo",
    );
  });
}

/** The sheet as the coordinator opens it: the workbook's file, or the Google Sheet with its tabs' ids. */
export function sheetSource(service: Service): SheetSource {
  const { store } = service;
  if (store.kind === "workbook") return { kind: "workbook", location: resolve(store.location) };
  return { kind: "google", location: store.location, tabSheetId: (tab) => store.tabSheetId?.(tab) };
}

/**
 * GET /api/v1/coordination: the coordinator's view (shared/src/coordination.ts), the access log's
 * latest entries included. Coordinators only.
 */
export const coordinationRoutes: RoutesPlugin<{ invitations: InvitationStore; accessLog: AccessLog }> = async (
  app,
  { service, invitations, accessLog },
) => {
  coordinatorsOnly(app);

  app.get("/api/v1/coordination", { schema: { response: responses({ 200: CoordinationSchema }) } }, async (request) => {
    const { sheet } = request;
    const now = service.clock.now();
    const [tokens, pendingInvitations, accessLogRecords] = await Promise.all([
      service.tokens.list(),
      invitations.pendingByEmail(now),
      accessLog.latest(),
    ]);
    return coordinationView({
      sheet: sheetSource(service),
      // The sheet's problems, the tabs whose writes wait and the spreadsheet's settings, as health lists them.
      problems: servedProblems(service),
      referents: sheet.data.referents,
      nextMeeting: nextMeeting(sheet.calendar, now),
      // The answers as every referent's snapshot has them: the latest per person, aliases resolved.
      answers: networkJobsFor(sheet, request.me, now).attendance,
      publications: sheet.data.publications,
      outcomes: sheet.data.publicationOutcomes,
      actions: sheet.data.actions,
      today: romeIsoDate(now),
      enti: sheet.data.network.enti.map((ente) => ente.name),
      service: serviceState(service),
      tokenEmails: new Set(tokens.map((token) => token.email)),
      pendingInvitations,
      accessLog: accessLogRecords,
      projects: { projects: sheet.data.projects, updates: sheet.data.projectUpdates, cells: sheet.data.projectCells },
    });
  });
};
