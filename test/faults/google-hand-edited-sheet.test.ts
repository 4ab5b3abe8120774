import { randomUUID } from "node:crypto";
import { tabSpec } from "@rete-urp/shared";
import { afterEach, beforeEach, expect, test } from "vitest";
import { type GoogleWorkspace, googleDemoWorkspace } from "../support/google-workspace.ts";
import type { RunningService } from "../support/sheets-sync.ts";

/**
 * The real sheets-sync on a Google Sheet the coordinator has worked on as people do: after
 * `init --demo`, a column inserted before ID, the tab sorted by title, the empty rows under the
 * data deleted (a full grid). A practice sent then lands once, under its headers, formatted as a
 * data row, and nothing goes to the dead letters.
 */

let gw: GoogleWorkspace;
let service: RunningService;

beforeEach(async () => {
  gw = await googleDemoWorkspace();
});
afterEach(async () => {
  await gw.close();
});

const column = (key: string) => tabSpec("Buone prassi").columns.findIndex((c) => c.key === key);

test("a practice sent to a sheet with a column A inserted, sorted and its empty rows deleted lands once, at its columns, as a data row, with no dead letter", async () => {
  const tab = "Buone prassi";
  gw.double.insertColumns(tab, 0);
  gw.double.sortRows(tab, { column: column("title") + 1 });
  const dataRows = gw.double.values(tab).length;
  gw.double.deleteRows(tab, dataRows, gw.double.tabProperties(tab)!.gridProperties.rowCount);
  expect(gw.double.tabProperties(tab)!.gridProperties.rowCount).toBe(dataRows);

  service = await gw.start({ SHEETS_SYNC_REFRESH_SECONDS: "3600" });
  const id = randomUUID();
  const response = await fetch(`${service.url}/api/v1/practices`, {
    method: "POST",
    headers: { authorization: `Bearer ${gw.token}`, "content-type": "application/json" },
    body: JSON.stringify({ id, title: "Sportello digitale: prenotazioni online", tags: ["digitale"] }),
  });
  expect(response.status).toBe(201);

  const rows = gw.double.values(tab);
  const landed = rows.flatMap((row, r) => (row.includes(id) ? [r] : []));
  expect(landed).toEqual([dataRows]);
  const row = rows[dataRows]!;
  expect(row[0]).toBeNull();
  expect(row[column("id") + 1]).toBe(id);
  expect(row[column("title") + 1]).toBe("Sportello digitale: prenotazioni online");
  expect(row[column("tags") + 1]).toBe("digitale");
  expect(typeof row[column("date") + 1]).toBe("number");
  expect(gw.double.cellFormat(tab, dataRows, column("date") + 1).numberFormat?.type).toBe("DATE");
  expect(gw.double.cellFormat(tab, dataRows, column("title") + 1).bold ?? false).toBe(false);

  const health = await (await fetch(`${service.url}/api/v1/health`, { headers: { authorization: `Bearer ${gw.token}` } })).json();
  expect(health).toMatchObject({ deadLetters: 0, pendingWrites: 0 });
});
