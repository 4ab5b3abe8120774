import { connect } from "node:net";
import { API_ERRORS, ApiErrorSchema, isApiErrorCode } from "@rete-urp/shared";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ApiHarness, startApi } from "./api-harness.ts";

/**
 * What Node and Fastify refuse before any route or hook runs (a URL or headers too large, a
 * request line that is not HTTP, a path that is not a URL) is answered like every other error:
 * `{error: {code, message}}` with a code of the shared list and one of its statuses, and the
 * security headers every answer carries.
 */

let api: ApiHarness;
let port: number;

beforeAll(async () => {
  api = await startApi();
  port = Number(new URL(api.url).port);
});
afterAll(async () => {
  await api.close();
});

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `head` as it is on a new connection and reads the answer until the service closes it. */
function rawRequest(head: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    // The service may close while the request is still being written (a head too large): what it answered counts.
    socket.on("error", () => {});
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const split = text.indexOf("\r\n\r\n");
      if (split < 0) return reject(new Error(`no answer: ${JSON.stringify(text.slice(0, 200))}`));
      const [statusLine = "", ...lines] = text.slice(0, split).split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      let body = text.slice(split + 4);
      if (headers["transfer-encoding"] === "chunked") {
        let decoded = "";
        for (let rest = body; ; ) {
          const end = rest.indexOf("\r\n");
          const size = Number.parseInt(rest.slice(0, end), 16);
          if (!size) break;
          decoded += rest.slice(end + 2, end + 2 + size);
          rest = rest.slice(end + 2 + size + 2);
        }
        body = decoded;
      }
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body });
    });
    socket.on("connect", () => socket.end(head));
    setTimeout(() => reject(new Error("no answer within 10 s")), 10_000).unref();
  });
}

const request = (target: string, extraHeaders = "") =>
  `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${extraHeaders}Connection: close\r\n\r\n`;

/** The headers every answer of the service carries, as a 404 for an unknown path has them. */
const SECURITY_HEADERS = ["x-content-type-options", "referrer-policy", "x-frame-options", "content-security-policy", "cache-control"];

let notFound: RawAnswer;
beforeAll(async () => {
  notFound = await rawRequest(request("/api/v1/nowhere"));
});

function expectTheApisShape(answer: RawAnswer, status: number, code: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers["content-type"]).toMatch(/^application\/json/);
  const body = ApiErrorSchema.parse(JSON.parse(answer.body));
  expect(body.error.code).toBe(code);
  expect(isApiErrorCode(body.error.code)).toBe(true);
  if (isApiErrorCode(body.error.code)) expect(API_ERRORS[body.error.code].statuses as readonly number[]).toContain(status);
  expect(body.error.message).not.toBe("");
  for (const header of SECURITY_HEADERS) expect(answer.headers[header], header).toBe(notFound.headers[header]);
}

describe("answers made before any route", () => {
  test("the 404 they are compared with has the shape and the headers", () => {
    expect(notFound.status).toBe(404);
    expect(JSON.parse(notFound.body).error.code).toBe("not_found");
    expect(notFound.headers["x-content-type-options"]).toBe("nosniff");
    expect(notFound.headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(notFound.headers["cache-control"]).toBe("no-store");
  });

  test("a URL of 20 KB is 431 payload_too_large", async () => {
    const answer = await rawRequest(request(`/api/v1/snapshot?q=${"a".repeat(20 * 1024)}`));
    expectTheApisShape(answer, 431, "payload_too_large");
  });

  test("a header of 64 KB is 431 payload_too_large", async () => {
    const answer = await rawRequest(request("/api/v1/health", `X-Padding: ${"b".repeat(64 * 1024)}\r\n`));
    expectTheApisShape(answer, 431, "payload_too_large");
  });

  test("a path segment longer than a route's parameter may be is 414 payload_too_large", async () => {
    const answer = await rawRequest(request(`/api/v1/meetings/${"m".repeat(500)}/attendance`));
    expectTheApisShape(answer, 414, "payload_too_large");
  });

  test("a request line that is not HTTP is 400 invalid_request", async () => {
    const answer = await rawRequest("HELLO /api/v1/health THERE\r\n\r\n");
    expectTheApisShape(answer, 400, "invalid_request");
  });

  test("a malformed percent-encoding in the path is 400 invalid_request", async () => {
    const answer = await rawRequest(request("/api/v1/%E0%A4%A"));
    expectTheApisShape(answer, 400, "invalid_request");
  });

  test("the service still answers afterwards", async () => {
    expect((await api.call("/api/v1/health")).status).toBe(200);
  });
});
