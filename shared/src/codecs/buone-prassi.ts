import { cellText, formatPlainDate, parseDateCell } from "../cell-values.ts";
import { BUONE_PRASSI } from "../sheet-contract.ts";
import type { Practice } from "../schemas.ts";
import { splitList } from "../text.ts";
import { parseEnte } from "../vocabulary.ts";
import { type Grid, decodeTab, quoteCell } from "./tab-reader.ts";

export function decodeBuonePrassi(grid: Grid | undefined) {
  return decodeTab<Practice>(BUONE_PRASSI, grid, (row) => {
    const text = (key: string) => cellText(row.value(key));
    const date = parseDateCell(row.value("date")) ?? row.fail("date", `data non valida ${quoteCell(row.value("date"))}`);
    const title = text("title") || row.fail("title", "titolo mancante");
    const enteText = text("ente");
    const ente = enteText === "" ? "" : (parseEnte(enteText) ?? row.fail("ente", `ente sconosciuto ${quoteCell(row.value("ente"))}`));
    return {
      id: text("id"),
      date: formatPlainDate(date),
      title,
      description: text("description"),
      // Kept as written: the extension links only http(s) and shows anything else as text.
      url: text("url"),
      excerpt: text("excerpt"),
      tags: splitList(text("tags")),
      ente,
      author: text("author"),
      authorEmail: text("authorEmail").toLowerCase(),
    };
  });
}
