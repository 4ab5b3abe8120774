import { useState } from "react";
import { createCalendarFeed, type Connection } from "../../lib/api";
import { useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import { describeError } from "./connection-check";
import { FeedbackLine, type Feedback } from "./feedback-line";
import "./calendar-feed.css";

/**
 * "Calendario in abbonamento": my personal iCalendar feed URL (POST /calendar-feed), to paste
 * once into Google Calendar or Outlook, which then follow every change to the meetings. A new
 * address each time: asking again turns the old one off, which is also how to revoke a leaked one.
 */
export function CalendarFeed({ connection }: { connection: () => Connection | null }) {
  const t = useT();
  const [url, setUrl] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Feedback>(null);

  async function create() {
    const current = connection();
    if (!current) {
      setMessage({ tone: "error", text: t("errorMissing") });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      setUrl(await createCalendarFeed(current));
    } catch (error) {
      setMessage({ tone: "error", text: describeError(error, t) });
    } finally {
      setBusy(false);
    }
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // No clipboard permission (an old browser, a page without focus): select the text so
      // Ctrl+C works, and say so.
      const input = document.getElementById("calendar-feed-url") as HTMLInputElement | null;
      input?.select();
      setMessage({ tone: "error", text: t("calendarFeedCopyFailed") });
      return;
    }
    setMessage({ tone: "ok", text: t("calendarFeedCopied") });
  }

  return (
    <section className="card" aria-labelledby="calendar-feed-heading">
      <h2 id="calendar-feed-heading">{t("calendarFeedHeading")}</h2>
      <p className="hint card-intro">{t("calendarFeedIntro")}</p>
      {url ? (
        <div className="field">
          <label htmlFor="calendar-feed-url">{t("calendarFeedUrlLabel")}</label>
          <div className="input-with-button">
            <input
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
      ) : null}
      <div className="verify-row">
        <button type="button" className="button button-secondary" onClick={() => void create()} disabled={busy}>
          <Icon name="calendar" />
          {url ? t("calendarFeedRenew") : t("calendarFeedCreate")}
        </button>
        <FeedbackLine feedback={message} testId="calendar-feed-result" />
      </div>
      <p className="hint">{t("calendarFeedRenewHint")}</p>
    </section>
  );
}
