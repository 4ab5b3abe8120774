import type { MyPublication, NetworkEnte } from "@rete-urp/shared";
import { isHttpUrl } from "@rete-urp/shared/http-url";
import { isOnEnteSite } from "@rete-urp/shared/network";
import { type FormEvent, useEffect, useRef, useState } from "react";
import type { DeliveryOutcome } from "../../features/outbox";
import { formatDate, formatDeadline } from "../../lib/format";
import type { OutboxItem } from "../../lib/storage";
import { useSheetLang, useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import { LiveRegions } from "../../ui/live-regions";
import { Pending } from "../../ui/pending";
import { SafeLink } from "../../ui/safe-link";
import { useFocusInvalid } from "../../ui/use-focus-invalid";
import "./publication-item.css";

export type PublishedItem = Extract<OutboxItem, { kind: "published" }>;

/**
 * One publication: its deadline and "Pubblicato" while it is to do; once done, since when, the
 * page as proof, and "in attesa di invio" while the outbox still holds it. "Pubblicato" asks for
 * the page's address first, filled in with the page open in the browser when it is a web page,
 * and warns (without refusing: a partner's site or a regional portal may be right) when that
 * address is not on my ente's Sito or Notiziario as the Enti tab gives them.
 *
 * The focus never falls to the page: "Pubblicato" gives it to the address it asks for, "Annulla"
 * gives it back to "Pubblicato", a wrong address keeps it in the field, and once confirmed the
 * proof's link (or the line that says it is done) takes it. The item's two live regions say what
 * became of it.
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
  // The address is not one (under the field), or the write went wrong (under the form).
  const [error, setError] = useState("");
  const [problem, setProblem] = useState("");
  const [refusals, setRefusals] = useState(0);
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const [outcome, setOutcome] = useState<DeliveryOutcome | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const publishButton = useRef<HTMLButtonElement>(null);
  const doneLine = useRef<HTMLParagraphElement>(null);
  // What to focus once React has rendered the change: the button back after Annulla, the proof after Conferma.
  const [focusNext, setFocusNext] = useState<"publish" | "done" | null>(null);
  const inputId = `pub-url-${publication.id}`;
  const sentHere = outcome?.kind === "delivered" || outcome?.kind === "queued";
  const done = publication.published || pending !== undefined || sentHere;
  const overdue = publication.overdue && !done;
  const offSite = ente !== undefined && isHttpUrl(url.trim()) && !isOnEnteSite(url.trim(), ente);
  const sheetLang = useSheetLang();
  useFocusInvalid(form, refusals);
  useEffect(() => {
    if (focusNext === "publish") publishButton.current?.focus();
    if (focusNext === "done") (doneLine.current?.querySelector("a") ?? doneLine.current)?.focus();
    setFocusNext(null);
  }, [focusNext]);

  function start() {
    setUrl(pageUrl);
    setError("");
    setProblem("");
    setConfirming(true);
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      const result = await onPublish(publication.id, publication.title, url);
      if (!result) {
        setError(t("publishedUrlInvalid"));
        setProblem("");
        setRefusals((count) => count + 1);
        return;
      }
      setOutcome(result);
      setError("");
      // Refused, or not sent at all: the form stays open with the reason under it.
      if (result.kind === "rejected") setProblem(result.message);
      else if (result.kind === "not_sent") setProblem(t("errorNotSent"));
      else {
        setProblem("");
        setConfirming(false);
        setFocusNext("done");
      }
    } finally {
      running.current = false;
      setBusy(false);
    }
  }

  const shownUrl = pending?.input.url ?? (sentHere ? url : publication.publishedUrl);
  return (
    <li className={overdue ? "list-item publication publication-overdue" : "list-item publication"} data-testid="publication">
      <h3 className="list-title" lang={sheetLang}>
        {publication.sourceUrl ? <SafeLink href={publication.sourceUrl}>{publication.title}</SafeLink> : publication.title}
      </h3>
      {publication.notes ? (
        <p className="list-text clamp" lang={sheetLang}>
          {publication.notes}
        </p>
      ) : null}
      {done ? (
        <p className="publication-state" ref={doneLine} tabIndex={-1}>
          <span className="pill pill-confirmed">
            <Icon name="check" />
            {publication.published && publication.publishedAt
              ? t("publishedOn", formatDate(publication.publishedAt, t.locale))
              : t("publishedShort")}
          </span>
          {pending || outcome?.kind === "queued" ? <Pending /> : null}
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
            <button ref={publishButton} type="button" className="button button-secondary button-small" onClick={start}>
              <Icon name="check" />
              {t("publishedButton")}
              {/* Its name says which: "Pubblicato: Avviso TARI…", one button per item in the list. */}
              <span className="visually-hidden">
                {": "}
                <span lang={sheetLang}>{publication.title}</span>
              </span>
            </button>
          )}
        </div>
      )}
      {confirming && !done ? (
        <form ref={form} className="confirm-published" onSubmit={confirm} noValidate data-testid="confirm-published">
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
              // Opened by the user's own press on Pubblicato (which goes away): the field it asks
              // for is the next step, read with the page's address already in it, or empty to type.
              // biome-ignore lint/a11y/noAutofocus: see above.
              autoFocus
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
            <button type="submit" className="button button-primary button-small" aria-disabled={busy || undefined}>
              {t("publishedConfirm")}
            </button>
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => {
                setConfirming(false);
                setProblem("");
                setFocusNext("publish");
              }}
            >
              {t("cancel")}
            </button>
          </div>
        </form>
      ) : null}
      <LiveRegions
        className="publication-result"
        status={sentHere ? <span className="visually-hidden">{t(outcome?.kind === "queued" ? "resultQueued" : "resultSaved")}</span> : null}
        alert={
          error ? (
            <span className="visually-hidden">
              {t("resultRejected")} · {error}
            </span>
          ) : problem ? (
            <p className="field-error">{problem}</p>
          ) : null
        }
        alertKey={refusals}
      />
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
