import type { Ente } from "../network.ts";
import { foldKey } from "../text.ts";
import type { Project } from "./project.ts";

/**
 * The rules on projects (project.ts) that the popup's "Progetti" tab, the badge, the reminders,
 * the calendar feed and the coordinator's view all apply: in a module with no zod, so the popup's
 * lazy chunk can import it alone (like practice-search.ts).
 */

/** A next step due within this many days (today included) shows on the badge and in a reminder. */
export const PROJECT_STEP_SOON_DAYS = 3;
/** A project in progress with no update for this many days is listed in Coordinamento. */
export const PROJECT_SILENT_DAYS = 60;

type Involved = Pick<Project, "enti">;
type Step = Pick<Project, "status" | "nextStep" | "deadline">;

/** True when `ente` takes part: named in Enti coinvolti, or the cell is empty (every ente). */
export function involvesEnte(project: Involved, ente: Ente | string): boolean {
  return project.enti.length === 0 || (project.enti as readonly string[]).includes(ente);
}

/** Proposed or in progress: a project whose next step still counts (not suspended, not concluded). */
export function isOpenProject(project: Pick<Project, "status">): boolean {
  return project.status === "proposed" || project.status === "active";
}

/** Whole days from `today` ("2026-11-23") to the step's Scadenza: 0 today, negative once past; undefined without one. */
export function stepDaysLeft(project: Step, today: string): number | undefined {
  if (project.deadline === "") return undefined;
  return Math.round((Date.parse(`${project.deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** An open project's next step whose Scadenza has passed. */
export function stepOverdue(project: Step, today: string): boolean {
  const days = stepDaysLeft(project, today);
  return isOpenProject(project) && days !== undefined && days < 0;
}

/** An open project's next step due today or within PROJECT_STEP_SOON_DAYS. */
export function stepDueSoon(project: Step, today: string): boolean {
  const days = stepDaysLeft(project, today);
  return isOpenProject(project) && days !== undefined && days >= 0 && days <= PROJECT_STEP_SOON_DAYS;
}

/**
 * The projects as a referent of `ente` reads them: theirs first (open before suspended and
 * concluded, then by the next step's date, the undated last), then the others' in the same order.
 */
export function projectsForEnte<P extends Project>(projects: readonly P[], ente: Ente | string | undefined): P[] {
  const rank = (project: P) => (project.status === "done" ? 2 : project.status === "suspended" ? 1 : 0);
  const mine = (project: P) => (ente !== undefined && involvesEnte(project, ente) ? 0 : 1);
  return [...projects].sort(
    (a, b) =>
      mine(a) - mine(b) ||
      rank(a) - rank(b) ||
      (a.deadline || "9999").localeCompare(b.deadline || "9999") ||
      a.title.localeCompare(b.title, "it"),
  );
}

/**
 * What a Progetto cell of another tab (Aggiornamenti, Proposte, Azioni) refers to: the project's ID as
 * sheets-sync writes it, or its title as a person types it (case, accents and spaces aside).
 * Undefined when neither names a project.
 */
export function findProject<P extends { id: string; title: string }>(projects: readonly P[], reference: string): P | undefined {
  const text = reference.trim();
  if (text === "") return undefined;
  const lower = text.toLowerCase();
  const byId = projects.find((project) => project.id.toLowerCase() === lower);
  if (byId) return byId;
  const folded = foldKey(text);
  return folded === "" ? undefined : projects.find((project) => foldKey(project.title) === folded);
}
