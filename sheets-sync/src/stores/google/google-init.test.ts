import { BASSA_ROMAGNA, IMPOSTAZIONI, PRESENZE, REFERENTI, RIUNIONI } from "@rete-urp/shared";
import { describe, expect, test } from "vitest";
import type { TabMeta } from "./google-grid.ts";
import { entiRangeFormula, ID_PROTECTION_DESCRIPTION, planTabInit } from "./google-init.ts";

function tab(overrides: Partial<TabMeta> = {}): TabMeta {
  return { sheetId: 7, title: "Riunioni", rowCount: 1000, columnCount: 26, frozenRowCount: 0, protectedRanges: [], ...overrides };
}

const kinds = (plan: ReturnType<typeof planTabInit>) => plan.requests.map((request) => Object.keys(request)[0]);

describe("planTabInit()", () => {
  test("a fresh tab gets its headers, a bold frozen row 1, dropdowns, date/time formats and a warning on ID", () => {
    const plan = planTabInit(RIUNIONI, tab(), []);
    expect(plan.headerWrites.map((write) => [write.range, write.values[0]![0]])).toEqual(
      RIUNIONI.columns.map((column, i) => [`'Riunioni'!${String.fromCharCode(65 + i)}1`, column.header]),
    );
    expect(kinds(plan)).toEqual([
      "updateSheetProperties",
      "repeatCell", // bold header
      "addProtectedRange", // ID (A)
      "repeatCell", // Data (B): date
      "repeatCell", // Inizio (C): time
      "repeatCell", // Fine (D): time
      "setDataValidation", // Tipo (E)
      "setDataValidation", // Stato (F)
    ]);
    const tipo = plan.requests.find((request) => request.setDataValidation?.range?.startColumnIndex === 4)!;
    expect(tipo.setDataValidation!.rule).toEqual({
      condition: { type: "ONE_OF_LIST", values: [{ userEnteredValue: "Ordinaria" }, { userEnteredValue: "Urgente" }] },
      strict: false,
      showCustomUi: true,
    });
    const protection = plan.requests.find((request) => request.addProtectedRange)!.addProtectedRange!.protectedRange!;
    expect(protection).toEqual({
      range: { sheetId: 7, startColumnIndex: 0, endColumnIndex: 1 },
      description: ID_PROTECTION_DESCRIPTION,
      warningOnly: true,
    });
    const data = plan.requests.find((request) => request.repeatCell?.range?.startColumnIndex === 1)!;
    expect(data.repeatCell!.cell).toEqual({ userEnteredFormat: { numberFormat: { type: "DATE", pattern: "dd/mm/yyyy" } } });
  });

  test("missing headers go to the right of the existing ones, which stay where the coordinator put them", () => {
    const plan = planTabInit(REFERENTI, tab({ title: "Referenti" }), ["Nome", "Cognome", null, "Ente", "Ruolo", "Email", "Colonna mia"]);
    expect(plan.headerWrites.map((write) => write.range)).toEqual(["'Referenti'!H1", "'Referenti'!I1", "'Referenti'!J1", "'Referenti'!K1"]);
    expect(plan.addedHeaders).toEqual(["Referenti!ID", "Referenti!Telefono", "Referenti!Attivo", "Referenti!Note"]);
    // Ente offers the Enti tab's Ente column: a comune added there is offered at once.
    const ente = plan.requests.find((request) => request.setDataValidation?.range?.startColumnIndex === 3);
    expect(ente?.setDataValidation?.rule).toEqual({
      condition: { type: "ONE_OF_RANGE", values: [{ userEnteredValue: "='Enti'!A2:A" }] },
      strict: false,
      showCustomUi: true,
    });
  });

  test("the Ente dropdown reads the Enti tab's Ente column wherever it is", () => {
    expect(entiRangeFormula("Enti", 2)).toBe("='Enti'!C2:C");
    const plan = planTabInit(REFERENTI, tab({ title: "Referenti" }), [], undefined, entiRangeFormula("Enti della rete", 1));
    const ente = plan.requests.find((request) => request.setDataValidation?.range?.startColumnIndex === 3);
    expect(ente?.setDataValidation?.rule?.condition?.values).toEqual([{ userEnteredValue: "='Enti della rete'!B2:B" }]);
  });

  test("an Ente dropdown an older init wrote as the ten names is replaced by the tab's; one the coordinator changed stays", () => {
    const headers = REFERENTI.columns.map((column) => column.header);
    const setUp = tab({ title: "Referenti", frozenRowCount: 1, protectedRanges: [{ startColumnIndex: 0, endColumnIndex: 1 }] });
    const ten = BASSA_ROMAGNA.map((ente) => ente.name);
    const layout = (enteList: string[]) =>
      REFERENTI.columns.map((column) => ({
        validated: "choices" in column || "choicesFromEnti" in column,
        ...(column.key === "ente" ? { list: enteList } : {}),
      }));
    const replaced = planTabInit(REFERENTI, setUp, headers, layout(ten));
    expect(replaced.requests.map((request) => request.setDataValidation?.range?.startColumnIndex)).toEqual([3]);
    expect(planTabInit(REFERENTI, setUp, headers, layout(["Lugo", "Unione"])).requests).toEqual([]);
  });

  test("a tab already set up (ID protected) gets nothing, so a second init sends no requests", () => {
    const headers = RIUNIONI.columns.map((column) => column.header);
    const plan = planTabInit(RIUNIONI, tab({ frozenRowCount: 1, protectedRanges: [{ startColumnIndex: 0, endColumnIndex: 1 }] }), headers);
    expect(plan).toEqual({ headerWrites: [], addedHeaders: [], requests: [] });
  });

  test("a set-up tab with a column added by init gets that column's dropdown only", () => {
    const headers = RIUNIONI.columns.map((column) => column.header).filter((header) => header !== "Stato");
    const plan = planTabInit(RIUNIONI, tab({ frozenRowCount: 1, protectedRanges: [{ startColumnIndex: 0, endColumnIndex: 1 }] }), headers);
    expect(plan.addedHeaders).toEqual(["Riunioni!Stato"]);
    expect(kinds(plan)).toEqual(["repeatCell", "setDataValidation"]);
    expect(plan.requests[1]!.setDataValidation!.range).toMatchObject({ startColumnIndex: 10, endColumnIndex: 11 });
  });

  test("a grid too narrow for the new headers is widened first", () => {
    const plan = planTabInit(IMPOSTAZIONI, tab({ title: "Impostazioni", columnCount: 1 }), []);
    expect(plan.requests[0]).toEqual({ appendDimension: { sheetId: 7, dimension: "COLUMNS", length: 1 } });
    expect(planTabInit(IMPOSTAZIONI, tab({ title: "Impostazioni", frozenRowCount: 1 }), ["Chiave", "Valore"]).requests).toEqual([]);
  });

  test("with row 2's layout, a set-up tab gets the formats and dropdowns it lacks, and keeps those it has", () => {
    const headers = PRESENZE.columns.map((column) => column.header);
    const setUp = tab({ title: "Presenze", frozenRowCount: 1, protectedRanges: [{ startColumnIndex: 0, endColumnIndex: 1 }] });
    // Everything in place but Aggiornato (I), written as text by an older version.
    const layout = PRESENZE.columns.map((column) => ({
      validated: "choices" in column || "choicesFromEnti" in column,
      ...(column.key !== "updatedAt" && "type" in column ? { numberFormat: "DATE" } : {}),
    }));
    const plan = planTabInit(PRESENZE, setUp, headers, layout);
    expect(plan.requests).toEqual([
      {
        repeatCell: {
          range: { sheetId: 7, startRowIndex: 1, startColumnIndex: 8, endColumnIndex: 9 },
          cell: { userEnteredFormat: { numberFormat: { type: "DATE_TIME", pattern: "dd/mm/yyyy hh:mm" } } },
          fields: "userEnteredFormat.numberFormat",
        },
      },
    ]);
    // A column whose dropdown the coordinator removed gets it back; with everything there, nothing.
    const noRisposta = layout.map((cell, i) => (i === 6 ? { validated: false } : cell));
    expect(kinds(planTabInit(PRESENZE, setUp, headers, noRisposta))).toEqual(["setDataValidation", "repeatCell"]);
    const complete = layout.map((cell, i) => (i === 8 ? { ...cell, numberFormat: "DATE_TIME" } : cell));
    expect(planTabInit(PRESENZE, setUp, headers, complete)).toEqual({ headerWrites: [], addedHeaders: [], requests: [] });
  });
});
