import type { RoutesPlugin } from "./plugin.ts";

/** GET /api/v1/roster: the active referents. Referents only. */
export const rosterRoutes: RoutesPlugin = async (app, { service }) => {
  app.get("/api/v1/roster", async (request) => {
    const roster = request.sheet.data.referents.filter((referent) => referent.active);
    return { roster, stale: service.cache.stale };
  });
};
