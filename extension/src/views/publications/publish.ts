import { PublishedInputSchema } from "@rete-urp/shared";
import { type DeliveryOutcome, markPublished } from "../../features/outbox";

/**
 * "Pubblicato": the page's address checked by the shared schema (http(s), trimmed), then queued
 * in the outbox and tried at once; undefined when the address is not one. The popup hands it to
 * the lazily loaded "Da pubblicare" view, so that chunk carries neither zod nor the outbox (whose
 * one-flush-at-a-time lock must be the popup's own).
 */
export async function publish(publicationId: string, title: string, url: string): Promise<DeliveryOutcome | undefined> {
  const parsed = PublishedInputSchema.safeParse({ url });
  return parsed.success ? markPublished(publicationId, title, parsed.data.url) : undefined;
}
