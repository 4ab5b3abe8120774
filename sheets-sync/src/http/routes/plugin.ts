import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Service } from "../../service.ts";

/**
 * A group of routes, registered by server.ts with `app.register(routes, { service })`. Its
 * schemas are zod schemas (the shared ones for bodies), so handlers get typed, validated input.
 */
export type RoutesPlugin<Options extends object = object> = FastifyPluginAsyncZod<{ service: Service } & Options>;
