import { randomUUID } from "node:crypto";
import { AttendanceInputSchema, PracticeInputSchema, ProposalInputSchema, PublishedInputSchema, SnapshotSchema } from "@rete-urp/shared";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ApiHarness, LUGO_REFERENT, postJson, startApi } from "./api-harness.ts";

/**
 * Issue 13.4: the routes' input is validated by Fastify with the shared zod schemas, and one
 * error handler shapes every failure as {error: {code, message, fields}}. Nothing here writes,
 * so one service serves every test.
 */

let api: ApiHarness;
let lugo: string;
/** A meeting and a publication the Lugo referent may answer. */
let meetingId: string;
let publicationId: string;

beforeAll(async () => {
  api = await startApi();
  lugo = await api.tokenFor(LUGO_REFERENT);
  const snapshot = SnapshotSchema.parse(await (await api.call("/api/v1/snapshot", { token: lugo })).json());
  const meeting = snapshot.nextMeeting;
  const publication = snapshot.publications.find((p) => !p.published);
  if (!meeting || !publication) throw new Error("the demo sheet has a next meeting and a publication for Lugo");
  meetingId = meeting.id;
  publicationId = publication.id;
});
afterAll(async () => {
  await api.close();
});

interface ErrorAnswer {
  status: number;
  error: { code: string; message: string; fields?: Record<string, string> };
}

async function send(method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<ErrorAnswer> {
  const init = { ...postJson(body, lugo), method };
  const response = await api.call(path, { ...init, headers: { ...(init.headers as Record<string, string>), ...headers } });
  return { status: response.status, ...(await response.json()) };
}

type SafeParse =
  | { success: true }
  | { success: false; error: { issues: readonly { code: string; path: readonly PropertyKey[]; message: string; keys?: string[] }[] } };

/** What the API promises for a zod failure: each field path with its first message, unknown keys as "campo non previsto". */
function expectedFields(result: SafeParse): Record<string, string> {
  if (result.success) throw new Error("the body was meant to be invalid");
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.code === "unrecognized_keys" ? (issue.keys ?? []).join(",") : issue.path.length > 0 ? issue.path.join(".") : "(body)";
    fields[key] ??= issue.code === "unrecognized_keys" ? "campo non previsto" : issue.message;
  }
  return fields;
}

describe("one 400 for every invalid input", () => {
  test("a body with two invalid fields gets one 400 naming both", async () => {
    const answer = await send("POST", "/api/v1/practices", { id: "non-un-uuid", title: "   " });
    expect(answer).toEqual({
      status: 400,
      error: {
        code: "invalid_request",
        message: "Richiesta non valida: id, title",
        fields: { id: "l'id deve essere un UUID generato dal client", title: "il titolo è obbligatorio" },
      },
    });
  });

  test("an unknown field is refused: the schemas are strict", async () => {
    const answer = await send("POST", "/api/v1/practices", {
      id: randomUUID(),
      title: "Una prassi",
      authorEmail: "altri@esempio.it",
      colore: "rosso",
    });
    expect(answer).toEqual({
      status: 400,
      error: {
        code: "invalid_request",
        message: "Richiesta non valida: authorEmail,colore",
        fields: { "authorEmail,colore": "campo non previsto" },
      },
    });
    const query = await api.call("/api/v1/practices?q=spid&ordine=data", { token: lugo });
    expect(query.status).toBe(400);
    expect((await query.json()).error.fields).toEqual({ ordine: "campo non previsto" });
  });

  test("a body that is not JSON gets the invalid-media-type message; one that is not an object, the missing-body one", async () => {
    for (const type of ["application/x-www-form-urlencoded", "application/xml"]) {
      const answer = await send("POST", "/api/v1/practices", "id=1", { "content-type": type });
      expect(answer, type).toEqual({
        status: 415,
        error: { code: "invalid_request", message: "Serve un corpo JSON (Content-Type: application/json)" },
      });
    }
    const missing = { code: "invalid_request", message: "Serve un oggetto JSON", fields: { "(body)": "mancante" } };
    expect(await send("POST", "/api/v1/practices", null)).toEqual({
      status: 400,
      error: { ...missing, message: "Serve un oggetto JSON con almeno id e title" },
    });
    expect(await send("PUT", `/api/v1/meetings/${meetingId}/attendance`, "yes")).toEqual({ status: 400, error: missing });
    const empty = await api.call("/api/v1/proposals", { method: "POST", token: lugo });
    expect({ status: empty.status, ...(await empty.json()) }).toEqual({ status: 400, error: missing });
  });

  test("every body's fields are the shared schema's, as its safeParse gives them", async () => {
    const cases: { method: string; path: string; schema: { safeParse(body: unknown): SafeParse }; body: Record<string, unknown> }[] = [
      {
        method: "POST",
        path: "/api/v1/practices",
        schema: PracticeInputSchema,
        body: { id: "x", title: "", url: "ftp://esempio.it", tags: ["ok", " "], ente: "Roma", excerpt: 3, autore: "Io" },
      },
      {
        method: "POST",
        path: "/api/v1/proposals",
        schema: ProposalInputSchema,
        body: { id: randomUUID(), meetingId: " ", title: "t".repeat(501), url: "javascript:alert(1)", stato: "accettata" },
      },
      {
        method: "PUT",
        path: `/api/v1/meetings/${meetingId}/attendance`,
        schema: AttendanceInputSchema,
        body: { answer: "forse", delegate: 7 },
      },
      {
        method: "PUT",
        path: `/api/v1/meetings/${meetingId}/attendance`,
        schema: AttendanceInputSchema,
        body: { answer: "delegate", delegate: "  " },
      },
      {
        method: "POST",
        path: `/api/v1/publications/${publicationId}/published`,
        schema: PublishedInputSchema,
        body: { url: "pagina", ente: "Lugo" },
      },
    ];
    for (const { method, path, schema, body } of cases) {
      const fields = expectedFields(schema.safeParse(body));
      const answer = await send(method, path, body);
      expect(answer, `${method} ${path} ${JSON.stringify(body)}`).toEqual({
        status: 400,
        error: { code: "invalid_request", message: `Richiesta non valida: ${Object.keys(fields).join(", ")}`, fields },
      });
    }
  });
});

describe("what comes before the input is judged", () => {
  test("without a valid token an invalid body is 401, not 400: strangers learn nothing of the schemas", async () => {
    const answer = await api.call("/api/v1/practices", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: "x" }),
    });
    expect(answer.status).toBe(401);
    expect((await answer.json()).error.code).toBe("unauthorized");
  });

  test("an unknown meeting or publication is 404 whatever the body says", async () => {
    expect(await send("PUT", "/api/v1/meetings/nessuna/attendance", { answer: "forse" })).toMatchObject({
      status: 404,
      error: { code: "not_found" },
    });
    expect(await send("POST", "/api/v1/publications/nessuna/published", { url: "pagina" })).toMatchObject({
      status: 404,
      error: { code: "not_found" },
    });
    // A meeting the schema accepts but the sheet does not have: a 400 of the same shape.
    expect(await send("POST", "/api/v1/proposals", { id: randomUUID(), meetingId: "nessuna", title: "Una proposta" })).toEqual({
      status: 400,
      error: { code: "invalid_request", message: "Riunione non trovata", fields: { meetingId: "riunione sconosciuta" } },
    });
  });
});
