import { cellText } from "../cell-values.ts";
import { REFERENTI } from "../sheet-contract.ts";
import type { Referent } from "../schemas.ts";
import { parseEnte, parseRuolo, parseYesNo } from "../vocabulary.ts";
import { type Grid, decodeTab, quoteCell } from "./tab-reader.ts";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function decodeReferenti(grid: Grid | undefined) {
  return decodeTab<Referent>(REFERENTI, grid, (row) => {
    const text = (key: string) => cellText(row.value(key));
    const required = (key: string, label: string) => text(key) || row.fail(key, `${label} mancante`);

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
      id: text("id"),
      firstName,
      lastName,
      ente,
      role,
      email,
      phone: text("phone"),
      active,
      notes: text("notes"),
    };
  });
}
