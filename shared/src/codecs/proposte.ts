import { formatPlainDate, parseDateCell } from "../cell-values.ts";
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
  return decodeTab(PROPOSTE, grid, (row): Proposal => {
    const meetingId = row.text("meetingId") || row.fail("meetingId", "riunione mancante");
    const date = parseDateCell(row.value("date")) ?? row.fail("date", `data non valida ${quoteCell(row.value("date"))}`);
    const title = row.text("title") || row.fail("title", "titolo mancante");
    const status =
      STATUSES.get(foldKey(row.text("status"))) ?? row.fail("status", `stato non valido ${quoteCell(row.value("status"))}: Proposta, Accettata o Respinta`);
    return {
      id: row.text("id"),
      meetingId,
      date: formatPlainDate(date),
      title,
      description: row.text("description"),
      url: row.text("url"),
      excerpt: row.text("excerpt"),
      ente: parseEnte(row.text("ente")) ?? "",
      author: row.text("author"),
      authorEmail: row.text("authorEmail").toLowerCase(),
      status,
    };
  });
}
