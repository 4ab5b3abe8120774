import {
  type Me,
  type Practice,
  type PracticeInput,
  foldKey,
  formatPlainDate,
  parseEnte,
  plainDateToSerial,
  romePlainDate,
} from "@rete-urp/shared";
import { type IdConflict, idConflict } from "./id-conflicts.ts";
import type { Service } from "./service.ts";
import type { RowValues } from "./stores/store.ts";
import { authorOf, createStatus, submitWrite } from "./submissions.ts";

export type PracticeOutcome = { status: 200 | 201 | 202; practice: Practice } | IdConflict;

function toRow(practice: Practice): RowValues {
  const [year, month, day] = practice.date.split("-").map(Number) as [number, number, number];
  return {
    id: practice.id,
    date: plainDateToSerial({ year, month, day }),
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

/**
 * Adds a practice: journaled (fsync) before anything else, then applied by the writer. The
 * client's UUID makes it idempotent: the same id again gives back the first one, never a row.
 */
export async function submitPractice(service: Service, me: Me, input: PracticeInput): Promise<PracticeOutcome> {
  // The schema folds the id to lower case; a row written before that may hold capitals.
  const stored = service.cache.current?.data.practices.find((practice) => practice.id.toLowerCase() === input.id);
  if (stored) return { status: 200, practice: stored };

  const practice: Practice = {
    id: input.id,
    date: formatPlainDate(romePlainDate(service.clock.now())),
    title: input.title,
    description: input.description ?? "",
    url: input.url ?? "",
    excerpt: input.excerpt ?? "",
    tags: input.tags ?? [],
    ente: input.ente ?? me.ente,
    ...authorOf(me),
  };
  const conflict = idConflict(service, practice.id, "Buone prassi");
  if (conflict) return conflict;
  const submitted = await submitWrite(service, {
    id: practice.id,
    tab: "Buone prassi",
    row: toRow(practice),
    result: practice,
  });
  return { status: createStatus(submitted), practice: submitted.result };
}

export interface PracticeFilter {
  q?: string | undefined;
  tag?: string | undefined;
  ente?: string | undefined;
}

/** Newest first; `q` matches title, description, excerpt, tags, ente and author, ignoring case and accents. */
export function filterPractices(practices: readonly Practice[], filter: PracticeFilter): Practice[] {
  const words = (filter.q ?? "").split(/\s+/).map(foldKey).filter(Boolean);
  const tag = filter.tag ? foldKey(filter.tag) : "";
  const ente = filter.ente ? (parseEnte(filter.ente) ?? filter.ente) : "";
  return sortNewestFirst(
    practices.filter((practice) => {
      if (ente && practice.ente !== ente) return false;
      if (tag && !practice.tags.some((t) => foldKey(t) === tag)) return false;
      if (words.length === 0) return true;
      const haystack = foldKey(
        [practice.title, practice.description, practice.excerpt, practice.tags.join(" "), practice.ente, practice.author].join(" "),
      );
      return words.every((word) => haystack.includes(word));
    }),
  );
}

export function sortNewestFirst(practices: readonly Practice[]): Practice[] {
  // Same date: the row added later (lower in the sheet) first.
  return practices
    .map((practice, index) => ({ practice, index }))
    .sort((a, b) => b.practice.date.localeCompare(a.practice.date) || b.index - a.index)
    .map(({ practice }) => practice);
}
