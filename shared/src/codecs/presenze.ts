
import { PRESENZE } from "../sheet-contract.ts";
import type { Attendance, AttendanceAnswer } from "../schemas.ts";
import { foldKey } from "../text.ts";
import { parseEnte } from "../vocabulary.ts";
import { type Grid, decodeTab, quoteCell } from "./tab-reader.ts";

const ANSWERS = new Map<string, AttendanceAnswer>([
  ["partecipo", "yes"],
  ["si", "yes"],
  ["nonpartecipo", "no"],
  ["no", "no"],
  ["delego", "delegate"],
  ["delega", "delegate"],
]);

export const ANSWER_LABELS: Record<AttendanceAnswer, string> = { yes: "Partecipo", no: "Non partecipo", delegate: "Delego" };

export function decodePresenze(grid: Grid | undefined) {
  return decodeTab(PRESENZE, grid, (row): Attendance => {
    const meetingId = row.text("meetingId") || row.fail("meetingId", "riunione mancante");
    const email = (row.text("email") || row.fail("email", "email mancante")).toLowerCase();
    const answer = ANSWERS.get(foldKey(row.text("answer"))) ?? row.fail("answer", `risposta non valida ${quoteCell(row.value("answer"))}: Partecipo, Non partecipo o Delego`);
    return {
      id: row.text("id"),
      meetingId,
      email,
      name: row.text("name"),
      ente: parseEnte(row.text("ente")) ?? "",
      answer,
      delegate: row.text("delegate"),
      updatedAt: row.text("updatedAt"),
    };
  });
}
