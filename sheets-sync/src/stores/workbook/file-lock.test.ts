import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { FileLockError, withFileLock } from "./file-lock.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "file-lock-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

test("the lock is `<path>.lock` unless told, exists only while held, and holders never overlap", async () => {
  const file = join(dir, "tokens.json");
  let inside = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: 5 }, () =>
      withFileLock(file, async (lock) => {
        most = Math.max(most, ++inside);
        expect((await stat(`${file}.lock`)).isDirectory()).toBe(true);
        lock.assertHeld();
        await new Promise((resolve) => setTimeout(resolve, 10));
        inside--;
      }),
    ),
  );
  expect(most).toBe(1);
  await expect(stat(`${file}.lock`)).rejects.toThrow();

  const elsewhere = join(dir, ".nascosto.lock");
  await withFileLock(file, async () => expect((await stat(elsewhere)).isDirectory()).toBe(true), { lockPath: elsewhere });
});

test("busy past the wait and unlockable fail as FileLockError unless the caller names its own error", async () => {
  const file = join(dir, "feed-keys.json");
  await mkdir(`${file}.lock`);
  await expect(withFileLock(file, async () => {}, { waitMs: 100 })).rejects.toMatchObject({ name: "FileLockError", failure: "busy" });
  await expect(withFileLock(file, async () => {}, { waitMs: 100, error: (failure) => new Error(`occupato: ${failure}`) })).rejects.toThrow(
    "occupato: busy",
  );

  // A folder that does not exist is not waited for.
  const started = Date.now();
  const error = await withFileLock(join(dir, "manca", "x.json"), async () => {}).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(FileLockError);
  expect(error).toMatchObject({ failure: "unlockable" });
  expect(Date.now() - started).toBeLessThan(2000);
});
