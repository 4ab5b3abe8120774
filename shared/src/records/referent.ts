import * as z from "zod/mini";
import { FALLBACK_NETWORK, type Network } from "../network.ts";
import { EnteSchema, RuoloSchema } from "../schema-parts.ts";
import type { ColumnKey, TabSpec } from "../tab-spec.ts";
import { parseRuolo, parseYesNo, RUOLI, SI_NO } from "../vocabulary.ts";
import { enteCell } from "./ente.ts";
import { decodeTab, type Grid, quoteCell } from "./tab-reader.ts";

/** A referent of the network: one row of Referenti, kept by the coordinator by hand. */

export const REFERENTI = {
  name: "Referenti",
  noun: "un referente",
  columns: [
    { key: "id", header: "ID" },
    { key: "firstName", header: "Nome", required: true },
    { key: "lastName", header: "Cognome", required: true },
    { key: "ente", header: "Ente", required: true, choicesFromEnti: true },
    { key: "role", header: "Ruolo", required: true, choices: RUOLI },
    { key: "email", header: "Email", required: true },
    { key: "phone", header: "Telefono" },
    { key: "active", header: "Attivo", choices: SI_NO },
    { key: "notes", header: "Note" },
  ],
} as const satisfies TabSpec;

/**
 * A referent as the other referents are served them (the snapshot's and GET /roster's `roster`,
 * and the snapshot's deltas): what the popup's views show of a colleague (Contatti, who shared a
 * practice, the coordinator's access list) and nothing else. A field of the Referenti row reaches
 * the referents only when one of those views needs it; `Note` never does (ReferentRow).
 */
export const ReferentSchema = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  ente: EnteSchema,
  role: RuoloSchema,
  email: z.string(),
  phone: z.string(),
  active: z.boolean(),
});
export type Referent = z.infer<typeof ReferentSchema>;

/**
 * A row of Referenti as the service reads it: the served fields and `notes`, the `Note` column,
 * which the coordinators keep about their colleagues ("in malattia fino a marzo") and only they
 * see, in the Coordinamento view (GET /api/v1/coordination, `referentNotes`).
 */
export const ReferentRowSchema = z.extend(ReferentSchema, { notes: z.string() });
export type ReferentRow = z.infer<typeof ReferentRowSchema>;

/**
 * What the referents are served of a row: the fields of ReferentSchema, picked one by one, so
 * that a column added to the row later stays with the service until a view needs it.
 */
export function servedReferent(row: ReferentRow): Referent {
  const { id, firstName, lastName, ente, role, email, phone, active } = row;
  return { id, firstName, lastName, ente, role, email, phone, active };
}

/** The referent a token belongs to, as every answer of the API names them. */
export const MeSchema = z.object({
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  ente: EnteSchema,
  role: RuoloSchema,
});
export type Me = z.infer<typeof MeSchema>;

/** Who wrote a row: always the token's referent, never what a request body claims. */
export function authorOf(me: Me): { author: string; authorEmail: string } {
  return { author: `${me.firstName} ${me.lastName}`, authorEmail: me.email.toLowerCase() };
}

/** What the Email cell of Referenti must look like (and what the CLI accepts for a new referent). */
export const REFERENT_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `network`: the sheet's enti (decodeEnti); the Bassa Romagna's when left out. */
export function decodeReferenti(grid: Grid | undefined, network: Network = FALLBACK_NETWORK) {
  return decodeTab(REFERENTI, grid, (row): ReferentRow => {
    const required = (key: ColumnKey<typeof REFERENTI>, label: string) => row.text(key) || row.fail(key, `${label} mancante`);

    const firstName = required("firstName", "nome");
    const lastName = required("lastName", "cognome");
    required("ente", "ente");
    const ente = enteCell(row, "ente", network);
    const role = parseRuolo(required("role", "ruolo")) ?? row.fail("role", `ruolo sconosciuto ${quoteCell(row.value("role"))}`);
    const email = required("email", "email").toLowerCase();
    if (!REFERENT_EMAIL.test(email)) row.fail("email", `email non valida ${quoteCell(row.value("email"))}`);
    const activeCell = row.value("active");
    const active = parseYesNo(activeCell ?? "") ?? row.fail("active", `valore non valido ${quoteCell(activeCell)}: usa Sì o No`);

    return {
      id: row.text("id"),
      firstName,
      lastName,
      ente,
      role,
      email,
      phone: row.text("phone"),
      active,
      notes: row.text("notes"),
    };
  });
}
