
import { type ColumnKey, REFERENTI } from "../sheet-contract.ts";
import type { Referent } from "../schemas.ts";
import { parseEnte, parseRuolo, parseYesNo } from "../vocabulary.ts";
import { type Grid, decodeTab, quoteCell } from "./tab-reader.ts";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function decodeReferenti(grid: Grid | undefined) {
  return decodeTab(REFERENTI, grid, (row): Referent => {
    const required = (key: ColumnKey<typeof REFERENTI>, label: string) => row.text(key) || row.fail(key, `${label} mancante`);

    const firstName = required("firstName", "nome");
    const lastName = required("lastName", "cognome");
    const enteText = required("ente", "ente");
    const ente = parseEnte(enteText) ?? row.fail("ente", `ente sconosciuto ${quoteCell(row.value("ente"))}`);
    const roleText = required("role", "ruolo");
    const role = parseRuolo(roleText) ?? row.fail("role", `ruolo sconosciuto ${quoteCell(row.value("role"))}`);
    const email = required("email", "email").toLowerCase();
    if (!EMAIL.test(email)) row.fail("email", `email non valida ${quoteCell(row.value("email"))}`);
    const activeCell = row.value("active");
    const active =
      parseYesNo(activeCell ?? "") ?? row.fail("active", `valore non valido ${quoteCell(activeCell)}: usa Sì o No`);

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
