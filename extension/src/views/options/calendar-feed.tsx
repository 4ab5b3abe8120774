import { useEffect, useRef, useState } from "react";
import { type Connection, createCalendarFeed } from "../../lib/api";
import { readCalendarFeed, writeCalendarFeed } from "../../lib/calendar-feed-storage";
import { useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import { describeError } from "./connection-check";
import { type Feedback, FeedbackLine } from "./feedback-line";
import "./calendar-feed.css";

/**
 * "Calendario in abbonamento": my personal iCalendar feed URL (POST /calendar-feed), to paste
 * once into Google Calendar or Outlook, which then follow every change to the meetings. The
 * address is kept in this browser (lib/calendar-feed-storage.ts) and shown again, to copy as
 * often as needed. A new one is another action, confirmed first: it turns the old one off in
 * every calendar that follows it, which is what to do when it leaked, and a surprise otherwise.
 * `connection` is the saved one: the feed is asked for as the person the extension is connected as.
 */
export function CalendarFeed({ connection }: { connection: Connection | null }) {
  const t = useT();
  /** undefined while reading storage; "" when this browser has no address for this connection. */
  const [url, setUrl] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<Feedback>(null);
  const renewButton = useRef<HTMLButtonElement>(null);
  const confirmPanel = useRef<HTMLElement>(null);
  const urlField = useRef<HTMLInputElement>(null);

  const serviceUrl = connection?.serviceUrl;
  const token = connection?.token;
  useEffect(() => {
    setMessage(null);
    setConfirming(false);
    if (!serviceUrl || !token) {
      setUrl("");
      return;
    }
    let current = true;
    setUrl(undefined);
    void readCalendarFeed({ serviceUrl, token }).then((feed) => {
      if (current) setUrl(feed?.url ?? "");
    });
    return () => {
      current = false;
    };
  }, [serviceUrl, token]);

  useEffect(() => {
    // The warning is read first when the confirmation opens; its buttons follow.
    if (confirming) confirmPanel.current?.focus();
  }, [confirming]);

  async function create(renewing: boolean) {
    // Its buttons stay enabled while it runs (aria-disabled: they keep the focus); presses then are ignored.
    if (!connection || busy) return;
    setBusy(true);
    setMessage({ tone: "busy", text: (t) => t("calendarFeedCreating") });
    try {
      const made = await createCalendarFeed(connection);
      await writeCalendarFeed(connection, made);
      setUrl(made);
      setConfirming(false);
      setMessage(renewing ? { tone: "ok", text: (t) => t("calendarFeedRenewed") } : null);
      setTimeout(() => urlField.current?.focus());
    } catch (error) {
      setMessage({ tone: "error", text: (t) => describeError(error, t) });
    } finally {
      setBusy(false);
    }
  }

  function cancel() {
    setConfirming(false);
    setTimeout(() => renewButton.current?.focus());
  }

  async function copy() {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // No clipboard permission (an old browser, a page without focus): select the text so
      // Ctrl+C works, and say so.
      urlField.current?.select();
      setMessage({ tone: "error", text: (t) => t("calendarFeedCopyFailed") });
      return;
    }
    setMessage({ tone: "ok", text: (t) => t("calendarFeedCopied") });
  }

  return (
    <section className="card" aria-labelledby="calendar-feed-heading" aria-busy={url === undefined || busy}>
      <h2 id="calendar-feed-heading">{t("calendarFeedHeading")}</h2>
      <p className="hint card-intro">{t("calendarFeedIntro")}</p>
      {!connection ? (
        <p className="hint" data-testid="calendar-feed-needs-connection">
          {t("calendarFeedNeedsConnection")}
        </p>
      ) : url === undefined ? null : url ? (
        <>
          <div className="field">
            <label htmlFor="calendar-feed-url">{t("calendarFeedUrlLabel")}</label>
            <div className="input-with-button">
              <input
                ref={urlField}
                id="calendar-feed-url"
                type="url"
                readOnly
                value={url}
                spellCheck={false}
                onFocus={(event) => event.target.select()}
                aria-describedby="calendar-feed-hint"
                data-testid="calendar-feed-url"
              />
              <button type="button" className="button button-primary" onClick={() => void copy()}>
                <Icon name="copy" />
                {t("calendarFeedCopy")}
              </button>
            </div>
            <p className="hint" id="calendar-feed-hint">
              {t("calendarFeedHowTo")}
            </p>
          </div>
          <FeedbackLine feedback={message} testId="calendar-feed-result" />
          {confirming ? (
            <section
              className="feed-confirm"
              ref={confirmPanel}
              tabIndex={-1}
              aria-labelledby="calendar-feed-confirm-text"
              data-testid="calendar-feed-confirm"
            >
              <p id="calendar-feed-confirm-text">
                <Icon name="alert" />
                <span>{t("calendarFeedConfirmText")}</span>
              </p>
              <div className="button-row">
                <button type="button" className="button button-danger" onClick={() => void create(true)} aria-disabled={busy || undefined}>
                  {t("calendarFeedConfirm")}
                </button>
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => {
                    if (!busy) cancel();
                  }}
                  aria-disabled={busy || undefined}
                >
                  {t("cancel")}
                </button>
              </div>
            </section>
          ) : (
            <div className="feed-renew">
              <button
                ref={renewButton}
                type="button"
                className="button button-secondary"
                onClick={() => setConfirming(true)}
                aria-describedby="calendar-feed-renew-hint"
              >
                {t("calendarFeedRenew")}
              </button>
              <p className="hint" id="calendar-feed-renew-hint">
                {t("calendarFeedRenewHint")}
              </p>
            </div>
          )}
        </>
      ) : (
        <>
          <div className="action-row">
            <button
              type="button"
              className="button button-secondary"
              onClick={() => void create(false)}
              aria-disabled={busy || undefined}
              aria-describedby="calendar-feed-create-hint"
            >
              <Icon name="calendar" />
              {t("calendarFeedCreate")}
            </button>
            <FeedbackLine feedback={message} testId="calendar-feed-result" />
          </div>
          <p className="hint" id="calendar-feed-create-hint">
            {t("calendarFeedCreateHint")}
          </p>
        </>
      )}
    </section>
  );
}
