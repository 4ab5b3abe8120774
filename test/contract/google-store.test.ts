import { openGoogleStore } from "../../sheets-sync/src/stores/google-store.ts";
import { startSheetsDouble } from "../sheets-double/sheets-double.ts";
import { describeStoreContract } from "./store-contract.ts";

// The google store with its real client code (googleapis → gaxios → fetch), pointed at the
// local Sheets v4 double as SHEETS_API_ROOT_URL + GOOGLE_ACCESS_TOKEN would point it.
describeStoreContract("google store", async () => {
  const double = await startSheetsDouble();
  const store = await openGoogleStore({
    sheetId: double.sheetId,
    apiRootUrl: double.rootUrl,
    accessToken: "test-token",
    timeoutMs: 5_000,
  });
  return {
    store,
    seed: async (tab, grid) => double.setGrid(tab, grid),
    stored: async (tab) => double.grid(tab).map((row) => row.map((cell) => ({ value: cell.value, formula: cell.formula !== undefined }))),
    cleanup: () => double.close(),
  };
});
