import { expect, test } from "vitest";
import { readCachedSnapshot, readPreferences, writeCachedSnapshot, writePreferences } from "../../lib/storage";
import { setManagedPolicy } from "../../testing/chrome-stub";
import { errorAnswer, fakeService, lugoSnapshot, SERVICE_URL, TOKEN } from "../../testing/fake-service";
import { testTranslator } from "../../testing/test-translator";
import {
  type ConnectOutcome,
  connectAndSave,
  errorAfterEdit,
  type FieldErrors,
  fieldErrors,
  type InvitationTarget,
  invitationTarget,
  notSavedLine,
  type PermissionAnswer,
  redeemAndSave,
  savePreferences,
  trackPermission,
} from "./connect";

const t = testTranslator("it");
const typed = { serviceUrl: `${SERVICE_URL}/`, token: ` ${TOKEN} ` };
const granted: PermissionAnswer = { granted: () => true };
const promptOpen: PermissionAnswer = { granted: () => undefined };
const refused: PermissionAnswer = { granted: () => false };
const said = (errors: FieldErrors) => Object.fromEntries(Object.entries(errors).map(([field, words]) => [field, words?.(t)]));
const failure = (outcome: ConnectOutcome) => {
  if (outcome.saved) throw new Error("saved");
  return { field: outcome.field, problem: outcome.problem(t), keptPrevious: outcome.keptPrevious };
};
const previousConnection = {
  serviceUrl: "https://vecchio.example.it",
  token: "urp_vecchio",
  language: "en" as const,
  notifications: false,
};

test("fieldErrors() puts each problem at its field, before anything is asked of the service", () => {
  expect(said(fieldErrors({ serviceUrl: "", token: "" }))).toEqual({
    serviceUrl: "Inserisci l'indirizzo del servizio.",
    token: "Inserisci il tuo token personale.",
  });
  expect(said(fieldErrors({ serviceUrl: "javascript:alert(1)", token: TOKEN }))).toEqual({
    serviceUrl: "Indirizzo non valido: deve iniziare con https://.",
  });
  expect(said(fieldErrors({ serviceUrl: "rete urp", token: "  " }))).toEqual({
    serviceUrl: "Indirizzo non valido: deve iniziare con https://.",
    token: "Inserisci il tuo token personale.",
  });
  expect(fieldErrors({ serviceUrl: SERVICE_URL, token: TOKEN })).toEqual({});
});

test("errorAfterEdit() clears a field's error as soon as the field is right, keeps it while it is not, and never adds one while typing", () => {
  const errors = fieldErrors({ serviceUrl: "javascript:alert(1)", token: "" });
  // Still wrong while it is being typed: still said, now about what is there.
  expect(said(errorAfterEdit(errors, "serviceUrl", "https:"))).toMatchObject({
    serviceUrl: "Indirizzo non valido: deve iniziare con https://.",
  });
  const corrected = errorAfterEdit(errors, "serviceUrl", "https://rete-urp.labassaromagna.it");
  expect(corrected.serviceUrl).toBeUndefined();
  // The other field's error stays until that field is corrected.
  expect(said(corrected)).toMatchObject({ token: "Inserisci il tuo token personale." });
  expect(errorAfterEdit(corrected, "token", TOKEN).token).toBeUndefined();
  // No error yet: typing an incomplete address does not produce one.
  expect(errorAfterEdit({}, "serviceUrl", "htt")).toEqual({});
  // The service's "token non valido" was about the token typed before: any edit clears it.
  expect(errorAfterEdit({ token: (t) => t("errorUnauthorized") }, "token", "urp_altro").token).toBeUndefined();
});

test("an accepted token is saved, trimmed and normalised, and says who I am; the cache of another connection is dropped", async () => {
  await writePreferences(previousConnection);
  await writeCachedSnapshot({ snapshot: lugoSnapshot(), etag: '"v1"' });
  const { requests } = fakeService(() => ({ status: 200, body: lugoSnapshot() }));

  const outcome = await connectAndSave(typed, promptOpen);

  expect(outcome).toMatchObject({
    saved: true,
    me: { firstName: "Marco", lastName: "Ricci", ente: "Lugo" },
    connection: { serviceUrl: SERVICE_URL, token: TOKEN },
  });
  expect(requests.map((request) => [request.method, request.path, request.headers.get("Authorization")])).toEqual([
    ["GET", "/snapshot", `Bearer ${TOKEN}`],
  ]);
  // Language and reminders are left as they were saved.
  expect(await readPreferences()).toEqual({ serviceUrl: SERVICE_URL, token: TOKEN, language: "en", notifications: false });
  expect(await readCachedSnapshot()).toBeUndefined();
});

test("the same connection saved again keeps its cached data", async () => {
  await writePreferences({ serviceUrl: SERVICE_URL, token: TOKEN, language: "it", notifications: true });
  await writeCachedSnapshot({ snapshot: lugoSnapshot(), etag: '"v1"' });
  fakeService(() => ({ status: 200, body: lugoSnapshot() }));
  expect((await connectAndSave(typed, granted)).saved).toBe(true);
  expect(await readCachedSnapshot()).toMatchObject({ etag: '"v1"' });
});

test("a refused token saves nothing: the connection saved before stays, and the token field says why", async () => {
  await writePreferences(previousConnection);
  fakeService(() => errorAnswer(401, "unauthorized", "Token non valido: chiedi un nuovo token al coordinatore"));
  expect(failure(await connectAndSave(typed, granted))).toEqual({
    field: "token",
    problem: "Token non valido: controlla di averlo copiato per intero, o chiedine uno nuovo al coordinatore.",
    keptPrevious: true,
  });
  expect(await readPreferences()).toEqual(previousConnection);
});

test("an unreachable service or an answer that is not the service's saves nothing and points at the address", async () => {
  fakeService(() => "unreachable");
  expect(failure(await connectAndSave(typed, promptOpen))).toEqual({
    field: "serviceUrl",
    problem: "Servizio non raggiungibile: controlla l'indirizzo o riprova più tardi.",
    keptPrevious: false,
  });
  fakeService(() => ({ status: 404, body: "<html>Not Found</html>" }));
  expect(failure(await connectAndSave(typed, promptOpen))).toMatchObject({
    field: "serviceUrl",
    problem: "Risposta inattesa: l'indirizzo è proprio quello del servizio Rete URP?",
  });
  expect(await readPreferences()).toMatchObject({ serviceUrl: "", token: "" });
});

test("a referent whose access was removed is told so, at no field: there is nothing to correct in the form", async () => {
  fakeService(() =>
    errorAnswer(403, "forbidden", "giulia.bianchi@unione.esempio.it non è un referente attivo della rete: rivolgiti al coordinatore"),
  );
  expect(failure(await connectAndSave(typed, granted))).toEqual({
    field: undefined,
    problem: "Token riconosciuto, ma il tuo accesso alla rete URP è stato disattivato dal coordinatore: scrivigli per riattivarlo.",
    keptPrevious: false,
  });
  expect(await readPreferences()).toMatchObject({ serviceUrl: "", token: "" });
});

test("a host permission the browser refused saves nothing, even when the service answered, and says how to allow it", async () => {
  await writePreferences(previousConnection);
  fakeService(() => ({ status: 200, body: lugoSnapshot() }));
  const allowIt = "Il browser non ha concesso l'accesso a questo indirizzo: premi di nuovo «Collega e salva» e scegli «Consenti».";
  expect(failure(await connectAndSave(typed, refused))).toEqual({ field: undefined, problem: allowIt, keptPrevious: true });
  // Refused and unreachable: the refusal is the likely cause, and what to fix.
  fakeService(() => "unreachable");
  expect(failure(await connectAndSave(typed, refused))).toEqual({ field: undefined, problem: allowIt, keptPrevious: true });
  expect(await readPreferences()).toEqual(previousConnection);
});

test("trackPermission() reads the browser's answer once it is given: none while the prompt is open, false for an error", async () => {
  let answer: (granted: boolean) => void = () => undefined;
  const open = trackPermission(new Promise<boolean>((resolve) => (answer = resolve)));
  expect(open.granted()).toBeUndefined();
  answer(true);
  await Promise.resolve();
  expect(open.granted()).toBe(true);
  const failed = trackPermission(Promise.reject(new Error("This function must be called during a user gesture")));
  await Promise.resolve();
  expect(failed.granted()).toBe(false);
});

test("notSavedLine() says the problem when no field shows it, then that nothing was saved and what stays in use", () => {
  expect(notSavedLine(false)(t)).toBe("Impostazioni non salvate.");
  expect(notSavedLine(true)(t)).toBe("Impostazioni non salvate: resta in uso il collegamento salvato prima.");
  expect(notSavedLine(true, (t) => t("errorTooManyAttempts"))(t)).toBe(
    "Troppi token non validi da questa rete: riprova tra un minuto. Impostazioni non salvate: resta in uso il collegamento salvato prima.",
  );
});

test("language and reminders are saved as they change, one change at a time, leaving the connection alone", async () => {
  await writePreferences({ serviceUrl: SERVICE_URL, token: TOKEN, language: "it", notifications: true });
  await Promise.all([
    savePreferences({ language: "en" }),
    savePreferences({ notifications: false }),
    savePreferences({ notifications: true }),
  ]);
  expect(await readPreferences()).toEqual({ serviceUrl: SERVICE_URL, token: TOKEN, language: "en", notifications: true });
});

test("a language picked while the connection is checked is kept by the connection's save", async () => {
  await writePreferences({ serviceUrl: "", token: "", language: "it", notifications: true });
  let answer: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  fakeService(async () => {
    await answered;
    return { status: 200, body: lugoSnapshot() };
  });
  const connecting = connectAndSave(typed, granted);
  await savePreferences({ language: "en" });
  answer();
  await connecting;
  expect(await readPreferences()).toEqual({ serviceUrl: SERVICE_URL, token: TOKEN, language: "en", notifications: true });
});

// Invitations

const CODE = "Qm7vX2kR9tLw4ZpN8cYd1sHf";
const LINK = `${SERVICE_URL}/invito/${CODE}`;
const PRESET = "https://urp.unione.example.it";
const target = (pasted: string, known: { preset?: string; typed: string }, policy = {}) => {
  const found = invitationTarget(pasted, known, policy);
  return "error" in found ? { error: found.error(t) } : found;
};
const redeemed = () => ({ status: 200, body: { token: "urp_nuovo_token_di_marco", me: lugoSnapshot().me } });

test("invitationTarget() takes the address from the link, as mail clients paste it", () => {
  expect(target(LINK, { typed: "" })).toEqual({ serviceUrl: SERVICE_URL, code: CODE });
  expect(target(` <${LINK}> `, { typed: "https://altro.example.it" })).toEqual({ serviceUrl: SERVICE_URL, code: CODE });
  expect(target(`${LINK}.`, { typed: "" })).toEqual({ serviceUrl: SERVICE_URL, code: CODE });
  // A service below a path keeps it.
  expect(target(`https://www.unione.example.it/rete-urp/invito/${CODE}`, { typed: "" })).toEqual({
    serviceUrl: "https://www.unione.example.it/rete-urp",
    code: CODE,
  });
});

/** The invitation's email as the coordinator's mail client sends it (sheets-sync/src/access/invitation-text.ts), with CRLF. */
const invitationEmail = (link: string) =>
  [
    "Ciao Marco,",
    "",
    "Giulia Bianchi (Unione) ti invita a Rete URP, lo strumento della rete degli URP dell'Unione dei Comuni della Bassa Romagna: prossime riunioni, buone prassi e colleghi degli altri comuni, dal browser.",
    "",
    "Apri le Opzioni dell'estensione Rete URP e incolla questo invito:",
    link,
    "",
    "L'invito vale fino a martedì 1 dicembre 2026 alle 10:00 e si può usare una volta sola: è personale, non inoltrarlo.",
    "Se l'estensione non è installata, chiedi all'ufficio informatico del tuo ente.",
  ].join("\r\n");

test("invitationTarget() takes the link out of the whole email pasted; an http:// link in it is still refused", () => {
  expect(target(invitationEmail(LINK), { typed: "" })).toEqual({ serviceUrl: SERVICE_URL, code: CODE });
  expect(target(`> ${invitationEmail(`<${LINK}>.`).replace(/\r\n/g, "\r\n> ")}`, { typed: "" })).toEqual({
    serviceUrl: SERVICE_URL,
    code: CODE,
  });
  expect(target(invitationEmail(`${PRESET}/invito/${CODE}`), { preset: PRESET, typed: "" })).toEqual({ serviceUrl: PRESET, code: CODE });
  expect(target(invitationEmail(`http://phish.example/invito/${CODE}`), { typed: "" })).toEqual({ error: INSECURE_INVITATION });
  expect(target(invitationEmail(LINK), { preset: PRESET, typed: "" })).toEqual({
    error: `Questo invito è di un altro servizio (${SERVICE_URL}): il tuo ente usa ${PRESET}. Chiedi al coordinatore un invito per il servizio del tuo ente.`,
  });
  // The email with its link cut off is still not an invitation.
  expect(target(invitationEmail(`${SERVICE_URL}/invito/`), { typed: "" })).toEqual({
    error: "Questo non è un invito: incolla il link che ti ha mandato il coordinatore, quello che contiene /invito/.",
  });
  expect(errorAfterEdit({ invitation: (t) => t("errorNotAnInvitation") }, "invitation", invitationEmail(LINK)).invitation).toBeUndefined();
});

test("invitationTarget() takes a bare code with the address IT preset, else with a valid address in the field, else asks for the link", () => {
  expect(target(CODE, { preset: PRESET, typed: "" })).toEqual({ serviceUrl: PRESET, code: CODE });
  expect(target(CODE, { typed: `${SERVICE_URL}/` })).toEqual({ serviceUrl: SERVICE_URL, code: CODE });
  const codeOnly = { error: "Manca l'indirizzo del servizio: incolla il link intero dell'invito, non solo il codice." };
  expect(target(CODE, { typed: "" })).toEqual(codeOnly);
  expect(target(CODE, { typed: "rete urp" })).toEqual(codeOnly);
});

test("invitationTarget() refuses what is not an invitation, and with a preset address a link to another service", () => {
  expect(target("", { typed: "" })).toEqual({ error: "Incolla l'invito che ti ha mandato il coordinatore." });
  const notOne = {
    error: "Questo non è un invito: incolla il link che ti ha mandato il coordinatore, quello che contiene /invito/.",
  };
  expect(target(TOKEN, { typed: SERVICE_URL })).toEqual(notOne);
  expect(target(`${SERVICE_URL}/api/v1/snapshot`, { typed: "" })).toEqual(notOne);
  expect(target(`javascript:alert(1)//invito/${CODE}`, { typed: "" })).toEqual(notOne);
  expect(target(LINK, { preset: PRESET, typed: "" })).toEqual({
    error: `Questo invito è di un altro servizio (${SERVICE_URL}): il tuo ente usa ${PRESET}. Chiedi al coordinatore un invito per il servizio del tuo ente.`,
  });
  expect(target(`${PRESET}/invito/${CODE}`, { preset: PRESET, typed: "" })).toEqual({ serviceUrl: PRESET, code: CODE });
});

test("errorAfterEdit() clears the invitation's error once a link or code is there", () => {
  const errors: FieldErrors = { invitation: (t) => t("errorInvitationUsed") };
  expect(said(errorAfterEdit(errors, "invitation", "https://"))).toEqual({
    invitation: "Questo non è un invito: incolla il link che ti ha mandato il coordinatore, quello che contiene /invito/.",
  });
  expect(errorAfterEdit(errors, "invitation", LINK).invitation).toBeUndefined();
  expect(errorAfterEdit({}, "invitation", "htt")).toEqual({});
});

test("a redeemed invitation saves the link's address with the token it gave, with no token sent, and says who I am", async () => {
  await writePreferences(previousConnection);
  await writeCachedSnapshot({ snapshot: lugoSnapshot(), etag: '"v1"' });
  const { requests } = fakeService(redeemed);
  const outcome = await redeemAndSave({ serviceUrl: SERVICE_URL, code: CODE }, promptOpen);
  expect(outcome).toMatchObject({
    saved: true,
    me: { firstName: "Marco", lastName: "Ricci", ente: "Lugo" },
    connection: { serviceUrl: SERVICE_URL, token: "urp_nuovo_token_di_marco" },
  });
  expect(requests.map((request) => [request.method, request.path, request.body, request.headers.get("Authorization")])).toEqual([
    ["POST", "/invitations/redeem", { code: CODE }, null],
  ]);
  expect(await readPreferences()).toEqual({
    serviceUrl: SERVICE_URL,
    token: "urp_nuovo_token_di_marco",
    language: "en",
    notifications: false,
  });
  expect(await readCachedSnapshot()).toBeUndefined();
});

test("each refusal of an invitation is said in words, at the invitation or beside the button, and saves nothing", async () => {
  await writePreferences(previousConnection);
  const at = { serviceUrl: SERVICE_URL, code: CODE } satisfies InvitationTarget;
  const cases: [status: number, code: string, field: string | undefined, said: string][] = [
    [
      410,
      "invitation_used",
      "invitation",
      "Questo invito è già stato usato (vale una volta sola): se non sei stato tu, avvisa il coordinatore e chiedigliene uno nuovo.",
    ],
    [410, "invitation_expired", "invitation", "Questo invito è scaduto: chiedi al coordinatore di mandartene uno nuovo."],
    [
      410,
      "invitation_revoked",
      "invitation",
      "Questo invito è stato annullato, forse perché te ne è arrivato uno più recente: usa l'ultimo ricevuto o chiedine uno nuovo al coordinatore.",
    ],
    [
      404,
      "invitation_unknown",
      "invitation",
      "Invito non riconosciuto: controlla di averlo copiato per intero, o chiedine uno nuovo al coordinatore.",
    ],
    [403, "forbidden", undefined, "Il tuo accesso alla rete URP è stato disattivato dal coordinatore: scrivigli per riattivarlo."],
    [429, "too_many_attempts", undefined, "Troppi tentativi da questa rete: riprova tra un minuto."],
    [503, "store_unavailable", undefined, "Il servizio ha un problema (HTTP 503): riprova più tardi."],
  ];
  for (const [status, code, field, words] of cases) {
    fakeService(() => errorAnswer(status, code, "messaggio del servizio"));
    expect(failure(await redeemAndSave(at, granted)), code).toEqual({ field, problem: words, keptPrevious: true });
  }
  fakeService(() => "unreachable");
  expect(failure(await redeemAndSave(at, promptOpen))).toEqual({
    field: "invitation",
    problem: "Servizio non raggiungibile: controlla l'indirizzo o riprova più tardi.",
    keptPrevious: true,
  });
  // A 200 that is not the service's answer (a proxy's page) gives no token to save.
  fakeService(() => ({ status: 200, body: "<html>Benvenuto</html>" }));
  expect(failure(await redeemAndSave(at, granted))).toMatchObject({
    field: "invitation",
    problem: "Risposta inattesa: l'indirizzo è proprio quello del servizio Rete URP?",
  });
  expect(await readPreferences()).toEqual(previousConnection);
});

test("a host permission refused before the code is sent leaves the invitation unused; once redeemed, the token is kept whatever the browser says", async () => {
  const { requests } = fakeService(redeemed);
  expect(failure(await redeemAndSave({ serviceUrl: SERVICE_URL, code: CODE }, refused))).toEqual({
    field: undefined,
    problem: "Il browser non ha concesso l'accesso a questo indirizzo: premi di nuovo «Collega e salva» e scegli «Consenti».",
    keptPrevious: false,
  });
  expect(requests).toEqual([]);

  // The prompt answered "no" while the code was on its way: the code is spent, its token is saved.
  let answer: boolean | undefined;
  fakeService(() => {
    answer = false;
    return redeemed();
  });
  const outcome = await redeemAndSave({ serviceUrl: SERVICE_URL, code: CODE }, { granted: () => answer });
  expect(outcome.saved).toBe(true);
  expect(await readPreferences()).toMatchObject({ serviceUrl: SERVICE_URL, token: "urp_nuovo_token_di_marco" });
});

// Never in clear: http:// to another machine gets nothing, neither a token nor an invitation code

const INSECURE_ADDRESS =
  "Indirizzo non sicuro: con http:// il token viaggerebbe in chiaro sulla rete. Usa l'indirizzo https:// del servizio che ti ha dato l'ufficio informatico.";
const INSECURE_INVITATION =
  "Questo invito usa http://: l'invito e il token viaggerebbero in chiaro sulla rete, quindi non è stato inviato. Chiedi al coordinatore un invito con l'indirizzo https:// del servizio, quello dato dall'ufficio informatico.";
const LAB = { allowInsecureHttp: true };

test("fieldErrors() refuses an http:// address on another machine, saying the token would travel in clear; loopback and https pass", () => {
  for (const serviceUrl of [
    "http://10.0.0.5:8787",
    "http://urp.unione.example.it",
    "HTTP://urp.unione.example.it/",
    "http://localhost.evil.com:8787",
    "http://127.0.0.1.nip.io:8787",
    "http://127.0.0.1@evil.com",
  ]) {
    expect(said(fieldErrors({ serviceUrl, token: TOKEN })), serviceUrl).toEqual({ serviceUrl: INSECURE_ADDRESS });
  }
  for (const serviceUrl of ["http://127.0.0.1:8787", "http://localhost:8787/", "http://[::1]:8787", SERVICE_URL, "https://10.0.0.5:8787"]) {
    expect(fieldErrors({ serviceUrl, token: TOKEN }), serviceUrl).toEqual({});
  }
  // IT's lab switch lets it through.
  expect(fieldErrors({ serviceUrl: "http://10.0.0.5:8787", token: TOKEN }, LAB)).toEqual({});
  // Corrected to https, the error goes; another http:// address keeps it.
  const errors = fieldErrors({ serviceUrl: "http://10.0.0.5:8787", token: TOKEN });
  expect(said(errorAfterEdit(errors, "serviceUrl", "http://10.0.0.6:8787"))).toEqual({ serviceUrl: INSECURE_ADDRESS });
  expect(errorAfterEdit(errors, "serviceUrl", "https://urp.unione.example.it").serviceUrl).toBeUndefined();
});

test("connectAndSave() sends nothing to an http:// address on another machine: no request, nothing saved, the address says why", async () => {
  await writePreferences(previousConnection);
  const { requests } = fakeService(() => ({ status: 200, body: lugoSnapshot() }));
  for (const serviceUrl of ["http://10.0.0.5:8787", "http://urp.unione.example.it/"]) {
    expect(failure(await connectAndSave({ serviceUrl, token: TOKEN }, granted)), serviceUrl).toEqual({
      field: "serviceUrl",
      problem: INSECURE_ADDRESS,
      keptPrevious: true,
    });
  }
  expect(requests).toEqual([]);
  expect(await readPreferences()).toEqual(previousConnection);
});

test("with IT's lab switch (allowInsecureHttp in storage.managed) an http:// address on another machine is asked and saved", async () => {
  setManagedPolicy({ allowInsecureHttp: true });
  const { requests } = fakeService(() => ({ status: 200, body: lugoSnapshot() }));
  const outcome = await connectAndSave({ serviceUrl: "http://10.0.0.5:8787/", token: TOKEN }, granted);
  expect(outcome).toMatchObject({ saved: true, connection: { serviceUrl: "http://10.0.0.5:8787", token: TOKEN } });
  expect(requests.map((request) => request.path)).toEqual(["/snapshot"]);
});

test("invitationTarget() refuses a link to http:// on another machine before anything is sent; loopback links and IT's lab switch pass", () => {
  const insecure = { error: INSECURE_INVITATION };
  for (const link of [
    `http://phish.example/invito/${CODE}`,
    `http://10.0.0.5:8787/invito/${CODE}`,
    `HTTP://urp.unione.example.it/invito/${CODE}`,
    `<http://localhost.evil.com/invito/${CODE}>.`,
    `http://127.0.0.1@evil.com/invito/${CODE}`,
  ]) {
    expect(target(link, { typed: "" }), link).toEqual(insecure);
    expect(target(link, { typed: SERVICE_URL }), link).toEqual(insecure);
  }
  // With a preset too: what is wrong is the clear text, whatever the service.
  expect(target(`http://urp.unione.example.it/invito/${CODE}`, { preset: PRESET, typed: "" })).toEqual(insecure);
  // A bare code with an http:// address typed for another machine: the address says why.
  expect(target(CODE, { typed: "http://10.0.0.5:8787" })).toEqual({ error: INSECURE_ADDRESS });

  expect(target(`http://127.0.0.1:8787/invito/${CODE}`, { typed: "" })).toEqual({ serviceUrl: "http://127.0.0.1:8787", code: CODE });
  expect(target(`http://[::1]:8787/invito/${CODE}`, { typed: "" })).toEqual({ serviceUrl: "http://[::1]:8787", code: CODE });
  expect(target(`http://10.0.0.5:8787/invito/${CODE}`, { typed: "" }, LAB)).toEqual({ serviceUrl: "http://10.0.0.5:8787", code: CODE });
  expect(target(CODE, { typed: "http://10.0.0.5:8787" }, LAB)).toEqual({ serviceUrl: "http://10.0.0.5:8787", code: CODE });
});

test("redeemAndSave() sends no code to http:// on another machine, whoever asks: no request, the invitation says why", async () => {
  const { requests } = fakeService(redeemed);
  expect(failure(await redeemAndSave({ serviceUrl: "http://phish.example", code: CODE }, granted))).toEqual({
    field: "invitation",
    problem: INSECURE_INVITATION,
    keptPrevious: false,
  });
  expect(requests).toEqual([]);
  expect(await readPreferences()).toMatchObject({ serviceUrl: "", token: "" });
});
