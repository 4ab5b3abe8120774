import { formatProblem } from "@rete-urp/shared";
import type { StoreFlags } from "../config.ts";
import { plural } from "../plural.ts";
import { decodeSheet, reportedSheetProblems } from "../sheet/sheet-data.ts";
import { withStore } from "./with-store.ts";

export async function checkCommand(flags: StoreFlags): Promise<void> {
  await withStore(flags, async (store) => {
    const data = decodeSheet(await store.readAll());
    // The spreadsheet's locale, time zone and tab titles are known once it has been read (Google).
    const problems = reportedSheetProblems(data.problems, store.sheetProperties?.());
    for (const problem of problems) console.log(formatProblem(problem));
    const counts = [
      plural(data.referents.length, "referente", "referenti"),
      plural(data.sheetMeetings.length, "riunione", "riunioni"),
      plural(data.practices.length, "buona prassi", "buone prassi"),
    ].join(", ");
    if (problems.length === 0) {
      console.error(`nessun problema (${counts})`);
    } else {
      console.error(`${plural(problems.length, "problema", "problemi")}; righe valide: ${counts}`);
      process.exitCode = 1;
    }
  });
}
