import {
  buildProject,
  buildProjectUpdate,
  encodeProject,
  encodeProjectUpdate,
  type Me,
  type Project,
  type ProjectInput,
  type ProjectUpdate,
  type ProjectUpdateInput,
  projectReference,
  sortUpdatesNewestFirst,
} from "@rete-urp/shared";
import type { Service } from "../service.ts";
import { submitCreate } from "../writes/submissions.ts";
import type { SheetData } from "./sheet-data.ts";

/**
 * The network's shared projects (Disciplinare, Art. 3): the Progetti tab the coordinator keeps,
 * the updates the referents write in Aggiornamenti, and the projects a referent proposes.
 */

/** How many of each project's updates the snapshot carries: the popup shows the latest few. */
export const UPDATES_PER_PROJECT = 5;

/**
 * The updates every referent is served: the latest UPDATES_PER_PROJECT of each project, newest
 * first; the older ones stay in the sheet (the snapshot must not grow with the years).
 */
export function latestProjectUpdates(data: Pick<SheetData, "projectUpdates">): ProjectUpdate[] {
  const count = new Map<string, number>();
  return sortUpdatesNewestFirst(data.projectUpdates).filter((update) => {
    const seen = count.get(update.projectId) ?? 0;
    count.set(update.projectId, seen + 1);
    return seen < UPDATES_PER_PROJECT;
  });
}

/** The project a Progetto reference of a request names, by its ID (the client has it from the snapshot). */
export function findProjectById(data: SheetData, id: string): Project | undefined {
  const wanted = id.toLowerCase();
  return data.projects.find((project) => project.id.toLowerCase() === wanted);
}

/** "Proponi un progetto": a Progetti row with Stato Proposto. The client's UUID makes it idempotent. */
export async function submitProject(service: Service, me: Me, input: ProjectInput) {
  const outcome = await submitCreate(service, {
    id: input.id,
    tab: "Progetti",
    stored: service.cache.current?.data.projects,
    build: () => buildProject(input, me),
    encode: encodeProject,
  });
  return outcome.status === 409 ? outcome : ({ status: outcome.status, project: outcome.record } as const);
}

/** "Aggiungi un aggiornamento" to `project`: an Aggiornamenti row. The client's UUID makes it idempotent. */
export async function submitProjectUpdate(service: Service, me: Me, project: Project, input: ProjectUpdateInput) {
  const outcome = await submitCreate(service, {
    id: input.id,
    tab: "Aggiornamenti",
    stored: service.cache.current?.data.projectUpdates,
    build: () => buildProjectUpdate(input, project.id, me, service.clock.now()),
    encode: (update) => encodeProjectUpdate(update, projectReference(project)),
  });
  return outcome.status === 409 ? outcome : ({ status: outcome.status, update: outcome.record } as const);
}
