import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { INVITATION_CODE } from "@rete-urp/shared";
import { afterEach, beforeEach, expect, test } from "vitest";
import { InvitationStore, invitationState } from "./invitations.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "invitations-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NOW = new Date("2026-11-23T09:00:00Z");
const later = (days: number) => new Date(NOW.getTime() + days * 24 * 60 * 60 * 1000);
const grant = async () => "granted";

test("a code is 18 random bytes in base64url, stored only as its SHA-256 with the email in lower case", async () => {
  const store = InvitationStore.inStateDir(dir);
  const { code, record, replaced } = await store.create("Sara.Folli@lugo.esempio.it", NOW);
  expect(code).toMatch(INVITATION_CODE);
  expect(Buffer.from(code, "base64url")).toHaveLength(18);
  expect(replaced).toBe(false);
  expect(record).toEqual({
    hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    email: "sara.folli@lugo.esempio.it",
    createdAt: "2026-11-23T09:00:00.000Z",
    expiresAt: "2026-11-30T09:00:00.000Z",
    usedAt: null,
    revokedAt: null,
  });
  const file = await readFile(join(dir, "invitations.json"), "utf8");
  expect(file).not.toContain(code);
  expect(file).toContain(record.hash);
  expect((await store.create("a@example.it", NOW, 2)).record.expiresAt).toBe("2026-11-25T09:00:00.000Z");
});

test("redeemed once: the second redeem finds it used, and the grant's result comes back only the first time", async () => {
  const store = InvitationStore.inStateDir(dir);
  const { code } = await store.create("sara.folli@lugo.esempio.it", NOW);
  const first = await store.redeem(code, later(1), grant);
  expect(first).toMatchObject({ outcome: "redeemed", result: "granted", record: { usedAt: later(1).toISOString() } });
  expect(await store.redeem(code, later(2), grant)).toMatchObject({ outcome: "used" });
  expect(invitationState((await store.list())[0]!, later(30))).toBe("used");
});

test("expired at expiresAt, revoked by a new one for the same email, unknown for any other code", async () => {
  const store = InvitationStore.inStateDir(dir);
  const old = await store.create("sara.folli@lugo.esempio.it", NOW, 1);
  expect(await store.redeem(old.code, later(1), grant)).toMatchObject({ outcome: "expired" });
  const second = await store.create("sara.folli@lugo.esempio.it", later(1), 3);
  expect(second.replaced).toBe(false); // the old one had expired: nothing pending to replace
  const newest = await store.create("SARA.FOLLI@lugo.esempio.it", later(1), 3);
  expect(newest.replaced).toBe(true);
  expect(await store.redeem(second.code, later(1), grant)).toMatchObject({ outcome: "revoked" });
  expect(await store.redeem(old.code, later(1), grant)).toMatchObject({ outcome: "expired" });
  expect(await store.redeem("A".repeat(24), later(1), grant)).toEqual({ outcome: "unknown" });
  expect(await store.redeem("not a code", later(1), grant)).toEqual({ outcome: "unknown" });
  const pending = await store.pendingByEmail(later(1));
  expect([...pending.keys()]).toEqual(["sara.folli@lugo.esempio.it"]);
  expect(pending.get("sara.folli@lugo.esempio.it")!.hash).toBe(newest.record.hash);
  expect(await store.redeem(newest.code, later(2), grant)).toMatchObject({ outcome: "redeemed" });
});

test("revoke ends the pending invitation only, and says whether there was one", async () => {
  const store = InvitationStore.inStateDir(dir);
  const { code } = await store.create("sara.folli@lugo.esempio.it", NOW);
  expect(await store.revoke("Sara.Folli@lugo.esempio.it", later(1))).toBe(true);
  expect(await store.revoke("sara.folli@lugo.esempio.it", later(1))).toBe(false);
  expect(await store.redeem(code, later(1), grant)).toMatchObject({ outcome: "revoked" });
  expect(await store.revoke("nobody@example.it", later(1))).toBe(false);
});

test("a grant that refuses leaves the code pending: it works once the reason is gone", async () => {
  const store = InvitationStore.inStateDir(dir);
  const { code } = await store.create("sara.folli@lugo.esempio.it", NOW);
  await expect(
    store.redeem(code, later(1), async () => {
      throw new Error("no longer active");
    }),
  ).rejects.toThrow("no longer active");
  expect(invitationState((await store.list())[0]!, later(1))).toBe("pending");
  expect(await store.redeem(code, later(1), grant)).toMatchObject({ outcome: "redeemed" });
});

test("two redeems of one code at once, from two stores on one file (two processes): exactly one wins", async () => {
  const { code } = await InvitationStore.inStateDir(dir).create("sara.folli@lugo.esempio.it", NOW);
  let granted = 0;
  const slowGrant = async () => {
    granted++;
    await new Promise((resolve) => setTimeout(resolve, 50));
    return granted;
  };
  const outcomes = await Promise.all(Array.from({ length: 6 }, () => InvitationStore.inStateDir(dir).redeem(code, later(1), slowGrant)));
  expect(outcomes.filter((o) => o.outcome === "redeemed")).toHaveLength(1);
  expect(outcomes.filter((o) => o.outcome === "used")).toHaveLength(5);
  expect(granted).toBe(1);
});

test("invitations that ended more than 90 days ago are forgotten at the next change", async () => {
  const store = InvitationStore.inStateDir(dir);
  await store.create("old@example.it", NOW, 1);
  await store.create("recent@example.it", NOW, 90);
  await store.create("new@example.it", later(89), 1);
  expect((await store.list()).map((r) => r.email)).toEqual(["old@example.it", "recent@example.it", "new@example.it"]);
  await store.create("newer@example.it", later(92), 1);
  expect((await store.list()).map((r) => r.email)).toEqual(["recent@example.it", "new@example.it", "newer@example.it"]);
});

test("a damaged file is an error that names it, not an empty list", async () => {
  const { writeFile } = await import("node:fs/promises");
  await writeFile(join(dir, "invitations.json"), '{"invitations": [{"email": 1}]}');
  await expect(InvitationStore.inStateDir(dir).list()).rejects.toThrow(/invitations\.json non è un file di inviti valido/);
});
