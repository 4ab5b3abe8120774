import { expect, test } from "vitest";
import type { OutboxItem, SyncStatus } from "../../lib/storage";
import { renderText } from "../../testing/render";
import { accessLost, isAccessRemoved, Notices } from "./notices";

const failed = (code: string, message: string): SyncStatus => ({
  lastSuccessAt: 1_794_300_000_000,
  lastAttemptAt: 1_794_300_060_000,
  error: { code, message },
});
const notice = (status: SyncStatus, stale = false) => renderText(<Notices status={status} stale={stale} rejected={[]} />);

test.each([
  { code: "network", says: "Servizio non raggiungibile: mostro gli ultimi dati salvati." },
  {
    code: "bad_url",
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

test("Notices says that access was revoked or the token is no longer valid (401), that the data was deleted, what to do, with the way to the settings", () => {
  const revoked = failed("unauthorized", "Token non valido: chiedi un nuovo token al coordinatore");
  expect(notice(revoked)).toBe(
    "Accesso revocato" +
      "Il coordinatore ha revocato il tuo accesso alla rete URP, oppure il collegamento salvato in questo browser non è più valido." +
      "I dati della rete sono stati cancellati da questo browser. Per tornare a usarla chiedi al coordinatore un nuovo invito e incollalo nelle impostazioni." +
      "Apri le impostazioni",
  );
  expect(renderText(<Notices status={revoked} stale={false} rejected={[]} />, "en")).toBe(
    "Access revoked" +
      "The coordinator has revoked your access to the URP network, or the connection saved in this browser is no longer valid." +
      "The network's data has been deleted from this browser. To use it again, ask the coordinator for a new invitation and paste it in the settings." +
      "Open the settings",
  );
  expect(accessLost(revoked)).toBe("revoked");
  expect(accessLost(failed("forbidden", ""))).toBe("removed");
  expect(accessLost(failed("network", ""))).toBeUndefined();
  expect(accessLost({ lastSuccessAt: null, lastAttemptAt: null, error: null })).toBeUndefined();
});

test("Notices for a refused access leave out the writes the service refused before: only the notice and what was not sent", () => {
  const rejected = [{ input: { id: "p-1", title: "Modulo unico" }, message: "titolo troppo lungo", at: 1_000 }];
  expect(renderText(<Notices status={failed("unauthorized", "")} stale={false} rejected={rejected} />)).not.toContain("Modulo unico");
});

const at = Date.parse("2026-11-10T09:05:00+01:00");
const meta = { queuedAt: at, attempts: 1, lastError: "Token non valido" };
const outbox: OutboxItem[] = [
  {
    kind: "practice",
    input: {
      id: "6f0d3a52-8c1e-4f7b-a9d2-3e5b7c9a1f04",
      title: "Prenotazioni online allo sportello unico",
      url: "https://www.comune.lugo.ra.it/sportello",
      description: "Il cittadino sceglie giorno e ora da casa.",
    },
    ...meta,
  },
  {
    kind: "proposal",
    input: { id: "7a1e4b63-9d2f-4a8c-b0e3-4f6c8d0b2a15", meetingId: "m-2027-01-19", title: "Orari estivi degli sportelli" },
    ...meta,
  },
  { kind: "attendance", meetingId: "m-2027-01-19", input: { answer: "delegate", delegate: "Paolo Gardini" }, ...meta },
  {
    kind: "published",
    publicationId: "pub-tari-2026",
    title: "Avviso TARI: nuove scadenze di pagamento",
    input: { url: "https://www.comune.lugo.ra.it/tari" },
    ...meta,
  },
];

test.each([
  { code: "unauthorized", heading: "Accesso revocato" },
  { code: "forbidden", heading: "Accesso disattivato" },
])(
  "with access refused ($code), my unsent writes are listed as text under the notice: that they were not sent, and each one's words",
  ({ code, heading }) => {
    const text = renderText(<Notices status={failed(code, "")} stale={false} rejected={[]} outbox={outbox} />);
    expect(text.startsWith(heading)).toBe(true);
    const written = "scritto il 10 novembre 2026 alle 09:05";
    expect(text.slice(text.indexOf("Non inviati alla rete"))).toBe(
      "Non inviati alla rete" +
        "Questi tuoi inserimenti non sono stati inviati e non verranno inviati finché il tuo accesso non torna attivo. Restano qui: puoi selezionarli e copiarli." +
        `Buona prassi · ${written}` +
        "Prenotazioni online allo sportello unico" +
        "https://www.comune.lugo.ra.it/sportello" +
        "Il cittadino sceglie giorno e ora da casa." +
        `Punto all'ordine del giorno · ${written}` +
        "Orari estivi degli sportelli" +
        `La tua presenza · ${written}` +
        "Delego a Paolo Gardini" +
        `Segnato come pubblicato · ${written}` +
        "Avviso TARI: nuove scadenze di pagamento" +
        "https://www.comune.lugo.ra.it/tari",
    );
  },
);

test("the unsent writes read in English too, and an answer is said in words; no list when nothing waits", () => {
  const [, , , published] = outbox;
  const answers: OutboxItem[] = [
    { kind: "attendance", meetingId: "m-1", input: { answer: "yes" }, ...meta },
    { kind: "attendance", meetingId: "m-2", input: { answer: "no" }, ...meta },
    published!,
  ];
  const text = renderText(<Notices status={failed("unauthorized", "")} stale={false} rejected={[]} outbox={answers} />, "en");
  expect(text.slice(text.indexOf("Not sent to the network"))).toBe(
    "Not sent to the network" +
      "These entries of yours were not sent, and will not be sent until your access is back. They stay here: you can select and copy them." +
      "Your attendance · written on 10 November 2026 at 09:05" +
      "I'll attend" +
      "Your attendance · written on 10 November 2026 at 09:05" +
      "I won't attend" +
      "Marked as published · written on 10 November 2026 at 09:05" +
      "Avviso TARI: nuove scadenze di pagamento" +
      "https://www.comune.lugo.ra.it/tari",
  );
  expect(notice(failed("unauthorized", ""))).not.toContain("Non inviati");
  // Not while the service lets me in: then they wait to be sent, counted in the footer.
  expect(renderText(<Notices status={failed("network", "")} stale={false} rejected={[]} outbox={outbox} />)).not.toContain("Non inviati");
});
