import * as z from "zod/mini";
import { cellText, formatMinutes, parseTimeCell } from "../cell-values.ts";
import type { TabSpec } from "../tab-spec.ts";
import { foldKey, splitList } from "../text.ts";
import { parseMonth } from "../vocabulary.ts";
import { decodeTab, type Grid, quoteCell } from "./tab-reader.ts";

/** The network's settings: the Impostazioni tab, one `Chiave`/`Valore` pair per row. */

export const IMPOSTAZIONI = {
  name: "Impostazioni",
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
        const months = splitList(text).map((item) => parseMonth(item) ?? row.fail("value", `mese non valido "${item}"`));
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
