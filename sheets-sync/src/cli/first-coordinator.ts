import { randomUUID } from "node:crypto";
import { type Ente, matchEnte, type Network, REFERENT_EMAIL, type RowValues } from "@rete-urp/shared";
import { UsageError } from "../errors.ts";
import type { RawTabs } from "../stores/store.ts";

/**
 * The first coordinator, from `init --coordinator "Nome Cognome <email>"`: the one Referenti row a
 * new installation needs before anyone can be invited (an invitation goes only to a person in
 * Referenti, and the coordinator invites everyone else from the extension). Written by the CLI on
 * either store, so IT never edits the sheet or the service's files by hand.
 */

export interface FirstCoordinator {
  firstName: string;
  lastName: string;
  email: string;
  ente: Ente;
}

const ADDRESS = /^\s*(?<name>[^<>]+?)\s*<\s*(?<email>[^<>\s]+)\s*>\s*$/;

/**
 * "Giulia Bianchi <giulia.bianchi@unione.example.it>" (and `--ente`, the Unione when absent), the
 * ente read as any Ente cell is, against `network`: the sheet's Enti tab, or the enti init is
 * about to write into a new one.
 */
export function parseFirstCoordinator(text: string, ente: string | undefined, network: Network): FirstCoordinator {
  const match = ADDRESS.exec(text);
  const example = '--coordinator "Giulia Bianchi <giulia.bianchi@unione.example.it>"';
  if (!match?.groups) throw new UsageError(`--coordinator: scrivi nome, cognome e indirizzo tra < >`, example);
  const words = match.groups.name!.split(/\s+/);
  if (words.length < 2) throw new UsageError(`--coordinator: servono nome e cognome, non solo "${match.groups.name}"`, example);
  const email = match.groups.email!.toLowerCase();
  if (!REFERENT_EMAIL.test(email)) throw new UsageError(`--coordinator: "${match.groups.email}" non è un indirizzo email`, example);
  const named = matchEnte(ente ?? "Unione", network);
  if ("problem" in named) {
    throw new UsageError(`--ente: "${ente}" non è un ente della rete`, `uno di: ${network.enti.map((one) => one.name).join(", ")}`);
  }
  const parsedEnte = named.ente;
  // The first word is the first name; the rest is the surname ("Anna Maria Rossi" reads as Anna, Maria Rossi: fix it in the sheet).
  return { firstName: words[0]!, lastName: words.slice(1).join(" "), email, ente: parsedEnte };
}

/** The row to append, or none when Referenti already has this email (a second `init` adds nothing). */
export function firstCoordinatorRows(tabs: RawTabs, coordinator: FirstCoordinator): RowValues<"Referenti">[] {
  // Any cell of the tab: a row the sheet's checks refuse (a cell to fix) still names the person.
  const grid = tabs.Referenti ?? [];
  if (grid.slice(1).some((row) => row.some((cell) => typeof cell === "string" && cell.trim().toLowerCase() === coordinator.email)))
    return [];
  return [
    {
      id: randomUUID(),
      firstName: coordinator.firstName,
      lastName: coordinator.lastName,
      ente: coordinator.ente,
      role: "Coordinatore",
      email: coordinator.email,
      phone: "",
      active: "Sì",
      notes: "",
    },
  ];
}
