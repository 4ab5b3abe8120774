import type { DeliveryOutcome } from "../../features/outbox";
import { submit } from "../../features/submit";

/** "Fatto" on one action of my ente: `markDone` in the outbox; who and when are the service's to record. */
export type MarkDoneAction = (actionId: string, title: string) => Promise<DeliveryOutcome>;

/**
 * "Fatto": the action goes to the background worker (features/submit.ts), which queues it in the
 * outbox and tries it at once, like "Pubblicato" (views/publications/publish.ts). Handed by the
 * popup to the lazily loaded view, so that chunk carries neither zod nor the messaging.
 */
export async function markDone(actionId: string, title: string): Promise<DeliveryOutcome> {
  const outcome = await submit({ kind: "action-done", actionId, title });
  // Nothing typed to refuse: the worker never answers "invalid" for it.
  return outcome.kind === "invalid" ? { kind: "not_sent", reason: "invalid" } : outcome;
}
