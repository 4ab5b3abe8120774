import { cellText, formatPlainDate, parseDateCell } from "../cell-values.ts";
import { PROPOSTE } from "../sheet-contract.ts";
import type { Proposal } from "../schemas.ts";
import { foldKey } from "../text.ts";
import { parseEnte } from "../vocabulary.ts";
import { type Grid, decodeTab, quoteCell } from "./tab-reader.ts";

const STATUSES = new Map<string, Proposal["status"]>([
  ["", "proposed"],
  ["proposta", "proposed"],
  ["accettata", "accepted"],
  ["accolta", "accepted"],
  ["respinta", "rejected"],
  ["nonaccettata", "rejected"],
]);

export function decodeProposte(grid: Grid | undefined) {
  return decodeTab<Proposal>(PROPOSTE, grid, (row) => {
    const text = (key: string) => cellText(row.value(key));
    const meetingId = text("meetingId") || row.fail("meetingId", "riunione mancante");
    const date = parseDateCell(row.value("date")) ?? row.fail("date", `data non valida ${quoteCell(row.value("date"))}`);
    const title = text("title") || row.fail("title", "titolo mancante");
    const status =
      STATUSES.get(foldKey(text("status"))) ?? row.fail("status", `stato non valido ${quoteCell(row.value("status"))}: Proposta, Accettata o Respinta`);
    return {
      id: text("id"),
      meetingId,
      date: formatPlainDate(date),
      title,
      description: text("description"),
      url: text("url"),
      excerpt: text("excerpt"),
      ente: parseEnte(text("ente")) ?? "",
      author: text("author"),
      authorEmail: text("authorEmail").toLowerCase(),
      status,
    };
  });
}
