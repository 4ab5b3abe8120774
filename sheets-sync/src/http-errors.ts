import type { FastifyReply } from "fastify";
import type { z } from "zod";

/** Every error answer has one shape: {error: {code, message, fields?}}. */
export function sendError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  fields?: Record<string, string>,
): FastifyReply {
  return reply.code(status).send({ error: { code, message, ...(fields ? { fields } : {}) } });
}

/** A zod failure as a 400 naming each bad field: {"fields": {"url": "solo indirizzi http o https"}}. */
export function sendValidationError(reply: FastifyReply, error: z.ZodError, what: string): FastifyReply {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key =
      issue.code === "unrecognized_keys" ? issue.keys.join(",") : issue.path.length > 0 ? issue.path.join(".") : "(body)";
    fields[key] ??= issue.code === "unrecognized_keys" ? "campo non previsto" : issue.message;
  }
  const names = Object.keys(fields).join(", ");
  return sendError(reply, 400, "invalid_request", `${what} non valida: ${names}`, fields);
}
