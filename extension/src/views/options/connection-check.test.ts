import { expect, test } from "vitest";
import { serviceErrorFrom } from "../../lib/error-answer";
import { ServiceError } from "../../lib/service-error";
import { fakeService, lugoSnapshot, TOKEN } from "../../testing/fake-service";
import { testTranslator } from "../../testing/test-translator";
import { checkConnection, describeError } from "./connection-check";

const t = testTranslator("it");
const answer = (status: number, code: string, message: string) => serviceErrorFrom(status, { error: { code, message } });

test("describeError() tells what the check found, by the service's code", () => {
  expect(describeError(answer(401, "unauthorized", "Token non valido"), t)).toMatch(/^Token non valido: controlla di averlo copiato/);
  expect(describeError(answer(403, "forbidden", "non è un referente attivo"), t)).toBe(
    "Token riconosciuto, ma il tuo accesso alla rete URP è stato disattivato dal coordinatore: scrivigli per riattivarlo.",
  );
  expect(describeError(answer(429, "too_many_attempts", "Troppi token non validi"), t)).toBe(
    "Troppi token non validi da questa rete: riprova tra un minuto.",
  );
  expect(describeError(answer(421, "wrong_host", "Questo servizio risponde solo a https://rete-urp.labassaromagna.it"), t)).toBe(
    "Il servizio non risponde a questo indirizzo: usa quello che ti ha dato il coordinatore.",
  );
  expect(describeError(answer(503, "store_unavailable", "I dati della rete non sono ancora disponibili"), t)).toBe(
    "Il servizio ha un problema (HTTP 503): riprova più tardi.",
  );
});

test("describeError() for what never reached the service: a bad address, one where the token would travel in clear, no answer, not the service", () => {
  expect(describeError(new ServiceError("bad_url", 'not a URL: "rete urp"'), t)).toBe("Indirizzo non valido: deve iniziare con https://.");
  expect(describeError(new ServiceError("insecure_url", 'http:// to another machine: "http://10.0.0.5:8787"'), t)).toBe(
    "Indirizzo non sicuro: con http:// il token viaggerebbe in chiaro sulla rete. Usa l'indirizzo https:// del servizio che ti ha dato l'ufficio informatico.",
  );
  expect(describeError(new ServiceError("network", "unreachable"), t)).toBe(
    "Servizio non raggiungibile: controlla l'indirizzo o riprova più tardi.",
  );
  expect(describeError(serviceErrorFrom(404, "<html>Not Found</html>"), t)).toBe(
    "Risposta inattesa: l'indirizzo è proprio quello del servizio Rete URP?",
  );
});

test("checkConnection() with a connection saved on http:// to another machine sends nothing: insecure_url, no request", async () => {
  const { requests } = fakeService(() => ({ status: 200, body: lugoSnapshot() }));
  const refused = await checkConnection({ serviceUrl: "http://10.0.0.5:8787", token: TOKEN }).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(ServiceError);
  expect((refused as ServiceError).known).toBe("insecure_url");
  expect(requests).toEqual([]);
  // On loopback, it is asked.
  await checkConnection({ serviceUrl: "http://127.0.0.1:8787", token: TOKEN });
  expect(requests.map((request) => request.path)).toEqual(["/snapshot"]);
});
