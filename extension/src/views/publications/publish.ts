import type { DeliveryOutcome } from "../../features/outbox";
import { submit } from "../../features/submit";

/**
 * "Pubblicato": the page's address goes to the background worker (features/submit.ts), which
 * checks it with the shared schema (http(s), trimmed), queues it in the outbox and tries it at
 * once; undefined when the address is not one. `not_sent`: the worker could not be asked, and
 * nothing was stored. The popup hands it to the lazily loaded "Da pubblicare" view, so that
 * chunk carries neither zod nor the messaging.
 */
export async function publish(publicationId: string, title: string, url: string): Promise<DeliveryOutcome | undefined> {
  const outcome = await submit({ kind: "published", publicationId, title, url });
  return outcome.kind === "invalid" ? undefined : outcome;
}
