import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DAY_MS, INVITATION_CODE } from "@rete-urp/shared";
import { afterEach, beforeEach, expect, onTestFinished, test } from "vitest";
import { DATABASE_FILE, StateDatabase } from "../state/database.ts";
import { AccessLog } from "./access-log.ts";
import { InvitationStore, invitationState } from "./invitations.ts";
import { TokenStore } from "./tokens.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "invitations-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NOW = new Date("2026-11-23T09:00:00Z");
const later = (days: number) => new Date(NOW.getTime() + days * DAY_MS);
const grant = async () => "granted";
/** Who makes the changes, for the access log. */
const BY = "giulia.bianchi@unione.esempio.it";
const accessLogKinds = async () => (await AccessLog.inStateDir(dir).latest(50)).map((entry) => entry.kind);

test("a code is 18 random bytes in base64url, stored only as its SHA-256 with the email in lower case", async () => {
  const store = InvitationStore.inStateDir(dir);
  const { code, record, replaced } = await store.create("Sara.Folli@lugo.esempio.it", NOW, BY);
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
  // Everything the state database holds on disk, pages not yet checkpointed included.
  const file = (
    await Promise.all([DATABASE_FILE, `${DATABASE_FILE}-wal`].map((name) => readFile(join(dir, name), "latin1").catch(() => "")))
  ).join("");
  expect(file).not.toContain(code);
  expect(file).toContain(record.hash);
  expect((await store.create("a@example.it", NOW, BY, 2)).record.expiresAt).toBe("2026-11-25T09:00:00.000Z");
});

test("redeemed once: the second redeem finds it used, and the grant's result comes back only the first time", async () => {
  const store = InvitationStore.inStateDir(dir);
  const { code } = await store.create("sara.folli@lugo.esempio.it", NOW, BY);
  const first = await store.redeem(code, later(1), grant);
  expect(first).toMatchObject({ outcome: "redeemed", result: "granted", record: { usedAt: later(1).toISOString() } });
  expect(await store.redeem(code, later(2), grant)).toMatchObject({ outcome: "used" });
  expect(invitationState((await store.list())[0]!, later(30))).toBe("used");
});

test("expired at expiresAt, revoked by a new one for the same email, unknown for any other code", async () => {
  const store = InvitationStore.inStateDir(dir);
  const old = await store.create("sara.folli@lugo.esempio.it", NOW, BY, 1);
  expect(await store.redeem(old.code, later(1), grant)).toMatchObject({ outcome: "expired" });
  const second = await store.create("sara.folli@lugo.esempio.it", later(1), BY, 3);
  expect(second.replaced).toBe(false); // the old one had expired: nothing pending to replace
  const newest = await store.create("SARA.FOLLI@lugo.esempio.it", later(1), BY, 3);
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

test("stateOf reads each state by the code's hash and changes nothing: the code stays pending, the access log as it was", async () => {
  const store = InvitationStore.inStateDir(dir);
  const { code } = await store.create("sara.folli@lugo.esempio.it", NOW, BY, 1);
  const before = { list: await store.list(), log: await accessLogKinds() };
  expect(await store.stateOf(code, NOW)).toBe("pending");
  expect(await store.stateOf(code, later(1))).toBe("expired");
  expect(await store.stateOf("A".repeat(24), NOW)).toBe("unknown");
  expect(await store.stateOf("not a code", NOW)).toBe("unknown");
  expect(await store.list()).toEqual(before.list);
  expect(await accessLogKinds()).toEqual(before.log);
  expect(await store.redeem(code, NOW, grant)).toMatchObject({ outcome: "redeemed" });
  expect(await store.stateOf(code, NOW)).toBe("used");

  const { code: revoked } = await store.create("marco.ricci@lugo.esempio.it", NOW, BY);
  await store.revoke("marco.ricci@lugo.esempio.it", NOW, BY);
  expect(await store.stateOf(revoked, NOW)).toBe("revoked");
});

test("revoke ends the pending invitation only, and says whether there was one", async () => {
  const store = InvitationStore.inStateDir(dir);
  const { code } = await store.create("sara.folli@lugo.esempio.it", NOW, BY);
  expect(await store.revoke("Sara.Folli@lugo.esempio.it", later(1), BY)).toBe(true);
  expect(await store.revoke("sara.folli@lugo.esempio.it", later(1), BY)).toBe(false);
  expect(await store.redeem(code, later(1), grant)).toMatchObject({ outcome: "revoked" });
  expect(await store.revoke("nobody@example.it", later(1), BY)).toBe(false);
});

test("a grant that refuses leaves the code pending: it works once the reason is gone", async () => {
  const store = InvitationStore.inStateDir(dir);
  const { code } = await store.create("sara.folli@lugo.esempio.it", NOW, BY);
  await expect(
    store.redeem(code, later(1), async () => {
      throw new Error("no longer active");
    }),
  ).rejects.toThrow("no longer active");
  expect(invitationState((await store.list())[0]!, later(1))).toBe("pending");
  expect(await store.redeem(code, later(1), grant)).toMatchObject({ outcome: "redeemed" });
});

test("two redeems of one code at once, from stores of their own (as two processes would have): exactly one wins", async () => {
  const { code } = await InvitationStore.inStateDir(dir).create("sara.folli@lugo.esempio.it", NOW, BY);
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
  await store.create("old@example.it", NOW, BY, 1);
  await store.create("recent@example.it", NOW, BY, 90);
  await store.create("new@example.it", later(89), BY, 1);
  expect((await store.list()).map((r) => r.email)).toEqual(["old@example.it", "recent@example.it", "new@example.it"]);
  await store.create("newer@example.it", later(92), BY, 1);
  expect((await store.list()).map((r) => r.email)).toEqual(["recent@example.it", "new@example.it", "newer@example.it"]);
});

test("a damaged file of the earlier version is an error that names it, not an empty list", async () => {
  const { writeFile } = await import("node:fs/promises");
  await writeFile(join(dir, "invitations.json"), '{"invitations": [{"email": 1}]}');
  await expect(InvitationStore.inStateDir(dir).list()).rejects.toThrow(/invitations\.json non è un file di inviti valido/);
});

test("redeems racing revokes of access: no token issued before a revoke works after it answers", { timeout: 60_000 }, async () => {
  // Held open, as the running service's other state holds it: no checkpoint at every call's close.
  const held = StateDatabase.openIn(dir);
  onTestFinished(() => held.close());
  const store = InvitationStore.inStateDir(dir);
  const tokens = TokenStore.inStateDir(dir);
  const feedKeys = TokenStore.feedKeys(dir);
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const seen = { redeemed: 0, revokedBeforeGrant: 0, revokedDuringGrant: 0 };
  for (let trial = 0; trial < 40; trial++) {
    const email = `p${trial}@example.it`;
    const earlier = await tokens.create(email, NOW);
    const feedKey = await feedKeys.create(email, NOW);
    const { code } = await store.create(email, NOW, BY);
    // Three timings in turn, in ms (redeem starts, its grant lasts, revoke starts): the revoke
    // before the redeem looks, while its grant runs, after it committed. Wide apart, so a loaded
    // machine keeps them in this order.
    const [redeemAt, grantMs, revokeAt] = (
      [
        [40, 0, 0],
        [0, 80, 40],
        [0, 0, 80],
      ] as const
    )[trial % 3]!;
    let granted = false;
    const [redeemed, revoked] = await Promise.all([
      pause(redeemAt).then(() =>
        store.redeem(code, later(1), async () => {
          granted = true;
          await pause(grantMs);
          return "granted";
        }),
      ),
      pause(revokeAt).then(() => store.revokeAccess(email, later(1), BY)),
    ]);
    const issued = redeemed.outcome === "redeemed" ? [earlier, redeemed.token] : [earlier];
    for (const token of issued) expect(await tokens.verify(token)).toBeUndefined();
    expect(await feedKeys.verify(feedKey)).toBeUndefined();
    expect(revoked).toEqual({ invitation: redeemed.outcome !== "redeemed", tokens: issued.length, feedKeys: 1 });
    if (redeemed.outcome === "redeemed") seen.redeemed++;
    else {
      expect(redeemed.outcome).toBe("revoked");
      seen[granted ? "revokedDuringGrant" : "revokedBeforeGrant"]++;
    }
  }
  expect(seen.redeemed).toBeGreaterThan(0);
  expect(seen.revokedBeforeGrant).toBeGreaterThan(0);
  expect(seen.revokedDuringGrant).toBeGreaterThan(0);
  expect(await tokens.list()).toEqual([]);
});

test("the files of the earlier version are imported once, then renamed: every token, feed key and invitation still works", async () => {
  const { createHash, randomBytes } = await import("node:crypto");
  const { readdir, writeFile, copyFile } = await import("node:fs/promises");
  const hex = (secret: string) => createHash("sha256").update(secret, "utf8").digest("hex");
  const made = (prefix: string) => `${prefix}${randomBytes(32).toString("base64url")}`;
  const [sara, marco, saraKey] = [made("urp_"), made("urp_"), made("cal_")];
  const [pending, used] = [randomBytes(18).toString("base64url"), randomBytes(18).toString("base64url")];
  // Byte for byte as the earlier version wrote them (JSON.stringify(…, null, 2) and a newline).
  const file = (name: string, content: unknown) => writeFile(join(dir, name), `${JSON.stringify(content, null, 2)}\n`);
  await file("tokens.json", {
    tokens: [
      { email: "sara.folli@lugo.esempio.it", hash: hex(sara), createdAt: "2026-10-01T08:00:00.000Z" },
      { email: "marco.ricci@lugo.esempio.it", hash: hex(marco), createdAt: "2026-10-02T08:00:00.000Z" },
    ],
  });
  await file("feed-keys.json", {
    tokens: [{ email: "sara.folli@lugo.esempio.it", hash: hex(saraKey), createdAt: "2026-10-03T08:00:00.000Z" }],
  });
  const invitation = (code: string, email: string, usedAt: string | null) => ({
    hash: hex(code),
    email,
    createdAt: "2026-11-20T09:00:00.000Z",
    expiresAt: "2026-11-27T09:00:00.000Z",
    usedAt,
    revokedAt: null,
  });
  const invitations = [
    invitation(used, "sara.folli@lugo.esempio.it", "2026-11-21T09:00:00.000Z"),
    invitation(pending, "luca@example.it", null),
  ];
  await file("invitations.json", { invitations });

  const tokens = TokenStore.inStateDir(dir);
  expect(await tokens.verify(sara)).toBe("sara.folli@lugo.esempio.it");
  expect(await tokens.verify(marco)).toBe("marco.ricci@lugo.esempio.it");
  expect(await TokenStore.feedKeys(dir).verify(saraKey)).toBe("sara.folli@lugo.esempio.it");
  const store = InvitationStore.inStateDir(dir);
  expect(await store.list()).toEqual(invitations);
  expect(await store.redeem(used, NOW, grant)).toMatchObject({ outcome: "used" });
  expect((await readdir(dir)).filter((name) => name.includes(".json")).sort()).toEqual([
    "feed-keys.json.importato",
    "invitations.json.importato",
    "tokens.json.importato",
  ]);

  // A crash between the import and the rename leaves the file: the next open renames it, imports nothing again.
  expect(await tokens.revoke("marco.ricci@lugo.esempio.it")).toBe(1);
  await copyFile(join(dir, "tokens.json.importato"), join(dir, "tokens.json"));
  expect(await tokens.verify(marco)).toBeUndefined();
  expect(await tokens.list()).toHaveLength(1);
  expect((await readdir(dir)).filter((name) => name.startsWith("tokens.json"))).toEqual(["tokens.json.importato"]);
  expect(await store.redeem(pending, NOW, grant)).toMatchObject({ outcome: "redeemed", record: { email: "luca@example.it" } });
  expect(await store.list()).toHaveLength(2);
});
