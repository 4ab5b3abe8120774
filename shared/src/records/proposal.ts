import * as z from "zod/mini";
import { formatPlainDate, isoDateToSerial, parseDateCell } from "../cell-values.ts";
import { romeIsoDate } from "../meeting-rule.ts";
import { FALLBACK_NETWORK, type Network, parseEnte } from "../network.ts";
import { clientId, EnteSchema, IsoDateSchema, MAX_TEXT, optionalHttpUrl, trimmed } from "../schema-parts.ts";
import type { RowOf, TabSpec } from "../tab-spec.ts";
import { foldKey } from "../text.ts";
import { NO_REFERENCES, type References, withDerivedCells } from "./companions.ts";
import { findProject } from "./project.ts";
import { authorOf, type Me } from "./referent.ts";
import { decodeTab, type Grid, quoteCell } from "./tab-reader.ts";

/**
 * An agenda item a referent proposes for a meeting; the coordinator sets Stato to Accettata or
 * Respinta. Defined once here for the service and the extension's outbox alike.
 */

export const PROPOSAL_STATUSES = ["proposed", "accepted", "rejected"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
/** The Stato words in the sheet, one per status. */
export const PROPOSAL_STATUS_LABELS = { proposed: "Proposta", accepted: "Accettata", rejected: "Respinta" } as const satisfies Record<
  ProposalStatus,
  string
>;
export const STATI_PROPOSTA = Object.values(PROPOSAL_STATUS_LABELS);

export const PROPOSTE = {
  name: "Proposte",
  noun: "una proposta per l'ordine del giorno",
  columns: [
    { key: "id", header: "ID" },
    { key: "meetingId", header: "Riunione", required: true },
    { key: "meetingDate", header: "Data riunione", type: "date", derived: { from: "meetingId", show: "meetingDate" } },
    { key: "date", header: "Data", required: true, type: "date" },
    { key: "title", header: "Titolo", required: true },
    { key: "description", header: "Descrizione" },
    { key: "url", header: "Link" },
    { key: "excerpt", header: "Estratto" },
    { key: "ente", header: "Ente", choicesFromEnti: true },
    { key: "author", header: "Autore" },
    { key: "authorEmail", header: "Email autore" },
    { key: "status", header: "Stato", choices: STATI_PROPOSTA },
    // Optional, and last: a sheet made before it reads the same, and `init` adds it at the end.
    { key: "projectId", header: "Progetto" },
  ],
} as const satisfies TabSpec;

export const ProposalSchema = z.object({
  id: z.string(),
  meetingId: z.string(),
  date: IsoDateSchema,
  title: z.string(),
  description: z.string(),
  url: z.string(),
  excerpt: z.string(),
  ente: z.union([EnteSchema, z.literal("")]),
  author: z.string(),
  authorEmail: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  /** The shared project it is about (Progetto), by ID; "" for none. Absent from older services. */
  projectId: z._default(z.string(), ""),
});
export type Proposal = z.infer<typeof ProposalSchema>;

/** POST /api/v1/proposals: an agenda item for a meeting; idempotent by the client's UUID. */
export const ProposalInputSchema = z.strictObject({
  id: clientId(),
  meetingId: trimmed(100).check(z.minLength(1, "indica la riunione")),
  title: trimmed(500).check(z.minLength(1, "il titolo è obbligatorio")),
  description: z.optional(trimmed(MAX_TEXT)),
  url: optionalHttpUrl(),
  excerpt: z.optional(trimmed(MAX_TEXT)),
  /** The shared project it is about, by ID (the service checks it names one). */
  projectId: z.optional(trimmed(100)),
});
export type ProposalInput = z.infer<typeof ProposalInputSchema>;

/**
 * The proposal a valid input becomes, from `me` at `at`, for the meeting the service resolved
 * (a rule meeting's id may name a sheet row by then): the proposer's ente, status "proposed".
 */
export function buildProposal(input: ProposalInput, meetingId: string, me: Me, at: Date): Proposal {
  return {
    id: input.id,
    meetingId,
    date: romeIsoDate(at),
    title: input.title,
    description: input.description ?? "",
    url: input.url ?? "",
    excerpt: input.excerpt ?? "",
    ente: me.ente,
    ...authorOf(me),
    status: "proposed",
    projectId: input.projectId ?? "",
  };
}

/**
 * The Proposte row; with `references`, the meeting's date beside its ID. `projectCell` is what the
 * Progetto cell says (projectReference in project.ts).
 */
export function encodeProposal(
  proposal: Proposal,
  references: References = NO_REFERENCES,
  projectCell: string = proposal.projectId,
): RowOf<typeof PROPOSTE> {
  return withDerivedCells(
    PROPOSTE,
    {
      id: proposal.id,
      meetingId: proposal.meetingId,
      date: isoDateToSerial(proposal.date),
      title: proposal.title,
      description: proposal.description,
      url: proposal.url,
      excerpt: proposal.excerpt,
      ente: proposal.ente,
      author: proposal.author,
      authorEmail: proposal.authorEmail,
      status: PROPOSAL_STATUS_LABELS[proposal.status],
      projectId: projectCell,
    },
    references,
  );
}

const STATUSES = new Map<string, ProposalStatus>([
  ["", "proposed"],
  ["proposta", "proposed"],
  ["accettata", "accepted"],
  ["accolta", "accepted"],
  ["respinta", "rejected"],
  ["nonaccettata", "rejected"],
]);

/**
 * The proposals. `network`: the sheet's enti (decodeEnti); the Bassa Romagna's when left out. A
 * Progetto cell is resolved to a project of `projects` (by ID or title), and one that names none
 * is a problem of that cell. Without `projects` (the Progetti tab cannot be read) it is kept as written.
 */
export function decodeProposte(
  grid: Grid | undefined,
  network: Network = FALLBACK_NETWORK,
  projects?: readonly { id: string; title: string }[],
) {
  return decodeTab(PROPOSTE, grid, (row): Proposal => {
    const meetingId = row.text("meetingId") || row.fail("meetingId", "riunione mancante");
    const date = parseDateCell(row.value("date")) ?? row.fail("date", `data non valida ${quoteCell(row.value("date"))}`);
    const title = row.text("title") || row.fail("title", "titolo mancante");
    const status =
      STATUSES.get(foldKey(row.text("status"))) ??
      row.fail("status", `stato non valido ${quoteCell(row.value("status"))}: Proposta, Accettata o Respinta`);
    const projectText = row.text("projectId");
    const projectId =
      projectText === "" || !projects
        ? projectText
        : (findProject(projects, projectText)?.id ??
          row.fail("projectId", `progetto sconosciuto ${quoteCell(row.value("projectId"))}: scrivi l'ID o il titolo di un progetto`));
    return {
      id: row.text("id"),
      meetingId,
      date: formatPlainDate(date),
      title,
      description: row.text("description"),
      url: row.text("url"),
      excerpt: row.text("excerpt"),
      // Written by sheets-sync from the proposer's row: an ente the sheet no longer lists is no reason to lose the proposal.
      ente: parseEnte(row.text("ente"), network) ?? "",
      author: row.text("author"),
      authorEmail: row.text("authorEmail").toLowerCase(),
      status,
      projectId,
    };
  });
}
