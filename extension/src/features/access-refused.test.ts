import type { Snapshot } from "@rete-urp/shared";
import { expect, test, vi } from "vitest";
import { readCalendarFeed, writeCalendarFeed } from "../lib/calendar-feed-storage";
import {
  type OutboxItem,
  readCachedSnapshot,
  readOutbox,
  readPreferences,
  readSyncStatus,
  writeCachedSnapshot,
  writeDraft,
  writeOutboxItem,
  writeRejected,
} from "../lib/storage";
import { fillStorage, storageContents } from "../testing/chrome-stub";
import { configureService, errorAnswer, fakeService, lugoSnapshot, SERVICE_URL, TOKEN } from "../testing/fake-service";
import { spid } from "../testing/outbox-writes";
import { addPractice, flushOutbox } from "./outbox";
import { refresh } from "./refresh";

/**
 * The service no longer lets this browser in: 401 `unauthorized` (the coordinator pressed "Revoca
 * accesso", or IT ran `token revoke`: the token is refused as unknown) or 403 `forbidden` (Attivo
 * = No). The network's data cached here is deleted, not hidden; what is the person's own stays,
 * and their unsent writes wait, unsent, until access is back.
 */

const COLLEAGUE = "luca.gardini@bagnacavallo.esempio.it";

/** What a Lugo referent has cached: the snapshot with a colleague in the roster (email and phone). */
function cachedNetwork(): Snapshot {
  return {
    ...lugoSnapshot(),
    roster: [
      {
        id: "ref-7",
        firstName: "Luca",
        lastName: "Gardini",
        ente: "Bagnacavallo",
        role: "Referente",
        email: COLLEAGUE,
        phone: "0545 280111",
        active: true,
      },
    ],
  };
}

const unsent: OutboxItem = {
  kind: "practice",
  input: spid,
  queuedAt: Date.parse("2026-11-10T09:00:00+01:00"),
  attempts: 1,
  lastError: null,
};
const FEED = `${SERVICE_URL}/api/v1/calendar.ics?key=cal_${"a".repeat(43)}`;

/** Everything a connected browser holds: the network's data, and the person's own things. */
async function connectedBrowser(): Promise<void> {
  await configureService();
  await writeCachedSnapshot({ snapshot: cachedNetwork(), etag: 'W/"v1"' });
  // Set aside by an update that could not read it: a copy of the network's data all the same.
  await fillStorage({ "unreadable:cache:snapshot": { snapshot: { roster: [{ email: COLLEAGUE }] } } });
  await writeOutboxItem(unsent);
  await writeRejected({ input: { id: "attendance:m-2027-01-19", title: "" }, message: "La riunione è stata annullata", at: 1_000 });
  await writeDraft({
    kind: "practice",
    title: "Sportello unico",
    url: "https://www.comune.lugo.ra.it/sportello",
    excerpt: "",
    createdAt: 1_000,
  });
  await writeCalendarFeed({ serviceUrl: SERVICE_URL, token: TOKEN }, FEED);
}

const REFUSALS = [
  { status: 401, code: "unauthorized", message: "Token non valido: chiedi un nuovo token al coordinatore", feedKept: false },
  {
    status: 403,
    code: "forbidden",
    message: "marco.ricci@lugo.esempio.it non è un referente attivo della rete: rivolgiti al coordinatore",
    feedKept: true,
  },
] as const;

test.each(REFUSALS)(
  "a refresh answered $status $code deletes the network's data from storage, and keeps the settings, the outbox and the person's own things",
  async ({ status, code, message, feedKept }) => {
    await connectedBrowser();
    const { requests } = fakeService(() => errorAnswer(status, code, message));
    expect((await refresh()).error).toEqual({ code, message });

    const stored = await storageContents();
    expect(Object.keys(stored).sort()).toEqual(
      [
        "cache:status",
        "draft",
        `outbox:${spid.id}`,
        "rejected:attendance:m-2027-01-19",
        "settings",
        ...(feedKept ? ["calendarFeed"] : []),
      ].sort(),
    );
    expect(await readCachedSnapshot()).toBeUndefined();
    // Not the colleague, not the meeting's place, not a practice of the network: nothing of theirs.
    const json = JSON.stringify(stored);
    for (const shared of [COLLEAGUE, "0545 280111", "Piazza dei Martiri", "Sportello SPID assistito", "Avviso TARI"]) {
      expect(json).not.toContain(shared);
    }
    expect(await readPreferences()).toMatchObject({ serviceUrl: SERVICE_URL, token: TOKEN });
    expect(await readOutbox()).toEqual([unsent]);
    // The feed's address was made with the token: kept for a referent who may be reactivated, not for a token refused.
    expect((await readCalendarFeed({ serviceUrl: SERVICE_URL, token: TOKEN }))?.url).toBe(feedKept ? FEED : undefined);
    expect(requests.map((request) => request.path)).toEqual(["/snapshot"]);
  },
);

test("while access is refused the outbox sends nothing, and the refusal stands when the service is then unreachable or limits the address", async () => {
  await connectedBrowser();
  fakeService(() => errorAnswer(401, "unauthorized", "Token non valido: chiedi un nuovo token al coordinatore"));
  await refresh();

  const unreachable = fakeService(() => "unreachable");
  await flushOutbox();
  expect(unreachable.requests).toEqual([]);
  expect(await readOutbox()).toEqual([unsent]);
  // The service down, then the address over its bad-token limit: neither says the access is back.
  expect((await refresh()).error?.code).toBe("unauthorized");
  fakeService(() => errorAnswer(429, "too_many_attempts", "Troppi token non validi da questo indirizzo: riprova tra un minuto"));
  const status = await refresh();
  expect(status.error).toEqual({ code: "unauthorized", message: "Token non valido: chiedi un nuovo token al coordinatore" });
  expect(status.lastAttemptAt).not.toBeNull();
  expect(await readCachedSnapshot()).toBeUndefined();
});

test("access back (reactivated): the refresh brings the whole snapshot again, and what waited is sent at once", async () => {
  await connectedBrowser();
  fakeService(() =>
    errorAnswer(403, "forbidden", "marco.ricci@lugo.esempio.it non è un referente attivo della rete: rivolgiti al coordinatore"),
  );
  await refresh();

  const { requests } = fakeService((request) =>
    request.path === "/snapshot" ? { status: 200, body: cachedNetwork(), headers: { ETag: 'W/"v2"' } } : { status: 201 },
  );
  expect((await refresh()).error).toBeNull();
  // No version to ask a delta from: the whole snapshot.
  expect(requests[0]).toMatchObject({ path: "/snapshot" });
  expect(requests[0]!.query.has("since")).toBe(false);
  expect(await readCachedSnapshot()).toMatchObject({ etag: 'W/"v2"', snapshot: { roster: [{ email: COLLEAGUE }] } });
  await vi.waitFor(async () => expect(await readOutbox()).toEqual([]));
  expect(requests.filter((request) => request.path === "/practices")).toMatchObject([{ method: "POST", body: spid }]);
  // Shown at once (outbox.ts, showDelivered), after the refresh that follows the delivery: before the next test starts.
  await vi.waitFor(async () => expect((await readCachedSnapshot())?.snapshot.practices.map((practice) => practice.id)).toContain(spid.id));
});

test("a write refused 401 asks for a refresh, which deletes the network's data: the popup turns to the notice at once", async () => {
  await configureService();
  await writeCachedSnapshot({ snapshot: cachedNetwork(), etag: 'W/"v1"' });
  const { requests } = fakeService(() => errorAnswer(401, "unauthorized", "Token non valido: chiedi un nuovo token al coordinatore"));
  expect(await addPractice(spid)).toMatchObject({ kind: "queued", code: "unauthorized" });
  await vi.waitFor(async () => expect((await readSyncStatus()).error?.code).toBe("unauthorized"));
  await vi.waitFor(async () => expect(await readCachedSnapshot()).toBeUndefined());
  expect(requests.map((request) => request.path)).toEqual(["/practices", "/snapshot"]);
  expect(await readOutbox()).toMatchObject([{ kind: "practice", input: spid, attempts: 1 }]);
});
