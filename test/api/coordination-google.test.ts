import { CoordinationSchema } from "@rete-urp/shared";
import { afterEach, beforeEach, expect, test } from "vitest";
import { type GoogleWorkspace, googleDemoWorkspace } from "../support/google-workspace.ts";
import { eventually } from "../support/sheets-sync.ts";

/** The coordinator's view on the Google store (through the Sheets double): links that open the sheet at the cell. */

let gw: GoogleWorkspace;
beforeEach(async () => {
  gw = await googleDemoWorkspace();
});
afterEach(async () => {
  await gw.close();
});

test("each problem links to its tab (gid from the spreadsheet's metadata) at its cell; the sheet is its edit URL", async () => {
  const grid = gw.double.values("Riunioni");
  gw.double.setGrid("Riunioni", [...grid, ["bad-1", "31/02/2027"]]);
  const service = await gw.start();
  const edit = `https://docs.google.com/spreadsheets/d/${gw.double.sheetId}/edit`;
  const gid = gw.double.tabProperties("Riunioni")!.sheetId;

  const coordination = await eventually(async () => {
    const response = await fetch(`${service.url}/api/v1/coordination`, { headers: { authorization: `Bearer ${gw.token}` } });
    return response.status === 200 && CoordinationSchema.parse(await response.json());
  });
  expect(coordination.sheet).toEqual({ store: "google", where: edit });
  expect(coordination.problems).toEqual([
    {
      tab: "Riunioni",
      cell: `B${grid.length + 1}`,
      message: 'data non valida "31/02/2027"',
      line: `Riunioni!B${grid.length + 1}: data non valida "31/02/2027"`,
      url: `${edit}#gid=${gid}&range=B${grid.length + 1}`,
    },
  ]);
  expect(coordination.service.reconciledRows).toBe(0);
});
