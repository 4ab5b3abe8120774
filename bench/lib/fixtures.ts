import { randomUUID } from "node:crypto";
import { DAY_MS, SERIAL_EPOCH_UTC, TABS, type TabName } from "@rete-urp/shared";
import { demoWorkbookRows, TokenStore } from "@rete-urp/sheets-sync";
import ExcelJS from "exceljs";

/** Workbooks and tokens for the bench and the load test. */

const serialToDate = (serial: number) => new Date(SERIAL_EPOCH_UTC + Math.round(serial * DAY_MS));

const TAGS = ["modulistica", "accessibilità", "newsletter", "sito web", "social", "sportello", "SPID", "PagoPA"];
const WORDS = [
  "anagrafe",
  "tributi",
  "rifiuti",
  "scuola",
  "biblioteca",
  "cimiteri",
  "residenza",
  "carta d'identità",
  "bonus",
  "servizi sociali",
];

/** The demo roster's emails (every one an active referent after `init --demo`). */
export function demoEmails(now = new Date()): string[] {
  return demoWorkbookRows(now).Referenti.map((row) => String(row.email));
}

/** A token for each email, straight into the state dir's token file (what `token create` does). */
export async function createTokens(stateDir: string, emails: readonly string[], now = new Date()): Promise<string[]> {
  const store = TokenStore.inStateDir(stateDir);
  const tokens: string[] = [];
  for (const email of emails) tokens.push(await store.create(email, now));
  return tokens;
}

/** The demo's Enti tab, as the bench workbook has it: the enti the generated rows name. */
export function demoEnti(now = new Date()): string[] {
  return demoWorkbookRows(now).Enti.map((row) => String(row.name));
}

/** `count` plausible practices, the newest first, spread over the last three years, each of an ente of the demo's Enti tab. */
export function practiceRows(count: number, now = new Date()): Record<string, unknown>[] {
  const today = Math.floor((now.getTime() - SERIAL_EPOCH_UTC) / DAY_MS);
  const enti = demoEnti(now);
  return Array.from({ length: count }, (_, i) => {
    const word = WORDS[i % WORDS.length]!;
    const ente = enti[i % enti.length]!;
    return {
      id: randomUUID(),
      date: today - (i % 1000),
      title: `Prassi ${i + 1}: ${word} allo sportello`,
      description: `Come il comune di ${ente} gestisce le richieste su ${word}: modulo unico, risposta tipo, tempi.`,
      url: `https://www.labassaromagna.it/prassi/${i + 1}`,
      excerpt: i % 3 === 0 ? `Estratto della pagina su ${word}.` : "",
      tags: `${TAGS[i % TAGS.length]}, ${TAGS[(i + 3) % TAGS.length]}`,
      ente,
      author: "Marco Ricci",
      authorEmail: "marco.ricci@lugo.esempio.it",
    };
  });
}

/**
 * A workbook with the demo's tabs and headers, the demo roster, meetings and settings, and
 * `practices` generated practices, written with exceljs as the coordinator's office suite would
 * (real date and time cells).
 */
export async function writeWorkbook(path: string, practices: number, now = new Date()): Promise<void> {
  const demo = demoWorkbookRows(now);
  const rows: Partial<Record<TabName, Record<string, unknown>[]>> = { ...demo, "Buone prassi": practiceRows(practices, now) };
  const workbook = new ExcelJS.Workbook();
  for (const spec of TABS) {
    const sheet = workbook.addWorksheet(spec.name);
    sheet.addRow(spec.columns.map((column) => column.header));
    for (const values of rows[spec.name] ?? []) {
      sheet.addRow(
        spec.columns.map((column) => {
          const value = values[column.key];
          if (typeof value === "number" && (column as { type?: string }).type) return serialToDate(value);
          return value ?? null;
        }),
      );
    }
  }
  await workbook.xlsx.writeFile(path);
}
