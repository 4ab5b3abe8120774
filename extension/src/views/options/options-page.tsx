import { browserLanguage } from "../../lib/i18n";
import { type ExtensionPreferences, LANGUAGE_CHOICES, type Language, type LanguageChoice } from "../../lib/storage";
import { describedByIds, FieldError } from "../../ui/form-field";
import { useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import { usePageTitle } from "../../ui/use-page-title";
import { CalendarFeed } from "./calendar-feed";
import { FeedbackLine } from "./feedback-line";
import { useConnectionForm } from "./use-connection-form";
import { usePreferences } from "./use-preferences";
import "../../ui/disclosure.css";
import "./options-page.css";

const LANGUAGE_NAMES: Record<Language, string> = { it: "Italiano", en: "English" };

/**
 * The options page, one card per job: the connection (the invitation first; the service's address
 * and a token under "Ho già un token personale"; saved only once the service accepts them; the
 * address shown read-only when IT preset it), language and reminders (saved as they change), the
 * calendar feed.
 */
export function OptionsPage({
  initial,
  preset,
  allowInsecureHttp = false,
  onLanguage,
}: {
  initial: ExtensionPreferences;
  /** The service's address IT preset by policy (storage.managed), if any. */
  preset?: string | undefined;
  /** IT's lab switch (storage.managed): http:// to another machine allowed. */
  allowInsecureHttp?: boolean | undefined;
  onLanguage: (language: LanguageChoice) => void;
}) {
  const t = useT();
  usePageTitle(t("optionsTitle"));
  const connection = useConnectionForm(initial, preset, { allowInsecureHttp });
  const preferences = usePreferences(initial, onLanguage);
  const { values, edit, errors, inputs, showToken, setShowToken } = connection;
  const invitationError = errors.invitation?.(t);
  const urlError = errors.serviceUrl?.(t);
  const tokenError = errors.token?.(t);

  return (
    <main className="options">
      <header className="options-header">
        <span className="brand-mark" aria-hidden="true" />
        <div>
          <h1>{t("optionsTitle")}</h1>
          <p className="muted">{t("optionsIntro")}</p>
        </div>
      </header>

      <form className="card" aria-labelledby="connection-heading" onSubmit={connection.connect} noValidate aria-busy={connection.busy}>
        <h2 id="connection-heading">{t("connectionHeading")}</h2>
        {preset ? (
          <div className="field">
            <label htmlFor="service-url-preset">{t("serviceUrlLabel")}</label>
            <input id="service-url-preset" type="url" readOnly value={preset} aria-describedby="service-url-preset-hint" />
            <p className="hint" id="service-url-preset-hint">
              {t("serviceUrlPreset")}
            </p>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="invitation">{t("invitationLabel")}</label>
          <input
            ref={inputs.invitation}
            id="invitation"
            name="invitation"
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={values.invitation}
            onChange={(event) => edit("invitation", event.target.value)}
            aria-invalid={invitationError ? true : undefined}
            aria-describedby={describedByIds("invitation", invitationError, true)}
            placeholder={preset ? undefined : "https://…/invito/…"}
          />
          <p className="hint" id="invitation-hint">
            {preset ? t("invitationHintPreset") : t("invitationHint")}
          </p>
          <FieldError id="invitation-error" error={invitationError} />
        </div>
        <details
          className="disclosure token-disclosure"
          data-testid="token-disclosure"
          open={connection.tokenOpen}
          onToggle={(event) => connection.setTokenOpen(event.currentTarget.open)}
        >
          <summary>{t("tokenDisclosure")}</summary>
          <div className="disclosure-body">
            <p className="hint">{t("tokenDisclosureHint")}</p>
            {preset ? null : (
              <div className="field">
                <label htmlFor="service-url">{t("serviceUrlLabel")}</label>
                <input
                  ref={inputs.serviceUrl}
                  id="service-url"
                  name="serviceUrl"
                  type="url"
                  inputMode="url"
                  autoComplete="url"
                  spellCheck={false}
                  value={values.serviceUrl}
                  onChange={(event) => edit("serviceUrl", event.target.value)}
                  aria-invalid={urlError ? true : undefined}
                  aria-describedby={describedByIds("service-url", urlError, true)}
                  placeholder="https://"
                />
                <p className="hint" id="service-url-hint">
                  {t("serviceUrlHint")}
                </p>
                <FieldError id="service-url-error" error={urlError} />
              </div>
            )}
            <div className="field">
              <label htmlFor="token">{t("tokenLabel")}</label>
              <div className="input-with-button">
                <input
                  ref={inputs.token}
                  id="token"
                  name="token"
                  type={showToken ? "text" : "password"}
                  autoComplete="off"
                  spellCheck={false}
                  value={values.token}
                  onChange={(event) => edit("token", event.target.value)}
                  aria-invalid={tokenError ? true : undefined}
                  aria-describedby={describedByIds("token", tokenError, true)}
                />
                <button type="button" className="button button-secondary" onClick={() => setShowToken(!showToken)} aria-pressed={showToken}>
                  {showToken ? t("hideToken") : t("showToken")}
                </button>
              </div>
              <p className="hint" id="token-hint">
                {t("tokenHint")}
              </p>
              <FieldError id="token-error" error={tokenError} />
            </div>
          </div>
        </details>
        <div className="action-row">
          {/* Not disabled while it connects: it keeps the focus (use-connection-form ignores the presses). */}
          <button type="submit" className="button button-primary" aria-disabled={connection.busy || undefined}>
            <Icon name="link" />
            {t("connectAndSave")}
          </button>
          <FeedbackLine feedback={connection.feedback} testId="connect-result" />
        </div>
      </form>

      <section className="card" aria-labelledby="preferences-heading">
        <h2 id="preferences-heading">{t("preferencesHeading")}</h2>
        <p className="hint card-intro">{t("preferencesSavedAtOnce")}</p>
        <div className="field">
          <label htmlFor="language">{t("languageLabel")}</label>
          <select
            id="language"
            name="language"
            value={preferences.language}
            onChange={(event) => preferences.chooseLanguage(event.target.value as LanguageChoice)}
          >
            {LANGUAGE_CHOICES.map((code) =>
              code === "browser" ? (
                // In the page's language, naming the one it resolves to: "Lingua del browser (Italiano)".
                <option key={code} value={code}>
                  {t("languageBrowser", LANGUAGE_NAMES[browserLanguage()])}
                </option>
              ) : (
                <option key={code} value={code} lang={code}>
                  {LANGUAGE_NAMES[code]}
                </option>
              ),
            )}
          </select>
        </div>
        <div className="field field-check">
          <input
            id="notifications"
            name="notifications"
            type="checkbox"
            checked={preferences.notifications}
            onChange={(event) => preferences.chooseNotifications(event.target.checked)}
            aria-describedby="notifications-hint"
          />
          <div>
            <label htmlFor="notifications">{t("notificationsLabel")}</label>
            <p className="hint" id="notifications-hint">
              {t("notificationsHint")}
            </p>
          </div>
        </div>
        <FeedbackLine feedback={preferences.feedback} testId="preferences-result" />
      </section>

      <CalendarFeed connection={connection.saved} />
    </main>
  );
}
