import * as z from "zod/mini";
import {
  isBlankCell,
  type MinutesOfDay,
  minutesToSerialFraction,
  type PlainDate,
  parseDateCell,
  parseTimeCell,
  plainDateToSerial,
} from "../cell-values.ts";
import { IsoDateTimeSchema } from "../schema-parts.ts";
import type { ColumnKey, RowOf, TabSpec } from "../tab-spec.ts";
import {
  MEETING_KINDS,
  MEETING_STATUSES,
  type MeetingKind,
  type MeetingStatus,
  parseStato,
  parseTipo,
  STATO_LABELS,
  TIPO_LABELS,
} from "../vocabulary.ts";
import { decodeTab, type Grid, quoteCell, type RowAccess } from "./tab-reader.ts";

/**
 * A meeting: a Riunioni row as the coordinator wrote it (SheetMeeting), and the meeting the API
 * carries once the meeting rule has filled in what the row leaves out (meeting-rule.ts).
 */

export const RIUNIONI = {
  name: "Riunioni",
  noun: "una riunione",
  columns: [
    { key: "id", header: "ID" },
    { key: "date", header: "Data", required: true, type: "date" },
    { key: "startTime", header: "Inizio", type: "time" },
    { key: "endTime", header: "Fine", type: "time" },
    { key: "kind", header: "Tipo", choices: Object.values(TIPO_LABELS) },
    { key: "status", header: "Stato", choices: Object.values(STATO_LABELS) },
    { key: "location", header: "Luogo" },
    { key: "videoUrl", header: "Videoconferenza" },
    { key: "agendaUrl", header: "Ordine del giorno" },
    { key: "minutesUrl", header: "Verbale" },
    { key: "notes", header: "Note" },
  ],
} as const satisfies TabSpec;

export const MeetingSchema = z.object({
  id: z.string(),
  start: IsoDateTimeSchema,
  end: IsoDateTimeSchema,
  kind: z.enum(MEETING_KINDS),
  status: z.enum(MEETING_STATUSES),
  location: z.string(),
  videoUrl: z.string(),
  agendaUrl: z.string(),
  minutesUrl: z.string(),
  notes: z.string(),
  /** "rule": an occurrence of the ordinary series with no row in the sheet yet ("da confermare"). */
  source: z.enum(["sheet", "rule"]),
  /**
   * What sheets-sync remembers of the meeting's past (absent where nothing is remembered, as in
   * `sheets-sync ics`): the start it had before the coordinator moved it, when it saw the move or
   * the cancellation (answers given before a move need confirming again), and the RFC 5545
   * SEQUENCE, which grows only when the event changes, so calendar apps replace their copy.
   */
  movedFrom: z.optional(IsoDateTimeSchema),
  changedAt: z.optional(z.iso.datetime()),
  sequence: z.optional(z.int().check(z.minimum(0))),
});
export type Meeting = z.infer<typeof MeetingSchema>;

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

/** A Riunioni row as `schedule` writes it: dates and times as date and time cells. */
export function encodeSheetMeeting(meeting: SheetMeeting): RowOf<typeof RIUNIONI> {
  return {
    id: meeting.id,
    date: plainDateToSerial(meeting.date),
    startTime: meeting.startMinutes === undefined ? null : minutesToSerialFraction(meeting.startMinutes),
    endTime: meeting.endMinutes === undefined ? null : minutesToSerialFraction(meeting.endMinutes),
    kind: TIPO_LABELS[meeting.kind],
    status: STATO_LABELS[meeting.status],
    location: meeting.location,
    videoUrl: meeting.videoUrl,
    agendaUrl: meeting.agendaUrl,
    minutesUrl: meeting.minutesUrl,
    notes: meeting.notes,
  };
}
