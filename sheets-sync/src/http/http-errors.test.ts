import { readFileSync } from "node:fs";
import { API_ERRORS, ApiErrorSchema, isApiErrorCode } from "@rete-urp/shared";
import Fastify from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { expect, test } from "vitest";
import { z } from "zod";
import { JournalUnavailableError, WriteRejectedError } from "../writes/write-errors.ts";
import { answerErrors, HttpError } from "./http-errors.ts";
import { responses } from "./routes/plugin.ts";

/**
 * What the error handler answers, whoever failed: a route, the write path below it, the schemas,
 * Fastify itself. Each answer's code must be one of the shared list, with a status the list gives
 * it (throws are checked by the types: HttpError and WriteAnswerError take ApiErrorCode only).
 */
async function server(log: string[] = []) {
  const app = Fastify({ bodyLimit: 1024 }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  answerErrors(app, { bodyLimitBytes: 1024, log: (message) => log.push(message) });
  const schema = { response: responses({ 200: z.object({ ok: z.boolean() }) }) };
  app.get("/http-error", { schema }, async () => {
    throw new HttpError(409, "meeting_cancelled", "La riunione è stata annullata");
  });
  app.get("/rejected", { schema }, async () => {
    throw new WriteRejectedError("la scheda è protetta");
  });
  app.get("/journal", { schema }, async () => {
    throw new JournalUnavailableError("no_space");
  });
  app.get("/bug", { schema }, async () => {
    throw new Error("a bug");
  });
  // An answer that does not fit its response schema is a bug too.
  app.get("/misfit", { schema }, async () => ({ ok: "yes" }) as unknown as { ok: boolean });
  app.post("/body", { schema: { body: z.strictObject({ title: z.string() }), ...schema } }, async () => ({ ok: true }));
  return app;
}

const json = { "content-type": "application/json" };

test("every answer of the error handler has a code of the shared list, with one of its statuses", async () => {
  const log: string[] = [];
  const app = await server(log);
  const requests = [
    { method: "GET", url: "/http-error" },
    { method: "GET", url: "/rejected" },
    { method: "GET", url: "/journal" },
    { method: "GET", url: "/bug" },
    { method: "GET", url: "/misfit" },
    { method: "GET", url: "/nowhere" },
    { method: "POST", url: "/body", headers: json, payload: '{"title": 1}' },
    { method: "POST", url: "/body", headers: json, payload: "null" },
    { method: "POST", url: "/body", headers: json, payload: "{not json" },
    { method: "POST", url: "/body", headers: { "content-type": "application/xml" }, payload: "<title/>" },
    { method: "POST", url: "/body", headers: json, payload: JSON.stringify({ title: "x".repeat(2000) }) },
  ] as const;
  const answered: string[] = [];
  for (const request of requests) {
    const response = await app.inject(request);
    const body = ApiErrorSchema.parse(response.json());
    const { code } = body.error;
    expect(isApiErrorCode(code), `${request.method} ${request.url}: ${code}`).toBe(true);
    if (!isApiErrorCode(code)) continue;
    expect(API_ERRORS[code].statuses as readonly number[], `${request.method} ${request.url}: ${code}`).toContain(response.statusCode);
    answered.push(`${response.statusCode} ${code}`);
  }
  expect(answered).toEqual([
    "409 meeting_cancelled",
    "422 write_rejected",
    "503 journal_unavailable",
    "500 internal",
    "500 internal",
    "404 not_found",
    "400 invalid_request",
    "400 invalid_request",
    "400 invalid_request",
    "415 invalid_request",
    "413 payload_too_large",
  ]);
  // The two bugs are logged, the answer that did not fit its schema with the route it came from.
  expect(log).toHaveLength(2);
  expect(log[1]).toMatch(/^errore interno: risposta di GET \/misfit non conforme allo schema: .*"path": \[\s*"ok"\s*\]/s);
});

test("Retry-After comes with the codes that say when to try again", async () => {
  const app = await server();
  const journal = await app.inject({ url: "/journal" });
  expect(journal.headers["retry-after"]).toBe("30");
});

test("docs/sheets-sync.md lists the codes of the shared list, each with its statuses and remedy", () => {
  const docs = readFileSync(new URL("../../../docs/sheets-sync.md", import.meta.url), "utf8");
  const table = docs.split("| code | status | remedy | when |")[1]?.split("\n\n")[0] ?? "";
  const documented: Record<string, { statuses: number[]; remedy: string }> = {};
  for (const row of table.split("\n").filter((line) => line.startsWith("| `"))) {
    const [codes = "", statuses = "", remedy = ""] = row.split("|").slice(1, 4);
    for (const [, code] of codes.matchAll(/`([a-z_]+)`/g)) {
      documented[code!] = { statuses: statuses.split(",").map(Number), remedy: remedy.trim() };
    }
  }
  const listed = Object.fromEntries(
    Object.entries(API_ERRORS).map(([code, { statuses, remedy }]) => [code, { statuses: [...statuses], remedy }]),
  );
  expect(documented).toEqual(listed);
});
