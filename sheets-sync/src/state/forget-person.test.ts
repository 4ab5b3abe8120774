import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TabName } from "@rete-urp/shared";
import { afterEach, beforeEach, expect, test } from "vitest";
import { InvitationStore } from "../access/invitations.ts";
import { TokenStore } from "../access/tokens.ts";
import { MeetingHistory } from "../sheet/meeting-history.ts";
import type { RowValues } from "../stores/store.ts";
import { WorkbookLedger, type WrittenRow } from "../stores/workbook/workbook-ledger.ts";
import { Journal } from "../writes/journal.ts";
import { DATABASE_FILE, StateDatabase } from "./database.ts";
import { FORGET_RULES, forgetPerson, legacyFilesNaming, PendingWritesError } from "./forget-person.ts";
import { recordRunningService } from "./running-service.ts";
import { withStateLease } from "./state-lease.ts";

/**
 * forgetPerson on a real state database in a temp dir, every table filled through the modules
 * that own it: what names the person is gone from the file's bytes (the database and its WAL),
 * what belongs to others stays, a write not yet applied makes it refuse.
 */

const SARA = "sara.folli@lugo.esempio.it";
const SARA_PHONE = "0545 381 11";
const PAOLO = "paolo.gardini@unione.esempio.it";
const NOW = new Date("2026-11-23T09:00:00Z");
const at = (hours: number) => new Date(NOW.getTime() + hours * 3600_000);
const sha = (n: number) => n.toString(16).padStart(64, "0");

let dir: string;
const closers: (() => unknown)[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "forget-person-"));
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await rm(dir, { recursive: true, force: true });
});

/** What the state database keeps on disk, the WAL included, in lower case: to look for a string anywhere. */
async function bytesOnDisk(): Promise<string> {
  const files = [DATABASE_FILE, `${DATABASE_FILE}-wal`].map((file) => readFile(join(dir, file)).catch(() => Buffer.alloc(0)));
  return Buffer.concat(await Promise.all(files))
    .toString("latin1")
    .toLowerCase();
}

const ids = {
  saraReferent: randomUUID(),
  paoloReferent: randomUUID(),
  saraPractice: randomUUID(),
  paoloPractice: randomUUID(),
  saraAnswer: randomUUID(),
  paoloAnswer: randomUUID(),
  meeting: randomUUID(),
};

function row(tab: TabName, values: RowValues & { id: string }, mode: WrittenRow["mode"] = "append"): WrittenRow {
  return { tab, id: values.id, values, mode };
}

/** Every table of the state, with Sara's data and Paolo's, as the service and the CLI write them. */
async function fill(): Promise<{ ledger: WorkbookLedger; journal: Journal; paoloToken: string }> {
  const ledger = await WorkbookLedger.open(dir, { now: () => at(3) });
  closers.push(() => ledger.close());
  await ledger.addVersion({
    version: 1,
    at: at(0).toISOString(),
    sha: sha(1),
    rows: [
      row("Referenti", {
        id: ids.saraReferent,
        firstName: "Sara",
        lastName: "Folli",
        ente: "Lugo",
        role: "Referente",
        email: "Sara.Folli@lugo.esempio.it",
        phone: SARA_PHONE,
      }),
      row("Referenti", { id: ids.paoloReferent, firstName: "Paolo", lastName: "Gardini", email: PAOLO, phone: "0545 999 000" }),
      row("Buone prassi", { id: ids.saraPractice, title: "Sportello amico", author: "Sara Folli", authorEmail: SARA }),
      row("Buone prassi", { id: ids.paoloPractice, title: "Carta dei servizi", author: "Paolo Gardini", authorEmail: PAOLO }),
    ],
  });
  await ledger.addVersion({
    version: 2,
    at: at(1).toISOString(),
    sha: sha(2),
    rows: [
      row("Presenze", { id: ids.saraAnswer, meetingId: ids.meeting, email: SARA, name: "Sara Folli", answer: "Partecipo" }, "upsert"),
      // Paolo's answer names Sara as his delegate: his row, her name.
      row(
        "Presenze",
        { id: ids.paoloAnswer, meetingId: ids.meeting, email: PAOLO, name: "Paolo Gardini", answer: "Delego", delegate: "sara  FOLLI" },
        "upsert",
      ),
    ],
  });
  // A later write of Sara's answer that sets one cell: no email in it, still her row.
  await ledger.addVersion({
    version: 3,
    at: at(2).toISOString(),
    sha: sha(3),
    rows: [row("Presenze", { id: ids.saraAnswer, answer: "Non partecipo" }, "upsert")],
  });
  await ledger.addEvent({
    at: at(2).toISOString(),
    sha: sha(9),
    base: 1,
    baseFrom: "marker",
    version: 3,
    restored: [
      { tab: "Buone prassi", id: ids.saraPractice, title: "Sportello amico" },
      { tab: "Buone prassi", id: ids.paoloPractice, title: "Carta dei servizi" },
    ],
    deleted: [],
  });

  const journal = await Journal.open(dir, { log: () => {} });
  closers.push(() => journal.close());
  const practice = (id: string, author: string, authorEmail: string) => ({
    id,
    tab: "Buone prassi" as const,
    row: { id, title: `Prassi ${id.slice(0, 4)}`, author, authorEmail },
    result: { id, title: `Prassi ${id.slice(0, 4)}`, author, authorEmail },
  });
  const saraDone = await journal.add(practice(randomUUID(), "Sara Folli", SARA), at(0));
  const paoloDone = await journal.add(practice(randomUUID(), "Paolo Gardini", PAOLO), at(0));
  await journal.markDone([saraDone.write.id, paoloDone.write.id], at(0));
  const saraRejected = await journal.add(
    {
      id: randomUUID(),
      tab: "Presenze",
      mode: "upsert",
      row: { id: randomUUID(), email: SARA, name: "Sara Folli", answer: "Partecipo" },
      result: null,
    },
    at(0),
  );
  const paoloRejected = await journal.add(
    {
      id: randomUUID(),
      tab: "Presenze",
      mode: "upsert",
      row: { id: randomUUID(), email: PAOLO, name: "Paolo Gardini", answer: "Delego", delegate: `Sara Folli (tel. ${SARA_PHONE})` },
      result: null,
    },
    at(0),
  );
  await journal.moveToDeadLetters([saraRejected.write, paoloRejected.write], { code: "rejected", message: "Riga rifiutata" }, at(0));

  await TokenStore.inStateDir(dir).create(SARA, NOW);
  await TokenStore.feedKeys(dir).create(SARA, NOW);
  const paoloToken = await TokenStore.inStateDir(dir).create(PAOLO, NOW);
  const invitations = InvitationStore.inStateDir(dir);
  await invitations.create(SARA, at(-48), PAOLO, 1); // expired
  await invitations.create(SARA, NOW, PAOLO);
  await invitations.create(PAOLO, NOW, "CLI (root)");

  const history = await MeetingHistory.open(dir);
  closers.push(() => history.close());
  recordRunningService(dir, "http://127.0.0.1:8787");
  await withStateLease(dir, "schedule", async () => {});
  return { ledger, journal, paoloToken };
}

function open(): StateDatabase {
  const database = StateDatabase.openIn(dir);
  closers.push(() => database.close());
  return database;
}

test("every table of the state database has a rule in FORGET_RULES, and every rule a table", async () => {
  await fill();
  const tables = open()
    .db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all()
    .map((row) => String(row.name));
  expect(new Set(tables)).toEqual(new Set(Object.keys(FORGET_RULES)));
});

test("forget: the email, name and phone are nowhere in the database file nor its WAL; the rest of the state is as it was", async () => {
  const { ledger, journal, paoloToken } = await fill();
  const before = await bytesOnDisk();
  for (const text of [SARA, "sara folli", "folli", SARA_PHONE]) expect(before, text).toContain(text);

  // Any case, spaces around: the email as a person types it.
  const report = forgetPerson(open(), "  Sara.FOLLI@lugo.esempio.it ");

  expect(report).toEqual({
    email: SARA,
    removed: {
      tokens: 1,
      feedKeys: 1,
      invitations: 2,
      accessLog: 2,
      // Her Referenti row, practice and answer (with its one-cell write); Paolo's answer naming her.
      ledgerRows: 4,
      appliedWrites: 1,
      deadLetters: 1,
      deadLettersRedacted: 1,
    },
    checkpointed: true,
  });
  const after = await bytesOnDisk();
  for (const text of [SARA, "sara folli", "sara  folli", "folli", SARA_PHONE, SARA_PHONE.replace(/\s/g, "")]) {
    expect(after, text).not.toContain(text);
  }

  // Paolo's data is all there.
  expect(after).toContain(PAOLO);
  expect(await TokenStore.inStateDir(dir).verify(paoloToken)).toBe(PAOLO);
  expect((await InvitationStore.inStateDir(dir).list()).map((record) => record.email)).toEqual([PAOLO]);
  expect(ledger.versions.map((version) => version.rows.map((written) => written.id))).toEqual([
    [ids.paoloReferent, ids.paoloPractice],
    [],
    [],
  ]);
  // The versions' numbers and sha256 stay: they tell sheets-sync's own file from a stale copy.
  expect(ledger.versions.map((version) => version.sha)).toEqual([sha(1), sha(2), sha(3)]);
  expect(ledger.events[0]?.restored).toEqual([{ tab: "Buone prassi", id: ids.paoloPractice, title: "Carta dei servizi" }]);
  const applied = open().db.prepare("SELECT row FROM journal WHERE done_at IS NOT NULL").all();
  expect(applied.map((entry) => JSON.parse(String(entry.row)).authorEmail)).toEqual([PAOLO]);
  // Paolo's write set aside stays, for the coordinator, without her name and phone.
  const letters = journal.deadLetters.list();
  expect(letters).toHaveLength(1);
  expect(letters[0]?.entry).toMatchObject({ row: { email: PAOLO, delegate: "[cancellato] (tel. [cancellato])" } });

  // Again: nothing left to do.
  expect(Object.values(forgetPerson(open(), SARA).removed).every((count) => count === 0)).toBe(true);
});

test("a write naming the person not yet applied: forget refuses and changes nothing", async () => {
  const { journal } = await fill();
  const id = randomUUID();
  await journal.add(
    { id, tab: "Buone prassi", row: { id, title: "In attesa", author: "Sara Folli", authorEmail: SARA }, result: null },
    NOW,
  );
  const before = await bytesOnDisk();

  expect(() => forgetPerson(open(), SARA)).toThrow(PendingWritesError);
  expect(() => forgetPerson(open(), SARA)).toThrow(/1 scrittura che riguarda sara\.folli@lugo\.esempio\.it aspetta ancora/);
  expect((await TokenStore.inStateDir(dir).list()).map((record) => record.email)).toContain(SARA);
  expect((await bytesOnDisk()).match(/sara\.folli/g)?.length).toBe(before.match(/sara\.folli/g)?.length);

  // Once applied, forget goes through.
  await journal.markDone([id], NOW);
  expect(forgetPerson(open(), SARA).removed.appliedWrites).toBe(2);
});

test("another address that ends with the same letters is someone else: anna@ is not in gianna@", async () => {
  const ledger = await WorkbookLedger.open(dir, { now: () => NOW });
  closers.push(() => ledger.close());
  const gianna = randomUUID();
  await ledger.addVersion({
    version: 1,
    at: NOW.toISOString(),
    sha: sha(1),
    rows: [
      row("Presenze", { id: gianna, email: "gianna.rossi@lugo.esempio.it", name: "Gianna Rossi" }),
      row("Presenze", { id: randomUUID(), email: "anna.rossi@lugo.esempio.it.eu", name: "Anna Rossi" }),
    ],
  });
  expect(forgetPerson(open(), "anna.rossi@lugo.esempio.it").removed.ledgerRows).toBe(0);
  expect(ledger.versions[0]?.rows).toHaveLength(2);
  expect(() => forgetPerson(open(), "nessuna-chiocciola")).toThrow(TypeError);
});

test("a state dir with no table yet (nothing ever written): nothing to forget, and no table made", () => {
  const database = open();
  expect(forgetPerson(database, SARA).removed.tokens).toBe(0);
  expect(
    database.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((row) => row.name),
  ).toEqual(["legacy_imports"]);
});

test("files of an earlier version still holding the email are named, imported or not", async () => {
  await writeFile(join(dir, "tokens.json.importato"), JSON.stringify({ tokens: [{ email: "Sara.Folli@lugo.esempio.it" }] }));
  await writeFile(join(dir, "journal.ndjson"), `${JSON.stringify({ row: { authorEmail: SARA } })}\n`);
  await writeFile(join(dir, "invitations.json.importato"), JSON.stringify({ invitations: [{ email: PAOLO }] }));
  expect(await legacyFilesNaming(dir, SARA)).toEqual([
    { file: join(dir, "tokens.json.importato"), imported: true },
    { file: join(dir, "journal.ndjson"), imported: false },
  ]);
});
