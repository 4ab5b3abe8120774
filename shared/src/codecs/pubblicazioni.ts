import { cellText, formatPlainDate, parseDateCell } from "../cell-values.ts";
import { ESITI_PUBBLICAZIONI, PUBBLICAZIONI } from "../sheet-contract.ts";
import type { Ente } from "../vocabulary.ts";
import { ENTI, parseEnte } from "../vocabulary.ts";
import type { Publication, PublicationOutcome } from "../schemas.ts";
import { splitList } from "../text.ts";
import { type Grid, decodeTab, quoteCell } from "./tab-reader.ts";

/** An empty `Enti` cell means every comune (the Unione is listed explicitly when it must publish too). */
export const ALL_COMUNI: readonly Ente[] = ENTI.filter((ente) => ente !== "Unione");

export function decodePubblicazioni(grid: Grid | undefined) {
  return decodeTab<Publication>(PUBBLICAZIONI, grid, (row) => {
    const text = (key: string) => cellText(row.value(key));
    const title = text("title") || row.fail("title", "titolo mancante");
    const deadline = parseDateCell(row.value("deadline")) ?? row.fail("deadline", `scadenza non valida ${quoteCell(row.value("deadline"))}`);
    const enti = splitList(text("enti")).map((item) => parseEnte(item) ?? row.fail("enti", `ente sconosciuto "${item}"`));
    return {
      id: text("id"),
      title,
      sourceUrl: text("sourceUrl"),
      deadline: formatPlainDate(deadline),
      enti: enti.length > 0 ? [...new Set(enti)] : [...ALL_COMUNI],
      notes: text("notes"),
    };
  });
}

export function decodeEsitiPubblicazioni(grid: Grid | undefined) {
  return decodeTab<PublicationOutcome>(ESITI_PUBBLICAZIONI, grid, (row) => {
    const text = (key: string) => cellText(row.value(key));
    const publicationId = text("publicationId") || row.fail("publicationId", "pubblicazione mancante");
    const ente = parseEnte(text("ente")) ?? row.fail("ente", `ente sconosciuto ${quoteCell(row.value("ente"))}`);
    const date = parseDateCell(row.value("date"));
    return {
      id: text("id"),
      publicationId,
      ente,
      publishedUrl: text("publishedUrl"),
      author: text("author"),
      authorEmail: text("authorEmail").toLowerCase(),
      date: date ? formatPlainDate(date) : "",
    };
  });
}
