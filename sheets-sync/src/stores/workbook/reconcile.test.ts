import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DAY_MS } from "@rete-urp/shared";
import ExcelJS from "exceljs";
import { afterEach, expect, test } from "vitest";
import { DATABASE_FILE, StateDatabase } from "../../state/database.ts";
import { StoreError } from "../store.ts";
import { formatMarker, parseMarker, writeWorkbookMarker } from "./version-marker.ts";
import { LEDGER_FILE } from "./workbook-ledger.ts";
import { WorkbookStore } from "./workbook-store.ts";

/**
 * Reconciliation with real files (issue 10.4): a stale copy of the workbook saved over it gets
 * back every row sheets-sync had delivered, once; the person's edits and deliberate deletions stay.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup({ withLedger = true } = {}) {
  const dir = await mkdtemp(join(tmpdir(), "reconcile-"));
  const workbook = join(dir, "rete-urp.xlsx");
  const stateDir = join(dir, "state");
  let now = Date.parse("2026-11-23T10:00:00Z");
  const clock = { now: () => new Date(now), advance: (ms: number) => (now += ms) };
  const logs: string[] = [];
  const open = () => new WorkbookStore(workbook, withLedger ? { stateDir, now: clock.now, log: (message) => logs.push(message) } : {});
  const store = open();
  cleanups.push(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  await store.init();
  /** One client write: one practice, in its own save (its own version). */
  const add = async (title: string, target = store) => {
    const id = randomUUID();
    await target.append("Buone prassi", [{ id, date: 46000, title, tags: "prova" }]);
    return id;
  };
  return { dir, workbook, stateDir, clock, logs, store, open, add };
}

/** Each practice's title, by id, and how many rows each id has. */
async function practices(path: string) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const sheet = book.getWorksheet("Buone prassi")!;
  const header = sheet.getRow(1).values as unknown[];
  const idCol = header.indexOf("ID");
  const titleCol = header.indexOf("Titolo");
  const descriptionCol = header.indexOf("Descrizione");
  const counts = new Map<string, number>();
  const titles = new Map<string, string>();
  const descriptions = new Map<string, string>();
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const id = String(row.getCell(idCol).value ?? "");
    if (id === "") return;
    counts.set(id, (counts.get(id) ?? 0) + 1);
    titles.set(id, String(row.getCell(titleCol).value ?? ""));
    descriptions.set(id, String(row.getCell(descriptionCol).value ?? ""));
  });
  return { counts, titles, descriptions, marker: parseMarker(book.description) };
}

/** What a person does in an office suite: open a copy, change it, save it over the workbook. */
async function editCopy(bytes: Buffer, edit: (sheet: ExcelJS.Worksheet, idColumn: number) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const sheet = book.getWorksheet("Buone prassi")!;
  edit(sheet, (sheet.getRow(1).values as unknown[]).indexOf("ID"));
  return Buffer.from(await book.xlsx.writeBuffer());
}

function describeRow(id: string, text: string) {
  return (sheet: ExcelJS.Worksheet, idColumn: number) => {
    const descriptionColumn = (sheet.getRow(1).values as unknown[]).indexOf("Descrizione");
    sheet.eachRow((row) => {
      if (row.getCell(idColumn).value === id) row.getCell(descriptionColumn).value = text;
    });
  };
}

function deleteRow(id: string) {
  return (sheet: ExcelJS.Worksheet, idColumn: number) => {
    let number = 0;
    sheet.eachRow((row, n) => {
      if (row.getCell(idColumn).value === id) number = n;
    });
    expect(number).toBeGreaterThan(1);
    sheet.spliceRows(number, 1);
  };
}

/** The ledger as the state database holds it: its versions and reconciliations. */
function ledgerTables(stateDir: string) {
  const database = StateDatabase.openIn(stateDir);
  try {
    const all = (sql: string) => database.db.prepare(sql).all() as Record<string, string | number | null>[];
    return {
      header: database.db.prepare("SELECT id, created, highest_version FROM workbook_ledger").get() as {
        id: string;
        created: string;
        highest_version: number;
      },
      versions: all("SELECT version, at, sha, rows FROM workbook_versions ORDER BY version"),
      events: all("SELECT at, restored, deleted FROM workbook_reconciliations ORDER BY seq"),
    };
  } finally {
    database.close();
  }
}

const ledgerText = (stateDir: string) => JSON.stringify(ledgerTables(stateDir));

function exactlyOnce(counts: Map<string, number>, ids: string[]) {
  expect(Object.fromEntries(ids.map((id) => [id, counts.get(id) ?? 0]))).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
}

async function until<T>(check: () => Promise<T | undefined | false>, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

test("a stale copy with one human edit: every delivered row comes back exactly once, the edit stays", async () => {
  const { workbook, store, add } = await setup();
  const a = await add("Prima");
  const b = await add("Seconda");
  const stale = await readFile(workbook);
  const c = await add("Terza");
  const d = await add("Quarta");

  await writeFile(workbook, await editCopy(stale, describeRow(a, "modificata a mano")));
  const e = await add("Quinta");

  const { counts, descriptions } = await practices(workbook);
  exactlyOnce(counts, [a, b, c, d, e]);
  expect(descriptions.get(a)).toBe("modificata a mano");
  const report = store.reconciliationReport()!;
  expect(report.count).toBe(1);
  expect(report.last?.restored).toEqual([
    { tab: "Buone prassi", id: c, title: "Terza" },
    { tab: "Buone prassi", id: d, title: "Quarta" },
  ]);
  expect(report.last?.baseFrom).toBe("marker");
  expect(report.last?.deletionsRespected).toBe(0);
  expect(report.waiting).toEqual([]);
});

test("the running service restores a stale copy by itself, with nobody posting", async () => {
  const { workbook, store, add } = await setup();
  const a = await add("Prima");
  const stale = await readFile(workbook);
  const b = await add("Seconda");
  const unwatch = store.watch(() => {});
  cleanups.unshift(async () => unwatch());

  await writeFile(workbook, await editCopy(stale, describeRow(a, "nota")));
  await store.readAll(); // the service's cache refresh, after the watcher saw the change
  await until(async () => (await practices(workbook)).counts.get(b) === 1);
  // The repair records its reconciliation just after the file is replaced: wait for that too.
  await until(async () => store.reconciliationReport()!.count > 0);
  const { counts, descriptions } = await practices(workbook);
  exactlyOnce(counts, [a, b]);
  expect(descriptions.get(a)).toBe("nota");
  expect(store.reconciliationReport()!.last?.restored.map((row) => row.id)).toEqual([b]);
});

test("an older row deleted on purpose from a current copy is not resurrected", async () => {
  const { workbook, store, add } = await setup();
  const a = await add("Prima");
  const b = await add("Seconda");
  const c = await add("Terza");
  await writeFile(workbook, await editCopy(await readFile(workbook), deleteRow(a)));
  const d = await add("Quarta");

  const { counts } = await practices(workbook);
  expect(counts.has(a)).toBe(false);
  exactlyOnce(counts, [b, c, d]);
  const report = store.reconciliationReport()!;
  expect(report.deletionsRespected).toBe(1);
  expect(report.last?.deleted).toEqual([{ tab: "Buone prassi", id: a, title: "Prima" }]);
  expect(report.restoredRows).toBe(0);
});

test("the most recent row deleted on purpose from a current copy is not resurrected (the marker tells)", async () => {
  const { workbook, add } = await setup();
  const a = await add("Prima");
  const b = await add("Seconda");
  await writeFile(workbook, await editCopy(await readFile(workbook), deleteRow(b)));
  const c = await add("Terza");

  const { counts } = await practices(workbook);
  expect(counts.has(b)).toBe(false);
  exactlyOnce(counts, [a, c]);
});

test("without a marker (a file rebuilt by another tool) the fallback restores rather than loses", async () => {
  const { workbook, add } = await setup();
  const a = await add("Prima");
  const b = await add("Seconda");
  const rebuilt = await editCopy(await readFile(workbook), (sheet, idColumn) => {
    deleteRow(b)(sheet, idColumn);
    sheet.workbook.description = "";
  });
  await writeFile(workbook, rebuilt);
  const c = await add("Terza");

  // The base is the newest version with a row in the file (a's): b, written after it, comes back.
  const { counts } = await practices(workbook);
  exactlyOnce(counts, [a, b, c]);
});

test("two stale saves in a row: no row is ever doubled", async () => {
  const { workbook, store, add } = await setup();
  const a = await add("Prima");
  const copy1 = await readFile(workbook);
  const b = await add("Seconda");
  const copy2 = await readFile(workbook);
  const c = await add("Terza");

  await writeFile(workbook, await editCopy(copy1, describeRow(a, "prima copia")));
  const d = await add("Quarta");
  exactlyOnce((await practices(workbook)).counts, [a, b, c, d]);

  await writeFile(workbook, await editCopy(copy2, describeRow(b, "seconda copia")));
  const e = await add("Quinta");
  let seen = await practices(workbook);
  exactlyOnce(seen.counts, [a, b, c, d, e]);
  expect(seen.descriptions.get(b)).toBe("seconda copia");

  // And two stale copies back to back, with no save of the service in between.
  await writeFile(workbook, copy1);
  await writeFile(workbook, copy2);
  const f = await add("Sesta");
  seen = await practices(workbook);
  exactlyOnce(seen.counts, [a, b, c, d, e, f]);
  expect(store.reconciliationReport()!.count).toBe(3);
});

test("a row restored once, then deleted on purpose from a current copy, stays deleted", async () => {
  const { workbook, add } = await setup();
  const a = await add("Prima");
  const stale = await readFile(workbook);
  const b = await add("Seconda");
  await writeFile(workbook, stale);
  const c = await add("Terza"); // restores b
  exactlyOnce((await practices(workbook)).counts, [a, b, c]);

  await writeFile(workbook, await editCopy(await readFile(workbook), deleteRow(b)));
  const d = await add("Quarta");
  // And an even older copy, without b, does not bring it back either.
  await writeFile(workbook, stale);
  const e = await add("Quinta");
  const { counts } = await practices(workbook);
  expect(counts.has(b)).toBe(false);
  exactlyOnce(counts, [a, c, d, e]);
});

test("a stale copy saved while the store writes is not overwritten: the write retries and reconciles it", async () => {
  const { workbook, stateDir, clock, add } = await setup();
  const a = await add("Prima");
  const stale = await editCopy(await readFile(workbook), describeRow(a, "salvata durante la scrittura"));
  const b = await add("Seconda");
  let saved = false;
  const racing = new WorkbookStore(workbook, {
    stateDir,
    now: clock.now,
    log: () => {},
    beforeReplace: async () => {
      if (saved) return;
      saved = true;
      await writeFile(workbook, stale);
    },
  });
  cleanups.unshift(() => racing.close());
  const c = randomUUID();
  const error = await racing.append("Buone prassi", [{ id: c, date: 46000, title: "Terza" }]).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).code).toBe("workbook_changed");
  expect((error as StoreError).retryable).toBe(true);
  expect((await practices(workbook)).descriptions.get(a)).toBe("salvata durante la scrittura");

  await racing.append("Buone prassi", [{ id: c, date: 46000, title: "Terza" }]);
  const { counts, descriptions } = await practices(workbook);
  exactlyOnce(counts, [a, b, c]);
  expect(descriptions.get(a)).toBe("salvata durante la scrittura");
});

test("rows kept by upsert (Presenze) come back once, with their latest answer", async () => {
  const { workbook, store } = await setup();
  const id = randomUUID();
  const stale = await readFile(workbook);
  await store.upsert("Presenze", [{ id, meetingId: "m1", email: "a@b.it", answer: "Partecipo" }]);
  await store.upsert("Presenze", [{ id, meetingId: "m1", email: "a@b.it", answer: "Non partecipo" }]);
  await writeFile(workbook, stale);
  await store.upsert("Presenze", [{ id: randomUUID(), meetingId: "m1", email: "c@d.it", answer: "Partecipo" }]);

  const tabs = await store.readAll();
  const rows = tabs.Presenze!.slice(1).filter((row) => row[0] === id);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toContain("Non partecipo");
});

test("every save carries a version marker; a person's note in the description is kept", async () => {
  const { workbook, store, add } = await setup();
  await add("Prima");
  const first = (await practices(workbook)).marker!;
  expect(first.version).toBeGreaterThan(1);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(workbook);
  book.description = `Note del coordinatore\n${formatMarker(first)}`;
  await book.xlsx.writeFile(workbook);
  await add("Seconda");
  const after = new ExcelJS.Workbook();
  await after.xlsx.readFile(workbook);
  expect(after.description).toBe(`Note del coordinatore\n${formatMarker({ ...first, version: first.version + 1 })}`);
  expect(store.reconciliationReport()!.version).toBe(first.version + 1);

  const plain = new ExcelJS.Workbook();
  writeWorkbookMarker(plain, first);
  writeWorkbookMarker(plain, { ...first, version: 9 });
  expect(plain.description).toBe(formatMarker({ ...first, version: 9 }));
  expect(parseMarker("rete-urp:not-a-ledger:3")).toBeUndefined();
});

test("history older than 30 days is deleted at the next write, even when writes are few, and erased from the files", async () => {
  const { workbook, stateDir, clock, open, add } = await setup();
  const old = await add("Vecchia");
  const stale = await readFile(workbook);
  expect(ledgerText(stateDir)).toContain(old);
  const onDisk = async () => {
    const files = [DATABASE_FILE, `${DATABASE_FILE}-wal`].map((file) => readFile(join(stateDir, file)).catch(() => Buffer.alloc(0)));
    return Buffer.concat(await Promise.all(files));
  };
  expect((await onDisk()).includes(old)).toBe(true);
  clock.advance(31 * DAY_MS);
  const recent = await add("Recente");
  expect(ledgerText(stateDir)).not.toContain(old);
  // Personal data: secure_delete overwrote it in the database, the checkpoint emptied the WAL.
  expect((await onDisk()).includes(old)).toBe(false);

  const restarted = open();
  cleanups.unshift(() => restarted.close());
  const later = await add("Dopo il riavvio", restarted);
  const ledger = ledgerTables(stateDir);
  const text = JSON.stringify(ledger);
  expect(text).not.toContain(old);
  expect(text).toContain(recent);
  expect(text).toContain(later);
  for (const entry of [...ledger.versions, ...ledger.events]) {
    expect(Date.parse(String(entry.at))).toBeGreaterThanOrEqual(clock.now().getTime() - 30 * DAY_MS);
  }

  // Reconciliation still works on what is kept.
  await writeFile(workbook, stale);
  await add("Ancora", restarted);
  const { counts } = await practices(workbook);
  exactlyOnce(counts, [old, recent, later]);
});

test("a save refused just before the rename leaves no version behind", async () => {
  const { workbook, stateDir, clock, add } = await setup();
  await add("Prima");
  const before = (await practices(workbook)).marker!.version;
  const failing = new WorkbookStore(workbook, {
    stateDir,
    now: clock.now,
    log: () => {},
    beforeReplace: async () => {
      throw new StoreError("workbook_locked", "aperto", true);
    },
  });
  cleanups.unshift(() => failing.close());
  await expect(add("Mai scritta", failing)).rejects.toThrow("aperto");
  // The office lock is checked before the ledger is written: nothing recorded, no number used.
  const ledger = ledgerTables(stateDir);
  expect(ledger.versions.map((entry) => entry.version).at(-1)).toBe(before);
  expect(ledger.header.highest_version).toBe(before);
  await add("Seconda");
  expect((await practices(workbook)).marker!.version).toBe(before + 1);
});

test("without a state dir the store keeps no ledger and writes no marker, as before", async () => {
  const { workbook, stateDir, store, add } = await setup({ withLedger: false });
  await add("Prima");
  expect(store.reconciliationReport()).toBeUndefined();
  expect((await practices(workbook)).marker).toBeUndefined();
  await expect(readFile(join(stateDir, LEDGER_FILE))).rejects.toThrow();
  await expect(readFile(join(stateDir, DATABASE_FILE))).rejects.toThrow();
});

test("another sheets-sync process's saves (the CLI beside the service) are not taken for someone else's", async () => {
  const { workbook, open, store, add } = await setup();
  const cli = open();
  cleanups.unshift(() => cli.close());
  const a = await add("Dal servizio");
  await store.readAll();
  const b = await add("Dalla riga di comando", cli);
  await store.readAll();
  const c = await add("Di nuovo dal servizio");
  exactlyOnce((await practices(workbook)).counts, [a, b, c]);
  expect(store.reconciliationReport()!.count).toBe(0);
  expect(cli.reconciliationReport()!.count).toBe(0);
});

test("a ledger of the earlier version (NDJSON, a last line torn by a crash) is imported at start; the history before it still counts", async () => {
  const { workbook, stateDir, store, open, add } = await setup();
  const a = await add("Prima");
  const stale = await readFile(workbook);
  const b = await add("Seconda");
  // The same history as the earlier version wrote it, in its file and format, without the database.
  const { header, versions } = ledgerTables(stateDir);
  const lines = [
    { t: "ledger", id: header.id, created: header.created },
    ...versions.map(({ version, at, sha, rows }) => ({ t: "version", version, at, sha, rows: JSON.parse(String(rows)) })),
  ];
  await store.close();
  for (const suffix of ["", "-wal", "-shm"]) await rm(join(stateDir, `${DATABASE_FILE}${suffix}`), { force: true });
  await writeFile(join(stateDir, LEDGER_FILE), `${lines.map((line) => `${JSON.stringify(line)}\n`).join("")}{"t":"version","vers`);

  const restarted = open();
  cleanups.unshift(() => restarted.close());
  await writeFile(workbook, stale);
  const c = await add("Terza", restarted);
  exactlyOnce((await practices(workbook)).counts, [a, b, c]);
  expect(restarted.reconciliationReport()!.last?.baseFrom).toBe("marker");
  expect(ledgerTables(stateDir).header.id).toBe(header.id);
  await expect(stat(join(stateDir, LEDGER_FILE))).rejects.toThrow(/ENOENT/);
  expect((await stat(join(stateDir, `${LEDGER_FILE}.importato`))).isFile()).toBe(true);
});

test("a different workbook put in place (none of the delivered rows, no marker) gets nothing restored into it", async () => {
  const { dir, workbook, store, add } = await setup();
  const a = await add("Prima");
  const other = new WorkbookStore(join(dir, "altro.xlsx"));
  await other.init();
  await other.close();
  await writeFile(workbook, await readFile(join(dir, "altro.xlsx")));
  const b = await add("Nel nuovo file");
  const { counts } = await practices(workbook);
  expect(counts.has(a)).toBe(false);
  exactlyOnce(counts, [b]);
  expect(store.reconciliationReport()!.count).toBe(0);
});

test("with a ledger, a row whose ID is already in the tab is not appended twice (a repair put it back first)", async () => {
  const { workbook, store, add } = await setup();
  const a = await add("Prima");
  await store.append("Buone prassi", [{ id: a, date: 46000, title: "Prima" }]);
  exactlyOnce((await practices(workbook)).counts, [a]);
});
