import * as z from "zod/mini";
import { formatPlainDate, isoDateToSerial, parseDateCell } from "../cell-values.ts";
import { romeIsoDate } from "../meeting-rule.ts";
import { FALLBACK_NETWORK, type Network } from "../network.ts";
import { clientId, EnteSchema, IsoDateSchema, MAX_TEXT, optionalHttpUrl, trimmed } from "../schema-parts.ts";
import type { RowOf, TabSpec } from "../tab-spec.ts";
import { enteCell } from "./ente.ts";
import { findProject } from "./project.ts";
import { authorOf, type Me } from "./referent.ts";
import { decodeTab, type Grid, quoteCell } from "./tab-reader.ts";

/**
 * An update on a shared project (Aggiornamenti), written by a referent from the extension: what
 * happened, often with the page it happened on. Its Progetto cell names the project by ID (as
 * sheets-sync writes it) or by title (as a person types it). Defined once here for the service and
 * the extension's outbox alike.
 */

export const AGGIORNAMENTI = {
  name: "Aggiornamenti",
  noun: "un aggiornamento di progetto",
  columns: [
    { key: "id", header: "ID" },
    { key: "projectId", header: "Progetto", required: true },
    { key: "date", header: "Data", type: "date" },
    { key: "text", header: "Testo", required: true },
    { key: "url", header: "Link" },
    { key: "ente", header: "Ente", choicesFromEnti: true },
    { key: "author", header: "Autore" },
    { key: "authorEmail", header: "Email autore" },
  ],
} as const satisfies TabSpec;

export const ProjectUpdateSchema = z.object({
  id: z.string(),
  /** The project's ID (a title typed by hand is resolved to it when the tab is read). */
  projectId: z.string(),
  /** "" when the coordinator typed one without a date. */
  date: z.union([IsoDateSchema, z.literal("")]),
  text: z.string(),
  url: z.string(),
  ente: z.union([EnteSchema, z.literal("")]),
  author: z.string(),
  authorEmail: z.string(),
});
export type ProjectUpdate = z.infer<typeof ProjectUpdateSchema>;

/** POST /api/v1/project-updates: "Aggiungi un aggiornamento"; idempotent by the client's UUID. */
export const ProjectUpdateInputSchema = z.strictObject({
  id: clientId(),
  projectId: trimmed(100).check(z.minLength(1, "indica il progetto")),
  text: trimmed(MAX_TEXT).check(z.minLength(1, "il testo è obbligatorio")),
  url: optionalHttpUrl(),
});
export type ProjectUpdateInput = z.infer<typeof ProjectUpdateInputSchema>;

/** The update a valid input becomes, from `me` at `at` (the Rome day), for the project the service resolved. */
export function buildProjectUpdate(input: ProjectUpdateInput, projectId: string, me: Me, at: Date): ProjectUpdate {
  return {
    id: input.id,
    projectId,
    date: romeIsoDate(at),
    text: input.text,
    url: input.url ?? "",
    ente: me.ente,
    ...authorOf(me),
  };
}

/** The Aggiornamenti row; `projectCell` is what the Progetto cell says (projectReference in project.ts). */
export function encodeProjectUpdate(update: ProjectUpdate, projectCell: string = update.projectId): RowOf<typeof AGGIORNAMENTI> {
  return {
    id: update.id,
    projectId: projectCell,
    date: update.date === "" ? null : isoDateToSerial(update.date),
    text: update.text,
    url: update.url,
    ente: update.ente,
    author: update.author,
    authorEmail: update.authorEmail,
  };
}

/**
 * The updates (`network`: the sheet's enti, the Bassa Romagna's when left out), each resolved to a project of `projects` (by ID or title): one that names none is
 * a problem of its Progetto cell. Without `projects` (the Progetti tab cannot be read), the cell
 * is kept as written rather than every update reported.
 */
export function decodeAggiornamenti(
  grid: Grid | undefined,
  network: Network = FALLBACK_NETWORK,
  projects?: readonly { id: string; title: string }[],
) {
  return decodeTab(AGGIORNAMENTI, grid, (row): ProjectUpdate => {
    const reference = row.text("projectId") || row.fail("projectId", "progetto mancante");
    const projectId = projects
      ? (findProject(projects, reference)?.id ??
        row.fail("projectId", `progetto sconosciuto ${quoteCell(row.value("projectId"))}: scrivi l'ID o il titolo di un progetto`))
      : reference;
    const text = row.text("text") || row.fail("text", "testo mancante");
    const dateCell = row.value("date");
    const date =
      row.text("date") === "" ? "" : formatPlainDate(parseDateCell(dateCell) ?? row.fail("date", `data non valida ${quoteCell(dateCell)}`));
    const ente = row.text("ente") === "" ? "" : enteCell(row, "ente", network);
    return {
      id: row.text("id"),
      projectId,
      date,
      text,
      url: row.text("url"),
      ente,
      author: row.text("author"),
      authorEmail: row.text("authorEmail").toLowerCase(),
    };
  });
}

/** Newest first: by date, the undated last; rows of the same day, the one further down the sheet first. */
export function sortUpdatesNewestFirst<U extends Pick<ProjectUpdate, "date">>(updates: readonly U[]): U[] {
  return updates
    .map((update, index) => ({ update, index }))
    .sort((a, b) => (b.update.date || "0").localeCompare(a.update.date || "0") || b.index - a.index)
    .map(({ update }) => update);
}
