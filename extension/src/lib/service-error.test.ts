import { API_ERRORS, type ApiErrorCode } from "@rete-urp/shared/schema-free";
import { expect, test } from "vitest";
import { serviceErrorFrom } from "./error-answer";
import { knownCode, ServiceError } from "./service-error";

const body = (code: string, message: string, fields?: Record<string, string>) => ({
  error: { code, message, ...(fields ? { fields } : {}) },
});

// What sheets-sync answers, word for word, and what the client must do about it.
test.each([
  { status: 400, code: "invalid_request", message: "Buona prassi non valida: url", remedy: "refused" },
  { status: 404, code: "not_found", message: "Riunione non trovata: forse è stata annullata o spostata", remedy: "refused" },
  { status: 409, code: "meeting_cancelled", message: "La riunione è stata annullata", remedy: "refused" },
  { status: 409, code: "not_addressed", message: "Questa pubblicazione non è richiesta a Conselice", remedy: "refused" },
  {
    status: 409,
    code: "id_conflict",
    message: "L'id 0b9c7c1e-5f3a-4c55-9d0e-6a1f2b3c4d5e è già usato da una proposta per l'ordine del giorno",
    remedy: "refused",
  },
  { status: 413, code: "payload_too_large", message: "Richiesta troppo grande: massimo 64 KB", remedy: "refused" },
  { status: 422, code: "write_rejected", message: "Il foglio non accetta questa scrittura: la scheda è protetta", remedy: "refused" },
  { status: 403, code: "not_coordinator", message: "Questa vista è riservata al coordinatore e al delegato", remedy: "refused" },
  { status: 404, code: "invitation_unknown", message: "Invito non riconosciuto", remedy: "refused" },
  { status: 410, code: "invitation_used", message: "Questo invito è già stato usato", remedy: "refused" },
  { status: 410, code: "invitation_expired", message: "Questo invito è scaduto: chiedine uno nuovo al coordinatore", remedy: "refused" },
  { status: 410, code: "invitation_revoked", message: "Questo invito è stato revocato", remedy: "refused" },
  { status: 401, code: "unauthorized", message: "Token non valido: chiedi un nuovo token al coordinatore", remedy: "fix-settings" },
  {
    status: 403,
    code: "forbidden",
    message: "marco.ricci@lugo.esempio.it non è un referente attivo della rete: rivolgiti al coordinatore",
    remedy: "fix-settings",
  },
  {
    status: 421,
    code: "wrong_host",
    message: "Questo servizio risponde solo a https://rete-urp.labassaromagna.it: usa quell'indirizzo",
    remedy: "fix-settings",
  },
  {
    status: 429,
    code: "too_many_attempts",
    message: "Troppi token non validi da questo indirizzo: riprova tra un minuto",
    remedy: "retry-later",
  },
  {
    status: 500,
    code: "internal",
    message: "Errore interno del servizio: riprova; se continua, avvisa il coordinatore",
    remedy: "retry-later",
  },
  {
    status: 503,
    code: "store_unavailable",
    message: "I dati della rete non sono ancora disponibili: riprova tra poco",
    remedy: "retry-later",
  },
  {
    status: 503,
    code: "journal_unavailable",
    message: "Scrittura non registrata: il disco del servizio è pieno. Non è stato salvato nulla",
    remedy: "retry-later",
  },
] as const)(
  'serviceErrorFrom($status, {code: "$code"}) keeps the code and the message; remedy $remedy',
  ({ status, code, message, remedy }) => {
    const error = serviceErrorFrom(status, body(code, message));
    expect(error).toBeInstanceOf(ServiceError);
    expect({ code: error.code, message: error.message, status: error.status, remedy: error.remedy }).toEqual({
      code,
      message,
      status,
      remedy,
    });
  },
);

test("serviceErrorFrom() tells two 409s apart by their code, which the status alone could not", () => {
  const cancelled = serviceErrorFrom(409, body("meeting_cancelled", "La riunione è stata annullata"));
  const notMine = serviceErrorFrom(409, body("not_addressed", "Questa pubblicazione non è richiesta a Conselice"));
  expect([cancelled.code, notMine.code]).toEqual(["meeting_cancelled", "not_addressed"]);
});

test("serviceErrorFrom() keeps the fields a 400 names", () => {
  const error = serviceErrorFrom(400, body("invalid_request", "Buona prassi non valida: url", { url: "solo indirizzi http o https" }));
  expect(error.fields).toEqual({ url: "solo indirizzi http o https" });
});

test("a 503 journal_unavailable is not a refusal: the write stays to be sent again", () => {
  expect(serviceErrorFrom(503, body("journal_unavailable", "Scrittura non registrata")).remedy).toBe("retry-later");
});

test("a code the service adds later is judged by its status: a 4xx from the service is final, a 5xx is not", () => {
  expect(serviceErrorFrom(409, body("meeting_moved", "La riunione è stata spostata")).remedy).toBe("refused");
  expect(serviceErrorFrom(410, body("publication_withdrawn", "Pubblicazione ritirata")).remedy).toBe("refused");
  expect(serviceErrorFrom(403, body("token_expired", "Token scaduto")).remedy).toBe("fix-settings");
  expect(serviceErrorFrom(503, body("maintenance", "Manutenzione in corso")).remedy).toBe("retry-later");
  expect(serviceErrorFrom(429, body("slow_down", "Rallenta")).remedy).toBe("retry-later");
});

test("an answer not in the service's shape never refuses a write: a proxy's 404 or 502 page is bad_response", () => {
  for (const status of [404, 409, 400, 502]) {
    const error = serviceErrorFrom(status, "<html><body>Not Found</body></html>");
    expect({ status, code: error.code, remedy: error.remedy, message: error.message }).toEqual({
      status,
      code: "bad_response",
      remedy: "retry-later",
      message: `HTTP ${status}`,
    });
  }
});

test("401, 403 and 429 without the service's body keep their meaning", () => {
  expect(serviceErrorFrom(401, undefined).code).toBe("unauthorized");
  expect(serviceErrorFrom(403, undefined).code).toBe("forbidden");
  expect(serviceErrorFrom(429, undefined).code).toBe("too_many_attempts");
});

test("new ServiceError() for what never reached the service: network and bad_response wait, bad_url and insecure_url need the settings", () => {
  expect(new ServiceError("network", "https://rete-urp.labassaromagna.it unreachable: fetch failed").remedy).toBe("retry-later");
  expect(new ServiceError("bad_response", "unexpected answer").remedy).toBe("retry-later");
  expect(new ServiceError("bad_url", 'not a URL: "rete urp"').remedy).toBe("fix-settings");
  expect(new ServiceError("insecure_url", 'http:// to another machine: "http://10.0.0.5:8787"').remedy).toBe("fix-settings");
  expect(new ServiceError("not_configured", "not configured").remedy).toBe("fix-settings");
});

test("every code of the shared list has the list's remedy, whatever status it came with", () => {
  for (const [code, { remedy }] of Object.entries(API_ERRORS) as [ApiErrorCode, (typeof API_ERRORS)[ApiErrorCode]][]) {
    for (const status of [400, 403, 409, 429, 503, undefined]) {
      expect(new ServiceError(code, "…", status).remedy, `${code} ${status}`).toBe(remedy);
    }
  }
});

test("knownCode() gives the codes of this version, the service's and ours, and undefined for any other", () => {
  expect(knownCode("id_conflict")).toBe("id_conflict");
  expect(knownCode("network")).toBe("network");
  expect(knownCode("added_by_a_newer_service")).toBeUndefined();
  expect(knownCode("toString")).toBeUndefined();
  expect(knownCode(undefined)).toBeUndefined();
  expect(serviceErrorFrom(409, body("meeting_moved", "La riunione è stata spostata")).known).toBeUndefined();
});
