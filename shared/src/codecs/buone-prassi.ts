import { formatPlainDate, parseDateCell } from "../cell-values.ts";
import { BUONE_PRASSI } from "../sheet-contract.ts";
import type { Practice } from "../schemas.ts";
import { splitList } from "../text.ts";
import { parseEnte } from "../vocabulary.ts";
import { type Grid, decodeTab, quoteCell } from "./tab-reader.ts";

export function decodeBuonePrassi(grid: Grid | undefined) {
  return decodeTab(BUONE_PRASSI, grid, (row): Practice => {
    const date = parseDateCell(row.value("date")) ?? row.fail("date", `data non valida ${quoteCell(row.value("date"))}`);
    const title = row.text("title") || row.fail("title", "titolo mancante");
    const enteText = row.text("ente");
    const ente = enteText === "" ? "" : (parseEnte(enteText) ?? row.fail("ente", `ente sconosciuto ${quoteCell(row.value("ente"))}`));
    return {
      id: row.text("id"),
      date: formatPlainDate(date),
      title,
      description: row.text("description"),
      // Kept as written: the extension links only http(s) and shows anything else as text.
      url: row.text("url"),
      excerpt: row.text("excerpt"),
      tags: splitList(row.text("tags")),
      ente,
      author: row.text("author"),
      authorEmail: row.text("authorEmail").toLowerCase(),
    };
  });
}
