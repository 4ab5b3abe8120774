import { expect, test } from "vitest";
import type { SyncStatus } from "../../lib/storage";
import { renderText } from "../../testing/render";
import { isAccessRemoved, Notices } from "./notices";

const failed = (code: string, message: string): SyncStatus => ({
  lastSuccessAt: 1_794_300_000_000,
  lastAttemptAt: 1_794_300_060_000,
  error: { code, message },
});
const notice = (status: SyncStatus, stale = false) => renderText(<Notices status={status} stale={stale} rejected={[]} />);

test.each([
  { code: "network", says: "Servizio non raggiungibile: mostro gli ultimi dati salvati." },
  {
    code: "unauthorized",
    says: "Il token non è valido: chiedi un nuovo invito al coordinatore e incollalo nelle impostazioni.Impostazioni",
  },
  { code: "too_many_attempts", says: "Troppi token non validi da questa rete: riprovo tra un minuto." },
  { code: "wrong_host", says: "Il servizio non risponde a questo indirizzo: usa quello che ti ha dato il coordinatore.Impostazioni" },
  {
    code: "insecure_url",
    says: "L'indirizzo del servizio usa http://: il token viaggerebbe in chiaro, quindi non lo invio. Nelle impostazioni usa l'indirizzo https:// che ti ha dato l'ufficio informatico.Impostazioni",
  },
  { code: "store_unavailable", says: "Il servizio ha un problema: mostro gli ultimi dati salvati." },
  { code: "internal", says: "Il servizio ha un problema: mostro gli ultimi dati salvati." },
])("Notices says what the last refresh's $code means", ({ code, says }) => {
  expect(notice(failed(code, "dal servizio"))).toBe(says);
});

test("Notices says nothing when the last refresh worked, and that the data may be old when the service serves it stale", () => {
  const ok: SyncStatus = { lastSuccessAt: 1_794_300_000_000, lastAttemptAt: 1_794_300_000_000, error: null };
  expect(notice(ok)).toBe("");
  expect(notice(ok, true)).toBe("Il servizio non riesce a leggere il foglio: i dati potrebbero non essere aggiornati.");
});

test("Notices says that access was removed (403), why, and what to do, as a heading and two lines, with no settings button", () => {
  expect(
    notice(failed("forbidden", "giulia.bianchi@unione.esempio.it non è un referente attivo della rete: rivolgiti al coordinatore")),
  ).toBe(
    "Accesso disattivato" +
      "Il tuo accesso alla rete URP è stato disattivato dal coordinatore: scrivigli per riattivarlo." +
      "Finché non viene riattivato, qui non vedi i dati della rete e non puoi inviare nulla.",
  );
  expect(renderText(<Notices status={failed("forbidden", "")} stale={false} rejected={[]} />, "en")).toBe(
    "Access turned off" +
      "The coordinator has turned off your access to the URP network: write to them to have it turned back on." +
      "Until it is turned back on, the network's data is not shown here and nothing can be sent.",
  );
  expect(isAccessRemoved(failed("forbidden", ""))).toBe(true);
  expect(isAccessRemoved(failed("unauthorized", ""))).toBe(false);
});
