import * as z from "zod/mini";
import { isHttpUrl } from "../http-url.ts";
import {
  BASSA_ROMAGNA,
  ENTE_KINDS,
  type Ente,
  type EnteKind,
  FALLBACK_NETWORK,
  type ListedEnte,
  matchEnte,
  type Network,
  type NetworkEnte,
  networkOf,
} from "../network.ts";
import type { RowOf, SheetProblem, TabSpec } from "../tab-spec.ts";
import { foldKey, splitList } from "../text.ts";
import { parseYesNo, SI_NO } from "../vocabulary.ts";
import { decodeTab, type Grid, quoteCell, type RowAccess } from "./tab-reader.ts";

/**
 * The enti of the network: the Enti tab, one row per ente, kept by the coordinator. A comune
 * that joins, leaves or merges is a row to add or an Attivo to set to No, not a release. Every
 * Ente cell of the other tabs is matched against it (network.ts, matchEnte), and its Ente column
 * is the list the other tabs' Ente dropdowns offer (ColumnSpec.choicesFromEnti).
 */

/** The words of Tipo, as its dropdown offers them. */
export const TIPI_ENTE = ["Unione", "Comune"] as const;
const KIND_OF_TIPO: Record<(typeof TIPI_ENTE)[number], EnteKind> = { Unione: "unione", Comune: "comune" };

export const ENTI_TAB = {
  name: "Enti",
  noun: "un ente",
  columns: [
    { key: "name", header: "Ente", required: true },
    { key: "kind", header: "Tipo", choices: TIPI_ENTE },
    { key: "site", header: "Sito" },
    { key: "newsletter", header: "Notiziario" },
    { key: "active", header: "Attivo", choices: SI_NO },
  ],
} as const satisfies TabSpec;

/** An ente as the referents are served it (the snapshot's `enti`: the active ones only). */
export const NetworkEnteSchema = z.object({
  name: z.string().check(z.minLength(1)),
  kind: z.enum(ENTE_KINDS),
  site: z.string(),
  newsletter: z.string(),
}) satisfies z.ZodMiniType<NetworkEnte>;

/** What one read of the Enti tab gives: the network, and what is wrong with the tab. */
export interface DecodedEnti {
  network: Network;
  /** The tab's rows as read (inactive ones included), for init and the contract tests. */
  listed: ListedEnte[];
  problems: SheetProblem[];
  /** False when the tab is missing or unreadable: the network is then the Bassa Romagna's (FALLBACK_NETWORK). */
  usable: boolean;
}

type EnteListRow = ListedEnte & { id: string };

/**
 * The Enti tab. A row without a name, or naming an ente a row above already has, is reported
 * and skipped; a Tipo, Sito, Notiziario or Attivo that cannot be read is reported with its cell
 * and the ente is kept with the default (Tipo from the name, no address, active), so a typo in
 * the tab never takes a comune's referents out of the network. A sheet without the tab (made
 * before it existed), or with the tab and no ente read from it (an `init` stopped before it
 * wrote the rows, every row deleted), reads as the Bassa Romagna's ten, with a problem saying what to do:
 * nobody is locked out by a tab that says nothing.
 */
export function decodeEnti(grid: Grid | undefined): DecodedEnti {
  if (!grid) {
    return {
      network: FALLBACK_NETWORK,
      listed: [],
      problems: [
        {
          tab: ENTI_TAB.name,
          message: `manca la scheda "Enti": si usano i dieci enti della Bassa Romagna; esegui "sheets-sync init" per crearla con questi enti, poi tienila aggiornata`,
        },
      ],
      usable: false,
    };
  }
  const firstRow = new Map<string, number>();
  const decoded = decodeTab(ENTI_TAB, grid, (row): EnteListRow => {
    const name = row.text("name") || row.fail("name", "nome dell'ente mancante");
    const key = foldKey(name);
    const earlier = firstRow.get(key);
    if (earlier !== undefined) row.fail("name", `ente "${name}" già nella riga ${earlier}: riga ignorata`);
    firstRow.set(key, row.rowNumber);
    return {
      id: key,
      name,
      kind: kindOf(row, name),
      site: addressOf(row, "site"),
      newsletter: addressOf(row, "newsletter"),
      active: activeOf(row),
    };
  });
  if (!decoded.usable) {
    return { network: FALLBACK_NETWORK, listed: [], problems: decoded.problems, usable: false };
  }
  if (decoded.records.length === 0) {
    const message = `la scheda "Enti" non ha enti: si usano i dieci enti della Bassa Romagna; scrivi gli enti della rete, uno per riga (o esegui "sheets-sync init", che ci scrive questi dieci)`;
    return { network: FALLBACK_NETWORK, listed: [], problems: [...decoded.problems, { tab: ENTI_TAB.name, message }], usable: true };
  }
  const listed = decoded.records.map(({ id: _, ...ente }) => ente);
  const problems = [...decoded.problems];
  if (!listed.some((ente) => ente.active)) {
    problems.push({ tab: ENTI_TAB.name, message: "nessun ente attivo: scrivi gli enti della rete, uno per riga (Ente, Tipo, Sito)" });
  }
  return { network: networkOf(listed), listed, problems, usable: true };
}

function kindOf(row: RowAccess<"name" | "kind" | "site" | "newsletter" | "active">, name: string): EnteKind {
  const tipo = row.text("kind");
  const byName: EnteKind = foldKey(name).startsWith("unione") ? "unione" : "comune";
  if (tipo === "") return byName;
  const known = TIPI_ENTE.find((word) => foldKey(word) === foldKey(tipo));
  if (known) return KIND_OF_TIPO[known];
  row.note(
    "kind",
    `tipo sconosciuto ${quoteCell(row.value("kind"))}: Unione o Comune (si legge ${byName === "unione" ? "Unione" : "Comune"})`,
  );
  return byName;
}

function addressOf(row: RowAccess<"name" | "kind" | "site" | "newsletter" | "active">, key: "site" | "newsletter"): string {
  const text = row.text(key);
  if (text === "" || isHttpUrl(text)) return text;
  const hint = /^[\w-]+(\.[\w-]+)+(\/|$)/.test(text) ? `: scrivi https://${text}` : ": scrivi l'indirizzo con https://";
  row.note(key, `indirizzo non valido ${quoteCell(row.value(key))}${hint}`);
  return "";
}

function activeOf(row: RowAccess<"name" | "kind" | "site" | "newsletter" | "active">): boolean {
  const cell = row.value("active");
  const active = parseYesNo(cell ?? "");
  if (active !== undefined) return active;
  row.note("active", `valore non valido ${quoteCell(cell)}: usa Sì o No (l'ente resta attivo)`);
  return true;
}

/**
 * The ente an Ente cell names, as every tab's decoder reads it: the canonical name, or the row
 * is skipped with its cell named ("ente sconosciuto", or why a listed one is refused).
 */
export function enteCell<Key extends string>(row: RowAccess<Key>, key: Key, network: Network): Ente {
  const match = matchEnte(row.text(key), network);
  return "ente" in match ? match.ente : row.fail(key, match.problem);
}

/** A comma list of enti (Pubblicazioni's Enti): each must be one, or the row is skipped with its cell named. */
export function enteListCell<Key extends string>(row: RowAccess<Key>, key: Key, network: Network): Ente[] {
  const enti = splitList(row.text(key)).map((item) => {
    const match = matchEnte(item, network);
    return "ente" in match ? match.ente : row.fail(key, match.problem);
  });
  return [...new Set(enti)];
}

/** The Enti rows `init` writes into a new tab: the Bassa Romagna's, for the coordinator to keep or replace. */
export function enteRows(enti: readonly NetworkEnte[] = BASSA_ROMAGNA): RowOf<typeof ENTI_TAB>[] {
  return enti.map((ente) => ({
    name: ente.name,
    kind: ente.kind === "unione" ? "Unione" : "Comune",
    site: ente.site,
    newsletter: ente.newsletter,
    active: "Sì",
  }));
}
