import type { MyPublication, NetworkEnte } from "@rete-urp/shared";
import { isHttpUrl } from "@rete-urp/shared/http-url";
import { isOnEnteSite } from "@rete-urp/shared/network";
import { type FormEvent, useState } from "react";
import type { DeliveryOutcome } from "../../features/outbox";
import { formatDate, formatDeadline } from "../../lib/format";
import type { OutboxItem } from "../../lib/storage";
import { useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import { Pending } from "../../ui/pending";
import { SafeLink } from "../../ui/safe-link";
import "./publication-item.css";

export type PublishedItem = Extract<OutboxItem, { kind: "published" }>;

/**
 * One publication: its deadline and "Pubblicato" while it is to do; once done, since when, the
 * page as proof, and "in attesa di invio" while the outbox still holds it. "Pubblicato" asks for
 * the page's address first, filled in with the page open in the browser when it is a web page,
 * and warns (without refusing: a partner's site or a regional portal may be right) when that
 * address is not on my ente's Sito or Notiziario as the Enti tab gives them.
 */
/** `publish` (./publish.ts): checks the address, queues the proof and tries to deliver it; undefined: not an address. */
export type PublishAction = (publicationId: string, title: string, url: string) => Promise<DeliveryOutcome | undefined>;

export function PublicationItem({
  publication,
  pending,
  pageUrl,
  ente,
  now,
  onPublish,
}: {
  publication: MyPublication;
  pending: PublishedItem | undefined;
  pageUrl: string;
  /** My ente: the proof is checked against its Sito and Notiziario. */
  ente: NetworkEnte | undefined;
  now: Date;
  onPublish: PublishAction;
}) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const [url, setUrl] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<DeliveryOutcome | null>(null);
  const inputId = `pub-url-${publication.id}`;
  const done = publication.published || pending !== undefined || outcome?.kind === "delivered";
  const overdue = publication.overdue && !done;
  const offSite = ente !== undefined && isHttpUrl(url.trim()) && !isOnEnteSite(url.trim(), ente);

  function start() {
    setUrl(pageUrl);
    setError("");
    setConfirming(true);
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const result = await onPublish(publication.id, publication.title, url);
      if (!result) {
        setError(t("publishedUrlInvalid"));
        return;
      }
      setOutcome(result);
      // Refused, or not sent at all: the form stays open with the reason under the address.
      if (result.kind === "rejected") setError(result.message);
      else if (result.kind === "not_sent") setError(t("errorNotSent"));
      else setConfirming(false);
    } finally {
      setBusy(false);
    }
  }

  const shownUrl = pending?.input.url ?? (outcome?.kind === "delivered" ? url : publication.publishedUrl);
  return (
    <li className={overdue ? "list-item publication publication-overdue" : "list-item publication"} data-testid="publication">
      <h3 className="list-title">
        {publication.sourceUrl ? <SafeLink href={publication.sourceUrl}>{publication.title}</SafeLink> : publication.title}
      </h3>
      {publication.notes ? <p className="list-text clamp">{publication.notes}</p> : null}
      {done ? (
        <p className="publication-state">
          <span className="pill pill-confirmed">
            <Icon name="check" />
            {publication.published && publication.publishedAt
              ? t("publishedOn", formatDate(publication.publishedAt, t.locale))
              : t("publishedShort")}
          </span>
          {pending ? <Pending /> : null}
          {shownUrl && isHttpUrl(shownUrl) ? (
            <SafeLink className="published-link" href={shownUrl}>
              {t("publishedPage")}
            </SafeLink>
          ) : null}
        </p>
      ) : (
        <div className="publication-todo">
          <span className={overdue ? "deadline deadline-overdue" : "deadline"} data-testid="deadline">
            <Icon name={overdue ? "alert" : "clock"} />
            {formatDeadline(publication.deadline, now, t)}
          </span>
          {confirming ? null : (
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={start}
              aria-describedby={`pub-title-${publication.id}`}
            >
              <Icon name="check" />
              {t("publishedButton")}
            </button>
          )}
          <span id={`pub-title-${publication.id}`} className="visually-hidden">
            {publication.title}
          </span>
        </div>
      )}
      {confirming && !done ? (
        <form className="confirm-published" onSubmit={confirm} noValidate data-testid="confirm-published">
          <div className="field">
            <label htmlFor={inputId}>{t("publishedUrlLabel")}</label>
            <input
              id={inputId}
              type="url"
              inputMode="url"
              value={url}
              placeholder="https://"
              onChange={(event) => setUrl(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={`${inputId}-hint${offSite ? ` ${inputId}-warning` : ""}${error ? ` ${inputId}-error` : ""}`}
              // Nothing to show when the page in front of the user is not a web page: ask.
              // biome-ignore lint/a11y/noAutofocus: opened by the user's own click on Pubblicato, the field it asks for is the next step.
              autoFocus={!pageUrl}
            />
            <p className="hint" id={`${inputId}-hint`}>
              {pageUrl ? t("publishedUrlHintTab") : t("publishedUrlHintType")}
            </p>
            {offSite && ente ? (
              <p className="field-warning" id={`${inputId}-warning`} data-testid="published-off-site">
                <Icon name="alert" />
                {t("publishedUrlOffSite", ente.name, hostOf(ente.site || ente.newsletter))}
              </p>
            ) : null}
            {error ? (
              <p className="field-error" id={`${inputId}-error`}>
                {error}
              </p>
            ) : null}
          </div>
          <div className="button-row">
            <button type="submit" className="button button-primary button-small" disabled={busy}>
              {t("publishedConfirm")}
            </button>
            <button type="button" className="button button-secondary button-small" onClick={() => setConfirming(false)}>
              {t("cancel")}
            </button>
          </div>
        </form>
      ) : null}
    </li>
  );
}

/** "https://www.comune.lugo.ra.it" → "www.comune.lugo.ra.it", as the warning names the site. */
function hostOf(address: string): string {
  try {
    return new URL(address).hostname;
  } catch {
    return address;
  }
}
