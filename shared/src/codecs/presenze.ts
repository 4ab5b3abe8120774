import { cellText } from "../cell-values.ts";
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
  return decodeTab<Attendance>(PRESENZE, grid, (row) => {
    const text = (key: string) => cellText(row.value(key));
    const meetingId = text("meetingId") || row.fail("meetingId", "riunione mancante");
    const email = (text("email") || row.fail("email", "email mancante")).toLowerCase();
    const answer = ANSWERS.get(foldKey(text("answer"))) ?? row.fail("answer", `risposta non valida ${quoteCell(row.value("answer"))}: Partecipo, Non partecipo o Delego`);
    return {
      id: text("id"),
      meetingId,
      email,
      name: text("name"),
      ente: parseEnte(text("ente")) ?? "",
      answer,
      delegate: text("delegate"),
      updatedAt: text("updatedAt"),
    };
  });
}
