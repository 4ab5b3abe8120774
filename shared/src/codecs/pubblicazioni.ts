import { formatPlainDate, parseDateCell } from "../cell-values.ts";
import { ESITI_PUBBLICAZIONI, PUBBLICAZIONI } from "../sheet-contract.ts";
import type { Ente } from "../vocabulary.ts";
import { ENTI, parseEnte } from "../vocabulary.ts";
import type { Publication, PublicationOutcome } from "../schemas.ts";
import { splitList } from "../text.ts";
import { type Grid, decodeTab, quoteCell } from "./tab-reader.ts";

/** An empty `Enti` cell means every comune (the Unione is listed explicitly when it must publish too). */
export const ALL_COMUNI: readonly Ente[] = ENTI.filter((ente) => ente !== "Unione");

export function decodePubblicazioni(grid: Grid | undefined) {
  return decodeTab(PUBBLICAZIONI, grid, (row): Publication => {
    const title = row.text("title") || row.fail("title", "titolo mancante");
    const deadline = parseDateCell(row.value("deadline")) ?? row.fail("deadline", `scadenza non valida ${quoteCell(row.value("deadline"))}`);
    const enti = splitList(row.text("enti")).map((item) => parseEnte(item) ?? row.fail("enti", `ente sconosciuto "${item}"`));
    return {
      id: row.text("id"),
      title,
      sourceUrl: row.text("sourceUrl"),
      deadline: formatPlainDate(deadline),
      enti: enti.length > 0 ? [...new Set(enti)] : [...ALL_COMUNI],
      notes: row.text("notes"),
    };
  });
}

export function decodeEsitiPubblicazioni(grid: Grid | undefined) {
  return decodeTab(ESITI_PUBBLICAZIONI, grid, (row): PublicationOutcome => {
    const publicationId = row.text("publicationId") || row.fail("publicationId", "pubblicazione mancante");
    const ente = parseEnte(row.text("ente")) ?? row.fail("ente", `ente sconosciuto ${quoteCell(row.value("ente"))}`);
    const date = parseDateCell(row.value("date"));
    return {
      id: row.text("id"),
      publicationId,
      ente,
      publishedUrl: row.text("publishedUrl"),
      author: row.text("author"),
      authorEmail: row.text("authorEmail").toLowerCase(),
      date: date ? formatPlainDate(date) : "",
    };
  });
}
