import { decodeEnti, ENTI_TAB, enteRows, type Grid, type Network, TABS } from "@rete-urp/shared";
import { clockFor } from "../clock.ts";
import type { StoreFlags } from "../config.ts";
import { UsageError } from "../errors.ts";
import { plural } from "../plural.ts";
import { demoWorkbookRows } from "../sheet/demo-data.ts";
import type { Store } from "../stores/store.ts";
import { firstCoordinatorRows, parseFirstCoordinator } from "./first-coordinator.ts";
import { withStore } from "./with-store.ts";

export async function initCommand(flags: StoreFlags & { demo?: boolean; coordinator?: string; ente?: string }): Promise<void> {
  if (flags.ente !== undefined && flags.coordinator === undefined) throw new UsageError("--ente vale solo con --coordinator");
  await withStore(flags, async (store, config) => {
    // Checked before anything is created: a typo never leaves a half-made sheet behind.
    const coordinator =
      flags.coordinator === undefined ? undefined : parseFirstCoordinator(flags.coordinator, flags.ente, await networkBeforeInit(store));
    const report = await store.init();
    for (const tab of report.createdTabs) console.log(`creata la scheda ${tab}`);
    for (const header of report.addedHeaders) console.log(`aggiunta la colonna ${header}`);
    for (const setting of report.changedSettings ?? []) console.log(`foglio: ${setting}`);
    if (flags.demo) {
      const tabs = await store.readAll();
      const demo = demoWorkbookRows(clockFor(config).now());
      for (const spec of TABS) {
        // Demo rows only go into empty tabs: --demo on a real sheet never mixes invented data in.
        if (hasRows(tabs[spec.name])) {
          console.log(`la scheda ${spec.name} ha già dei dati: nessuna riga dimostrativa aggiunta`);
          continue;
        }
        await store.append(spec.name, demo[spec.name]);
        console.log(`${spec.name}: ${plural(demo[spec.name].length, "riga dimostrativa", "righe dimostrative")}`);
      }
    }
    {
      // An Enti tab with no row (just made, or an init stopped before it wrote them): the enti the
      // service reads until then (a sheet from before the tab) or a start for a new network, for
      // the coordinator to keep or replace. Decided under the store's lock, and only into an empty
      // tab (--demo may have just written the same rows).
      const added = await store.appendDecided(ENTI_TAB.name, (tabs) => (hasRows(tabs[ENTI_TAB.name]) ? [] : enteRows()));
      if (added.length > 0) {
        console.log(
          `${ENTI_TAB.name}: ${plural(added.length, "ente", "enti")} della Bassa Romagna (cambiali nella scheda se la rete è un'altra)`,
        );
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

/** True when the tab has a non-blank row below its header. */
function hasRows(grid: Grid | undefined): boolean {
  return (grid ?? []).slice(1).some((row) => row.some((cell) => cell !== null && cell !== ""));
}

/** The enti of the sheet as it is before init (its Enti tab's, or the ten init writes into a new one). */
async function networkBeforeInit(store: Store): Promise<Network> {
  try {
    return decodeEnti(await store.readTab(ENTI_TAB.name)).network;
  } catch {
    // No workbook yet: init makes it, with the ten enti of the Bassa Romagna.
    return decodeEnti(undefined).network;
  }
}
