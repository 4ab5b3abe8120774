import {
  buildPractice,
  encodePractice,
  foldKey,
  type Me,
  type Network,
  type Practice,
  type PracticeInput,
  parseEnte,
  practiceSearchText,
  search,
  sortPracticesNewestFirst,
} from "@rete-urp/shared";
import type { Service } from "../service.ts";
import type { IdConflict } from "../writes/id-conflicts.ts";
import { submitCreate } from "../writes/submissions.ts";

export type PracticeOutcome = { status: 200 | 201 | 202; practice: Practice } | IdConflict;

/**
 * Adds a practice: journaled (fsync) before anything else, then applied by the writer. The
 * client's UUID makes it idempotent: the same id again gives back the first one, never a row.
 */
export async function submitPractice(service: Service, me: Me, input: PracticeInput): Promise<PracticeOutcome> {
  const outcome = await submitCreate(service, {
    id: input.id,
    tab: "Buone prassi",
    stored: service.cache.current?.data.practices,
    build: () => buildPractice(input, me, service.clock.now()),
    encode: encodePractice,
  });
  return outcome.status === 409 ? outcome : { status: outcome.status, practice: outcome.record };
}

export interface PracticeFilter {
  q?: string | undefined;
  tag?: string | undefined;
  ente?: string | undefined;
}

/**
 * Newest first (the one order, shared with the popup); `q` is the popup's search, on the same
 * text; `ente` as a cell would name it ("Comune di Lugo"), against the sheet's `network`.
 */
export function filterPractices(practices: readonly Practice[], filter: PracticeFilter, network: Network): Practice[] {
  const tag = filter.tag ? foldKey(filter.tag) : "";
  const ente = filter.ente ? (parseEnte(filter.ente, network) ?? filter.ente) : "";
  const chosen = sortPracticesNewestFirst(practices).filter(
    (practice) => (!ente || practice.ente === ente) && (!tag || practice.tags.some((t) => foldKey(t) === tag)),
  );
  return search(
    chosen.map((practice) => ({ item: practice, text: practiceSearchText(practice) })),
    filter.q ?? "",
  );
}
