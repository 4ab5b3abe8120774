import * as z from "zod/mini";
import { formatPlainDate, isoDateToSerial, parseDateCell } from "../cell-values.ts";
import { FALLBACK_NETWORK, matchEnte, type Network } from "../network.ts";
import { clientId, EnteSchema, IsoDateSchema, MAX_TEXT, optionalHttpUrl, trimmed } from "../schema-parts.ts";
import type { RowOf, TabSpec } from "../tab-spec.ts";
import { foldKey } from "../text.ts";
import { enteListCell } from "./ente.ts";
import type { Me } from "./referent.ts";
import { decodeTab, type Grid, quoteCell } from "./tab-reader.ts";

/**
 * A shared communication project of the network (Disciplinare, Art. 2 and 3): the coordinator
 * keeps the Progetti tab by hand; a referent may propose one from the extension, which writes a
 * row with Stato "Proposto" for the coordinator to accept in the sheet. Defined once here for the
 * service and the extension's outbox alike. Its updates are in project-update.ts; the rules the
 * popup and the badge apply to it (whose project it is, when its next step is due) are zod-free,
 * in project-rules.ts.
 */

export const PROJECT_STATUSES = ["proposed", "active", "suspended", "done"] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
/** The Stato words in the sheet, one per status. */
export const PROJECT_STATUS_LABELS = {
  proposed: "Proposto",
  active: "In corso",
  suspended: "Sospeso",
  done: "Concluso",
} as const satisfies Record<ProjectStatus, string>;
export const STATI_PROGETTO = Object.values(PROJECT_STATUS_LABELS);

export const PROGETTI = {
  name: "Progetti",
  noun: "un progetto",
  columns: [
    { key: "id", header: "ID" },
    { key: "title", header: "Titolo", required: true },
    { key: "description", header: "Descrizione" },
    { key: "enti", header: "Enti coinvolti" },
    { key: "lead", header: "Capofila", choicesFromEnti: true },
    { key: "contact", header: "Referente" },
    { key: "status", header: "Stato", choices: STATI_PROGETTO },
    { key: "nextStep", header: "Prossimo passo" },
    { key: "deadline", header: "Scadenza", type: "date" },
    { key: "url", header: "Link" },
    { key: "notes", header: "Note" },
  ],
} as const satisfies TabSpec;

/**
 * A project as every referent is served it. `Note` is the coordinator's own and is not part of
 * it (a referent receives only what a view shows).
 */
export const ProjectSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  /** The enti taking part; empty means every ente of the network (Enti coinvolti left empty). */
  enti: z.array(EnteSchema),
  /** Capofila: the ente leading it; "" when the sheet names none. */
  lead: z.union([EnteSchema, z.literal("")]),
  /** Referente: whom to ask, an email as the coordinator wrote it (lower case). */
  contact: z.string(),
  status: z.enum(PROJECT_STATUSES),
  nextStep: z.string(),
  /** Scadenza of the next step, "" when none. */
  deadline: z.union([IsoDateSchema, z.literal("")]),
  url: z.string(),
});
export type Project = z.infer<typeof ProjectSchema>;

/** POST /api/v1/projects: "Proponi un progetto". The proposer is the Referente, their ente the Capofila. */
export const ProjectInputSchema = z.strictObject({
  id: clientId(),
  title: trimmed(500).check(z.minLength(1, "il titolo è obbligatorio")),
  description: z.optional(trimmed(MAX_TEXT)),
  url: optionalHttpUrl(),
  /**
   * The enti it would involve; left out or empty: every ente. Which names are enti is the
   * sheet's Enti tab to say: the service matches each against it (routes/projects.ts).
   */
  enti: z.optional(z.array(trimmed(200).check(z.minLength(1))).check(z.maxLength(20))),
});
export type ProjectInput = z.infer<typeof ProjectInputSchema>;

/** The project a proposal becomes: Stato Proposto, the proposer as Referente and their ente as Capofila. */
export function buildProject(input: ProjectInput, me: Me): Project {
  return {
    id: input.id,
    title: input.title,
    description: input.description ?? "",
    enti: [...new Set(input.enti ?? [])],
    lead: me.ente,
    contact: me.email.toLowerCase(),
    status: "proposed",
    nextStep: "",
    deadline: "",
    url: input.url ?? "",
  };
}

export function encodeProject(project: Project): RowOf<typeof PROGETTI> {
  return {
    id: project.id,
    title: project.title,
    description: project.description,
    enti: project.enti.join(", "),
    lead: project.lead,
    contact: project.contact,
    status: PROJECT_STATUS_LABELS[project.status],
    nextStep: project.nextStep,
    deadline: project.deadline === "" ? null : isoDateToSerial(project.deadline),
    url: project.url,
  };
}

/**
 * How people write Stato. Empty is "In corso": a row the coordinator typed is a project the
 * network runs, while a referent's proposal always arrives with "Proposto" written in it.
 */
const STATUSES = new Map<string, ProjectStatus>([
  ["", "active"],
  ["proposto", "proposed"],
  ["proposta", "proposed"],
  ["incorso", "active"],
  ["attivo", "active"],
  ["avviato", "active"],
  ["sospeso", "suspended"],
  ["inpausa", "suspended"],
  ["concluso", "done"],
  ["chiuso", "done"],
  ["completato", "done"],
]);

/** `network`: the sheet's enti (decodeEnti); the Bassa Romagna's when left out. */
export function decodeProgetti(grid: Grid | undefined, network: Network = FALLBACK_NETWORK) {
  return decodeTab(PROGETTI, grid, (row): Project => {
    const title = row.text("title") || row.fail("title", "titolo mancante");
    // Left empty: every ente of the network, whichever the Enti tab lists on the day it is read.
    const enti = enteListCell(row, "enti", network);
    const leadText = row.text("lead");
    const leadMatch = leadText === "" ? { ente: "" } : matchEnte(leadText, network);
    const lead =
      "ente" in leadMatch ? leadMatch.ente : row.fail("lead", leadMatch.problem.replace(/^ente sconosciuto/, "capofila sconosciuto"));
    const status =
      STATUSES.get(foldKey(row.text("status"))) ??
      row.fail("status", `stato non valido ${quoteCell(row.value("status"))}: Proposto, In corso, Sospeso o Concluso`);
    const deadlineCell = row.value("deadline");
    const deadline =
      row.text("deadline") === ""
        ? ""
        : formatPlainDate(parseDateCell(deadlineCell) ?? row.fail("deadline", `scadenza non valida ${quoteCell(deadlineCell)}`));
    return {
      id: row.text("id"),
      title,
      description: row.text("description"),
      enti,
      lead,
      contact: row.text("contact").toLowerCase(),
      status,
      nextStep: row.text("nextStep"),
      deadline,
      // Kept as written: the extension links only http(s) and shows anything else as text.
      url: row.text("url"),
    };
  });
}

/**
 * What sheets-sync writes in a Progetto cell for `project`: its ID, or its title while the row
 * has no ID of its own yet (a provisional "nuovo-…" one, which the sheet never holds).
 */
export function projectReference(project: { id: string; title: string }): string {
  return project.id.startsWith("nuovo-") ? project.title : project.id;
}

// The rules on projects that the popup and the badge apply live beside, with no zod.
export {
  findProject,
  involvesEnte,
  isOpenProject,
  PROJECT_SILENT_DAYS,
  PROJECT_STEP_SOON_DAYS,
  projectsForEnte,
  stepDaysLeft,
  stepDueSoon,
  stepOverdue,
} from "./project-rules.ts";
