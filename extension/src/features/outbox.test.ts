import { buildPractice, type Practice, type PracticeInput } from "@rete-urp/shared";
import { expect, test, vi } from "vitest";
import {
  type OutboxItem,
  onStorageChanged,
  readCachedSnapshot,
  readOutbox,
  readRejected,
  writeCachedSnapshot,
  writeOutboxItem,
} from "../lib/storage";
import { configureService, errorAnswer, fakeService, lugoSnapshot } from "../testing/fake-service";
import { refreshRecorded, spid, writesService } from "../testing/outbox-writes";
import {
  addPractice,
  addProjectUpdate,
  answerAttendance,
  flushOutbox,
  markDone,
  markPublished,
  proposeAgendaItem,
  proposeProject,
} from "./outbox";
import { refresh } from "./refresh";

const waiting = (input: PracticeInput, queuedAt: number): OutboxItem => ({
  kind: "practice",
  input,
  queuedAt,
  attempts: 0,
  lastError: null,
});

test("addPractice() stores the practice before the first attempt, and removes it once the service answers 201", async () => {
  await configureService();
  const storedWhileSending: OutboxItem[][] = [];
  const { requests } = writesService(async () => {
    storedWhileSending.push(await readOutbox());
    return { status: 201 };
  });

  expect(await addPractice(spid)).toEqual({ kind: "delivered" });
  expect(storedWhileSending[0]?.map((item) => item.kind === "practice" && item.input)).toEqual([spid]);
  expect(requests[0]).toMatchObject({ method: "POST", path: "/practices", body: spid });
  expect(requests[0]?.headers.get("Authorization")).toBe("Bearer urp_Hq3v8ZkT2mW9xR4bN7cY1pL6sD0fJ5gA");
  expect(await readOutbox()).toEqual([]);
  await refreshRecorded();
});

test("addPractice() before the options are saved keeps the practice and sends nothing", async () => {
  const { requests } = writesService(() => ({ status: 201 }));
  expect(await addPractice(spid)).toEqual({ kind: "queued", code: "not_configured", reason: "not configured" });
  expect(requests).toEqual([]);
  expect(await readOutbox()).toHaveLength(1);
});

test("addPractice() keeps the practice, with the reason and one attempt, when the service is unreachable", async () => {
  await configureService();
  writesService(() => "unreachable");
  const outcome = await addPractice(spid);
  expect(outcome).toMatchObject({ kind: "queued", code: "network" });
  const [item] = await readOutbox();
  expect(item).toMatchObject({ kind: "practice", input: spid, attempts: 1 });
  expect(item?.lastError).toMatch(/^https:\/\/rete-urp\.labassaromagna\.it unreachable: fetch failed/);
});

test("flushOutbox() keeps the item when the service answers 503 journal_unavailable: the write was not accepted", async () => {
  await configureService();
  await writeOutboxItem(waiting(spid, 1_000));
  writesService(() =>
    errorAnswer(503, "journal_unavailable", "Scrittura non registrata: il disco del servizio è pieno. Non è stato salvato nulla"),
  );
  await flushOutbox();
  expect(await readOutbox()).toEqual([
    {
      ...waiting(spid, 1_000),
      attempts: 1,
      lastError: "Scrittura non registrata: il disco del servizio è pieno. Non è stato salvato nulla",
    },
  ]);
  expect(await readRejected()).toEqual([]);
});

test("flushOutbox() sends what waits oldest first, and stops at the first item that must wait", async () => {
  await configureService();
  const second = { ...spid, id: "7a1e4b63-9d2f-4a8c-b0e3-4f6c8d0b2a15", title: "Modulo unico per i passi carrai" };
  const third = { ...spid, id: "8b2f5c74-ae30-4b9d-81f4-5a7d9e1c3b26", title: "Risposte tipo sui rifiuti" };
  await writeOutboxItem(waiting(third, 3_000));
  await writeOutboxItem(waiting(spid, 1_000));
  await writeOutboxItem(waiting(second, 2_000));
  const { requests } = writesService((request) =>
    (request.body as PracticeInput).id === spid.id
      ? { status: 201 }
      : errorAnswer(503, "store_unavailable", "I dati della rete non sono ancora disponibili: riprova tra poco"),
  );
  await flushOutbox();
  expect(requests.filter((request) => request.path === "/practices").map((request) => (request.body as PracticeInput).title)).toEqual([
    "Prenotazioni online allo sportello unico",
    "Modulo unico per i passi carrai",
  ]);
  expect((await readOutbox()).map((item) => item.kind === "practice" && item.input.title)).toEqual([
    "Modulo unico per i passi carrai",
    "Risposte tipo sui rifiuti",
  ]);
  await refreshRecorded();
});

test("flushOutbox() drops a publication the service says is not addressed to my ente (409 not_addressed), and keeps the reason for the popup", async () => {
  await configureService();
  writesService(() => errorAnswer(409, "not_addressed", "Questa pubblicazione non è richiesta a Lugo"));
  const outcome = await markPublished("pub-orari-urp", "Nuovi orari degli URP", "https://www.comune.lugo.ra.it/orari-urp");
  expect(outcome).toEqual({ kind: "rejected", code: "not_addressed", message: "Questa pubblicazione non è richiesta a Lugo", fields: {} });
  await flushOutbox();
  expect(await readOutbox()).toEqual([]);
  expect(await readRejected()).toEqual([
    {
      input: { id: "published:pub-orari-urp", title: "Nuovi orari degli URP" },
      message: "Questa pubblicazione non è richiesta a Lugo",
      at: expect.any(Number),
    },
  ]);
});

test("proposeAgendaItem() answered 409 id_conflict is refused as such, with the field the service names", async () => {
  await configureService();
  writesService(() =>
    errorAnswer(409, "id_conflict", `L'id ${spid.id} è già usato da una buona prassi: genera un nuovo UUID per questo elemento`, {
      id: "già usato",
    }),
  );
  const outcome = await proposeAgendaItem({ id: spid.id, meetingId: "m-2027-01-19", title: "Calendario unico degli sportelli estivi" });
  expect(outcome).toMatchObject({ kind: "rejected", code: "id_conflict", fields: { id: "già usato" } });
  expect(await readOutbox()).toEqual([]);
});

test("answerAttendance() for a cancelled meeting (409 meeting_cancelled) is dropped with the service's reason", async () => {
  await configureService();
  writesService(() => errorAnswer(409, "meeting_cancelled", "La riunione è stata annullata"));
  expect(await answerAttendance("m-2027-01-19", { answer: "yes" })).toMatchObject({
    kind: "rejected",
    code: "meeting_cancelled",
    message: "La riunione è stata annullata",
  });
  expect((await readRejected()).map((item) => item.input)).toEqual([{ id: "attendance:m-2027-01-19", title: "" }]);
});

test.each([
  { status: 401, code: "unauthorized", message: "Token non valido: chiedi un nuovo token al coordinatore" },
  {
    status: 403,
    code: "forbidden",
    message: "marco.ricci@lugo.esempio.it non è un referente attivo della rete: rivolgiti al coordinatore",
  },
  { status: 429, code: "too_many_attempts", message: "Troppi token non validi da questo indirizzo: riprova tra un minuto" },
])("flushOutbox() keeps the item while the service answers $status $code: someone can still fix it", async ({ status, code, message }) => {
  await configureService();
  writesService(() => errorAnswer(status, code, message));
  expect(await addPractice(spid)).toEqual({ kind: "queued", code, reason: message });
  await flushOutbox();
  expect(await readOutbox()).toMatchObject([{ input: spid, attempts: 2, lastError: message }]);
  expect(await readRejected()).toEqual([]);
  // A 401 or 403 asks for a refresh (access-refused.test.ts): settled before the next test starts.
  await refresh();
});

test("flushOutbox() keeps the item when a proxy answers with its own 404 page: only the service can refuse a write", async () => {
  await configureService();
  await writeOutboxItem(waiting(spid, 1_000));
  writesService(() => ({ status: 404, body: "<html><body><h1>404 Not Found</h1></body></html>" }));
  await flushOutbox();
  expect(await readOutbox()).toMatchObject([{ input: spid, attempts: 1, lastError: "HTTP 404" }]);
});

test("answerAttendance() twice while offline leaves only my latest answer, which flushOutbox() sends once", async () => {
  await configureService();
  writesService(() => "unreachable");
  await answerAttendance("m-2027-01-19", { answer: "yes" });
  await answerAttendance("m-2027-01-19", { answer: "delegate", delegate: "Paolo Gardini" });
  expect((await readOutbox()).map((item) => item.kind === "attendance" && item.input)).toEqual([
    { answer: "delegate", delegate: "Paolo Gardini" },
  ]);

  const { requests } = writesService(() => ({ status: 200 }));
  await flushOutbox();
  expect(requests.filter((request) => request.method === "PUT")).toMatchObject([
    { path: "/meetings/m-2027-01-19/attendance", body: { answer: "delegate", delegate: "Paolo Gardini" } },
  ]);
  expect(await readOutbox()).toEqual([]);
  await refreshRecorded();
});

test("a newer answer queued while the older one is on its way is not removed with it, and goes next", async () => {
  await configureService();
  let notComing: OutboxItem | undefined;
  const { requests } = writesService(async (request) => {
    // "Non partecipo", clicked in another window while "Partecipo" is being sent: queued now,
    // so after "Partecipo" was, however long the machine took to get here.
    if ((request.body as { answer: string }).answer === "yes") {
      notComing = {
        kind: "attendance",
        meetingId: "m-2027-01-19",
        input: { answer: "no" },
        queuedAt: Date.now() + 1,
        attempts: 0,
        lastError: null,
      };
      await writeOutboxItem(notComing);
    }
    return { status: 200 };
  });
  expect(await answerAttendance("m-2027-01-19", { answer: "yes" })).toEqual({ kind: "delivered" });
  expect(await readOutbox()).toEqual([notComing]);
  await flushOutbox();
  expect(requests.filter((request) => request.method === "PUT").map((request) => request.body)).toEqual([
    { answer: "yes" },
    { answer: "no" },
  ]);
  expect(await readOutbox()).toEqual([]);
  await refreshRecorded();
});

test("a delivered practice is shown in the cached snapshot until the service's own snapshot has it", async () => {
  await configureService();
  await writeCachedSnapshot({ snapshot: lugoSnapshot(), etag: 'W/"1f-2026-11-10"' });
  fakeService((request) => (request.path === "/snapshot" ? { status: 304 } : { status: 202 }));
  await addPractice(spid);
  const shown = async () => (await readCachedSnapshot())?.snapshot.practices.find((practice) => practice.id === spid.id);
  await vi.waitFor(async () => expect(await shown()).toBeDefined());
  expect(await shown()).toMatchObject<Partial<Practice>>({
    title: "Prenotazioni online allo sportello unico",
    url: "https://www.comune.lugo.ra.it/sportello",
    tags: ["sportello", "SPID"],
    ente: "Lugo",
    author: "Marco Ricci",
    authorEmail: "marco.ricci@lugo.esempio.it",
  });
  expect((await readCachedSnapshot())?.etag).toBe('W/"1f-2026-11-10"');
});

test("a delivered answer is shown in the cached snapshot without writing the practices again", async () => {
  await configureService();
  await writeCachedSnapshot({ snapshot: lugoSnapshot(), etag: 'W/"1f-2026-11-10"' });
  fakeService((request) => (request.path === "/snapshot" ? { status: 304 } : { status: 200 }));
  const changed: string[][] = [];
  onStorageChanged((areas) => changed.push([...areas]));
  expect(await answerAttendance("m-2027-01-19", { answer: "no" })).toEqual({ kind: "delivered" });
  const mine = async () =>
    (await readCachedSnapshot())?.snapshot.attendance.find(
      (answer) => answer.meetingId === "m-2027-01-19" && answer.email === "marco.ricci@lugo.esempio.it",
    );
  await vi.waitFor(async () => expect((await mine())?.answer).toBe("no"));
  expect(changed.flat()).toContain("snapshot");
  expect(changed.flat()).not.toContain("practices");
});

test('a practice with ente "Nessuno" is sent as "" and shown first, with no ente, exactly as the service builds it', async () => {
  await configureService();
  await writeCachedSnapshot({ snapshot: lugoSnapshot(), etag: 'W/"1f-2026-11-10"' });
  const { requests } = fakeService((request) => (request.path === "/snapshot" ? { status: 304 } : { status: 202 }));
  const foreign: PracticeInput = { id: "0c4d9b1e-7a2f-4e6b-8d3c-5f1a2b9e7c60", title: "Guida ai servizi della Regione", ente: "" };
  await addPractice(foreign);
  expect(requests[0]).toMatchObject({ path: "/practices", body: { ente: "" } });
  await vi.waitFor(async () => expect((await readCachedSnapshot())?.snapshot.practices[0]?.id).toBe(foreign.id));
  const me = lugoSnapshot().me;
  expect((await readCachedSnapshot())?.snapshot.practices[0]).toEqual(buildPractice(foreign, me, new Date()));
});

test("markPublished() sends the page's address as proof and shows the publication as published", async () => {
  await configureService();
  await writeCachedSnapshot({ snapshot: lugoSnapshot(), etag: "" });
  const { requests } = fakeService((request) => (request.path === "/snapshot" ? { status: 200, body: lugoSnapshot() } : { status: 201 }));
  expect(
    await markPublished("pub-tari-2026", "Avviso TARI: nuove scadenze di pagamento", "https://www.comune.lugo.ra.it/tari-2026"),
  ).toEqual({ kind: "delivered" });
  expect(requests[0]).toMatchObject({
    method: "POST",
    path: "/publications/pub-tari-2026/published",
    body: { url: "https://www.comune.lugo.ra.it/tari-2026" },
  });
  await vi.waitFor(async () =>
    expect((await readCachedSnapshot())?.snapshot.publications[0]).toMatchObject({
      published: true,
      publishedUrl: "https://www.comune.lugo.ra.it/tari-2026",
      overdue: false,
    }),
  );
});

test("markDone() sends the action's done and shows it done by me, after the open ones, until the service's snapshot has it", async () => {
  await configureService();
  await writeCachedSnapshot({ snapshot: lugoSnapshot(), etag: "" });
  const { requests } = fakeService((request) => (request.path === "/snapshot" ? { status: 200, body: lugoSnapshot() } : { status: 202 }));
  expect(await markDone("act-orari-estivi", "Inviare all'Unione gli orari estivi degli sportelli")).toEqual({ kind: "delivered" });
  expect(requests[0]).toMatchObject({ method: "POST", path: "/actions/act-orari-estivi/done", body: {} });
  await vi.waitFor(async () =>
    expect((await readCachedSnapshot())?.snapshot.actions).toEqual([
      expect.objectContaining({
        id: "act-orari-estivi",
        status: "done",
        doneBy: "Marco Ricci (Lugo)",
        doneAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      }),
    ]),
  );
  expect(await readOutbox()).toEqual([]);
});

test("markDone() offline waits in the outbox under the action's key; an action the coordinator removed (404) is dropped with the reason", async () => {
  await configureService();
  writesService(() => "unreachable");
  expect(await markDone("act-orari-estivi", "Inviare gli orari estivi")).toMatchObject({ kind: "queued", code: "network" });
  expect(await readOutbox()).toMatchObject([{ kind: "action-done", actionId: "act-orari-estivi", attempts: 1 }]);

  writesService(() => errorAnswer(404, "not_found", "Azione non trovata: forse il coordinatore l'ha tolta"));
  await flushOutbox();
  expect(await readOutbox()).toEqual([]);
  expect((await readRejected()).map((item) => item.input)).toEqual([{ id: "action:act-orari-estivi", title: "Inviare gli orari estivi" }]);
});

test("addPractice() rejects when the practice cannot be stored, and sends nothing: the page is told it was not sent", async () => {
  await configureService();
  const { requests } = writesService(() => ({ status: 201 }));
  const set = vi.spyOn(chrome.storage.local, "set").mockRejectedValueOnce(new Error("QUOTA_BYTES quota exceeded"));
  await expect(addPractice(spid)).rejects.toThrow("QUOTA_BYTES quota exceeded");
  set.mockRestore();
  expect(requests).toEqual([]);
  expect(await readOutbox()).toEqual([]);
});

test("an item once stored is queued whatever goes wrong after: refused, but the outbox could not drop it, it waits", async () => {
  await configureService();
  writesService(() => errorAnswer(409, "not_addressed", "Questa pubblicazione non è richiesta a Lugo"));
  const remove = vi.spyOn(chrome.storage.local, "remove").mockRejectedValueOnce(new Error("storage unavailable"));
  expect(await markPublished("pub-orari-urp", "Nuovi orari degli URP", "https://www.comune.lugo.ra.it/orari-urp")).toEqual({
    kind: "queued",
    code: "bad_response",
    reason: "storage unavailable",
  });
  remove.mockRestore();
  // Still there: the next flush asks again, and drops it then.
  expect(await readOutbox()).toMatchObject([{ kind: "published", publicationId: "pub-orari-urp" }]);
  await flushOutbox();
  expect(await readOutbox()).toEqual([]);
  expect((await readRejected()).map((item) => item.input)).toEqual([{ id: "published:pub-orari-urp", title: "Nuovi orari degli URP" }]);
});

test("addProjectUpdate() posts the update and shows it first in the cached snapshot, with my ente and me, until the service has it", async () => {
  await configureService();
  await writeCachedSnapshot({ snapshot: lugoSnapshot(), etag: "" });
  const { requests } = fakeService((request) => (request.path === "/snapshot" ? { status: 200, body: lugoSnapshot() } : { status: 202 }));
  const input = { id: "2c4e6a80-1b3d-4f5a-8c7e-9d0f1a2b3c4d", projectId: "p-sportello", text: "Inviate le FAQ di Lugo" };
  expect(await addProjectUpdate("Sportello unico", input)).toEqual({ kind: "delivered" });
  expect(requests[0]).toMatchObject({ method: "POST", path: "/project-updates", body: input });
  await vi.waitFor(async () =>
    expect((await readCachedSnapshot())?.snapshot.projectUpdates[0]).toMatchObject({
      id: input.id,
      projectId: "p-sportello",
      text: "Inviate le FAQ di Lugo",
      ente: "Lugo",
      author: "Marco Ricci",
    }),
  );
});

test("proposeProject() offline waits in the outbox; a refusal is remembered by the project's title", async () => {
  await configureService();
  writesService(() => "unreachable");
  const input = { id: "3d5f7b91-2c4e-4a6b-9d8f-0e1a2b3c4d5e", title: "Carta dei servizi comune" };
  expect(await proposeProject(input)).toMatchObject({ kind: "queued", code: "network" });
  expect(await readOutbox()).toEqual([expect.objectContaining({ kind: "project", input, attempts: 1 })]);
  fakeService(() => errorAnswer(400, "invalid_request", "Richiesta non valida", { title: "troppo lungo" }));
  await flushOutbox();
  expect(await readOutbox()).toEqual([]);
  expect((await readRejected()).map((item) => [item.input.id, item.input.title])).toEqual([[input.id, "Carta dei servizi comune"]]);
});
