import { formatProblem } from "@rete-urp/shared";
import type { FastifyInstance } from "fastify";
import type { Service } from "../service.ts";

export function healthRoutes(app: FastifyInstance, service: Service): void {
  app.get("/api/v1/health", async () => {
    const { cache, writer } = service;
    const degraded = cache.stale || cache.current === undefined || writer.lastError !== null;
    return {
      status: degraded ? "degraded" : "ok",
      store: service.store.kind,
      lastRefreshAt: cache.lastRefreshAt?.toISOString() ?? null,
      stale: cache.stale || cache.current === undefined,
      problems: cache.current?.data.problems.length ?? 0,
      // The first problems as `check` prints them, so whoever watches health knows what to fix.
      problemList: (cache.current?.data.problems ?? []).slice(0, 50).map(formatProblem),
      pendingWrites: writer.pendingCount,
      ...(cache.lastError ? { error: cache.lastError.message } : {}),
      ...(writer.lastError ? { writeError: writer.lastError.message } : {}),
    };
  });
}
