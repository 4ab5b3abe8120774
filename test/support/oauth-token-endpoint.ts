import { type KeyObject, randomBytes, verify } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Google's OAuth 2.0 token endpoint (POST https://oauth2.googleapis.com/token) for the JWT bearer
 * grant a service-account key makes (RFC 7523): it checks the assertion as Google does (RS256
 * signature against a key registered for the account, `iss`, `aud`, `iat`/`exp`, the scope) and
 * answers with a fresh access token, or with Google's error body (400 invalid_grant …). It knows
 * which account each access token it issued belongs to, so the Sheets double can tell callers
 * apart. Mounted behind the test proxy as oauth2.googleapis.com.
 */

export const TOKEN_URL = "https://oauth2.googleapis.com/token";
const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

export interface AssertionClaims {
  iss: string;
  scope: string;
  aud: string;
  iat: number;
  exp: number;
  sub?: string;
}

/** An assertion that passed every check, and the access token it earned. */
export interface TokenGrant {
  email: string;
  claims: AssertionClaims;
  header: { alg: string; typ?: string; kid?: string };
  accessToken: string;
}

/** A request the endpoint refused, with the error it answered. */
export interface TokenRefusal {
  error: string;
  description: string;
}

class Refusal extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
  }
}

function base64UrlJson(part: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  if (!parsed || typeof parsed !== "object") throw new Error("not an object");
  return parsed as Record<string, unknown>;
}

export class OAuthTokenEndpoint {
  readonly grants: TokenGrant[] = [];
  readonly refusals: TokenRefusal[] = [];
  /** How far Google's clock is ahead of this machine's, for a server whose clock is off. */
  skewSeconds = 0;
  private readonly keys = new Map<string, KeyObject>();
  private readonly issued = new Map<string, string>();

  constructor(private readonly requiredScope: string) {}

  /** The account exists and this is (the public half of) its key. */
  register(email: string, publicKey: KeyObject): void {
    this.keys.set(email, publicKey);
  }

  /** The service account's email an access token was issued to; undefined for any other string. */
  callerOf(accessToken: string): string | undefined {
    return this.issued.get(accessToken);
  }

  readonly handle = (request: IncomingMessage, response: ServerResponse): void => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      let status = 200;
      let body: unknown;
      try {
        if (request.method !== "POST" || new URL(request.url ?? "/", TOKEN_URL).pathname !== "/token") {
          status = 404;
          body = { error: "not_found", error_description: `${request.method} ${request.url}` };
        } else {
          const grant = this.grant(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
          this.grants.push(grant);
          body = { access_token: grant.accessToken, expires_in: 3599, token_type: "Bearer" };
        }
      } catch (error) {
        const refusal = error instanceof Refusal ? error : new Refusal("invalid_request", String(error));
        this.refusals.push({ error: refusal.error, description: refusal.description });
        status = 400;
        body = { error: refusal.error, error_description: refusal.description };
      }
      response.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
    });
  };

  private grant(form: URLSearchParams): TokenGrant {
    if (form.get("grant_type") !== JWT_BEARER) {
      throw new Refusal("unsupported_grant_type", `Invalid grant_type: ${form.get("grant_type") ?? ""}`);
    }
    const parts = (form.get("assertion") ?? "").split(".");
    if (parts.length !== 3) throw new Refusal("invalid_request", "Invalid JWT: malformed assertion");
    const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
    let header: Record<string, unknown>;
    let claims: Record<string, unknown>;
    try {
      header = base64UrlJson(headerPart);
      claims = base64UrlJson(payloadPart);
    } catch {
      throw new Refusal("invalid_grant", "Invalid JWT: the header or the claim set is not JSON");
    }
    if (header.alg !== "RS256") throw new Refusal("invalid_grant", `Invalid JWT: alg ${String(header.alg)}, expected RS256`);

    const email = claims.iss;
    const publicKey = typeof email === "string" ? this.keys.get(email) : undefined;
    if (typeof email !== "string" || !publicKey) throw new Refusal("invalid_grant", "Invalid grant: account not found");
    const signed = Buffer.from(`${headerPart}.${payloadPart}`, "ascii");
    if (!verify("sha256", signed, publicKey, Buffer.from(signaturePart, "base64url"))) {
      throw new Refusal("invalid_grant", "Invalid JWT Signature.");
    }
    if (claims.aud !== TOKEN_URL) throw new Refusal("invalid_grant", `Invalid JWT: Failed audience check (${String(claims.aud)})`);
    const now = Date.now() / 1000 + this.skewSeconds;
    const { iat, exp } = claims;
    if (typeof iat !== "number" || typeof exp !== "number" || Math.abs(iat - now) > 300 || exp <= now || exp - iat > 3600) {
      throw new Refusal(
        "invalid_grant",
        "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.",
      );
    }
    const scopes = typeof claims.scope === "string" ? claims.scope.split(" ") : [];
    if (!scopes.includes(this.requiredScope)) {
      throw new Refusal("invalid_scope", `the assertion's scope "${String(claims.scope)}" lacks ${this.requiredScope}`);
    }

    const accessToken = `ya29.c.${randomBytes(24).toString("base64url")}`;
    this.issued.set(accessToken, email);
    return {
      email,
      claims: claims as unknown as AssertionClaims,
      header: header as TokenGrant["header"],
      accessToken,
    };
  }
}
