import { ApiErrorSchema } from "@rete-urp/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { z } from "zod";
import type { Service } from "../../service.ts";

/**
 * A group of routes, registered by server.ts with `app.register(routes, { service })`. Its
 * schemas are zod schemas (the shared ones for bodies), so handlers get typed, validated input.
 */
export type RoutesPlugin<Options extends object = object> = FastifyPluginAsyncZod<{ service: Service } & Options>;

/**
 * A route's `schema.response`: its success bodies by status (the shared schemas), and every error
 * status, whoever answers it (the route, a hook, Fastify through the error handler), as the one
 * error shape, ApiErrorSchema. Declared, the handler's answers are typed and serialized through
 * them (server.ts); a body sent as bytes or text (the snapshot, the calendar feed, the invitation
 * page) is sent as it is, never serialized, and its schema only says what it holds.
 */
export function responses<const Success extends Record<number, z.core.$ZodType>>(success: Success) {
  return { ...success, "4xx": ApiErrorSchema, "5xx": ApiErrorSchema };
}
