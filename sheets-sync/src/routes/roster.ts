import type { FastifyInstance } from "fastify";
import type { Service } from "../service.ts";
import { authenticate } from "./auth.ts";

export function rosterRoutes(app: FastifyInstance, service: Service): void {
  app.get("/api/v1/roster", { preHandler: authenticate(service) }, async () => {
    const roster = service.cache.current!.data.referents.filter((referent) => referent.active);
    return { roster, stale: service.cache.stale };
  });
}
