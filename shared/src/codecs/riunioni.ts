import { type MinutesOfDay, type PlainDate, cellText, isBlankCell, parseDateCell, parseTimeCell } from "../cell-values.ts";
import { RIUNIONI } from "../sheet-contract.ts";
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

function optionalTime(row: RowAccess, key: string): MinutesOfDay | undefined {
  const value = row.value(key);
  if (isBlankCell(value)) return undefined;
  return parseTimeCell(value) ?? row.fail(key, `ora non valida ${quoteCell(value)}: usa HH:MM`);
}

export function decodeRiunioni(grid: Grid | undefined) {
  return decodeTab<SheetMeeting>(RIUNIONI, grid, (row) => {
    const text = (key: string) => cellText(row.value(key));
    const date = parseDateCell(row.value("date")) ?? row.fail("date", `data non valida ${quoteCell(row.value("date"))}`);
    const startMinutes = optionalTime(row, "startTime");
    const endMinutes = optionalTime(row, "endTime");
    if (startMinutes !== undefined && endMinutes !== undefined && endMinutes <= startMinutes) {
      row.fail("endTime", `l'ora di fine ${quoteCell(row.value("endTime"))} non è dopo l'inizio`);
    }
    const kind = parseTipo(text("kind")) ?? row.fail("kind", `tipo sconosciuto ${quoteCell(row.value("kind"))}: Ordinaria o Urgente`);
    const status =
      parseStato(text("status")) ??
      row.fail("status", `stato sconosciuto ${quoteCell(row.value("status"))}: Pianificata, Confermata, Annullata o Svolta`);
    return {
      id: text("id"),
      date,
      ...(startMinutes === undefined ? {} : { startMinutes }),
      ...(endMinutes === undefined ? {} : { endMinutes }),
      kind,
      status,
      location: text("location"),
      videoUrl: text("videoUrl"),
      agendaUrl: text("agendaUrl"),
      minutesUrl: text("minutesUrl"),
      notes: text("notes"),
    };
  });
}
