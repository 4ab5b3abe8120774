import * as z from "zod/mini";
import { formatPlainDate, isoDateToSerial, parseDateCell } from "../cell-values.ts";
import { romeIsoDate } from "../meeting-rule.ts";
import { FALLBACK_NETWORK, type Network } from "../network.ts";
import { clientId, EnteSchema, IsoDateSchema, MAX_TEXT, optionalHttpUrl, trimmed } from "../schema-parts.ts";
import type { RowOf, TabSpec } from "../tab-spec.ts";
import { splitList } from "../text.ts";
import { enteCell } from "./ente.ts";
import { authorOf, type Me } from "./referent.ts";
import { decodeTab, type Grid, quoteCell } from "./tab-reader.ts";

/**
 * A best practice (buona prassi): everything the network knows about one, in one place — its
 * columns, how a row reads and is written, what a client sends, the record built from that and
 * its author, and the text a search looks in. The service and the extension's outbox both build
 * it here, so they cannot disagree.
 */

export const BUONE_PRASSI = {
  name: "Buone prassi",
  noun: "una buona prassi",
  columns: [
    { key: "id", header: "ID" },
    { key: "date", header: "Data", required: true, type: "date" },
    { key: "title", header: "Titolo", required: true },
    { key: "description", header: "Descrizione" },
    { key: "url", header: "Link" },
    { key: "excerpt", header: "Estratto" },
    { key: "tags", header: "Tag" },
    { key: "ente", header: "Ente", choicesFromEnti: true },
    { key: "author", header: "Autore" },
    { key: "authorEmail", header: "Email autore" },
  ],
} as const satisfies TabSpec;

export const PracticeSchema = z.object({
  id: z.string(),
  date: IsoDateSchema,
  title: z.string(),
  description: z.string(),
  url: z.string(),
  excerpt: z.string(),
  tags: z.array(z.string()),
  /** "": no ente (a practice seen elsewhere, or a colleague's from outside the Unione). */
  ente: z.union([EnteSchema, z.literal("")]),
  author: z.string(),
  authorEmail: z.string(),
});
export type Practice = z.infer<typeof PracticeSchema>;

/** POST /api/v1/practices. The author comes from the token, never from the body. */
export const PracticeInputSchema = z.strictObject({
  id: clientId(),
  title: trimmed(500).check(z.minLength(1, "il titolo è obbligatorio")),
  url: optionalHttpUrl(),
  excerpt: z.optional(trimmed(MAX_TEXT)),
  description: z.optional(trimmed(MAX_TEXT)),
  tags: z.optional(z.array(trimmed(60).check(z.minLength(1))).check(z.maxLength(20))),
  /** Left out: the author's own ente. "": none ("Nessuno" in the form). */
  ente: z.optional(z.union([EnteSchema, z.literal("")])),
});
export type PracticeInput = z.infer<typeof PracticeInputSchema>;

/** The practice a valid input becomes, written by `me` at `at` (its date is the Rome day). */
export function buildPractice(input: PracticeInput, me: Me, at: Date): Practice {
  return {
    id: input.id,
    date: romeIsoDate(at),
    title: input.title,
    description: input.description ?? "",
    url: input.url ?? "",
    excerpt: input.excerpt ?? "",
    tags: input.tags ?? [],
    ente: input.ente ?? me.ente,
    ...authorOf(me),
  };
}

export function encodePractice(practice: Practice): RowOf<typeof BUONE_PRASSI> {
  return {
    id: practice.id,
    date: isoDateToSerial(practice.date),
    title: practice.title,
    description: practice.description,
    url: practice.url,
    excerpt: practice.excerpt,
    tags: practice.tags.join(", "),
    ente: practice.ente,
    author: practice.author,
    authorEmail: practice.authorEmail,
  };
}

/** `network`: the sheet's enti (decodeEnti); the Bassa Romagna's when left out. */
export function decodeBuonePrassi(grid: Grid | undefined, network: Network = FALLBACK_NETWORK) {
  return decodeTab(BUONE_PRASSI, grid, (row): Practice => {
    const date = parseDateCell(row.value("date")) ?? row.fail("date", `data non valida ${quoteCell(row.value("date"))}`);
    const title = row.text("title") || row.fail("title", "titolo mancante");
    const ente = row.text("ente") === "" ? "" : enteCell(row, "ente", network);
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

// The search text and the one order live beside, in a module with no zod (the extension's lazy
// "Buone prassi" chunk imports it alone); they are part of this record all the same.
export { practiceSearchText, sortPracticesNewestFirst } from "./practice-search.ts";
