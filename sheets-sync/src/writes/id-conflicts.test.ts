import { TABS, type TabName } from "@rete-urp/shared";
import { expect, test } from "vitest";
import type { Service } from "../service.ts";
import { decodeSheet } from "../sheet/sheet-data.ts";
import type { RawTabs } from "../stores/store.ts";
import { idConflict } from "./id-conflicts.ts";

/** A service whose journal is empty and whose cache holds `tabs` as last read. */
function serviceWith(tabs: RawTabs): Service {
  return { journal: { get: () => undefined }, cache: { current: { data: decodeSheet(tabs) } } } as unknown as Service;
}

function sheetWith(tab: TabName, row: readonly string[]): RawTabs {
  const tabs: RawTabs = {};
  for (const spec of TABS) tabs[spec.name] = [spec.columns.map((column) => column.header)];
  tabs[tab] = [...tabs[tab]!, row];
  return tabs;
}

test("an id a row of another tab has, in any case: 409 naming what holds it, by the tab's noun", () => {
  const id = "0b6f6c0e-4a7e-4f0a-9d3c-2f1e5a7b8c9d";
  const service = serviceWith(sheetWith("Proposte", [id, "m-1", "", "20/01/2027", "Calendario unico"]));
  expect(idConflict(service, id.toUpperCase(), "Buone prassi")).toEqual({
    status: 409,
    code: "id_conflict",
    message: `L'id ${id.toUpperCase()} è già usato da una proposta per l'ordine del giorno: genera un nuovo UUID per questo elemento`,
  });
  expect(idConflict(service, id, "Proposte")).toBeUndefined();
  expect(idConflict(service, "a1b2c3d4-0000-4000-8000-000000000000", "Buone prassi")).toBeUndefined();
});
