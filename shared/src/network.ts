import { foldKey } from "./text.ts";

/**
 * The network's enti as the sheet's Enti tab lists them (records/ente.ts reads the tab), and how a
 * cell written by a person names one of them. Without zod, so that the popup's first paint can
 * match and list enti (schema-free.ts).
 */

/** The name of an ente as the Enti tab spells it: "Lugo", "Unione". */
export type Ente = string;

export const ENTE_KINDS = ["unione", "comune"] as const;
export type EnteKind = (typeof ENTE_KINDS)[number];

/** One ente of the network, as the service reads it and the referents are served it. */
export interface NetworkEnte {
  name: Ente;
  kind: EnteKind;
  /** The ente's website ("https://www.comune.lugo.ra.it"), or "". */
  site: string;
  /** Its newsletter's page, or "". */
  newsletter: string;
}

/**
 * The Unione dei Comuni della Bassa Romagna and its nine comuni, with their websites: what
 * `init` writes into a new Enti tab and `init --demo` shows, and the network of a sheet that has
 * no Enti tab yet (an installation from before the tab: the service reads it as it always has,
 * and says to run `init`). Nowhere else is the network written in the code.
 */
export const BASSA_ROMAGNA: readonly NetworkEnte[] = [
  { name: "Unione", kind: "unione", site: "https://www.labassaromagna.it", newsletter: "" },
  { name: "Alfonsine", kind: "comune", site: "https://www.comune.alfonsine.ra.it", newsletter: "" },
  { name: "Bagnacavallo", kind: "comune", site: "https://www.comune.bagnacavallo.ra.it", newsletter: "" },
  { name: "Bagnara di Romagna", kind: "comune", site: "https://www.comune.bagnaradiromagna.ra.it", newsletter: "" },
  { name: "Conselice", kind: "comune", site: "https://www.comune.conselice.ra.it", newsletter: "" },
  { name: "Cotignola", kind: "comune", site: "https://www.comune.cotignola.ra.it", newsletter: "" },
  { name: "Fusignano", kind: "comune", site: "https://www.comune.fusignano.ra.it", newsletter: "" },
  { name: "Lugo", kind: "comune", site: "https://www.comune.lugo.ra.it", newsletter: "" },
  { name: "Massa Lombarda", kind: "comune", site: "https://www.comune.massalombarda.ra.it", newsletter: "" },
  { name: "Sant'Agata sul Santerno", kind: "comune", site: "https://www.comune.santagatasulsanterno.ra.it", newsletter: "" },
];

/** An ente of the Enti tab with its Attivo flag: an inactive one is known, and refused by name. */
export interface ListedEnte extends NetworkEnte {
  active: boolean;
}

/** The enti a sheet lists, ready for matching cells against them. */
export interface Network {
  /** The active enti, in the tab's order: what dropdowns, pickers and lists by ente show. */
  enti: readonly NetworkEnte[];
  /** Every listed ente (active or not) by each key a cell may fold to. */
  byKey: ReadonlyMap<string, ListedEnte>;
  /** Each listed ente's name, folded word by word, for a cell that gives only its first words. */
  words: readonly { words: string[]; ente: ListedEnte }[];
}

/** "Comune di Lugo" → "Lugo"; the article-less forms people put before a comune's name. */
const COMUNE_PREFIX = /^\s*comune\s+(?:di\s+|d['’]\s*)?/i;
/** "San", "Sant'", "Santa", "Santo" at the start of a name, which people abbreviate "S.". */
const SAINT = /^(?:sant['’]\s*|santa\s+|santo\s+|san\s+)/i;

const wordsOf = (text: string) =>
  text
    .split(/[\s'’]+/)
    .map(foldKey)
    .filter(Boolean);

function keysOf(ente: ListedEnte): string[] {
  const name = ente.name.replace(COMUNE_PREFIX, "");
  const keys = [foldKey(ente.name), foldKey(name)];
  if (SAINT.test(name)) keys.push(`s${foldKey(name.replace(SAINT, ""))}`);
  return keys;
}

/** The network of the Enti tab's rows; the first of two rows with one key keeps it. */
export function networkOf(listed: readonly ListedEnte[]): Network {
  const byKey = new Map<string, ListedEnte>();
  for (const ente of listed) for (const key of keysOf(ente)) if (!byKey.has(key)) byKey.set(key, ente);
  return {
    enti: listed.filter((ente) => ente.active).map(({ active: _, ...ente }) => ente),
    byKey,
    words: listed.map((ente) => ({ words: wordsOf(ente.name.replace(COMUNE_PREFIX, "")), ente })),
  };
}

/** The Bassa Romagna's network: a sheet without an Enti tab, and what tests read when they give none. */
export const FALLBACK_NETWORK: Network = networkOf(BASSA_ROMAGNA.map((ente) => ({ ...ente, active: true })));

export type EnteMatch = { ente: Ente } | { problem: string };

/**
 * The one way a cell names an ente, for every tab and every input: the name as the Enti tab
 * spells it, in any case and with any accent or apostrophe (`Sant’Agata`), with "Comune di" in
 * front, "S." for San/Sant'/Santa, only its first words when they name one ente alone
 * ("Sant'Agata", "Massa"), or any "Unione …" for the one ente of Tipo Unione. An ente whose
 * Attivo is No is known, and refused with that reason.
 */
export function matchEnte(value: string, network: Network): EnteMatch {
  const text = value.trim();
  const unknown = { problem: `ente sconosciuto ${JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text)}` };
  if (foldKey(text) === "") return unknown;
  const listed = network.byKey.get(foldKey(text.replace(COMUNE_PREFIX, ""))) ?? network.byKey.get(foldKey(text)) ?? byWords(text, network);
  if (listed) {
    return listed.active
      ? { ente: listed.name }
      : { problem: `ente "${listed.name}" non attivo: nella scheda Enti ha Attivo No (rimettilo a Sì o correggi questa cella)` };
  }
  return unknown;
}

/** The canonical name of the ente `value` names, or undefined (unknown or inactive). */
export function parseEnte(value: string, network: Network): Ente | undefined {
  const match = matchEnte(value, network);
  return "ente" in match ? match.ente : undefined;
}

/** "Unione dei Comuni della Bassa Romagna" for the one Unione; "Sant'Agata" for the one ente it begins. */
function byWords(text: string, network: Network): ListedEnte | undefined {
  const words = wordsOf(text.replace(COMUNE_PREFIX, ""));
  if (words[0] === "unione") {
    const unioni = network.words.filter((entry) => entry.ente.kind === "unione");
    if (unioni.length === 1) return unioni[0]!.ente;
  }
  const starting = network.words.filter((entry) => words.length < entry.words.length && words.every((word, i) => entry.words[i] === word));
  return starting.length === 1 ? starting[0]!.ente : undefined;
}

/** The comuni of the network (Tipo Comune): who must publish when a publication names no one. */
export function comuniOf(network: Network): Ente[] {
  return network.enti.filter((ente) => ente.kind === "comune").map((ente) => ente.name);
}

/** "www.comune.lugo.ra.it" → "comune.lugo.ra.it"; undefined for what is not an http(s) address. */
function siteHost(address: string): string | undefined {
  try {
    const url = new URL(address);
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    return url.hostname.toLowerCase().replace(/^www\./, "");
  } catch {
    return undefined;
  }
}

/**
 * Whether `proof` (the page a referent gives as proof of a publication) is on the ente's site or
 * newsletter: the same host, or a host under it ("servizi.comune.lugo.ra.it"), "www." aside. True
 * when the ente has neither address, so there is nothing to compare with.
 */
export function isOnEnteSite(proof: string, ente: Pick<NetworkEnte, "site" | "newsletter">): boolean {
  const hosts = [ente.site, ente.newsletter].map(siteHost).filter((host): host is string => host !== undefined);
  if (hosts.length === 0) return true;
  const host = siteHost(proof);
  if (host === undefined) return false;
  return hosts.some((site) => host === site || host.endsWith(`.${site}`));
}
