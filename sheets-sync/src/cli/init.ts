import { TABS } from "@rete-urp/shared";
import { clockFor } from "../clock.ts";
import type { StoreFlags } from "../config.ts";
import { plural } from "../plural.ts";
import { demoWorkbookRows } from "../sheet/demo-data.ts";
import { withStore } from "./with-store.ts";

export async function initCommand(flags: StoreFlags & { demo?: boolean }): Promise<void> {
  await withStore(flags, async (store, config) => {
    const report = await store.init();
    for (const tab of report.createdTabs) console.log(`creata la scheda ${tab}`);
    for (const header of report.addedHeaders) console.log(`aggiunta la colonna ${header}`);
    for (const setting of report.changedSettings ?? []) console.log(`foglio: ${setting}`);
    if (flags.demo) {
      const tabs = await store.readAll();
      const demo = demoWorkbookRows(clockFor(config).now());
      for (const spec of TABS) {
        const rows = tabs[spec.name]?.slice(1).filter((row) => row.some((cell) => cell !== null && cell !== "")) ?? [];
        // Demo rows only go into empty tabs: --demo on a real sheet never mixes invented data in.
        if (rows.length > 0) {
          console.log(`la scheda ${spec.name} ha già dei dati: nessuna riga dimostrativa aggiunta`);
          continue;
        }
        await store.append(spec.name, demo[spec.name]);
        console.log(`${spec.name}: ${plural(demo[spec.name].length, "riga dimostrativa", "righe dimostrative")}`);
      }
    }
    console.log(`pronto: ${store.location}`);
  });
}
