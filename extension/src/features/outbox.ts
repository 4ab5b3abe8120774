import { toIsoRome, type Practice, type PracticeInput } from "@rete-urp/shared";
import { ApiError, postPractice } from "../lib/api";
import { refresh } from "./refresh";
import {
  hasOutboxItem,
  readCachedSnapshot,
  readOutbox,
  readSettings,
  removeOutboxItem,
  writeCachedSnapshot,
  writeOutboxItem,
  writeRejected,
  type OutboxItem,
} from "../lib/storage";

/**
 * Writes wait in `outbox:<uuid>` until the service has them (DESIGN §7: an accepted write is
 * never lost). The item is stored before the first attempt, so closing the popup mid-request
 * loses nothing; the client-made UUID makes every retry idempotent, so two contexts flushing
 * the same item at once cost a duplicate request, never a duplicate row.
 *
 * 201 created, 200 already stored, 202 accepted-and-pending: delivered, remove it.
 * 400: the service will never take it: drop it and keep the reason for the popup.
 * Network error, 5xx, 429, 401/403: keep it for the next flush (settings can be fixed).
 */

export type DeliveryOutcome =
  | { kind: "delivered"; practice: Practice | null }
  | { kind: "queued"; reason: string }
  | { kind: "rejected"; message: string; fields: Record<string, string> };

async function deliver(item: OutboxItem): Promise<DeliveryOutcome> {
  const settings = await readSettings();
  if (!settings.serviceUrl || !settings.token) return { kind: "queued", reason: "not configured" };
  try {
    const { practice } = await postPractice(settings, item.input);
    await removeOutboxItem(item.input.id);
    return { kind: "delivered", practice };
  } catch (error) {
    if (error instanceof ApiError && error.kind === "invalid") {
      await removeOutboxItem(item.input.id);
      await writeRejected({ input: item.input, message: error.message, at: Date.now() });
      return { kind: "rejected", message: error.message, fields: error.fields ?? {} };
    }
    const reason = error instanceof Error ? error.message : String(error);
    // Another context (popup or worker) may have delivered it meanwhile: do not resurrect it.
    if (await hasOutboxItem(item.input.id)) {
      await writeOutboxItem({ ...item, attempts: item.attempts + 1, lastError: reason });
    }
    return { kind: "queued", reason };
  }
}

/** Queues a new practice and tries to deliver it at once; once delivered, refetches the list. */
export async function addPractice(input: PracticeInput): Promise<DeliveryOutcome> {
  const item: OutboxItem = { input, queuedAt: Date.now(), attempts: 0, lastError: null };
  await writeOutboxItem(item);
  const outcome = await deliver(item);
  // The author expects to see it among the practices at once.
  if (outcome.kind === "delivered") void showDelivered(input, outcome.practice).catch(() => undefined);
  return outcome;
}

/**
 * Puts a delivered practice in the cached list until the service lists it itself: the service
 * may still be writing it (202, or a workbook re-read pending), and the next 304 would keep an
 * older list. The ETag is kept, so the first snapshot that differs replaces our guess.
 */
async function showDelivered(input: PracticeInput, practice: Practice | null): Promise<void> {
  await refresh();
  const cached = await readCachedSnapshot();
  if (!cached || cached.snapshot.practices.some((existing) => existing.id === input.id)) return;
  const { me } = cached.snapshot;
  const shown: Practice = practice ?? {
    id: input.id,
    date: toIsoRome(new Date()).slice(0, 10),
    title: input.title,
    description: input.description ?? "",
    url: input.url ?? "",
    excerpt: input.excerpt ?? "",
    tags: input.tags ?? [],
    ente: input.ente ?? "",
    author: `${me.firstName} ${me.lastName}`,
    authorEmail: me.email,
  };
  await writeCachedSnapshot({ ...cached, snapshot: { ...cached.snapshot, practices: [...cached.snapshot.practices, shown] } });
}

let flushing: Promise<void> | undefined;

/** Tries every waiting item once, oldest first; one flush at a time per context. */
export function flushOutbox(): Promise<void> {
  flushing ??= (async () => {
    for (const item of await readOutbox()) {
      const outcome = await deliver(item);
      // The service is down or refuses us: the rest would fail the same way.
      if (outcome.kind === "queued") break;
    }
  })().finally(() => {
    flushing = undefined;
  });
  return flushing;
}
