import type { Me } from "@rete-urp/shared";
import { useEffect, useState, type FormEvent } from "react";
import { normaliseServiceUrl } from "../lib/api";
import { clearCachedSnapshot, LANGUAGES, writePreferences, type ExtensionPreferences, type Language } from "../lib/storage";
import { CalendarFeed } from "./calendar-feed";
import { checkConnection, describeError, originPattern } from "./connection-check";
import { useT } from "./i18n-context";
import { Icon } from "./icons";

function validUrl(value: string): boolean {
  try {
    normaliseServiceUrl(value);
    return true;
  } catch {
    return false;
  }
}

type Feedback = { tone: "ok" | "error" | "info"; text: string } | null;

const LANGUAGE_NAMES: Record<Language, string> = { it: "Italiano", en: "English" };

export function OptionsForm({ initial, onLanguage }: { initial: ExtensionPreferences; onLanguage: (language: Language) => void }) {
  const t = useT();
  const [serviceUrl, setServiceUrl] = useState(initial.serviceUrl);
  const [token, setToken] = useState(initial.token);
  const [showToken, setShowToken] = useState(false);
  const [language, setLanguage] = useState(initial.language);
  const [notifications, setNotifications] = useState(initial.notifications);
  const [saved, setSaved] = useState<ExtensionPreferences>(initial);
  const [saveFeedback, setSaveFeedback] = useState<Feedback>(null);
  const [verifyFeedback, setVerifyFeedback] = useState<Feedback>(null);
  const [verifying, setVerifying] = useState(false);

  useEffect(() => {
    document.title = t("optionsTitle");
    // Plasmo's generated options.html has no lang: screen readers need it to pick a voice (WCAG 3.1.1).
    document.documentElement.lang = t.language;
  }, [t]);

  function validConnection(): boolean {
    if (!serviceUrl.trim() || !token.trim()) {
      setVerifyFeedback({ tone: "error", text: t("errorMissing") });
      return false;
    }
    try {
      normaliseServiceUrl(serviceUrl);
      return true;
    } catch {
      setVerifyFeedback({ tone: "error", text: t("errorBadUrl") });
      return false;
    }
  }

  function save(event: FormEvent) {
    event.preventDefault();
    setSaveFeedback(null);
    const wantsConnection = serviceUrl.trim() !== "" || token.trim() !== "";
    if (wantsConnection && !validConnection()) return;
    // Asked first, synchronously inside the click: Chrome grants the prompt only during a user
    // gesture. Not awaited before saving: the prompt may stay open for a long time.
    const permission = serviceUrl.trim()
      ? chrome.permissions.request({ origins: [originPattern(serviceUrl)] }).catch(() => false)
      : Promise.resolve(true);
    const next: ExtensionPreferences = {
      serviceUrl: serviceUrl.trim() ? normaliseServiceUrl(serviceUrl) : "",
      token: token.trim(),
      language,
      notifications,
    };
    void (async () => {
      // Another service or another person: the cached data is not theirs to see.
      if (next.serviceUrl !== saved.serviceUrl || next.token !== saved.token) await clearCachedSnapshot();
      await writePreferences(next);
      setSaved(next);
      setServiceUrl(next.serviceUrl);
      setSaveFeedback({ tone: "ok", text: t("saved") });
      if (!(await permission)) setSaveFeedback({ tone: "info", text: `${t("saved")} ${t("permissionDenied")}` });
    })();
  }

  async function verify() {
    setVerifyFeedback(null);
    if (!validConnection()) return;
    setVerifying(true);
    try {
      const me: Me = await checkConnection({ serviceUrl, token });
      setVerifyFeedback({ tone: "ok", text: t("verifyOk", t("meLabel", `${me.firstName} ${me.lastName}`, me.ente)) });
    } catch (error) {
      setVerifyFeedback({ tone: "error", text: describeError(error, t) });
    } finally {
      setVerifying(false);
    }
  }

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
      <CalendarFeed connection={() => (serviceUrl.trim() && token.trim() && validUrl(serviceUrl) ? { serviceUrl, token } : null)} />
    </main>
  );
}

function FeedbackLine({ feedback, testId }: { feedback: Feedback; testId: string }) {
  if (!feedback) return <p className="feedback" role="status" data-testid={testId} />;
  return (
    <p className={`feedback feedback-${feedback.tone}`} role={feedback.tone === "error" ? "alert" : "status"} data-testid={testId}>
      <Icon name={feedback.tone === "ok" ? "check" : "alert"} />
      <span>{feedback.text}</span>
    </p>
  );
}
