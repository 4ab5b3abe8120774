import { rm } from "node:fs/promises";
import { WorkbookStore } from "@rete-urp/sheets-sync";
import { tempWorkspace } from "../support/sheets-sync.ts";
import { readTab, writeTab } from "../support/workbook-files.ts";
import { describeStoreContract } from "./store-contract.ts";

describeStoreContract("workbook store", async () => {
  const ws = await tempWorkspace();
  return {
    store: new WorkbookStore(ws.workbook),
    seed: (tab, grid) => writeTab(ws.workbook, tab, grid),
    stored: (tab) => readTab(ws.workbook, tab),
    cleanup: () => rm(ws.dir, { recursive: true, force: true }),
  };
});
