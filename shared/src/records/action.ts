import * as z from "zod/mini";
import { formatPlainDate, isBlankCell, isoDateToSerial, parseDateCell } from "../cell-values.ts";
import { romeIsoDate } from "../meeting-rule.ts";
import { type Ente, FALLBACK_NETWORK, type Network } from "../network.ts";
import { EnteSchema, IsoDateSchema } from "../schema-parts.ts";
import type { RowOf, TabSpec } from "../tab-spec.ts";
import { foldKey } from "../text.ts";
import { enteListCell } from "./ente.ts";
import type { Me } from "./referent.ts";
import { decodeTab, type Grid, quoteCell } from "./tab-reader.ts";

/**
 * What a meeting decided (Azioni): one row per action, written by the coordinator after the
 * meeting (Riunione, Azione, Enti, Scadenza), and marked done in place from the extension (Stato,
 * Fatta da, Data). One row for all the enti it names: the first referent who marks it done
 * closes it for everyone. Defined once here for the service and the extension's outbox alike.
 */

export const ACTION_STATUSES = ["open", "done"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
/** The Stato words in the sheet, one per status (empty means "Da fare"). */
export const STATO_AZIONE_LABELS = { open: "Da fare", done: "Fatta" } as const satisfies Record<ActionStatus, string>;

export const AZIONI = {
  name: "Azioni",
  noun: "un'azione",
  columns: [
    { key: "id", header: "ID" },
    { key: "meetingId", header: "Riunione" },
    { key: "projectId", header: "Progetto" },
    { key: "text", header: "Azione", required: true },
    { key: "enti", header: "Enti" },
    { key: "deadline", header: "Scadenza", type: "date" },
    { key: "status", header: "Stato", choices: Object.values(STATO_AZIONE_LABELS) },
    { key: "doneBy", header: "Fatta da" },
    { key: "doneAt", header: "Data", type: "date" },
  ],
} as const satisfies TabSpec;

const IsoDateOrEmpty = z.union([IsoDateSchema, z.literal("")]);

export const ActionSchema = z.object({
  id: z.string(),
  /** The meeting that decided it: a Riunioni ID, or "" (see `meetingDate`). */
  meetingId: z.string(),
  /** The meeting's date, when the cell holds a date rather than an ID (or the service found it); "" when unknown. */
  meetingDate: IsoDateOrEmpty,
  /** The project it belongs to, as written (an ID of Progetti); "" for none. */
  projectId: z.string(),
  text: z.string(),
  /** Who must do it; empty means every ente of the network. */
  enti: z.array(EnteSchema),
  deadline: IsoDateOrEmpty,
  status: z.enum(ACTION_STATUSES),
  /** "Nome Cognome (Ente)" of whoever marked it done, or what the coordinator wrote. */
  doneBy: z.string(),
  doneAt: IsoDateOrEmpty,
});
export type Action = z.infer<typeof ActionSchema>;

/**
 * An action as the sheet has it, with the cell of its Azione text ("D7"): what the coordinator's
 * view links to. Never served to referents (row numbers change with every sort).
 */
export type SheetAction = Action & { cell: string };

/** The action as the snapshot serves it: without the cell. */
export function servedAction({ cell: _cell, ...action }: SheetAction): Action {
  return action;
}

/** POST /api/v1/actions/:id/done: nothing to say but that it is done (who and when come from the token and the clock). */
export const ActionDoneInputSchema = z.strictObject({});
export type ActionDoneInput = z.infer<typeof ActionDoneInputSchema>;

/** Whether `ente` is among those who must do it (an empty Enti cell names every ente). */
export function actionConcerns(action: Pick<Action, "enti">, ente: Ente): boolean {
  return action.enti.length === 0 || action.enti.includes(ente);
}

/** Days past the deadline on `today` ("2026-11-23"): 0 when not late, done, or without a deadline. */
export function daysLate(action: Pick<Action, "deadline" | "status">, today: string): number {
  if (action.status === "done" || action.deadline === "" || action.deadline >= today) return 0;
  return Math.round((Date.parse(today) - Date.parse(action.deadline)) / 86_400_000);
}

/** The action as `me` marks it done at `at`: who (name and ente) and the day, in Rome. */
export function markActionDone(action: Action, me: Me, at: Date): Action {
  return { ...action, status: "done", doneBy: `${me.firstName} ${me.lastName} (${me.ente})`, doneAt: romeIsoDate(at) };
}

/**
 * The cells "Fatto" writes into the coordinator's row, in place: Stato, Fatta da and Data only,
 * so what the coordinator wrote in the other cells stays as it is.
 */
export function encodeActionDone(action: Action): RowOf<typeof AZIONI> {
  return {
    id: action.id,
    status: STATO_AZIONE_LABELS[action.status],
    doneBy: action.doneBy,
    doneAt: action.doneAt === "" ? null : isoDateToSerial(action.doneAt),
  };
}

/** A whole Azioni row (the demo's): the meeting as its ID, dates as date cells. */
export function encodeAction(action: Action): RowOf<typeof AZIONI> {
  return {
    ...encodeActionDone(action),
    meetingId: action.meetingId || (action.meetingDate === "" ? "" : isoDateToSerial(action.meetingDate)),
    projectId: action.projectId,
    text: action.text,
    enti: action.enti.join(", "),
    deadline: action.deadline === "" ? null : isoDateToSerial(action.deadline),
  };
}

const STATUSES = new Map<string, ActionStatus>([
  ["", "open"],
  ["dafare", "open"],
  ["aperta", "open"],
  ["fatta", "done"],
  ["fatto", "done"],
  ["completata", "done"],
]);

/** `network`: the sheet's enti (decodeEnti); the Bassa Romagna's when left out. */
export function decodeAzioni(grid: Grid | undefined, network: Network = FALLBACK_NETWORK) {
  return decodeTab(AZIONI, grid, (row): SheetAction => {
    const text = row.text("text") || row.fail("text", "azione mancante");
    const enti = enteListCell(row, "enti", network);
    const deadlineCell = row.value("deadline");
    const deadline = isBlankCell(deadlineCell)
      ? ""
      : formatPlainDate(parseDateCell(deadlineCell) ?? row.fail("deadline", `scadenza non valida ${quoteCell(deadlineCell)}`));
    const status =
      STATUSES.get(foldKey(row.text("status"))) ??
      row.fail("status", `stato sconosciuto ${quoteCell(row.value("status"))}: Da fare o Fatta`);
    const doneCell = row.value("doneAt");
    const doneAt = isBlankCell(doneCell)
      ? ""
      : formatPlainDate(parseDateCell(doneCell) ?? row.fail("doneAt", `data non valida ${quoteCell(doneCell)}`));
    // The meeting as its ID (copied from Riunioni) or as its date, typed or a date cell.
    const meetingCell = row.value("meetingId");
    const meetingDate = parseDateCell(meetingCell);
    return {
      id: row.text("id"),
      meetingId: meetingDate ? "" : row.text("meetingId"),
      meetingDate: meetingDate ? formatPlainDate(meetingDate) : "",
      projectId: row.text("projectId"),
      text,
      enti: [...new Set(enti)],
      deadline,
      status,
      doneBy: row.text("doneBy"),
      doneAt,
      cell: row.cell("text"),
    };
  });
}
