import { expect, test } from "vitest";
import type { SyncStatus } from "../../lib/storage";
import { renderText } from "../../testing/render";
import { Notices } from "./notices";

const failed = (code: string, message: string): SyncStatus => ({ lastSuccessAt: 1_794_300_000_000, lastAttemptAt: 1_794_300_060_000, error: { code, message } });
const notice = (status: SyncStatus, stale = false) => renderText(<Notices status={status} stale={stale} rejected={[]} />);

test.each([
  { code: "network", says: "Servizio non raggiungibile: mostro gli ultimi dati salvati." },
  { code: "unauthorized", says: "Il token non è valido: controlla le impostazioni.Impostazioni" },
  { code: "forbidden", says: "Non risulti più referente attivo: chiedi al coordinatore della rete." },
  { code: "too_many_attempts", says: "Troppi token non validi da questa rete: riprovo tra un minuto." },
  { code: "wrong_host", says: "Il servizio non risponde a questo indirizzo: usa quello che ti ha dato il coordinatore.Impostazioni" },
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
