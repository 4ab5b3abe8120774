import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { DATABASE_FILE } from "../state/database.ts";
import { TokenStore } from "./tokens.ts";

/** Everything the state database holds on disk, pages not yet checkpointed included. */
const storedBytes = async (dir: string) =>
  (await Promise.all([DATABASE_FILE, `${DATABASE_FILE}-wal`].map((file) => readFile(join(dir, file)).catch(() => Buffer.alloc(0)))))
    .map((bytes) => bytes.toString("latin1"))
    .join("");

test("tokens carry 256 random bits, are stored hashed, and verify to their email", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tokens-"));
  const tokens = TokenStore.inStateDir(dir);
  const a = await tokens.create("Sara.Folli@lugo.esempio.it", new Date());
  const b = await tokens.create("marco.ricci@lugo.esempio.it", new Date());
  expect(a).not.toBe(b);
  expect(Buffer.from(a.slice(4), "base64url")).toHaveLength(32);
  const stored = await storedBytes(dir);
  expect(stored).not.toContain(a.slice(4));
  expect(stored).toContain("sara.folli@lugo.esempio.it");
  expect(await tokens.verify(a)).toBe("sara.folli@lugo.esempio.it");
  expect(await tokens.verify(b)).toBe("marco.ricci@lugo.esempio.it");
  expect(await tokens.verify(`${a}x`)).toBeUndefined();
  expect(await tokens.verify("")).toBeUndefined();
});

test("a token created by another process (the CLI) is seen by a running service", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tokens-"));
  const service = TokenStore.inStateDir(dir);
  expect(await service.verify("urp_x")).toBeUndefined();
  // No wait: the database is the one place tokens live, read at each check.
  const token = await TokenStore.inStateDir(dir).create("a@example.it", new Date());
  expect(await service.verify(token)).toBe("a@example.it");
  await TokenStore.inStateDir(dir).revoke("a@example.it");
  expect(await service.verify(token)).toBeUndefined();
});

test("a token the CLI made a moment ago works at once on a running service, with no wait for the next look at the file", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tokens-"));
  const service = TokenStore.inStateDir(dir);
  const first = await TokenStore.inStateDir(dir).create("a@example.it", new Date());
  expect(await service.verify(first)).toBe("a@example.it");
  // Checked just now: a second token made right after is still found, with no wait.
  const second = await TokenStore.inStateDir(dir).create("b@example.it", new Date());
  expect(await service.verify(second)).toBe("b@example.it");
  expect(await service.verify("urp_nessuno")).toBeUndefined();
});

test("a burst of verifications on a fresh service all wait for the first load of the file", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tokens-"));
  const token = await TokenStore.inStateDir(dir).create("a@example.it", new Date());
  const service = TokenStore.inStateDir(dir);
  const results = await Promise.all(Array.from({ length: 50 }, () => service.verify(token)));
  expect(new Set(results)).toEqual(new Set(["a@example.it"]));
});

test("writers that each hold their own store (the CLI, the service) lose nothing: every change is one transaction", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tokens-"));
  // Twenty stores on one file, as twenty processes would have, all writing at once.
  const created = await Promise.all(
    Array.from({ length: 20 }, (_, i) => TokenStore.inStateDir(dir).create(`p${i}@example.it`, new Date())),
  );
  const keys = TokenStore.feedKeys(dir);
  const rotated = await Promise.all(
    Array.from({ length: 10 }, (_, i) => TokenStore.feedKeys(dir).rotate(`p${i % 5}@example.it`, new Date())),
  );
  const reader = TokenStore.inStateDir(dir);
  expect(await Promise.all(created.map((token) => reader.verify(token)))).toEqual(created.map((_, i) => `p${i}@example.it`));
  expect(await reader.list()).toHaveLength(20);
  // One key per email survives each rotation, and it is one of those handed out.
  const records = await keys.list();
  expect(records.map((record) => record.email).sort()).toEqual([
    "p0@example.it",
    "p1@example.it",
    "p2@example.it",
    "p3@example.it",
    "p4@example.it",
  ]);
  const valid = (await Promise.all(rotated.map((key) => keys.verify(key)))).filter(Boolean);
  expect(valid).toHaveLength(5);
  await expect(stat(join(dir, "tokens.json.lock"))).rejects.toThrow();
});
