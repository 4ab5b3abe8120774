import { randomUUID } from "node:crypto";
import { SnapshotSchema } from "@rete-urp/shared";
import { describe, expect, test } from "vitest";
import { eventually } from "../support/sheets-sync.ts";
import { appendByHeader, readTab, setCellByHeader } from "../support/workbook-files.ts";
import { type ApiHarness, apiEachTest, COORDINATOR, LUGO_REFERENT, postJson } from "./api-harness.ts";

let api: ApiHarness;
let coordinator: string;
let lugo: string;

apiEachTest(async (started) => {
  api = started;
  coordinator = await api.tokenFor(COORDINATOR);
  lugo = await api.tokenFor(LUGO_REFERENT);
});

const snapshot = async (token: string) => SnapshotSchema.parse(await (await api.call("/api/v1/snapshot", { token })).json());
const put = (body: unknown, token: string) => ({ ...postJson(body, token), method: "PUT" });
const rows = async (tab: string) => (await readTab(api.workbook, tab)).slice(1).filter((row) => row.some((cell) => cell.value !== null));

describe("attendance", () => {
  test("Partecipo, then Delego: one row per person and meeting, updated in place; who is coming, by ente", async () => {
    const next = (await snapshot(lugo)).nextMeeting!;
    const before = (await rows("Presenze")).length;

    const yes = await api.call(`/api/v1/meetings/${next.id}/attendance`, put({ answer: "yes" }, lugo));
    expect(yes.status).toBe(200);
    expect(await yes.json()).toMatchObject({ meetingId: next.id, email: LUGO_REFERENT, name: "Sara Folli", ente: "Lugo", answer: "yes" });
    const delegate = await api.call(`/api/v1/meetings/${next.id}/attendance`, put({ answer: "delegate", delegate: "Marco Ricci" }, lugo));
    expect(delegate.status).toBe(200);

    const presenze = await rows("Presenze");
    expect(presenze.length).toBe(before + 1);
    // ID, Riunione, Data riunione, Email, Nome, Ente, Risposta, Delegato, Aggiornato
    const mine = presenze.filter((row) => row[3]?.value === LUGO_REFERENT);
    expect(mine.map((row) => [row[1]?.value, row[6]?.value, row[7]?.value])).toEqual([[next.id, "Delego", "Marco Ricci"]]);

    await api.service.cache.refresh();
    const { attendance } = await (await api.call(`/api/v1/meetings/${next.id}/attendance`, { token: coordinator })).json();
    const lugoAnswers = (attendance as { ente: string; answer: string; name: string }[]).filter((a) => a.ente === "Lugo");
    expect(lugoAnswers.map((a) => [a.name, a.answer])).toEqual([
      ["Marco Ricci", "yes"],
      ["Sara Folli", "delegate"],
    ]);
  });

  test("an answer for a rule meeting follows the row the coordinator adds later for that month", async () => {
    const rule = (await snapshot(lugo)).meetings.find((m) => m.source === "rule" && m.start > "2027-06")!;
    expect((await api.call(`/api/v1/meetings/${rule.id}/attendance`, put({ answer: "no" }, lugo))).status).toBe(200);
    await appendByHeader(api.workbook, "Riunioni", {
      ID: "m-confirmed",
      Data: rule.start.slice(0, 10).split("-").reverse().join("/"),
      Tipo: "Ordinaria",
      Stato: "Confermata",
    });
    await eventually(async () => (await snapshot(lugo)).meetings.some((m) => m.id === "m-confirmed"), 10_000, "the new row");
    const { attendance } = await (await api.call("/api/v1/meetings/m-confirmed/attendance", { token: lugo })).json();
    expect(attendance).toEqual([expect.objectContaining({ email: LUGO_REFERENT, answer: "no", meetingId: "m-confirmed" })]);
  });

  test("400 for a delegation without a delegate, 404 for an unknown meeting", async () => {
    const next = (await snapshot(lugo)).nextMeeting!;
    const bad = await api.call(`/api/v1/meetings/${next.id}/attendance`, put({ answer: "delegate" }, lugo));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields).toEqual({ delegate: "indica a chi deleghi" });
    expect((await api.call("/api/v1/meetings/nope/attendance", put({ answer: "yes" }, lugo))).status).toBe(404);
  });
});

describe("agenda proposals", () => {
  test("a proposal lands once in Proposte; the coordinator accepts it in the sheet and the popup sees it", async () => {
    const next = (await snapshot(lugo)).nextMeeting!;
    const id = randomUUID();
    const body = {
      id,
      meetingId: next.id,
      title: "Modulo unico per l'accesso agli atti",
      url: "https://www.comune.lugo.ra.it/accesso-atti",
      excerpt: "Testo selezionato",
    };
    const created = await api.call("/api/v1/proposals", postJson(body, lugo));
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id, ente: "Lugo", author: "Sara Folli", status: "proposed" });
    expect((await api.call("/api/v1/proposals", postJson(body, lugo))).status).toBe(200);
    expect((await rows("Proposte")).filter((row) => row[0]?.value === id)).toHaveLength(1);

    // The coordinator types "Accettata" in Stato.
    await setCellByHeader(api.workbook, "Proposte", { header: "ID", value: id }, "Stato", "Accettata");
    await eventually(async () => (await snapshot(lugo)).proposals.find((p) => p.id === id)?.status === "accepted", 10_000, "accepted");
    const listed = await (await api.call(`/api/v1/proposals?meetingId=${next.id}`, { token: lugo })).json();
    expect(listed.proposals.map((p: { title: string; status: string }) => [p.title, p.status])).toEqual([
      ["Calendario unico degli sportelli estivi", "accepted"],
      ["Linee guida per i post sui social in caso di allerta meteo", "proposed"],
      ["Modulo unico per l'accesso agli atti", "accepted"],
    ]);
  });

  test("400 names the bad fields, including an unknown meeting", async () => {
    const bad = await api.call("/api/v1/proposals", postJson({ id: randomUUID(), meetingId: "nessuna", title: "x" }, lugo));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields).toEqual({ meetingId: "riunione sconosciuta" });
  });
});

describe("publications", () => {
  test("each referent sees what its comune must publish, overdue first; marking it published keeps the page as proof", async () => {
    const { publications } = await snapshot(lugo);
    expect(publications.map((p) => [p.title, p.published, p.overdue])).toEqual([
      ["Bando contributi affitto 2027", false, false],
      ["Nuovi orari degli sportelli URP", false, false],
      ["Avviso TARI: nuove scadenze di pagamento", true, false],
    ]);
    const conselice = await api.tokenFor("andrea.bassi@conselice.esempio.it");
    const theirs = (await snapshot(conselice)).publications;
    expect(theirs.map((p) => [p.title, p.overdue])).toEqual([
      ["Avviso TARI: nuove scadenze di pagamento", true],
      ["Bando contributi affitto 2027", false],
    ]);

    const bando = theirs.find((p) => p.title.startsWith("Bando"))!;
    const proof = "https://www.comune.conselice.ra.it/notizie/bando-affitto";
    const marked = await api.call(`/api/v1/publications/${bando.id}/published`, postJson({ url: proof }, conselice));
    expect(marked.status).toBe(200);
    expect((await api.call(`/api/v1/publications/${bando.id}/published`, postJson({ url: `${proof}?v=2` }, conselice))).status).toBe(200);
    const esiti = (await rows("Esiti pubblicazioni")).filter((row) => row[1]?.value === bando.id);
    // ID, Pubblicazione, Titolo pubblicazione, Ente, Stato, Link pubblicazione…
    expect(esiti.map((row) => [row[2]?.value, row[3]?.value, row[4]?.value, row[5]?.value])).toEqual([
      [bando.title, "Conselice", "Pubblicato", `${proof}?v=2`],
    ]);
    await api.service.cache.refresh();
    expect((await snapshot(conselice)).publications.find((p) => p.id === bando.id)).toMatchObject({
      published: true,
      publishedUrl: `${proof}?v=2`,
    });
  });

  test("a publication not addressed to my ente is 409 not_addressed; a non-http proof is 400", async () => {
    const cotignola = await api.tokenFor("chiara.zauli@cotignola.esempio.it");
    const { publications } = await snapshot(lugo);
    const orari = publications.find((p) => p.title.startsWith("Nuovi orari"))!;
    const notMine = await api.call(`/api/v1/publications/${orari.id}/published`, postJson({ url: "https://example.it" }, cotignola));
    expect(notMine.status).toBe(409);
    expect((await notMine.json()).error.code).toBe("not_addressed");
    const bad = await api.call(`/api/v1/publications/${orari.id}/published`, postJson({ url: "javascript:alert(1)" }, lugo));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields).toEqual({ url: "serve l'indirizzo http o https della pagina pubblicata" });
  });
});
