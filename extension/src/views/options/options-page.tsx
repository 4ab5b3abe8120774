import { LANGUAGES, type ExtensionPreferences, type Language } from "../../lib/storage";
import { useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import { usePageTitle } from "../../ui/use-page-title";
import { CalendarFeed } from "./calendar-feed";
import { FeedbackLine } from "./feedback-line";
import { usePreferencesForm } from "./use-preferences-form";
import "./options-page.css";

const LANGUAGE_NAMES: Record<Language, string> = { it: "Italiano", en: "English" };

/** The options page: the connection (service, token, Verifica), then language and reminders, then the calendar feed. */
export function OptionsPage({ initial, onLanguage }: { initial: ExtensionPreferences; onLanguage: (language: Language) => void }) {
  const t = useT();
  usePageTitle(t("optionsTitle"));
  const { fields, save, saveFeedback, verify, verifyFeedback, verifying, connection } = usePreferencesForm(initial);
  const { serviceUrl, setServiceUrl, token, setToken, showToken, setShowToken, language, setLanguage, notifications, setNotifications } = fields;

  return (
    <main className="options">
      <header className="options-header">
        <span className="brand-mark" aria-hidden="true" />
        <div>
          <h1>{t("optionsTitle")}</h1>
          <p className="muted">{t("optionsIntro")}</p>
        </div>
      </header>
      <form onSubmit={save} noValidate>
        <section className="card" aria-labelledby="connection-heading">
          <h2 id="connection-heading">{t("connectionHeading")}</h2>
          <div className="field">
            <label htmlFor="service-url">{t("serviceUrlLabel")}</label>
            <input
              id="service-url"
              name="serviceUrl"
              type="url"
              inputMode="url"
              autoComplete="url"
              spellCheck={false}
              value={serviceUrl}
              onChange={(event) => setServiceUrl(event.target.value)}
              aria-describedby="service-url-hint"
              placeholder="https://"
            />
            <p className="hint" id="service-url-hint">
              {t("serviceUrlHint")}
            </p>
          </div>
          <div className="field">
            <label htmlFor="token">{t("tokenLabel")}</label>
            <div className="input-with-button">
              <input
                id="token"
                name="token"
                type={showToken ? "text" : "password"}
                autoComplete="off"
                spellCheck={false}
                value={token}
                onChange={(event) => setToken(event.target.value)}
                aria-describedby="token-hint"
              />
              <button type="button" className="button button-secondary" onClick={() => setShowToken(!showToken)} aria-pressed={showToken}>
                {showToken ? t("hideToken") : t("showToken")}
              </button>
            </div>
            <p className="hint" id="token-hint">
              {t("tokenHint")}
            </p>
          </div>
          <div className="verify-row">
            <button type="button" className="button button-secondary" onClick={() => void verify()} disabled={verifying}>
              <Icon name="check" />
              {verifying ? t("verifying") : t("verify")}
            </button>
            <FeedbackLine feedback={verifyFeedback} testId="verify-result" />
          </div>
        </section>

        <section className="card" aria-labelledby="preferences-heading">
          <h2 id="preferences-heading">{t("preferencesHeading")}</h2>
          <div className="field">
            <label htmlFor="language">{t("languageLabel")}</label>
            <select
              id="language"
              name="language"
              value={language}
              onChange={(event) => {
                const next = event.target.value as Language;
                setLanguage(next);
                onLanguage(next);
              }}
            >
              {LANGUAGES.map((code) => (
                <option key={code} value={code} lang={code}>
                  {LANGUAGE_NAMES[code]}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-check">
            <input
              id="notifications"
              name="notifications"
              type="checkbox"
              checked={notifications}
              onChange={(event) => setNotifications(event.target.checked)}
              aria-describedby="notifications-hint"
            />
            <div>
              <label htmlFor="notifications">{t("notificationsLabel")}</label>
              <p className="hint" id="notifications-hint">
                {t("notificationsHint")}
              </p>
            </div>
          </div>
        </section>

        <div className="save-row">
          <button type="submit" className="button button-primary">
            {t("save")}
          </button>
          <FeedbackLine feedback={saveFeedback} testId="save-result" />
        </div>
      </form>
      <CalendarFeed connection={connection} />
    </main>
  );
}
