import type { Me } from "@rete-urp/shared";
import { useState, type FormEvent } from "react";
import { normaliseServiceUrl } from "../../lib/api";
import { clearCachedSnapshot, writePreferences, type ExtensionPreferences } from "../../lib/storage";
import { useT } from "../../ui/i18n-context";
import { checkConnection, describeError, originPattern } from "./connection-check";
import type { Feedback } from "./feedback-line";

/**
 * The options form's state: the fields, "Salva" (which also asks for the service's host
 * permission) and "Verifica" (who the token belongs to, or what is wrong).
 */
export function usePreferencesForm(initial: ExtensionPreferences) {
  const t = useT();
  const [serviceUrl, setServiceUrl] = useState(initial.serviceUrl);
  const [token, setToken] = useState(initial.token);
  const [showToken, setShowToken] = useState(false);
  const [language, setLanguage] = useState(initial.language);
  const [notifications, setNotifications] = useState(initial.notifications);
  // What is stored: a new address or token also clears the cached data of the old one.
  const [saved, setSaved] = useState<ExtensionPreferences>(initial);
  const [saveFeedback, setSaveFeedback] = useState<Feedback>(null);
  const [verifyFeedback, setVerifyFeedback] = useState<Feedback>(null);
  const [verifying, setVerifying] = useState(false);

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


  /** The connection for the calendar feed: what is typed, when it can be used. */
  function connection() {
    return serviceUrl.trim() && token.trim() && validUrl(serviceUrl) ? { serviceUrl, token } : null;
  }

  return {
    fields: { serviceUrl, setServiceUrl, token, setToken, showToken, setShowToken, language, setLanguage, notifications, setNotifications },
    save,
    saveFeedback,
    verify,
    verifyFeedback,
    verifying,
    connection,
  };
}

function validUrl(value: string): boolean {
  try {
    normaliseServiceUrl(value);
    return true;
  } catch {
    return false;
  }
}
