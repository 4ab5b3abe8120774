import { formatProblem, HealthSchema, type ServiceState, type SheetProblem } from "@rete-urp/shared";
import { plural } from "../../plural.ts";
import type { Service } from "../../service.ts";
import { reportedSheetProblems } from "../../sheet/sheet-data.ts";
import { tokenEmail } from "./auth.ts";
import { type RoutesPlugin, responses } from "./plugin.ts";

/**
 * GET /api/v1/health. Without a token: the state and counts only (status, store kind,
 * staleness, counts, reason codes), so a monitor can watch it from anywhere without learning
 * file paths, the sheet ID, the service account or the text of any cell. With a valid personal
 * token (any referent's, even while the roster is unreadable, which is when it is most needed):
 * the details too.
 */

/** Codes whose waiting writes the sheet's own problems already explain ("manca la scheda …"). */
const EXPLAINED_BY_THE_SHEET = new Set(["tab_missing", "header_missing"]);

/**
 * The sheet's problems as health and the coordinator's view show them: first the tabs whose
 * writes wait for the coordinator (a protected range, a strict dropdown: the writer's reason,
 * with the fix), then the spreadsheet's settings (locale, time zone), then the decoded problems
 * with a renamed tab named (reportedSheetProblems).
 */
export function servedProblems(service: Service): SheetProblem[] {
  const waiting: SheetProblem[] = [];
  for (const [tab, error] of service.writer.tabWaits) {
    if (EXPLAINED_BY_THE_SHEET.has(error.code)) continue;
    waiting.push({ tab, message: `le scritture in questa scheda aspettano: ${error.message}` });
  }
  return [...waiting, ...reportedSheetProblems(service.cache.current?.data.problems ?? [], service.store.sheetProperties?.())];
}

/** Why health is "degraded": a stable code each, with the sentence `details` gives for it. */
interface Reason {
  code: string;
  explanation: string;
}

function reasonsOf(service: Service): Reason[] {
  const { cache, writer } = service;
  const reasons: Reason[] = [];
  const state = cache.current;
  if (!state) {
    reasons.push({ code: "store_unread", explanation: "L'archivio non è ancora stato letto: nessun dato da servire" });
  } else if (cache.stale) {
    reasons.push({ code: "stale", explanation: "L'ultima lettura dell'archivio non è riuscita: si servono gli ultimi dati letti" });
  }
  if (writer.lastError !== null) {
    reasons.push({
      code: "writes_waiting",
      explanation: "Le scritture non arrivano all'archivio: restano nel journal e vengono ritentate",
    });
  }
  for (const [tab, error] of writer.tabWaits) {
    if (EXPLAINED_BY_THE_SHEET.has(error.code)) continue;
    reasons.push({
      code: `tab_writes_waiting:${tab}`,
      explanation: `Le scritture nella scheda ${tab} aspettano il coordinatore (le altre schede proseguono): ${error.message}`,
    });
  }
  if (service.journal.writeError !== null) {
    reasons.push({
      code: "journal_unavailable",
      explanation: "Il journal non si scrive (disco pieno o guasto): le nuove scritture sono rifiutate con 503 finché non torna scrivibile",
    });
  }
  if (writer.deadLetterCount > 0) {
    reasons.push({
      code: "dead_letters",
      explanation: `${writer.deadLetterCount} scritture non si possono applicare e sono nella tabella ${service.journal.deadLetters.table} di ${service.journal.deadLetters.path}: vanno esaminate`,
    });
  }
  const reconciliation = service.store.reconciliationReport?.();
  if (reconciliation && reconciliation.waiting.length > 0) {
    reasons.push({
      code: "rows_being_restored",
      explanation: `${plural(reconciliation.waiting.length, "riga persa da una copia vecchia del file aspetta di essere riscritta", "righe perse da una copia vecchia del file aspettano di essere riscritte")} (il file è aperto o non si salva)`,
    });
  }
  if (state) {
    // Without a usable roster nobody can be authenticated: every request gets 403.
    // As served: a Referenti tab renamed by hand is named, and `init` (an empty new tab) is not the fix.
    const tabProblem = servedProblems(service).find((problem) => problem.tab === "Referenti" && problem.cell === undefined);
    if (state.data.referents.length === 0 && tabProblem?.message.startsWith("manca la scheda")) {
      const renamed = tabProblem.message.includes("ma c'è una scheda") || tabProblem.message.includes("ma ci sono le schede");
      reasons.push({
        code: "tab_missing:Referenti",
        explanation: renamed
          ? `Manca la scheda Referenti: nessuno può accedere (403); ${tabProblem.message}`
          : 'Manca la scheda Referenti: nessuno può accedere (403); eseguire "sheets-sync init" e compilarla',
      });
    } else if (state.data.referents.length === 0 && tabProblem) {
      reasons.push({
        code: "tab_unusable:Referenti",
        explanation: `La scheda Referenti non è leggibile (${tabProblem.message}): nessuno può accedere (403)`,
      });
    } else if (!state.data.referents.some((referent) => referent.active)) {
      reasons.push({
        code: "no_active_referents",
        explanation: "Nella scheda Referenti non c'è nessuna riga valida con Attivo = Sì: nessuno può accedere (403)",
      });
    }
  }
  return reasons;
}

/**
 * The service's state in counts, as health and the coordinator's view both give it: the last
 * good read, whether what is served is stale, the writes waiting in the journal, the rows a stale
 * copy of the workbook lost and the service wrote back, the writes that can never apply.
 */
export function serviceState(service: Service): ServiceState {
  const { cache, writer } = service;
  return {
    lastRefreshAt: cache.lastRefreshAt?.toISOString() ?? null,
    stale: cache.stale || cache.current === undefined,
    pendingWrites: writer.pendingCount,
    reconciledRows: service.store.reconciliationReport?.()?.restoredRows ?? 0,
    deadLetters: writer.deadLetterCount,
  };
}

/** What anyone may see: state and counts, no text from the sheet or the system. */
function summary(service: Service, reasons: Reason[]) {
  const { lastRefreshAt, stale, pendingWrites, deadLetters } = serviceState(service);
  return {
    status: reasons.length > 0 ? ("degraded" as const) : ("ok" as const),
    store: service.store.kind,
    lastRefreshAt,
    stale,
    problems: service.cache.current ? servedProblems(service).length : 0,
    pendingWrites,
    deadLetters,
    reconciliations: service.store.reconciliationReport?.()?.count ?? 0,
    reasons: reasons.map((reason) => reason.code),
  };
}

/**
 * What a token holder sees besides the summary. The one place to add more details: writer dead
 * letters, journal recovery, reconciliations each add their fields here.
 */
export function details(service: Service, reasons: Reason[] = reasonsOf(service)): Record<string, unknown> {
  const { cache, writer } = service;
  return {
    explanations: reasons.map((reason) => reason.explanation),
    location: service.store.location,
    // The first problems as `check` prints them, so whoever watches health knows what to fix.
    problemList: servedProblems(service).slice(0, 50).map(formatProblem),
    ...(cache.lastError ? { error: cache.lastError.message } : {}),
    ...(writer.lastError ? { writeError: writer.lastError.message } : {}),
    ...(service.journal.writeError ? { journalError: service.journal.writeError.message } : {}),
    ...(writer.deadLetterCount > 0 ? { deadLetterFile: service.journal.deadLetters.path, lastDeadLetter: writer.lastDeadLetter } : {}),
    ...(service.journal.tornTail ? { journalTornTail: service.journal.tornTail } : {}),
    // Which rows a stale copy of the workbook lost and sheets-sync wrote back (titles are the
    // sheet's text, so token holders only).
    ...(service.store.reconciliationReport?.() ? { reconciliation: service.store.reconciliationReport() } : {}),
  };
}

/** GET /api/v1/health, public: anyone may watch it, a token earns the details. */
export const healthRoutes: RoutesPlugin = async (app, { service }) => {
  app.get("/api/v1/health", { schema: { response: responses({ 200: HealthSchema }) } }, async (request) => {
    const reasons = reasonsOf(service);
    const public_ = summary(service, reasons);
    // A bad token is not an error here (health is public): it only earns no details, and counts
    // towards the limiter like any other bad token.
    if (request.headers.authorization === undefined) return public_;
    const token = await tokenEmail(service, request);
    return "email" in token ? { ...public_, ...details(service, reasons) } : public_;
  });
};
