import cors from "@fastify/cors";
import Fastify, { type FastifyInstance } from "fastify";
import { sendError } from "./http-errors.ts";
import { hostAllowed } from "./public-url.ts";
import { calendarRoutes } from "./routes/calendar.ts";
import { healthRoutes } from "./routes/health.ts";
import { meetingRoutes } from "./routes/meetings.ts";
import { networkJobRoutes } from "./routes/network-jobs.ts";
import { practiceRoutes } from "./routes/practices.ts";
import { rosterRoutes } from "./routes/roster.ts";
import { snapshotRoutes } from "./routes/snapshot.ts";
import type { Service } from "./service.ts";
import { WriteAnswerError, sendWriteError } from "./write-errors.ts";

/** Request bodies are small JSON objects: a practice with a long excerpt fits well under this. */
const BODY_LIMIT_BYTES = 64 * 1024;

function originMatcher(patterns: readonly string[]) {
  const regexes = patterns.map(
    (pattern) => new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&")).join("[a-z0-9-]+")}$`, "i"),
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
  app.addHook("onRequest", async (request, reply) => {
    if (hostAllowed(config, request.socket, request.host)) return;
    return sendError(reply, 421, "wrong_host", `Questo servizio risponde solo a ${config.publicUrl}: usa quell'indirizzo`);
  });

  app.addHook("onSend", async (_request, reply) => {
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
    reply.header("x-frame-options", "DENY");
    reply.header("content-security-policy", "default-src 'none'; frame-ancestors 'none'");
    if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    // A write that is not durable (503 + Retry-After) or that the store refuses (422).
    if (error instanceof WriteAnswerError) return sendWriteError(reply, error);
    const status = error.statusCode ?? 500;
    if (status === 413) return sendError(reply, 413, "payload_too_large", `Richiesta troppo grande: massimo ${BODY_LIMIT_BYTES / 1024} KB`);
    if (status >= 400 && status < 500) {
      return sendError(reply, status, "invalid_request", error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE" ? "Serve un corpo JSON (Content-Type: application/json)" : `Richiesta non valida: ${error.message}`);
    }
    service.log(`errore interno: ${error.stack ?? error.message}`);
    return sendError(reply, 500, "internal", "Errore interno del servizio: riprova; se continua, avvisa il coordinatore");
  });

  app.setNotFoundHandler((request, reply) => sendError(reply, 404, "not_found", `Nessuna risorsa ${request.method} ${request.url.split("?")[0]}`));

  healthRoutes(app, service);
  snapshotRoutes(app, service);
  meetingRoutes(app, service);
  rosterRoutes(app, service);
  practiceRoutes(app, service);
  networkJobRoutes(app, service);
  calendarRoutes(app, service);
  return app;
}
