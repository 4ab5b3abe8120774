import type { DatabaseSync } from "node:sqlite";
import { TAB_NAMES } from "@rete-urp/shared";
import { z } from "zod";

/**
 * The workbook ledger of earlier versions, `workbook-ledger.ndjson` in the state dir, read once
 * into the state database (workbook-ledger.ts) by importLegacyFile. One JSON object per line: a
 * header with the ledger id (the markers in the workbook carry it, so it is kept), the versions,
 * the aborted saves (their numbers are never given again) and the reconciliations. Lines that do
 * not parse (a tail torn by a crash, a hand edit) were never acknowledged and are skipped, as the
 * old reader skipped them.
 */

export const LEDGER_FILE = "workbook-ledger.ndjson";

const Cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const Tab = z.enum(TAB_NAMES);
const At = z.string().refine((at) => !Number.isNaN(Date.parse(at)));
const WrittenRow = z.object({
  tab: Tab,
  id: z.string().min(1),
  values: z.record(z.string(), Cell),
  mode: z.enum(["append", "upsert"]),
  restored: z.boolean().optional(),
});
const RowRef = z.object({ tab: Tab, id: z.string(), title: z.string().optional() });

const Line = z.discriminatedUnion("t", [
  z.object({ t: z.literal("ledger"), id: z.uuid(), created: z.string() }),
  z.object({
    t: z.literal("version"),
    version: z.number().int().positive(),
    at: At,
    sha: z.string().regex(/^[0-9a-f]{64}$/),
    rows: z.array(WrittenRow),
  }),
  z.object({ t: z.literal("abort"), version: z.number().int().positive(), at: z.string() }),
  z.object({
    t: z.literal("reconciled"),
    at: At,
    sha: z.string(),
    base: z.number().int().nonnegative(),
    baseFrom: z.enum(["marker", "rows"]),
    version: z.number().int().positive().nullable(),
    restored: z.array(RowRef),
    deleted: z.array(RowRef),
  }),
]);
type Line = z.infer<typeof Line>;

/** Writes what the file holds into the ledger's tables; what the database has already wins. */
export function importLedgerFile(db: DatabaseSync, text: string): void {
  let header: Extract<Line, { t: "ledger" }> | undefined;
  const versions = new Map<number, Extract<Line, { t: "version" }>>();
  const events: Extract<Line, { t: "reconciled" }>[] = [];
  let highest = 0;
  for (const raw of text.split("\n")) {
    const line = parseLine(raw);
    if (!line) continue;
    if (line.t === "ledger") header ??= line;
    else if (line.t === "version") versions.set(line.version, line);
    else if (line.t === "abort") versions.delete(line.version);
    else events.push(line);
    if (line.t === "version" || line.t === "abort") highest = Math.max(highest, line.version);
  }
  // Without a header no marker can name this ledger: open() gives it a new id.
  if (header) {
    db.prepare("INSERT OR IGNORE INTO workbook_ledger (singleton, id, created, highest_version) VALUES (1, ?, ?, ?)").run(
      header.id,
      header.created,
      highest,
    );
  }
  const version = db.prepare("INSERT OR IGNORE INTO workbook_versions (version, at, at_ms, sha, rows) VALUES (?, ?, ?, ?, ?)");
  for (const line of versions.values()) version.run(line.version, line.at, Date.parse(line.at), line.sha, JSON.stringify(line.rows));
  for (const line of events) insertReconciliation(db, line);
}

/** One reconciliation as a row of its table: the one INSERT the ledger and the import share. */
export function insertReconciliation(
  db: DatabaseSync,
  event: { at: string; sha: string; base: number | null; baseFrom: string; version: number | null; restored: unknown; deleted: unknown },
): void {
  db.prepare(
    "INSERT INTO workbook_reconciliations (at, at_ms, sha, base, base_from, version, restored, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  ).run(
    event.at,
    Date.parse(event.at),
    event.sha,
    event.base,
    event.baseFrom,
    event.version,
    JSON.stringify(event.restored),
    JSON.stringify(event.deleted),
  );
}

function parseLine(raw: string): Line | undefined {
  if (raw.trim() === "") return undefined;
  try {
    const parsed = Line.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
