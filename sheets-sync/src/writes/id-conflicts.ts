import { type TabName, tabSpec } from "@rete-urp/shared";
import type { Service } from "../service.ts";
import type { SheetData } from "../sheet/sheet-data.ts";

/**
 * A client's UUID names one record of one kind. The journal keeps the first write of an id
 * whatever its tab, so a practice POSTed with a proposal's UUID would get the proposal back as
 * "already there" (200) and never be written: such a request is a 409 `id_conflict` instead.
 * Checked against the journal (pending and recently applied writes) and every row of the sheet
 * as last read, ignoring case.
 */

const tabsById = new WeakMap<SheetData, Map<string, TabName>>();

function idsOf(data: SheetData): Map<string, TabName> {
  let ids = tabsById.get(data);
  if (!ids) {
    ids = new Map();
    for (const [tab, records] of Object.entries(data.recordsByTab) as [TabName, readonly { id: string }[]][]) {
      for (const record of records) if (record.id) ids.set(record.id.toLowerCase(), tab);
    }
    tabsById.set(data, ids);
  }
  return ids;
}

export interface IdConflict {
  status: 409;
  code: "id_conflict";
  message: string;
}

/**
 * The conflict, if `id` already names a record of another tab than `tab`. Call it right before
 * `submitWrite`, with no `await` in between, so that no other write of the id can slip in.
 */
export function idConflict(service: Service, id: string, tab: TabName): IdConflict | undefined {
  const key = id.toLowerCase();
  const journaled = service.journal.get(key)?.write.tab;
  const other = journaled !== undefined && journaled !== tab ? journaled : undefined;
  const inSheet = service.cache.current ? idsOf(service.cache.current.data).get(key) : undefined;
  const taken = other ?? (inSheet !== undefined && inSheet !== tab ? inSheet : undefined);
  if (taken === undefined) return undefined;
  return {
    status: 409,
    code: "id_conflict",
    message: `L'id ${id} è già usato da ${tabSpec(taken).noun}: genera un nuovo UUID per questo elemento`,
  };
}
