import { type MinutesOfDay, type PlainDate, isBlankCell, parseDateCell, parseTimeCell } from "../cell-values.ts";
import { type ColumnKey, RIUNIONI } from "../sheet-contract.ts";
import { type MeetingKind, type MeetingStatus, parseStato, parseTipo } from "../vocabulary.ts";
import { type Grid, type RowAccess, decodeTab, quoteCell } from "./tab-reader.ts";

/** A Riunioni row as the coordinator wrote it; the meeting rule turns it into a Meeting. */
export interface SheetMeeting {
  id: string;
  date: PlainDate;
  /** Missing: the settings' `Ora inizio`. */
  startMinutes?: MinutesOfDay;
  /** Missing: start + `Durata minuti`. */
  endMinutes?: MinutesOfDay;
  kind: MeetingKind;
  status: MeetingStatus;
  location: string;
  videoUrl: string;
  agendaUrl: string;
  minutesUrl: string;
  notes: string;
}

function optionalTime(row: RowAccess<ColumnKey<typeof RIUNIONI>>, key: "startTime" | "endTime"): MinutesOfDay | undefined {
  const value = row.value(key);
  if (isBlankCell(value)) return undefined;
  return parseTimeCell(value) ?? row.fail(key, `ora non valida ${quoteCell(value)}: usa HH:MM`);
}

export function decodeRiunioni(grid: Grid | undefined) {
  return decodeTab(RIUNIONI, grid, (row): SheetMeeting => {
    const date = parseDateCell(row.value("date")) ?? row.fail("date", `data non valida ${quoteCell(row.value("date"))}`);
    const startMinutes = optionalTime(row, "startTime");
    const endMinutes = optionalTime(row, "endTime");
    if (startMinutes !== undefined && endMinutes !== undefined && endMinutes <= startMinutes) {
      row.fail("endTime", `l'ora di fine ${quoteCell(row.value("endTime"))} non è dopo l'inizio`);
    }
    const kind = parseTipo(row.text("kind")) ?? row.fail("kind", `tipo sconosciuto ${quoteCell(row.value("kind"))}: Ordinaria o Urgente`);
    const status =
      parseStato(row.text("status")) ??
      row.fail("status", `stato sconosciuto ${quoteCell(row.value("status"))}: Pianificata, Confermata, Annullata o Svolta`);
    return {
      id: row.text("id"),
      date,
      ...(startMinutes === undefined ? {} : { startMinutes }),
      ...(endMinutes === undefined ? {} : { endMinutes }),
      kind,
      status,
      location: row.text("location"),
      videoUrl: row.text("videoUrl"),
      agendaUrl: row.text("agendaUrl"),
      minutesUrl: row.text("minutesUrl"),
      notes: row.text("notes"),
    };
  });
}
