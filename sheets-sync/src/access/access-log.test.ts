import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DAY_MS } from "@rete-urp/shared";
import { afterEach, beforeEach, expect, test } from "vitest";
import { DATABASE_FILE, StateDatabase } from "../state/database.ts";
import {
  ACCESS_LOG_KEEP_DAYS,
  AccessLog,
  cliActor,
  FORGOTTEN_ACTOR,
  forgetAccessLogEmail,
  latestAccess,
  recordAccess,
} from "./access-log.ts";
import { InvitationStore } from "./invitations.ts";
import { TokenStore } from "./tokens.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "access-log-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NOW = new Date("2026-11-23T09:00:00Z");
const later = (days: number) => new Date(NOW.getTime() + days * DAY_MS);
const GIULIA = "giulia.bianchi@unione.esempio.it";
const SARA = "sara.folli@lugo.esempio.it";

/** Runs `use` on the state dir's database, as the modules do. */
function withDatabase<T>(use: (database: StateDatabase) => T): T {
  const database = StateDatabase.openIn(dir);
  try {
    return use(database);
  } finally {
    database.close();
  }
}

const record = (at: Date, kind: "invitation_created" | "access_revoked", email: string, by = GIULIA) =>
  withDatabase((database) => database.transaction(() => recordAccess(database, at, { kind, by, email })));

test("each change of an invitation is recorded with when, what, who and whom, newest first", async () => {
  const invitations = InvitationStore.inStateDir(dir);
  const first = await invitations.create("Sara.Folli@lugo.esempio.it", NOW, GIULIA);
  // A second invitation replaces the first: that one is revoked, by the same person, at the same time.
  const second = await invitations.create(SARA, later(1), GIULIA);
  expect(second.replaced).toBe(true);
  expect(await invitations.redeem(first.code, later(1), () => "ok")).toMatchObject({ outcome: "revoked" });
  expect(await invitations.redeem(second.code, later(2), () => "ok")).toMatchObject({ outcome: "redeemed" });
  await invitations.create("marco.ricci@lugo.esempio.it", later(3), "CLI (root)");
  expect(await invitations.revoke("marco.ricci@lugo.esempio.it", later(4), "CLI (root)")).toBe(true);
  // Nothing pending, nothing revoked: nothing recorded.
  expect(await invitations.revoke("marco.ricci@lugo.esempio.it", later(5), "CLI (root)")).toBe(false);
  expect(await invitations.revokeAccess(SARA, later(6), "paolo.gardini@unione.esempio.it")).toMatchObject({ tokens: 1 });
  expect(await invitations.revokeAccess(SARA, later(7), "paolo.gardini@unione.esempio.it")).toEqual({
    invitation: false,
    tokens: 0,
    feedKeys: 0,
  });

  const at = (days: number) => later(days).toISOString();
  expect(await AccessLog.inStateDir(dir).latest()).toEqual([
    { at: at(6), kind: "access_revoked", by: "paolo.gardini@unione.esempio.it", email: SARA },
    { at: at(4), kind: "invitation_revoked", by: "CLI (root)", email: "marco.ricci@lugo.esempio.it" },
    { at: at(3), kind: "invitation_created", by: "CLI (root)", email: "marco.ricci@lugo.esempio.it" },
    // A redeem is the invitee's: whoever pasted the link cannot be told apart.
    { at: at(2), kind: "invitation_redeemed", by: SARA, email: SARA },
    { at: at(1), kind: "invitation_created", by: GIULIA, email: SARA },
    { at: at(1), kind: "invitation_revoked", by: GIULIA, email: SARA },
    { at: at(0), kind: "invitation_created", by: GIULIA, email: SARA },
  ]);
  expect(await AccessLog.inStateDir(dir).latest(2)).toHaveLength(2);
});

test("a personal token made or revoked with `by` is recorded; without it, or a calendar key, is not", async () => {
  const tokens = TokenStore.inStateDir(dir);
  await tokens.create("Sara.Folli@lugo.esempio.it", NOW, "CLI (it)");
  await tokens.create(SARA, NOW);
  expect(await tokens.revoke(SARA, { by: "CLI (it)", now: later(1) })).toBe(2);
  // None left: nothing revoked, nothing recorded.
  expect(await tokens.revoke(SARA, { by: "CLI (it)", now: later(2) })).toBe(0);
  await TokenStore.feedKeys(dir).create(SARA, NOW, "CLI (it)");
  await TokenStore.feedKeys(dir).revoke(SARA, { by: "CLI (it)", now: later(3) });
  expect(await AccessLog.inStateDir(dir).latest()).toEqual([
    { at: later(1).toISOString(), kind: "token_revoked", by: "CLI (it)", email: SARA },
    { at: NOW.toISOString(), kind: "token_created", by: "CLI (it)", email: SARA },
  ]);
});

test("recorded in the change's own transaction: a change that fails leaves no entry", async () => {
  await record(NOW, "invitation_created", SARA);
  expect(() =>
    withDatabase((database) =>
      database.transaction(() => {
        recordAccess(database, later(1), { kind: "access_revoked", by: GIULIA, email: SARA });
        throw new Error("the change failed");
      }),
    ),
  ).toThrow("the change failed");
  expect((await AccessLog.inStateDir(dir).latest()).map((entry) => entry.kind)).toEqual(["invitation_created"]);
});

test(`kept ${ACCESS_LOG_KEEP_DAYS} days: older entries go at the next write, and at trim (the service's start)`, async () => {
  await record(NOW, "invitation_created", "old@example.it");
  await record(later(100), "invitation_created", "middle@example.it");
  await record(later(ACCESS_LOG_KEEP_DAYS), "invitation_created", "new@example.it");
  // The first is exactly 365 days old: still kept.
  const emails = async () => (await AccessLog.inStateDir(dir).latest()).map((entry) => entry.email);
  expect(await emails()).toEqual(["new@example.it", "middle@example.it", "old@example.it"]);
  await record(later(ACCESS_LOG_KEEP_DAYS + 1), "access_revoked", "newest@example.it");
  expect(await emails()).toEqual(["newest@example.it", "new@example.it", "middle@example.it"]);

  const log = AccessLog.inStateDir(dir);
  expect(await log.trim(later(ACCESS_LOG_KEEP_DAYS + 100))).toBe(0);
  expect(await log.trim(later(ACCESS_LOG_KEEP_DAYS + 101))).toBe(1);
  expect(await emails()).toEqual(["newest@example.it", "new@example.it"]);
  expect(await log.trim(later(10 * ACCESS_LOG_KEEP_DAYS))).toBe(2);
  expect(await log.latest()).toEqual([]);
});

test("forgetting a person deletes the entries about them and leaves no name where they acted, nor in the file", async () => {
  const marco = "marco.ricci@lugo.esempio.it";
  await record(NOW, "invitation_created", SARA, GIULIA);
  await record(later(1), "invitation_created", marco, SARA);
  await record(later(2), "access_revoked", GIULIA, SARA);
  await record(later(3), "access_revoked", marco, GIULIA);
  expect(await AccessLog.inStateDir(dir).forgetEmail("Sara.Folli@lugo.esempio.it")).toBe(3);
  expect(await AccessLog.inStateDir(dir).latest()).toEqual([
    { at: later(3).toISOString(), kind: "access_revoked", by: GIULIA, email: marco },
    { at: later(2).toISOString(), kind: "access_revoked", by: FORGOTTEN_ACTOR, email: GIULIA },
    { at: later(1).toISOString(), kind: "invitation_created", by: FORGOTTEN_ACTOR, email: marco },
  ]);
  const file = (
    await Promise.all([DATABASE_FILE, `${DATABASE_FILE}-wal`].map((name) => readFile(join(dir, name), "latin1").catch(() => "")))
  ).join("");
  expect(file).not.toContain(SARA);

  // Inside a caller's own transaction (the erasure of a person does several tables at once).
  withDatabase((database) => database.transaction(() => expect(forgetAccessLogEmail(database, marco)).toBe(2)));
  expect(withDatabase((database) => latestAccess(database, 10))).toEqual([
    { at: later(2).toISOString(), kind: "access_revoked", by: FORGOTTEN_ACTOR, email: GIULIA },
  ]);
});

test("the CLI is named with the OS user running it", () => {
  expect(cliActor()).toMatch(/^CLI( \(.+\))?$/);
});
