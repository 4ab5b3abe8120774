import { TABS } from "@rete-urp/shared";
import { clockFor } from "../clock.ts";
import type { StoreFlags } from "../config.ts";
import { UsageError } from "../errors.ts";
import { plural } from "../plural.ts";
import { demoWorkbookRows } from "../sheet/demo-data.ts";
import { firstCoordinatorRows, parseFirstCoordinator } from "./first-coordinator.ts";
import { withStore } from "./with-store.ts";

export async function initCommand(flags: StoreFlags & { demo?: boolean; coordinator?: string; ente?: string }): Promise<void> {
  if (flags.ente !== undefined && flags.coordinator === undefined) throw new UsageError("--ente vale solo con --coordinator");
  // Checked before anything is created: a typo never leaves a half-made sheet behind.
  const coordinator = flags.coordinator === undefined ? undefined : parseFirstCoordinator(flags.coordinator, flags.ente);
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
    if (coordinator) {
      // Decided under the store's lock: two inits at once add the row once.
      const added = await store.appendDecided("Referenti", (tabs) => firstCoordinatorRows(tabs, coordinator));
      const who = `${coordinator.firstName} ${coordinator.lastName} <${coordinator.email}>`;
      console.log(
        added.length > 0
          ? `Referenti: ${who}, Coordinatore (${coordinator.ente})`
          : `Referenti: ${coordinator.email} c'è già, nessuna riga aggiunta`,
      );
    }
    console.log(`pronto: ${store.location}`);
  });
}
