import { expect, test } from "vitest";
import { fillStorage, recordStorageReads, STUB_VERSION, setManagedPolicy, storageContents } from "../testing/chrome-stub";
import { lugoSnapshot, SERVICE_URL, TOKEN } from "../testing/fake-service";
import {
  type ChangedArea,
  forgetExpiredNotifications,
  forgetNetworkData,
  markNotified,
  type OutboxItem,
  onStorageChanged,
  outboxKey,
  readCachedHead,
  readCachedPractices,
  readCachedSnapshot,
  readManagedConfig,
  readOutbox,
  readPreferences,
  readRejected,
  removeOutboxItem,
  takeDraft,
  wasNotified,
  writeCachedSnapshot,
  writeDraft,
  writeOutboxItem,
  writePreferences,
  writeRejected,
} from "./storage";
import { checkStoredValues } from "./storage-schemas";

const practice: OutboxItem = {
  kind: "practice",
  input: {
    id: "6f0d3a52-8c1e-4f7b-a9d2-3e5b7c9a1f04",
    title: "Prenotazioni online allo sportello unico",
    url: "https://www.comune.lugo.ra.it/sportello",
  },
  queuedAt: Date.parse("2026-11-10T09:00:00+01:00"),
  attempts: 0,
  lastError: null,
};

const answer = (answer: "yes" | "no", queuedAt: number): OutboxItem => ({
  kind: "attendance",
  meetingId: "m-2027-01-19",
  input: { answer },
  queuedAt,
  attempts: 0,
  lastError: null,
});

test("readPreferences() gives the browser's language, reminders on and no service before the options are saved", async () => {
  expect(await readPreferences()).toEqual({ serviceUrl: "", token: "", language: "browser", notifications: true });
});

test('writePreferences() stores under the key "settings", and readPreferences() reads it back', async () => {
  await writePreferences({ serviceUrl: SERVICE_URL, token: TOKEN, language: "en", notifications: false });
  expect(await storageContents()).toEqual({ settings: { serviceUrl: SERVICE_URL, token: TOKEN, language: "en", notifications: false } });
  expect(await readPreferences()).toEqual({ serviceUrl: SERVICE_URL, token: TOKEN, language: "en", notifications: false });
});

test("readPreferences() ignores a value that does not parse: a field missing or of another shape", async () => {
  await fillStorage({ settings: { serviceUrl: SERVICE_URL, token: TOKEN } });
  expect(await readPreferences()).toEqual({ serviceUrl: "", token: "", language: "browser", notifications: true });
  await fillStorage({ settings: { serviceUrl: SERVICE_URL, token: TOKEN, language: "de", notifications: true } });
  expect((await readPreferences()).serviceUrl).toBe("");
});

test("readCachedSnapshot() returns the snapshot and its ETag, and nothing for a snapshot of an older shape", async () => {
  const snapshot = lugoSnapshot();
  await writeCachedSnapshot({ snapshot, etag: 'W/"1f-2026-11-10"' });
  expect(await readCachedSnapshot()).toEqual({ snapshot, etag: 'W/"1f-2026-11-10"' });
  await fillStorage({ "cache:snapshot": { snapshot: { ...snapshot, meetings: "none" }, etag: "" } });
  expect(await readCachedSnapshot()).toBeUndefined();
});

test("the snapshot is stored as its head and its practices: the popup's first paint reads the head alone", async () => {
  const snapshot = lugoSnapshot();
  const { practices, ...head } = snapshot;
  expect(practices.length).toBeGreaterThan(0);
  await writeCachedSnapshot({ snapshot, etag: 'W/"v1"' });
  expect(await storageContents()).toEqual({
    "cache:snapshot": { snapshot: head, etag: 'W/"v1"' },
    "cache:practices": { practices },
  });
  expect(await readCachedHead()).toEqual({ snapshot: head, etag: 'W/"v1"' });
  expect(await readCachedPractices()).toEqual(practices);
});

test("writeCachedSnapshot() does not write the practices again when they are the list it was made from", async () => {
  const previous = { snapshot: lugoSnapshot(), etag: 'W/"v1"' };
  await writeCachedSnapshot(previous);
  const seen: ChangedArea[][] = [];
  onStorageChanged((areas) => seen.push([...areas].sort()));
  const stale = { snapshot: { ...previous.snapshot, stale: true }, etag: 'W/"v2"' };
  await writeCachedSnapshot(stale, previous);
  // A copy of the list is another list: written, since nothing says it is the same.
  await writeCachedSnapshot({ ...stale, snapshot: { ...stale.snapshot, practices: [...stale.snapshot.practices] } }, stale);
  expect(seen).toEqual([["snapshot"], ["practices", "snapshot"]]);
  expect(await readCachedSnapshot()).toEqual(stale);
});

test("a head without its practices, or practices without their head, is no cache", async () => {
  const snapshot = lugoSnapshot();
  const { practices, ...head } = snapshot;
  await fillStorage({ "cache:snapshot": { snapshot: head, etag: "" } });
  expect(await readCachedSnapshot()).toBeUndefined();
  await fillStorage({ "cache:practices": { practices } });
  expect(await readCachedSnapshot()).toEqual({ snapshot, etag: "" });
  await chrome.storage.local.remove("cache:snapshot");
  expect(await readCachedSnapshot()).toBeUndefined();
});

test("a snapshot cached before the service served its enti is kept, with none, until the next refresh brings them", async () => {
  const { practices, enti: _enti, ...older } = lugoSnapshot();
  await fillStorage({ "cache:snapshot": { snapshot: older, etag: 'W/"old"' }, "cache:practices": { practices } });
  const result = await checkStoredValues(STUB_VERSION);
  expect(result.setAside).toEqual([]);
  expect(result.rewritten).toEqual(["cache:snapshot"]);
  expect(await readCachedSnapshot()).toEqual({ snapshot: { ...older, practices, enti: [] }, etag: 'W/"old"' });
});

test("checkStoredValues() brings what another version stored to this version's shape, sets aside what it cannot read, and stamps the version", async () => {
  const { practices: _practices, ...head } = lugoSnapshot();
  const preferences = { serviceUrl: SERVICE_URL, token: TOKEN, language: "it", notifications: true };
  const status = { lastSuccessAt: 5, lastAttemptAt: 6, error: { code: "network", message: "unreachable" } };
  const broken = { kind: "practice", input: { title: "" } };
  const draft = { kind: "practice", title: "Sportello", url: "https://www.comune.lugo.ra.it/", excerpt: "", createdAt: 1 };
  await fillStorage({
    settings: preferences,
    // A head without its practices: no cache.
    "cache:snapshot": { snapshot: head, etag: 'W/"old"' },
    "cache:status": status,
    [`outbox:${practice.input.id}`]: practice,
    "outbox:broken": broken,
    draft,
    // A field this version does not know: dropped.
    "notified:m-1": { expiresAt: 9, shownAt: 1 },
    calendarFeed: { url: "https://urp.example.it/feed.ics" },
  });
  const result = await checkStoredValues(STUB_VERSION);
  expect(result.setAside).toEqual(["outbox:broken"]);
  expect(result.rewritten).toEqual(["notified:m-1"]);
  expect(await storageContents()).toEqual({
    settings: preferences,
    "cache:status": status,
    [`outbox:${practice.input.id}`]: practice,
    // Kept, not lost: an unsent write may be in it.
    "unreadable:outbox:broken": broken,
    draft,
    "notified:m-1": { expiresAt: 9 },
    // Not the extension's area: left as it is.
    calendarFeed: { url: "https://urp.example.it/feed.ics" },
    "storage:checked": STUB_VERSION,
  });
  // Checked now: read as stored, and the same as through the schemas.
  expect(await readPreferences()).toEqual(preferences);
  expect(await readOutbox()).toEqual([practice]);
  expect(await readCachedSnapshot()).toBeUndefined();
  expect(await checkStoredValues(STUB_VERSION)).toEqual({ rewritten: [], setAside: [] });
});

test("checkStoredValues() at a start of the same version reads the stamp alone, not the megabytes of the cache", async () => {
  await writeCachedSnapshot({ snapshot: lugoSnapshot(), etag: 'W/"v1"' });
  await checkStoredValues(STUB_VERSION);
  const reads = recordStorageReads();
  try {
    expect(await checkStoredValues(STUB_VERSION)).toEqual({ rewritten: [], setAside: [] });
  } finally {
    reads.stop();
  }
  expect(reads.keys).toEqual(["storage:checked"]);
});

test("values stamped by another version are read through the schemas until this version has checked them", async () => {
  await fillStorage({
    "storage:checked": "0.9.0",
    settings: { serviceUrl: SERVICE_URL, token: TOKEN, language: "en", notifications: false },
  });
  expect(await readPreferences()).toEqual({ serviceUrl: SERVICE_URL, token: TOKEN, language: "en", notifications: false });
  await fillStorage({ settings: { serviceUrl: SERVICE_URL, language: "de" } });
  expect((await readPreferences()).serviceUrl).toBe("");
});

test("readOutbox() lists the items without getKeys() too (browsers before Chrome 130 and Firefox 143)", async () => {
  await writeOutboxItem(practice);
  const area = chrome.storage.local as { getKeys?: unknown };
  const getKeys = area.getKeys;
  area.getKeys = undefined;
  try {
    expect(await readOutbox()).toEqual([practice]);
  } finally {
    area.getKeys = getKeys;
  }
});

test('outboxKey() is the UUID of a practice or a proposal, the meeting of an answer, the publication of a "published"', () => {
  expect(outboxKey(practice)).toBe("6f0d3a52-8c1e-4f7b-a9d2-3e5b7c9a1f04");
  expect(outboxKey(answer("yes", 1))).toBe("attendance:m-2027-01-19");
  expect(
    outboxKey({
      kind: "published",
      publicationId: "pub-tari-2026",
      title: "Avviso TARI",
      input: { url: "https://www.comune.lugo.ra.it/tari" },
      queuedAt: 1,
      attempts: 0,
      lastError: null,
    }),
  ).toBe("published:pub-tari-2026");
});

test("readOutbox() lists what waits oldest first, and leaves out an item that does not parse", async () => {
  await writeOutboxItem(answer("no", practice.queuedAt + 60_000));
  await fillStorage({ [`outbox:${practice.input.id}`]: practice, "outbox:broken": { kind: "practice", input: { title: "" } } });
  expect(await readOutbox()).toEqual([practice, answer("no", practice.queuedAt + 60_000)]);
});

test("writeOutboxItem() of a newer answer replaces the unsent one for the same meeting", async () => {
  await writeOutboxItem(answer("yes", 1_000));
  await writeOutboxItem(answer("no", 2_000));
  expect(await readOutbox()).toEqual([answer("no", 2_000)]);
});

test("removeOutboxItem() removes the item sent, but not a newer one queued under the same key meanwhile", async () => {
  const sent = answer("yes", 1_000);
  await writeOutboxItem(sent);
  await writeOutboxItem(answer("no", 2_000));
  await removeOutboxItem(sent);
  expect(await readOutbox()).toEqual([answer("no", 2_000)]);
  await removeOutboxItem(answer("no", 2_000));
  expect(await readOutbox()).toEqual([]);
});

test("readRejected() lists the refused writes oldest first, until each is dismissed", async () => {
  await writeRejected({
    input: { id: "published:pub-affitti", title: "Bando contributi affitto 2027" },
    message: "Questa pubblicazione non è richiesta a Lugo",
    at: 2_000,
  });
  await writeRejected({ input: { id: "attendance:m-2026-11-17", title: "" }, message: "La riunione è stata annullata", at: 1_000 });
  expect((await readRejected()).map((item) => item.message)).toEqual([
    "La riunione è stata annullata",
    "Questa pubblicazione non è richiesta a Lugo",
  ]);
});

test("takeDraft() hands the context menu's draft over once", async () => {
  const draft = {
    kind: "proposal" as const,
    title: "Orari estivi degli sportelli",
    url: "https://www.comune.lugo.ra.it/orari",
    excerpt: "Dal 15 giugno.",
    createdAt: 1,
  };
  await writeDraft(draft);
  expect(await takeDraft()).toEqual(draft);
  expect(await takeDraft()).toBeUndefined();
});

test("wasNotified() remembers a reminder until forgetExpiredNotifications() passes its expiry", async () => {
  const expiresAt = Date.parse("2027-01-20T12:00:00+01:00");
  await markNotified("day:m-2027-01-19:2027-01-19T10:00:00+01:00", expiresAt);
  await forgetExpiredNotifications(expiresAt - 1);
  expect(await wasNotified("day:m-2027-01-19:2027-01-19T10:00:00+01:00")).toBe(true);
  await forgetExpiredNotifications(expiresAt + 1);
  expect(await wasNotified("day:m-2027-01-19:2027-01-19T10:00:00+01:00")).toBe(false);
});

test("onStorageChanged() names the areas that changed, never the reminders, and stops when its signal aborts", async () => {
  const seen: ChangedArea[][] = [];
  const controller = new AbortController();
  onStorageChanged((areas) => seen.push([...areas].sort()), controller.signal);
  await writePreferences({ serviceUrl: SERVICE_URL, token: TOKEN, language: "it", notifications: true });
  await fillStorage({ "cache:snapshot": { snapshot: lugoSnapshot(), etag: "" }, [`outbox:${practice.input.id}`]: practice });
  await markNotified("hour:m-2027-01-19:2027-01-19T10:00:00+01:00", 1);
  await writeDraft({ kind: "practice", title: "", url: "", excerpt: "", createdAt: 1 });
  controller.abort();
  await writeRejected({ input: { id: "x", title: "" }, message: "", at: 1 });
  expect(seen).toEqual([["preferences"], ["outbox", "snapshot"], ["draft"]]);
});

test("an address IT preset by policy (storage.managed) is the one in use, whatever the options stored; an invalid one is ignored", async () => {
  await writePreferences({ serviceUrl: "https://vecchio.example.it", token: TOKEN, language: "en", notifications: false });
  setManagedPolicy({ serviceUrl: "https://urp.unione.example.it/" });
  expect(await readManagedConfig()).toEqual({ serviceUrl: "https://urp.unione.example.it" });
  expect(await readPreferences()).toEqual({
    serviceUrl: "https://urp.unione.example.it",
    token: TOKEN,
    language: "en",
    notifications: false,
  });
  // Stored as typed: the policy decides only what is read.
  expect(await storageContents()).toMatchObject({ settings: { serviceUrl: "https://vecchio.example.it" } });

  for (const invalid of ["urp.unione.example.it", "javascript:alert(1)", "", 42]) {
    setManagedPolicy({ serviceUrl: invalid });
    expect(await readManagedConfig()).toEqual({});
    expect((await readPreferences()).serviceUrl).toBe("https://vecchio.example.it");
  }
});

test("a preset address on http:// to another machine is left out, unless IT's lab switch allowInsecureHttp is true", async () => {
  setManagedPolicy({ serviceUrl: "http://10.0.0.5:8787/" });
  expect(await readManagedConfig()).toEqual({});
  // On this same machine it needs no switch.
  setManagedPolicy({ serviceUrl: "http://127.0.0.1:8787/" });
  expect(await readManagedConfig()).toEqual({ serviceUrl: "http://127.0.0.1:8787" });
  // Only a true boolean is the switch (Chrome and Edge give the schema's type; a string is not it).
  for (const allowInsecureHttp of ["true", 1, false]) {
    setManagedPolicy({ serviceUrl: "http://10.0.0.5:8787/", allowInsecureHttp });
    expect(await readManagedConfig(), String(allowInsecureHttp)).toEqual({});
  }
  setManagedPolicy({ serviceUrl: "http://10.0.0.5:8787/", allowInsecureHttp: true });
  expect(await readManagedConfig()).toEqual({ serviceUrl: "http://10.0.0.5:8787", allowInsecureHttp: true });
  setManagedPolicy({ allowInsecureHttp: true });
  expect(await readManagedConfig()).toEqual({ allowInsecureHttp: true });
});

test("Firefox's refusal to read managed storage without a policy reads as no policy", async () => {
  const managed = chrome.storage.managed;
  const get = managed.get;
  managed.get = () => Promise.reject(new Error("Managed storage manifest not found"));
  try {
    expect(await readManagedConfig()).toEqual({});
  } finally {
    managed.get = get;
  }
});

test("onStorageChanged() reads a change of policy as a change of preferences", async () => {
  const seen: ChangedArea[][] = [];
  onStorageChanged((areas) => seen.push([...areas]));
  setManagedPolicy({ serviceUrl: SERVICE_URL });
  expect(seen).toEqual([["preferences"]]);
});

test("forgetNetworkData() deletes the cached snapshot, its practices and any unreadable copy of them, and nothing of the person's own", async () => {
  await writePreferences({ serviceUrl: SERVICE_URL, token: TOKEN, language: "en", notifications: false });
  await writeCachedSnapshot({ snapshot: lugoSnapshot(), etag: 'W/"v1"' });
  await writeOutboxItem(practice);
  await writeRejected({ input: { id: "p-1", title: "Modulo unico" }, message: "titolo troppo lungo", at: 1_000 });
  await writeDraft({ kind: "proposal", title: "Orari estivi", url: "", excerpt: "", createdAt: 1_000 });
  await markNotified("day:m-2027-01-19:2027-01-19T10:00:00+01:00", 2_000);
  await fillStorage({
    "cache:status": { lastSuccessAt: 1_000, lastAttemptAt: 2_000, error: { code: "unauthorized", message: "Token non valido" } },
    "unreadable:cache:snapshot": { snapshot: { roster: "of an older shape" } },
    "unreadable:cache:practices": { practices: "of an older shape" },
    "unreadable:outbox:p-vecchia": { kind: "practice", input: { title: "scritta da una versione vecchia" } },
  });
  const before = await storageContents();

  await forgetNetworkData();
  const after = await storageContents();
  expect(Object.keys(before).filter((key) => !(key in after))).toEqual([
    "cache:snapshot",
    "cache:practices",
    "unreadable:cache:snapshot",
    "unreadable:cache:practices",
  ]);
  for (const [key, value] of Object.entries(after)) expect(value, key).toEqual(before[key]);
  expect(await readCachedHead()).toBeUndefined();
  expect(await readCachedPractices()).toBeUndefined();
  // Twice is the same as once: a refresh refused again deletes nothing more.
  await forgetNetworkData();
  expect(await storageContents()).toEqual(after);
});
