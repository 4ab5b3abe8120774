import * as z from "zod/mini";
import { cellText, formatMinutes, parseTimeCell } from "../cell-values.ts";
import type { TabSpec } from "../tab-spec.ts";
import { foldKey, splitList } from "../text.ts";
import { parseMonth } from "../vocabulary.ts";
import { decodeTab, type Grid, quoteCell } from "./tab-reader.ts";

/** The network's settings: the Impostazioni tab, one `Chiave`/`Valore` pair per row. */

export const IMPOSTAZIONI = {
  name: "Impostazioni",
  noun: "un'impostazione",
  columns: [
    { key: "key", header: "Chiave", required: true },
    { key: "value", header: "Valore", required: true },
  ],
} as const satisfies TabSpec;

export const SettingsSchema = z.object({
  /** Months (1-12) of the ordinary meetings. */
  meetingMonths: z.array(z.int().check(z.minimum(1), z.maximum(12))),
  /** "10:00" */
  startTime: z.string().check(z.regex(/^\d{2}:\d{2}$/)),
  durationMinutes: z.int().check(z.positive()),
  defaultLocation: z.string(),
  defaultVideoUrl: z.string(),
  suggestedTags: z.array(z.string()),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** What a key missing from the tab (or written wrong) means. */
export const DEFAULT_SETTINGS: Settings = {
  meetingMonths: [1, 3, 5, 7, 9, 11],
  startTime: "10:00",
  durationMinutes: 120,
  defaultLocation: "",
  defaultVideoUrl: "",
  suggestedTags: [],
};

/** The keys of the Impostazioni tab, as the coordinator writes them in `Chiave`. */
export const SETTING_KEYS = {
  meetingMonths: "Mesi riunioni",
  startTime: "Ora inizio",
  durationMinutes: "Durata minuti",
  defaultLocation: "Luogo predefinito",
  defaultVideoUrl: "Videoconferenza predefinita",
  suggestedTags: "Tag suggeriti",
} as const satisfies Record<keyof Settings, string>;

type Entry = { id: string; key: keyof Settings; value: Settings[keyof Settings] };

const keyByFolded = new Map(Object.entries(SETTING_KEYS).map(([key, label]) => [foldKey(label), key as keyof Settings]));

const MONTHS_AS_TEXT = 'scrivi i mesi come testo, es. "gennaio, ottobre"';

/**
 * A number where the months' list goes. With the sheet in Italian, "1,10" typed in the cell is
 * the decimal number 1.1 (the comma is the decimal separator), which would read as month 11;
 * "1.10" may become a date. A whole number from 1 to 12 is one month, and stays valid.
 */
function notAMonthList(value: number, fail: (message: string) => never): void {
  if (Number.isInteger(value) && value >= 1 && value <= 12) return;
  const shown = String(value).replace(".", ",");
  if (!Number.isInteger(value)) {
    fail(
      `"${shown}" non è un elenco di mesi: il foglio ha letto i mesi scritti (per esempio 1,10) come un numero decimale; ${MONTHS_AS_TEXT}`,
    );
  }
  fail(`"${shown}" non è un elenco di mesi: il foglio ha letto la cella come un numero o una data; ${MONTHS_AS_TEXT}`);
}

/** A month's name or number; "1.1" is none (parseMonth alone would fold it to 11). */
function monthOf(item: string): number | undefined {
  if (/\d/.test(item) && !/^\d{1,2}$/.test(item)) return undefined;
  return parseMonth(item);
}

/** Settings from the Impostazioni tab; missing or bad keys keep their defaults (and are reported). */
export function decodeImpostazioni(grid: Grid | undefined) {
  const decoded = decodeTab(IMPOSTAZIONI, grid, (row): Entry => {
    const label = cellText(row.value("key"));
    const key = keyByFolded.get(foldKey(label)) ?? row.fail("key", `impostazione sconosciuta ${quoteCell(label)}`);
    const raw = row.value("value");
    const text = cellText(raw);
    // Rows are keyed by their Chiave: the tab has no ID column.
    const id = key;
    switch (key) {
      case "meetingMonths": {
        if (typeof raw === "number") notAMonthList(raw, (message) => row.fail("value", message));
        const months = splitList(text).map((item) => monthOf(item) ?? row.fail("value", `mese non valido "${item}"`));
        if (months.length === 0) row.fail("value", "indicare almeno un mese");
        return { id, key, value: [...new Set(months)].sort((a, b) => a - b) };
      }
      case "startTime": {
        const minutes = parseTimeCell(raw) ?? row.fail("value", `ora non valida ${quoteCell(raw)}: usa HH:MM`);
        return { id, key, value: formatMinutes(minutes) };
      }
      case "durationMinutes": {
        const minutes = typeof raw === "number" ? raw : Number(text);
        if (!Number.isInteger(minutes) || minutes <= 0 || minutes > 24 * 60) {
          row.fail("value", `durata non valida ${quoteCell(raw)}: minuti, per esempio 120`);
        }
        return { id, key, value: minutes };
      }
      case "suggestedTags":
        return { id, key, value: splitList(text) };
      default:
        return { id, key, value: text };
    }
  });
  const settings: Settings = { ...DEFAULT_SETTINGS };
  for (const entry of decoded.records) (settings as Record<string, unknown>)[entry.key] = entry.value;
  return { settings, problems: decoded.problems, usable: decoded.usable };
}
