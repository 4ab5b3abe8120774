import cors from "@fastify/cors";
import Fastify, { type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { AccessLog } from "../access/access-log.ts";
import { InvitationStore } from "../access/invitations.ts";
import { TokenStore } from "../access/tokens.ts";
import type { Service } from "../service.ts";
import {
  answerClientError,
  answerErrors,
  answerFrameworkErrors,
  DEFAULT_CACHE_CONTROL,
  HttpError,
  SECURITY_HEADERS,
} from "./http-errors.ts";
import { hostAllowed } from "./public-url.ts";
import { declareCaller, referentsOnly } from "./routes/auth.ts";
import { calendarFeedRoutes, calendarKeyRoutes } from "./routes/calendar.ts";
import { coordinationRoutes } from "./routes/coordination.ts";
import { healthRoutes } from "./routes/health.ts";
import { invitationRoutes, redeemRoutes } from "./routes/invitations.ts";
import { meetingRoutes } from "./routes/meetings.ts";
import { networkJobRoutes } from "./routes/network-jobs.ts";
import { practiceRoutes } from "./routes/practices.ts";
import { projectRoutes } from "./routes/projects.ts";
import { rosterRoutes } from "./routes/roster.ts";
import { snapshotRoutes } from "./routes/snapshot.ts";

/** Request bodies are small JSON objects: a practice with a long excerpt fits well under this. */
const BODY_LIMIT_BYTES = 64 * 1024;

function originMatcher(patterns: readonly string[]) {
  const regexes = patterns.map(
    (pattern) =>
      new RegExp(
        `^${pattern
          .split("*")
          .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
          .join("[a-z0-9-]+")}$`,
        "i",
      ),
  );
  return (origin: string) => regexes.some((regex) => regex.test(origin));
}

export async function buildServer(service: Service): Promise<FastifyInstance> {
  const { config } = service;
  const timeoutMs = config.requestTimeoutSeconds * 1000;
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: true,
    // The client's address (for the bad-token limiter) comes from the socket, unless a
    // configured reverse proxy says otherwise in X-Forwarded-For.
    trustProxy: config.trustedProxy ?? false,
    // A request must arrive whole (headers and body) within the limit, else 408 and the
    // connection is closed; Node checks every second rather than every 30 s.
    requestTimeout: timeoutMs,
    http: { requestTimeout: timeoutMs, headersTimeout: timeoutMs, connectionsCheckingInterval: Math.min(1000, timeoutMs) },
    // What Fastify's router and Node's parser refuse before any hook runs (a path that does not
    // decode, a URL or headers too large, a request line that is not HTTP) is answered in the
    // API's shape with the security headers too, not in theirs (http-errors.ts).
    frameworkErrors: answerFrameworkErrors(service.log),
    clientErrorHandler: answerClientError,
  });
  const allowed = originMatcher(service.config.allowedOrigins);

  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin === undefined ? false : allowed(origin)),
    methods: ["GET", "POST", "PUT"],
    allowedHeaders: ["Authorization", "Content-Type", "If-None-Match"],
    exposedHeaders: ["ETag"],
    maxAge: 600,
  });

  // With a public URL configured, only requests for that host (or the listening address) are served.
  app.addHook("onRequest", async (request) => {
    if (hostAllowed(config, request.socket, request.host)) return;
    throw new HttpError(421, "wrong_host", `Questo servizio risponde solo a ${config.publicUrl}: usa quell'indirizzo`);
  });

  app.addHook("onSend", async (_request, reply) => {
    // A route may send a policy of its own, the common one plus what its page needs (the
    // invitation page: its stylesheet by hash); every other answer gets the common one.
    const ownPolicy = reply.getHeader("content-security-policy");
    reply.headers(SECURITY_HEADERS);
    if (ownPolicy !== undefined) reply.header("content-security-policy", ownPolicy);
    if (!reply.hasHeader("cache-control")) reply.header("cache-control", DEFAULT_CACHE_CONTROL);
  });

  answerErrors(app, { bodyLimitBytes: BODY_LIMIT_BYTES, log: service.log });

  // Bodies, query strings and params are checked by the routes' zod schemas (the shared ones
  // for bodies), before the handler runs; a failure reaches the error handler as a 400.
  // Answers go out through the routes' response schemas (routes/plugin.ts, `responses`): the
  // shared schemas clients parse them with, every error as ApiErrorSchema. An answer that does
  // not fit its schema is a bug, answered 500 and logged. Only objects are serialized: the
  // snapshot goes out as bytes encoded once per version, gzipped or not, and the calendar feed
  // and the invitation page as text, which Fastify sends as they are.
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  declareCaller(app);

  const feedKeys = TokenStore.feedKeys(config.stateDir);
  const invitations = InvitationStore.inStateDir(config.stateDir);
  const accessLog = AccessLog.inStateDir(config.stateDir);
  const routes = app.withTypeProvider<ZodTypeProvider>();

  // Public: a monitor, calendar apps, and a referent redeeming an invitation, who have no personal token.
  await routes.register(healthRoutes, { service });
  await routes.register(calendarFeedRoutes, { service, feedKeys });
  await routes.register(redeemRoutes, { service, invitations });

  // Everything else answers active referents only, with `request.me` and `request.sheet` set.
  await routes.register(async (referents) => {
    referentsOnly(referents, service);
    await referents.register(snapshotRoutes, { service });
    await referents.register(meetingRoutes, { service });
    await referents.register(rosterRoutes, { service });
    await referents.register(practiceRoutes, { service });
    await referents.register(networkJobRoutes, { service });
    await referents.register(projectRoutes, { service });
    await referents.register(calendarKeyRoutes, { service, feedKeys });
    // Coordinators only (Ruolo Coordinatore or Delegato), inside the referents' scope.
    await referents.register(coordinationRoutes, { service, invitations, accessLog });
    await referents.register(invitationRoutes, { service, invitations });
  });
  return app;
}
