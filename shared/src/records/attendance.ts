import * as z from "zod/mini";
import { FALLBACK_NETWORK, type Network, parseEnte } from "../network.ts";
import { EnteSchema, trimmed } from "../schema-parts.ts";
import type { RowOf, TabSpec } from "../tab-spec.ts";
import { foldKey } from "../text.ts";
import { isoInstantToSerial, parseTimestampCell } from "../timestamp-cells.ts";
import { NO_REFERENCES, type References, withDerivedCells } from "./companions.ts";
import type { Me } from "./referent.ts";
import { decodeTab, type Grid, quoteCell } from "./tab-reader.ts";

/**
 * Each referent's answer for a meeting: one row per (meeting, person) in Presenze, updated in
 * place. Defined once here for the service and the extension's outbox alike.
 */

export const ATTENDANCE_ANSWERS = ["yes", "no", "delegate"] as const;
export const AttendanceAnswerSchema = z.enum(ATTENDANCE_ANSWERS);
export type AttendanceAnswer = z.infer<typeof AttendanceAnswerSchema>;
/** The Risposta words in the sheet, one per answer. */
export const ANSWER_LABELS = { yes: "Partecipo", no: "Non partecipo", delegate: "Delego" } as const satisfies Record<
  AttendanceAnswer,
  string
>;
export const RISPOSTE = Object.values(ANSWER_LABELS);

export const PRESENZE = {
  name: "Presenze",
  noun: "una risposta all'invito",
  columns: [
    { key: "id", header: "ID" },
    { key: "meetingId", header: "Riunione", required: true },
    { key: "meetingDate", header: "Data riunione", type: "date", derived: { from: "meetingId", show: "meetingDate" } },
    { key: "email", header: "Email", required: true },
    { key: "name", header: "Nome" },
    { key: "ente", header: "Ente", choicesFromEnti: true },
    { key: "answer", header: "Risposta", required: true, choices: RISPOSTE },
    { key: "delegate", header: "Delegato" },
    { key: "updatedAt", header: "Aggiornato", type: "datetime" },
  ],
} as const satisfies TabSpec;

export const AttendanceSchema = z.object({
  id: z.string(),
  meetingId: z.string(),
  email: z.string(),
  name: z.string(),
  ente: z.union([EnteSchema, z.literal("")]),
  answer: AttendanceAnswerSchema,
  delegate: z.string(),
  /** When the answer was given, as UTC ISO text ("" when the sheet does not say). */
  updatedAt: z.string(),
});
export type Attendance = z.infer<typeof AttendanceSchema>;

/** PUT /api/v1/meetings/:id/attendance */
export const AttendanceInputSchema = z
  .strictObject({
    answer: AttendanceAnswerSchema,
    delegate: z.optional(trimmed(200)),
  })
  .check(
    z.refine((input) => input.answer !== "delegate" || (input.delegate ?? "") !== "", {
      message: "indica a chi deleghi",
      path: ["delegate"],
    }),
  );
export type AttendanceInput = z.infer<typeof AttendanceInputSchema>;

/**
 * The answer `me` gives for a meeting at `at`. `id` names the one row per meeting and person
 * (the service derives it from both; a client that does not know it yet passes "").
 */
export function buildAttendance(id: string, meetingId: string, input: AttendanceInput, me: Me, at: Date): Attendance {
  return {
    id,
    meetingId,
    email: me.email.toLowerCase(),
    name: `${me.firstName} ${me.lastName}`,
    ente: me.ente,
    answer: input.answer,
    // A delegate named with another answer means nothing: not kept.
    delegate: input.answer === "delegate" ? (input.delegate ?? "") : "",
    updatedAt: at.toISOString(),
  };
}

/**
 * The Presenze row: the time of the answer as a date-time cell (Rome wall-clock), and with
 * `references` the meeting's date beside its ID.
 */
export function encodeAttendance(attendance: Attendance, references: References = NO_REFERENCES): RowOf<typeof PRESENZE> {
  return withDerivedCells(
    PRESENZE,
    {
      id: attendance.id,
      meetingId: attendance.meetingId,
      email: attendance.email,
      name: attendance.name,
      ente: attendance.ente,
      answer: ANSWER_LABELS[attendance.answer],
      delegate: attendance.delegate,
      updatedAt: attendance.updatedAt === "" ? null : isoInstantToSerial(attendance.updatedAt),
    },
    references,
  );
}

const ANSWERS = new Map<string, AttendanceAnswer>([
  ["partecipo", "yes"],
  ["si", "yes"],
  ["nonpartecipo", "no"],
  ["no", "no"],
  ["delego", "delegate"],
  ["delega", "delegate"],
]);

/** `network`: the sheet's enti (decodeEnti); the Bassa Romagna's when left out. */
export function decodePresenze(grid: Grid | undefined, network: Network = FALLBACK_NETWORK) {
  return decodeTab(PRESENZE, grid, (row): Attendance => {
    const meetingId = row.text("meetingId") || row.fail("meetingId", "riunione mancante");
    const email = (row.text("email") || row.fail("email", "email mancante")).toLowerCase();
    const answer =
      ANSWERS.get(foldKey(row.text("answer"))) ??
      row.fail("answer", `risposta non valida ${quoteCell(row.value("answer"))}: Partecipo, Non partecipo o Delego`);
    return {
      id: row.text("id"),
      meetingId,
      email,
      name: row.text("name"),
      // Written by sheets-sync from the referent's row: an ente the sheet no longer lists is no reason to lose the answer.
      ente: parseEnte(row.text("ente"), network) ?? "",
      answer,
      delegate: row.text("delegate"),
      // A date-time cell, or a date and time typed by hand; anything else: unknown.
      updatedAt: parseTimestampCell(row.value("updatedAt")) ?? "",
    };
  });
}
