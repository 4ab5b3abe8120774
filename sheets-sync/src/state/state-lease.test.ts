import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { StateDatabase } from "./database.ts";
import { withStateLease } from "./state-lease.ts";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function stateDir() {
  const dir = await mkdtemp(join(tmpdir(), "lease-"));
  dirs.push(dir);
  return dir;
}

test("two holders of one lease run one after the other, never together", async () => {
  const dir = await stateDir();
  const events: string[] = [];
  let release!: () => void;
  const firstHolds = new Promise<void>((resolve) => (release = resolve));
  let entered!: () => void;
  const firstEntered = new Promise<void>((resolve) => (entered = resolve));
  const first = withStateLease(dir, "schedule", async () => {
    events.push("first in");
    entered();
    await firstHolds;
    events.push("first out");
  });
  await firstEntered;
  const second = withStateLease(dir, "schedule", async () => events.push("second in"), { pollMs: 5 });
  // The second waits while the first holds it...
  await new Promise((r) => setTimeout(r, 50));
  expect(events).toEqual(["first in"]);
  release();
  await Promise.all([first, second]);
  expect(events).toEqual(["first in", "first out", "second in"]);
});

test("a lease whose holder was killed on this machine is taken over at once", async () => {
  const dir = await stateDir();
  // A process that dies right away, and its pid written as the holder (as after kill -9).
  const child = spawn(process.execPath, ["-e", ""]);
  const pid = child.pid!;
  await new Promise((resolve) => child.on("exit", resolve));
  await withStateLease(dir, "other", async () => {}); // creates the table
  const database = StateDatabase.openIn(dir);
  database.db
    .prepare("INSERT INTO leases (name, holder, host, pid, expires_ms) VALUES ('schedule', 'dead', ?, ?, ?)")
    .run((await import("node:os")).hostname(), pid, Date.now() + 3_600_000);
  database.close();
  let ran = false;
  await withStateLease(dir, "schedule", async () => (ran = true), { waitMs: 1000 });
  expect(ran).toBe(true);
});

test("a live holder that keeps the lease makes the other give up with a clear error after its wait", async () => {
  const dir = await stateDir();
  let release!: () => void;
  const holding = withStateLease(dir, "schedule", () => new Promise<void>((resolve) => (release = resolve)));
  await new Promise((r) => setTimeout(r, 20));
  await expect(withStateLease(dir, "schedule", async () => {}, { waitMs: 100, pollMs: 10 })).rejects.toThrow(
    'un altro "sheets-sync schedule" sta ancora lavorando',
  );
  release();
  await holding;
});
