import { RosterResponseSchema, servedReferent } from "@rete-urp/shared";
import { type RoutesPlugin, responses } from "./plugin.ts";

/** GET /api/v1/roster: the active referents, as referents are served them (no `Note`). Referents only. */
export const rosterRoutes: RoutesPlugin = async (app, { service }) => {
  app.get("/api/v1/roster", { schema: { response: responses({ 200: RosterResponseSchema }) } }, async (request) => {
    const roster = request.sheet.data.referents.filter((referent) => referent.active).map(servedReferent);
    return { roster, stale: service.cache.stale };
  });
};
