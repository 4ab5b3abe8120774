import { beforeEach, expect, test, vi } from "vitest";
import { type OutboxItem, readOutbox, readRejected } from "../lib/storage";
import type { ChromeStub } from "../testing/chrome-stub";
import { storageContents } from "../testing/chrome-stub";
import { configureService, errorAnswer } from "../testing/fake-service";
import { refreshRecorded, spid, writesService } from "../testing/outbox-writes";
import { fieldErrorsOf } from "../ui/outcome";
import { flushOutbox } from "./outbox";
import { serveRefreshes } from "./refresh";
import { refreshOnce } from "./refresh-here";
import { serveSubmissions } from "./serve-submissions";
import { SUBMIT_MESSAGE, submit } from "./submit";

const stub = () => globalThis.chrome as unknown as ChromeStub;

/** The background worker, wired as background/index.ts wires it. */
function startWorker() {
  serveRefreshes(refreshOnce, { flushFirst: flushOutbox });
  serveSubmissions();
}

beforeEach(() => {
  // A fresh browser whose worker is this test's (setup.ts wires refreshes only).
  stub().reset();
  startWorker();
});

test("a page's practice is checked by the worker, stored in the outbox before the first attempt, and delivered", async () => {
  await configureService();
  const storedWhileSending: OutboxItem[][] = [];
  const { requests } = writesService(async () => {
    storedWhileSending.push(await readOutbox());
    return { status: 201 };
  });

  // As the form has it: untrimmed, the UUID in capitals. The worker stores what the schema makes of it.
  const typed = { ...spid, id: spid.id.toUpperCase(), title: `  ${spid.title} ` };
  expect(await submit({ kind: "practice", values: typed })).toEqual({ kind: "delivered" });
  expect(storedWhileSending).toHaveLength(1);
  expect(storedWhileSending[0]).toMatchObject([{ kind: "practice", input: spid, attempts: 0 }]);
  expect(requests[0]).toMatchObject({ method: "POST", path: "/practices", body: spid });
  expect(await readOutbox()).toEqual([]);
  await refreshRecorded();
});

test("a page's practice is queued, and said to be, when the service is unreachable", async () => {
  await configureService();
  writesService(() => "unreachable");
  expect(await submit({ kind: "practice", values: spid })).toMatchObject({ kind: "queued", code: "network" });
  expect(await readOutbox()).toMatchObject([{ kind: "practice", input: spid, attempts: 1 }]);
});

test("invalid values come back as the schema's issues, by field, and nothing is stored or sent", async () => {
  await configureService();
  const { requests } = writesService(() => ({ status: 201 }));
  const before = await storageContents();

  const outcome = await submit({ kind: "practice", values: { id: spid.id, title: "   ", url: "ftp://files.comune.lugo.ra.it/sportello" } });
  expect(outcome.kind).toBe("invalid");
  const issues = outcome.kind === "invalid" ? outcome.issues : [];
  expect(issues.map((issue) => issue.path)).toEqual([["title"], ["url"]]);
  expect(issues.map((issue) => issue.code)).toEqual(["too_small", "custom"]);
  // What the form shows from them (ui/use-outbox-form.ts): the same words as when the popup checked them itself.
  expect(fieldErrorsOf(issues)).toEqual({ title: "errorTitleRequired", url: "errorUrlHttp" });

  expect(requests).toEqual([]);
  expect(await readOutbox()).toEqual([]);
  expect(await storageContents()).toEqual(before);
});

test("a text too long is an issue with the field's path and too_big, as the form needs it", async () => {
  const outcome = await submit({ kind: "proposal", values: { id: spid.id, meetingId: "m-2027-01-19", title: "x".repeat(501) } });
  expect(outcome).toEqual({ kind: "invalid", issues: [{ path: ["title"], code: "too_big" }] });
  expect(fieldErrorsOf(outcome.kind === "invalid" ? outcome.issues : [])).toEqual({ title: "errorTooLong" });
});

test("a page's proposal refused for good (409 id_conflict) comes back refused, with the service's fields", async () => {
  await configureService();
  writesService(() => errorAnswer(409, "id_conflict", `L'id ${spid.id} è già usato da una buona prassi`, { id: "già usato" }));
  const outcome = await submit({
    kind: "proposal",
    values: { id: spid.id, meetingId: "m-2027-01-19", title: "Calendario unico degli sportelli estivi" },
  });
  expect(outcome).toEqual({
    kind: "rejected",
    code: "id_conflict",
    message: `L'id ${spid.id} è già usato da una buona prassi`,
    fields: { id: "già usato" },
  });
  expect(await readOutbox()).toEqual([]);
});

test("a page's attendance is sent for its meeting; Delego with no name is an issue on delegate, and stores nothing", async () => {
  await configureService();
  const { requests } = writesService(() => ({ status: 200 }));

  expect(await submit({ kind: "attendance", meetingId: "m-2027-01-19", values: { answer: "delegate", delegate: "  " } })).toEqual({
    kind: "invalid",
    issues: [{ path: ["delegate"], code: "custom" }],
  });
  expect(requests).toEqual([]);
  expect(await readOutbox()).toEqual([]);

  expect(
    await submit({ kind: "attendance", meetingId: "m-2027-01-19", values: { answer: "delegate", delegate: " Paolo Gardini " } }),
  ).toEqual({ kind: "delivered" });
  expect(requests.filter((request) => request.method === "PUT")).toMatchObject([
    { path: "/meetings/m-2027-01-19/attendance", body: { answer: "delegate", delegate: "Paolo Gardini" } },
  ]);
  await refreshRecorded();
});

test("a page's “pubblicato” with an address that is not http(s) is an issue on url; a good one is queued and sent", async () => {
  await configureService();
  const { requests } = writesService(() => ({ status: 201 }));
  const publication = { kind: "published", publicationId: "pub-tari-2026", title: "Avviso TARI: nuove scadenze di pagamento" } as const;

  expect(await submit({ ...publication, url: "javascript:alert(1)" })).toEqual({
    kind: "invalid",
    issues: [{ path: ["url"], code: "custom" }],
  });
  expect(await readOutbox()).toEqual([]);
  expect(requests).toEqual([]);

  expect(await submit({ ...publication, url: " https://www.comune.lugo.ra.it/tari-2026 " })).toEqual({ kind: "delivered" });
  expect(requests[0]).toMatchObject({
    method: "POST",
    path: "/publications/pub-tari-2026/published",
    body: { url: "https://www.comune.lugo.ra.it/tari-2026" },
  });
  await refreshRecorded();
});

test("with no worker to answer, the write is not_sent and nothing at all is stored: never “queued”", async () => {
  // A browser where the worker failed to start: nobody listens.
  stub().reset();
  const outcome = await submit({ kind: "practice", values: spid });
  expect(outcome).toEqual({ kind: "not_sent", reason: "Could not establish connection. Receiving end does not exist." });
  expect(await storageContents()).toEqual({});
});

test("a worker that answers nothing we know (an older version, a port closed) is not_sent too", async () => {
  stub().reset();
  stub().runtime.onMessage.addListener((_message, _sender, sendResponse) => {
    sendResponse(undefined);
    return false;
  });
  expect(await submit({ kind: "practice", values: spid })).toEqual({ kind: "not_sent", reason: "no answer from the background worker" });
  expect(await storageContents()).toEqual({});
});

test("when the outbox cannot store the write (storage full), the worker answers not_sent, not queued", async () => {
  await configureService();
  const set = vi.spyOn(chrome.storage.local, "set").mockRejectedValueOnce(new Error("QUOTA_BYTES quota exceeded"));
  expect(await submit({ kind: "practice", values: spid })).toEqual({ kind: "not_sent", reason: "QUOTA_BYTES quota exceeded" });
  set.mockRestore();
  expect(await readOutbox()).toEqual([]);
});

test("once stored, a write whose attempt fails unexpectedly is queued, and still there for the next flush", async () => {
  await configureService();
  writesService(() => ({ status: 201 }));
  // Delivered, but the outbox cannot remove it: it stays, and the next flush sends it again (same UUID, same row).
  const remove = vi.spyOn(chrome.storage.local, "remove").mockRejectedValueOnce(new Error("storage unavailable"));
  const outcome = await submit({ kind: "practice", values: spid });
  remove.mockRestore();
  expect(outcome).toEqual({ kind: "queued", code: "bad_response", reason: "storage unavailable" });
  expect(await readOutbox()).toMatchObject([{ kind: "practice", input: spid }]);
  expect(await readRejected()).toEqual([]);
});

test.each([
  ["no submission", { type: SUBMIT_MESSAGE }],
  ["an unknown kind", { type: SUBMIT_MESSAGE, submission: { kind: "delete", values: {} } }],
  ["values that are not an object", { type: SUBMIT_MESSAGE, submission: { kind: "practice", values: "title=x" } }],
  ["an attendance with no meeting", { type: SUBMIT_MESSAGE, submission: { kind: "attendance", meetingId: "", values: { answer: "yes" } } }],
  ["a published with no address", { type: SUBMIT_MESSAGE, submission: { kind: "published", publicationId: "pub-tari-2026", title: "" } }],
  ["another message", { type: "rete-urp:something-else", submission: { kind: "practice", values: spid } }],
])("the worker ignores a message with %s: nobody answers, nothing is stored", async (_, message) => {
  await configureService();
  const before = await storageContents();
  await expect(chrome.runtime.sendMessage(message)).rejects.toThrow("Receiving end does not exist");
  expect(await storageContents()).toEqual(before);
});

test("a write waits for what the worker must finish first (its check of storage) before it touches the outbox", async () => {
  stub().reset();
  serveRefreshes(refreshOnce, { flushFirst: flushOutbox });
  let checked: () => void = () => {};
  const storageChecked = new Promise<void>((resolve) => (checked = resolve));
  serveSubmissions({ ready: () => storageChecked });
  await configureService();
  const { requests } = writesService(() => ({ status: 201 }));

  const outcome = submit({ kind: "practice", values: spid });
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(await readOutbox()).toEqual([]);
  expect(requests).toEqual([]);
  checked();
  expect(await outcome).toEqual({ kind: "delivered" });
  expect(requests).toMatchObject([{ method: "POST", path: "/practices", body: spid }]);
  await refreshRecorded();
});
