import {
  type AccessRevoked,
  AccessRevokedSchema,
  AccessRevokeSchema,
  INVITATION_CODE,
  InvitationCreateSchema,
  type InvitationRedeemed,
  InvitationRedeemedSchema,
  InvitationRedeemSchema,
  InvitationSchema,
  invitationLink,
  parseInvitation,
} from "@rete-urp/shared";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { invitationAnswer } from "../../access/invitation-text.ts";
import type { InvitationStore } from "../../access/invitations.ts";
import type { Service } from "../../service.ts";
import { FORGET_LABELS, type ForgetKind, forgetPersonInStateDir, PendingWritesError } from "../../state/forget-person.ts";
import { HttpError, invalidRequest } from "../http-errors.ts";
import { INVITATION_PAGE_CSP, INVITATION_PAGE_STATUS, type InvitationPageKind, invitationPage, pageLanguage } from "../invitation-page.ts";
import { publicBaseUrl } from "../public-url.ts";
import { activeReferent, currentSheet, meOf, tokenLimiter } from "./auth.ts";
import { coordinatorsOnly } from "./coordination.ts";
import { type RoutesPlugin, responses } from "./plugin.ts";

/**
 * Invitations (sheets-sync/src/access/invitations.ts): a coordinator invites a referent of the roster
 * and revokes access; the referent redeems the invitation's code, once, for a token of their own
 * that nobody else ever sees. docs/architecture.md, "Invitations and the coordinator's role".
 */

/**
 * A Delegato acts for the Coordinatore, not over them: inviting a person whose Ruolo is
 * Coordinatore (and redeeming the link oneself would hold a token in their name), or revoking
 * their access, is for a Coordinatore, or IT with the CLI. True when the caller is a Delegato and
 * any row of the roster (active or not) gives `email` the Ruolo Coordinatore.
 */
function delegateOverCoordinator(request: FastifyRequest, email: string): boolean {
  return (
    request.me.role === "Delegato" &&
    request.sheet.data.referents.some((referent) => referent.email === email && referent.role === "Coordinatore")
  );
}

/**
 * POST /api/v1/invitations and POST /api/v1/access/revoke. Coordinators only; a Delegato not for
 * a Coordinatore (403 `not_allowed_for_delegate`). Each change is recorded in the access log as
 * the caller's (access-log.ts).
 */
export const invitationRoutes: RoutesPlugin<{ invitations: InvitationStore }> = async (app, { service, invitations }) => {
  coordinatorsOnly(app);

  const createSchema = { body: InvitationCreateSchema, response: responses({ 201: InvitationSchema }) };
  app.post("/api/v1/invitations", { schema: createSchema }, async (request, reply) => {
    const email = request.body.email.toLowerCase();
    if (delegateOverCoordinator(request, email)) {
      throw new HttpError(
        403,
        "not_allowed_for_delegate",
        "Solo il Coordinatore può invitare chi ha Ruolo Coordinatore (oppure l'ufficio informatico, dal terminale): un Delegato non può farlo",
      );
    }
    // Bound to the roster: only an active referent can be invited (and only one can redeem).
    const listed = request.sheet.data.referents.find((referent) => referent.email === email);
    if (!listed?.active) {
      throw invalidRequest(`${email} non è un referente attivo della rete`, {
        email: listed ? "ha Attivo = No nella scheda Referenti" : "non è nella scheda Referenti",
      });
    }
    const now = service.clock.now();
    const { me } = request;
    const { code, record } = await invitations.create(email, now, me.email);
    const answer = invitationAnswer({
      email,
      link: invitationLink(publicBaseUrl(service.config, request.socket), code),
      expiresAt: new Date(record.expiresAt),
      inviter: `${me.firstName} ${me.lastName} (${me.ente})`,
      firstName: listed.firstName,
    });
    return reply.code(201).send(answer);
  });

  const revokeSchema = { body: AccessRevokeSchema, response: responses({ 200: AccessRevokedSchema }) };
  app.post("/api/v1/access/revoke", { schema: revokeSchema }, async (request): Promise<AccessRevoked> => {
    const email = request.body.email.toLowerCase();
    // A coordinator locking themselves out would have nobody to undo it from the popup: another
    // coordinator, or IT with `sheets-sync token revoke`, can.
    if (email === request.me.email) {
      throw invalidRequest("Non puoi revocare il tuo stesso accesso", {
        email: "è il tuo indirizzo: chiedi a un altro coordinatore",
      });
    }
    if (delegateOverCoordinator(request, email)) {
      throw new HttpError(
        403,
        "not_allowed_for_delegate",
        "Solo il Coordinatore può revocare l'accesso di chi ha Ruolo Coordinatore (oppure l'ufficio informatico, dal terminale): un Delegato non può farlo",
      );
    }
    // One transaction: a redeem racing this either came first, and its token goes too, or fails.
    const revoked = await invitations.revokeAccess(email, service.clock.now(), request.me.email);
    // Then what the service keeps about them goes too; access has ended whatever happens here.
    const dataErased = await eraseRevokedPerson(service, email);
    return {
      email,
      tokenRevoked: revoked.tokens > 0,
      invitationRevoked: revoked.invitation,
      feedRevoked: revoked.feedKeys > 0,
      dataErased,
    };
  });
};

/**
 * After a revoke, the person's data in the state database (forget-person.ts), but the records of
 * their access (the access log, their invitations). A write of theirs still waiting for the sheet makes the erasure wait:
 * false, logged; `sheets-sync forget` does it once the write is in.
 */
async function eraseRevokedPerson(service: Service, email: string): Promise<boolean> {
  try {
    const report = await forgetPersonInStateDir(service.config.stateDir, email, { keepAccessRecords: true });
    service.journal.deadLetters.refresh();
    // What was removed, as `forget` prints it: the service's log is where IT looks.
    const removed = (Object.keys(FORGET_LABELS) as ForgetKind[])
      .filter((kind) => report.removed[kind] > 0)
      .map((kind) => `${FORGET_LABELS[kind]} ${report.removed[kind]}`);
    service.log(`revoca di ${email}: dati cancellati dallo stato${removed.length > 0 ? ` (${removed.join(", ")})` : ": nessuno"}`);
    return true;
  } catch (error) {
    if (!(error instanceof PendingWritesError)) throw error;
    service.log(`revoca di ${email}: dati non cancellati, ${error.message}`);
    return false;
  }
}

/**
 * POST /api/v1/invitations/redeem, with no token: the invitation's code becomes the referent's
 * token, once. Unknown codes count towards the same limiter as bad tokens (ten a minute from one
 * address, then 429), so codes cannot be guessed; a real code is never limited.
 */
export const redeemRoutes: RoutesPlugin<{ invitations: InvitationStore }> = async (app, { service, invitations }) => {
  const redeemSchema = { body: InvitationRedeemSchema, response: responses({ 200: InvitationRedeemedSchema }) };
  app.post("/api/v1/invitations/redeem", { schema: redeemSchema }, async (request): Promise<InvitationRedeemed> => {
    // The link pasted whole is read as its code.
    const code = parseInvitation(request.body.code)?.code ?? request.body.code;
    const now = service.clock.now();
    const redeemed = await invitations.redeem(code, now, async (record) => {
      const referent = activeReferent(currentSheet(service), record.email);
      if (!referent) {
        throw new HttpError(
          403,
          "forbidden",
          `${record.email} non è più un referente attivo della rete: l'invito non vale, rivolgiti al coordinatore`,
        );
      }
      return meOf(referent);
    });
    switch (redeemed.outcome) {
      case "redeemed":
        // Made by the store in the transaction that marked the invitation used.
        return { token: redeemed.token, me: redeemed.result };
      case "used":
        throw new HttpError(
          410,
          "invitation_used",
          "Questo invito è già stato usato: se non sei stato tu, avvisa il coordinatore e chiedine uno nuovo",
        );
      case "expired":
        throw new HttpError(410, "invitation_expired", "Questo invito è scaduto: chiedine uno nuovo al coordinatore");
      case "revoked":
        throw new HttpError(
          410,
          "invitation_revoked",
          "Questo invito è stato revocato (forse ne è arrivato uno più recente): usa l'ultimo ricevuto o chiedine uno nuovo",
        );
      case "unknown": {
        const limiter = tokenLimiter(service);
        const retryAfterMs = limiter.retryAfterMs(request.ip);
        if (retryAfterMs > 0) {
          throw new HttpError(429, "too_many_attempts", "Troppi inviti non validi da questo indirizzo: riprova tra un minuto", {
            retryAfterSeconds: Math.ceil(retryAfterMs / 1000),
          });
        }
        limiter.recordFailure(request.ip);
        throw new HttpError(404, "invitation_unknown", "Invito non riconosciuto: controlla di averlo copiato per intero");
      }
    }
  });

  // GET /invito/:code: what a person (or a mail scanner) sees opening the link in a browser
  // (invitation-page.ts). It never redeems: scanners open every link of a mail, and a
  // single-use code would be spent. It reads the code's state by its hash, to say "already
  // used", "expired" or "cancelled" rather than "paste it" to someone who cannot. An unknown
  // code counts towards the same limiter as redeem's, and a limited address gets the 429 page
  // before anything is looked up, whatever the code: ten guesses a minute, as with POST
  // /redeem. A person behind the same address as a guesser only loses the page for a minute;
  // the invitation still works pasted in the extension. Not a code at all (wrong length or
  // characters) is answered as unknown without looking up or counting: a link cut short is no
  // guess. Each answer is an HTML page, sent as text (never serialized), for a person.
  const pageSchema = {
    params: z.object({ code: z.string() }),
    response: responses({ 200: z.string(), 404: z.string(), 410: z.string(), 429: z.string() }),
  };
  app.get("/invito/:code", { schema: pageSchema }, async (request, reply) => {
    const { code } = request.params;
    const language = pageLanguage(request.headers["accept-language"]);
    const limiter = tokenLimiter(service);
    let kind: InvitationPageKind = "unknown";
    if (INVITATION_CODE.test(code)) {
      const retryAfterMs = limiter.retryAfterMs(request.ip);
      if (retryAfterMs > 0) {
        kind = "limited";
        reply.header("retry-after", String(Math.ceil(retryAfterMs / 1000)));
      } else {
        kind = await invitations.stateOf(code, service.clock.now());
        if (kind === "unknown") limiter.recordFailure(request.ip);
      }
    }
    const link = invitationLink(publicBaseUrl(service.config, request.socket), code);
    return reply
      .code(INVITATION_PAGE_STATUS[kind])
      .type("text/html; charset=utf-8")
      .header("content-security-policy", INVITATION_PAGE_CSP)
      .header("vary", "Accept-Language")
      .header("x-robots-tag", "noindex, nofollow")
      .send(invitationPage(kind, language, link));
  });
};
