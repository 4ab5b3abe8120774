import { rm } from "node:fs/promises";
import { afterEach, describe, expect, test } from "vitest";
import { libreOfficeAvailable, type OfficeSession, openInLibreOffice } from "../support/libreoffice.ts";
import { notExactlyOnce, postPractice, practiceRows } from "../support/practice-rows.ts";
import { demoWorkspace, eventually, type RunningService, startService, type Workspace } from "../support/sheets-sync.ts";
import { stateRows } from "../support/state-database.ts";

/**
 * Issue 10.4 with LibreOffice itself: a coordinator opens the workbook, changes a cell and saves
 * while the service keeps accepting practices. Afterwards every acknowledged practice is in the
 * file exactly once and the coordinator's edit is kept, with LibreOffice's lock file (writes wait
 * in the journal meanwhile) and without it (a network share where LibreOffice cannot create
 * one: the save drops the rows written meanwhile, and reconciliation writes them back).
 *
 * Needs `soffice` and python3-uno: `npm test` checks for them first and says how to install them.
 */

if (!libreOfficeAvailable())
  throw new Error("LibreOffice (soffice, python3-uno) is required: sudo apt-get install -y libreoffice-calc-nogui python3-uno");

let ws: (Workspace & { token: string }) | undefined;
let service: RunningService | undefined;
let office: OfficeSession | undefined;
afterEach(async () => {
  office?.kill();
  await service?.stop();
  if (ws) await rm(ws.dir, { recursive: true, force: true });
  office = undefined;
  service = undefined;
  ws = undefined;
});

describe("LibreOffice saves over the workbook while practices are added", () => {
  for (const locking of ["nolock", "lock"] as const) {
    test(locking === "lock"
      ? "with its lock file: writes wait, nothing is lost, the edit stays"
      : "without lock files: the rows its save dropped come back once, the edit stays", async () => {
      ws = await demoWorkspace();
      service = await startService({ workbook: ws.workbook, stateDir: ws.stateDir });
      const acknowledged: string[] = [];
      const statuses: number[] = [];
      const add = async (title: string) => {
        const { id, status } = await postPractice(service!, ws!.token, undefined, title);
        statuses.push(status);
        if ([200, 201, 202].includes(status)) acknowledged.push(id);
        return id;
      };

      const edited = await add("Prima che il file sia aperto");
      await add("Anche questa prima");
      expect(statuses).toEqual([201, 201]);

      office = await openInLibreOffice({
        workbook: ws.workbook,
        tab: "Buone prassi",
        match: { header: "ID", value: edited },
        header: "Descrizione",
        value: "Corretta in LibreOffice",
        locking,
      });
      // The coordinator has the file open with the cell changed; the network keeps writing.
      statuses.length = 0;
      const whileOpen: string[] = [];
      // (Fewer with the lock: each waits the service's few seconds before its 202.)
      for (let i = 1; i <= (locking === "lock" ? 3 : 6); i++) whileOpen.push(await add(`Mentre il file è aperto ${i}`));
      // Without a lock file the service cannot know: these land in the file (201) and LibreOffice's
      // copy lacks them. With it they wait in the journal (202).
      expect(new Set(statuses)).toEqual(new Set([locking === "lock" ? 202 : 201]));

      await office.save();
      // And one more right after the save.
      await add("Dopo il salvataggio");

      const rows = await eventually(
        async () => {
          const found = await practiceRows(ws!.workbook);
          return Object.keys(notExactlyOnce(found.counts, acknowledged)).length === 0 && found;
        },
        locking === "lock" ? 90_000 : 20_000,
        "every acknowledged practice in the workbook exactly once",
      );
      expect(rows.cell(edited, "Descrizione")).toBe("Corretta in LibreOffice");
      // Still once each a little later (no late duplicate from a retry or a second repair).
      await new Promise((r) => setTimeout(r, 2500));
      const settled = await practiceRows(ws.workbook);
      expect(notExactlyOnce(settled.counts, acknowledged)).toEqual({});
      expect(settled.cell(edited, "Descrizione")).toBe("Corretta in LibreOffice");
      if (locking === "nolock") {
        // The rows came back through reconciliation, which found the version LibreOffice's copy
        // descends from in the marker its save kept (not through the fallback on rows).
        const events = stateRows<{ base_from: string; restored: string }>(
          ws.stateDir,
          "SELECT base_from, restored FROM workbook_reconciliations ORDER BY seq",
        );
        expect(events).toHaveLength(1);
        expect(events[0]!.base_from).toBe("marker");
        expect((JSON.parse(events[0]!.restored) as { id: string }[]).map((row) => row.id).sort()).toEqual([...whileOpen].sort());
      }
    }, 180_000);
  }
});
