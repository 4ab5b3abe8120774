import type { Me, Practice } from "@rete-urp/shared";
import { romeIsoDate } from "@rete-urp/shared/meeting-rule";
import type { OutboxItem } from "../../lib/storage";

type PracticeItem = Extract<OutboxItem, { kind: "practice" }>;

/**
 * My practices still in the outbox (offline, or the service could not take them yet), as the list
 * shows them: the practice the service will make of each (as `buildPractice` in shared does: dated
 * the day it was written, by me, my ente unless another was chosen), newest first. One the
 * snapshot already has (delivered, its outbox item not yet removed) is left out: it is listed once.
 */
export function pendingPractices(outbox: readonly OutboxItem[], practices: readonly Practice[], me: Me | null): Practice[] {
  const stored = new Set(practices.map((practice) => practice.id));
  return outbox
    .filter((item): item is PracticeItem => item.kind === "practice" && !stored.has(item.input.id))
    .sort((a, b) => b.queuedAt - a.queuedAt)
    .map(({ input, queuedAt }) => ({
      id: input.id,
      date: romeIsoDate(new Date(queuedAt)),
      title: input.title,
      description: input.description ?? "",
      url: input.url ?? "",
      excerpt: input.excerpt ?? "",
      tags: input.tags ?? [],
      ente: input.ente ?? me?.ente ?? "",
      author: me ? `${me.firstName} ${me.lastName}` : "",
      authorEmail: me?.email.toLowerCase() ?? "",
    }));
}
