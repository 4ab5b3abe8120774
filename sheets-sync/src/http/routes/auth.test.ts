import Fastify from "fastify";
import { expect, test } from "vitest";
import type { Service } from "../../service.ts";
import type { CacheState } from "../../sheet/sheet-cache.ts";
import { answerErrors } from "../http-errors.ts";
import { declareCaller, referentsOnly } from "./auth.ts";

const SARA = { email: "sara.folli@lugo.esempio.it", firstName: "Sara", lastName: "Folli", ente: "Lugo", role: "Referente", active: true };

/** Just what the referents-only hook reads of a service: the tokens and the cached sheet. */
function fakeService(current: Partial<CacheState> | undefined) {
  return {
    tokens: { verify: async (token: string) => (token === "urp_sara" ? SARA.email : undefined) },
    cache: { current },
  } as unknown as Service;
}

async function server(service: Service, log: string[] = []) {
  const app = Fastify();
  answerErrors(app, { bodyLimitBytes: 1024, log: (message) => log.push(message) });
  declareCaller(app);
  app.get("/public", async (request) => ({ email: request.me.email }));
  await app.register(async (referents) => {
    referentsOnly(referents, service);
    referents.get("/mine", async (request) => ({ me: request.me, version: request.sheet.version }));
  });
  return app;
}

const sara = { authorization: "Bearer urp_sara" };

test("in the referents-only scope, me and sheet are the caller's and the sheet they were checked against", async () => {
  const app = await server(fakeService({ version: 7, data: { referents: [SARA] } as unknown as CacheState["data"] }));
  const mine = await app.inject({ url: "/mine", headers: sara });
  expect(mine.json()).toEqual({
    me: { email: SARA.email, firstName: "Sara", lastName: "Folli", ente: "Lugo", role: "Referente" },
    version: 7,
  });
  // Each request starts without a caller: nothing of the previous one is left on the next.
  expect((await app.inject({ url: "/mine" })).statusCode).toBe(401);
});

test("no sheet read yet is 503 for a valid token; an inactive referent is 403", async () => {
  const unread = await server(fakeService(undefined));
  expect((await unread.inject({ url: "/mine", headers: sara })).json().error.code).toBe("store_unavailable");
  const inactive = await server(
    fakeService({ version: 1, data: { referents: [{ ...SARA, active: false }] } as unknown as CacheState["data"] }),
  );
  expect((await inactive.inject({ url: "/mine", headers: sara })).statusCode).toBe(403);
});

test("reading me outside the scope is a bug: 500, logged, never someone else's identity", async () => {
  const log: string[] = [];
  const app = await server(fakeService({ version: 1, data: { referents: [SARA] } as unknown as CacheState["data"] }), log);
  const answer = await app.inject({ url: "/public", headers: sara });
  expect(answer.statusCode).toBe(500);
  expect(answer.json().error.code).toBe("internal");
  expect(log.join("\n")).toContain("GET /public reads request.me outside the referents-only scope");
});
