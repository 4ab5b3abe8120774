import type { TabName } from "@rete-urp/shared";
import type { Service } from "../service.ts";
import type { SheetData } from "../sheet/sheet-data.ts";

/**
 * A client's UUID names one record of one kind. The journal keeps the first write of an id
 * whatever its tab, so a practice POSTed with a proposal's UUID would get the proposal back as
 * "already there" (200) and never be written: such a request is a 409 `id_conflict` instead.
 * Checked against the journal (pending and recently applied writes) and every row of the sheet
 * as last read, ignoring case.
 */

const WHAT: Record<TabName, string> = {
  Referenti: "un referente",
  Riunioni: "una riunione",
  "Buone prassi": "una buona prassi",
  Impostazioni: "un'impostazione",
  Presenze: "una risposta all'invito",
  Proposte: "una proposta per l'ordine del giorno",
  Pubblicazioni: "una pubblicazione",
  "Esiti pubblicazioni": "un esito di pubblicazione",
};

const tabsById = new WeakMap<SheetData, Map<string, TabName>>();

function idsOf(data: SheetData): Map<string, TabName> {
  let ids = tabsById.get(data);
  if (!ids) {
    ids = new Map();
    const add = (tab: TabName, records: readonly { id: string }[]) => {
      for (const record of records) if (record.id) ids!.set(record.id.toLowerCase(), tab);
    };
    add("Referenti", data.referents);
    add("Riunioni", data.sheetMeetings);
    add("Buone prassi", data.practices);
    add("Presenze", data.attendance);
    add("Proposte", data.proposals);
    add("Pubblicazioni", data.publications);
    add("Esiti pubblicazioni", data.publicationOutcomes);
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
  const journaled = service.journal.get(key)?.write.tab ?? service.journal.get(id)?.write.tab;
  const other = journaled !== undefined && journaled !== tab ? journaled : undefined;
  const inSheet = service.cache.current ? idsOf(service.cache.current.data).get(key) : undefined;
  const taken = other ?? (inSheet !== undefined && inSheet !== tab ? inSheet : undefined);
  if (taken === undefined) return undefined;
  return {
    status: 409,
    code: "id_conflict",
    message: `L'id ${id} è già usato da ${WHAT[taken]}: genera un nuovo UUID per questo elemento`,
  };
}
