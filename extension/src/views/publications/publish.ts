import type { OutboxOutcome } from "../../features/outbox";
import { submit } from "../../features/submit";
import { loadTranslator } from "../../lib/i18n";
import { readPreferences } from "../../lib/storage";

/**
 * "Pubblicato": the page's address goes to the background worker (features/submit.ts), which
 * checks it with the shared schema (http(s), trimmed), queues it in the outbox and tries it at
 * once; undefined when the address is not one. The popup hands it to the lazily loaded "Da
 * pubblicare" view, so that chunk carries neither zod nor the outbox.
 *
 * When the worker could not be asked, nothing was stored: the item shows that as it shows a
 * refusal (its reason under the address, the form left open with it), in the chosen language.
 */
export async function publish(publicationId: string, title: string, url: string): Promise<OutboxOutcome | undefined> {
  const outcome = await submit({ kind: "published", publicationId, title, url });
  switch (outcome.kind) {
    case "invalid":
      return undefined;
    case "not_sent": {
      const t = await readPreferences()
        .then((preferences) => loadTranslator(preferences.language))
        .catch(() => undefined);
      return { kind: "rejected", code: "not_sent", message: t ? t("errorNotSent") : outcome.reason, fields: {} };
    }
    default:
      return outcome;
  }
}
