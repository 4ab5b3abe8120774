import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DAY_MS } from "@rete-urp/shared";
import { afterEach, beforeEach, expect, test } from "vitest";
import { DATABASE_FILE } from "../../state/database.ts";
import { LEDGER_FILE, type LedgerVersion, WorkbookLedger } from "./workbook-ledger.ts";

/** The workbook ledger in the state database: its import from the NDJSON file, its bound by age. */

const sha = (n: number) => n.toString(16).padStart(64, "0");
let dir: string;
const opened: WorkbookLedger[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "workbook-ledger-"));
});
afterEach(async () => {
  for (const ledger of opened.splice(0)) ledger.close();
  await rm(dir, { recursive: true, force: true });
});

async function open(now: number): Promise<WorkbookLedger> {
  const ledger = await WorkbookLedger.open(dir, { now: () => new Date(now) });
  opened.push(ledger);
  return ledger;
}

function version(n: number, at: number, id = randomUUID()): LedgerVersion {
  return {
    version: n,
    at: new Date(at).toISOString(),
    sha: sha(n),
    rows: [{ tab: "Buone prassi", id, values: { id, title: `Riga ${n}` }, mode: "append" }],
  };
}

test("today's workbook-ledger.ndjson is imported once at first open, then renamed: id, versions, aborts, reconciliations", async () => {
  const now = Date.parse("2026-11-23T10:00:00Z");
  const id = randomUUID();
  const [v1, v2, v3] = [version(1, now - 3 * DAY_MS), version(2, now - 2 * DAY_MS), version(3, now - DAY_MS)];
  const event = {
    at: new Date(now - DAY_MS).toISOString(),
    sha: sha(99),
    base: 1,
    baseFrom: "marker",
    version: null,
    restored: [],
    deleted: [{ tab: "Buone prassi", id: v1.rows[0]!.id, title: "Riga 1" }],
  };
  const lines = [
    { t: "ledger", id, created: new Date(now - 3 * DAY_MS).toISOString() },
    { t: "version", ...v1 },
    { t: "version", ...v2 },
    { t: "version", ...v3 },
    { t: "abort", version: 3, at: new Date(now - DAY_MS).toISOString() },
    { t: "reconciled", ...event },
  ];
  // The last line torn by a crash mid-append: never acknowledged, so not imported.
  await writeFile(join(dir, LEDGER_FILE), `${lines.map((line) => JSON.stringify(line)).join("\n")}\n{"t":"version","vers`);

  const ledger = await open(now);
  expect(ledger.id).toBe(id);
  expect(ledger.versions).toEqual([v1, v2]);
  expect(ledger.nextVersion()).toBe(4);
  expect(ledger.events).toEqual([event]);
  expect([...ledger.deletedRows().keys()]).toHaveLength(1);
  await expect(stat(join(dir, LEDGER_FILE))).rejects.toThrow(/ENOENT/);
  expect(await readFile(join(dir, `${LEDGER_FILE}.importato`), "utf8")).toContain(id);

  // Opened again (the CLI, a restart): nothing imported twice.
  const again = await open(now);
  expect(again.versions).toHaveLength(2);
  expect(again.events).toHaveLength(1);
});

test("a version 31 days old is gone after the next write, even when writes are few; the newest stays, without its rows, at open", async () => {
  let now = Date.parse("2026-11-23T10:00:00Z");
  const ledger = await open(now);
  const old = version(1, now);
  await ledger.addVersion(old);
  await ledger.addEvent({
    at: new Date(now).toISOString(),
    sha: sha(7),
    base: 1,
    baseFrom: "rows",
    version: null,
    restored: [],
    deleted: [],
  });
  now += 31 * DAY_MS;
  const later = await open(now);
  // At open the newest version stays: its sha tells the service's own file from others'; its rows go.
  expect(later.versions).toEqual([{ ...old, rows: [] }]);
  expect(later.events).toEqual([]);
  const recent = version(2, now);
  await later.addVersion(recent);
  expect(later.versions).toEqual([recent]);
  expect(later.nextVersion()).toBe(3);
  const bytes = await readFile(join(dir, DATABASE_FILE));
  expect(bytes.includes(old.rows[0]!.id)).toBe(false);
});

test("a version another process commits is seen at the next read, without reopening", async () => {
  const now = Date.parse("2026-11-23T10:00:00Z");
  const ledger = await open(now);
  await ledger.addVersion(version(1, now));
  // Another process (the CLI beside the service), with its own connection to the same file.
  const script = `
    const { DatabaseSync } = require("node:sqlite");
    const db = new DatabaseSync(process.argv[1]);
    db.exec("PRAGMA busy_timeout = 10000");
    db.prepare("INSERT INTO workbook_versions (version, at, at_ms, sha, rows) VALUES (2, ?, ?, ?, '[]')").run(new Date(${now}).toISOString(), ${now}, "${sha(2)}");
    db.close();`;
  execFileSync(process.execPath, ["-e", script, join(dir, DATABASE_FILE)]);
  expect(ledger.lastVersion?.sha).toBe(sha(2));
  expect(ledger.nextVersion()).toBe(3);
});
