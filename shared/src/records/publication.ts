import * as z from "zod/mini";
import { formatPlainDate, isoDateToSerial, parseDateCell } from "../cell-values.ts";
import { romeIsoDate } from "../meeting-rule.ts";
import { comuniOf, FALLBACK_NETWORK, type Network } from "../network.ts";
import { EnteSchema, IsoDateSchema, isHttpUrl, trimmed } from "../schema-parts.ts";
import type { RowOf, TabSpec } from "../tab-spec.ts";
import { NO_REFERENCES, type References, withDerivedCells } from "./companions.ts";
import { enteCell, enteListCell } from "./ente.ts";
import { authorOf, type Me } from "./referent.ts";
import { decodeTab, type Grid, quoteCell } from "./tab-reader.ts";

/**
 * What the coordinator asks every comune to publish (Pubblicazioni), and each comune's outcome
 * once a referent marks it published with the page as proof (Esiti pubblicazioni, one row per
 * publication and ente). Defined once here for the service and the extension's outbox alike.
 */

export const STATI_ESITO = ["Pubblicato"] as const;

export const PUBBLICAZIONI = {
  name: "Pubblicazioni",
  noun: "una pubblicazione",
  columns: [
    { key: "id", header: "ID" },
    { key: "title", header: "Titolo", required: true },
    { key: "sourceUrl", header: "Link fonte" },
    { key: "deadline", header: "Scadenza", required: true, type: "date" },
    { key: "enti", header: "Enti" },
    { key: "notes", header: "Note" },
  ],
} as const satisfies TabSpec;

export const ESITI_PUBBLICAZIONI = {
  name: "Esiti pubblicazioni",
  noun: "un esito di pubblicazione",
  columns: [
    { key: "id", header: "ID" },
    { key: "publicationId", header: "Pubblicazione", required: true },
    { key: "publicationTitle", header: "Titolo pubblicazione", derived: { from: "publicationId", show: "publicationTitle" } },
    { key: "ente", header: "Ente", required: true, choicesFromEnti: true },
    { key: "status", header: "Stato", choices: STATI_ESITO },
    { key: "publishedUrl", header: "Link pubblicazione" },
    { key: "author", header: "Autore" },
    { key: "authorEmail", header: "Email autore" },
    { key: "date", header: "Data", type: "date" },
  ],
} as const satisfies TabSpec;

export const PublicationSchema = z.object({
  id: z.string(),
  title: z.string(),
  sourceUrl: z.string(),
  deadline: IsoDateSchema,
  /** Who must publish it; empty in the sheet means every comune (Tipo Comune in Enti; the Unione only when named). */
  enti: z.array(EnteSchema),
  notes: z.string(),
});
export type Publication = z.infer<typeof PublicationSchema>;

export const PublicationOutcomeSchema = z.object({
  id: z.string(),
  publicationId: z.string(),
  ente: EnteSchema,
  publishedUrl: z.string(),
  author: z.string(),
  authorEmail: z.string(),
  date: z.union([IsoDateSchema, z.literal("")]),
});
export type PublicationOutcome = z.infer<typeof PublicationOutcomeSchema>;

/** A publication as one referent sees it: for their ente, with its state. */
export const MyPublicationSchema = z.extend(PublicationSchema, {
  published: z.boolean(),
  publishedUrl: z.string(),
  publishedAt: z.string(),
  overdue: z.boolean(),
});
export type MyPublication = z.infer<typeof MyPublicationSchema>;

/** POST /api/v1/publications/:id/published: the page where it went live, as proof. */
export const PublishedInputSchema = z.strictObject({
  url: trimmed(2000).check(z.refine(isHttpUrl, "serve l'indirizzo http o https della pagina pubblicata")),
});
export type PublishedInput = z.infer<typeof PublishedInputSchema>;

/**
 * `me`'s comune published it at `at`. `id` names the one row per publication and ente (the
 * service derives it from both).
 */
export function buildPublicationOutcome(id: string, publicationId: string, input: PublishedInput, me: Me, at: Date): PublicationOutcome {
  return { id, publicationId, ente: me.ente, publishedUrl: input.url, ...authorOf(me), date: romeIsoDate(at) };
}

/** The Esiti pubblicazioni row; with `references`, the publication's title beside its ID. */
export function encodePublicationOutcome(
  outcome: PublicationOutcome,
  references: References = NO_REFERENCES,
): RowOf<typeof ESITI_PUBBLICAZIONI> {
  return withDerivedCells(
    ESITI_PUBBLICAZIONI,
    {
      id: outcome.id,
      publicationId: outcome.publicationId,
      ente: outcome.ente,
      status: "Pubblicato",
      publishedUrl: outcome.publishedUrl,
      author: outcome.author,
      authorEmail: outcome.authorEmail,
      date: outcome.date === "" ? null : isoDateToSerial(outcome.date),
    },
    references,
  );
}

/** A publication as its ente sees it on `today` ("2026-11-03"), with that ente's outcome if any. */
export function myPublication(publication: Publication, outcome: PublicationOutcome | undefined, today: string): MyPublication {
  return {
    ...publication,
    published: outcome !== undefined,
    publishedUrl: outcome?.publishedUrl ?? "",
    publishedAt: outcome?.date ?? "",
    overdue: outcome === undefined && publication.deadline < today,
  };
}

/** `network`: the sheet's enti (decodeEnti); the Bassa Romagna's when left out. */
export function decodePubblicazioni(grid: Grid | undefined, network: Network = FALLBACK_NETWORK) {
  return decodeTab(PUBBLICAZIONI, grid, (row): Publication => {
    const title = row.text("title") || row.fail("title", "titolo mancante");
    const deadline =
      parseDateCell(row.value("deadline")) ?? row.fail("deadline", `scadenza non valida ${quoteCell(row.value("deadline"))}`);
    const enti = enteListCell(row, "enti", network);
    return {
      id: row.text("id"),
      title,
      sourceUrl: row.text("sourceUrl"),
      deadline: formatPlainDate(deadline),
      enti: enti.length > 0 ? enti : comuniOf(network),
      notes: row.text("notes"),
    };
  });
}

/** `network`: the sheet's enti (decodeEnti); the Bassa Romagna's when left out. */
export function decodeEsitiPubblicazioni(grid: Grid | undefined, network: Network = FALLBACK_NETWORK) {
  return decodeTab(ESITI_PUBBLICAZIONI, grid, (row): PublicationOutcome => {
    const publicationId = row.text("publicationId") || row.fail("publicationId", "pubblicazione mancante");
    const ente = enteCell(row, "ente", network);
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
