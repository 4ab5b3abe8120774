import { useState } from "react";
import type { ExtensionPreferences, LanguageChoice } from "../../lib/storage";
import { savePreferences, type Words } from "./connect";
import type { Feedback } from "./feedback-line";

/**
 * Language and reminders, saved as soon as they change, with a line saying so once they are
 * stored. They need no check, so a Save of their own would only add a second button whose
 * "saved" could be read as the connection's (the confusion this page used to cause); and the
 * page already switches language at once, so the choice it shows is the one stored.
 */
export function usePreferences(initial: ExtensionPreferences, onLanguage: (language: LanguageChoice) => void) {
  const [language, setLanguage] = useState(initial.language);
  const [notifications, setNotifications] = useState(initial.notifications);
  const [feedback, setFeedback] = useState<Feedback>(null);

  function save(change: Parameters<typeof savePreferences>[0], said: Words) {
    setFeedback(null);
    void savePreferences(change).then(
      () => setFeedback({ tone: "ok", text: said }),
      () => setFeedback({ tone: "error", text: (t) => t("preferencesNotSaved") }),
    );
  }

  function chooseLanguage(next: LanguageChoice) {
    setLanguage(next);
    onLanguage(next);
    save({ language: next }, (t) => t("languageSaved"));
  }

  function chooseNotifications(next: boolean) {
    setNotifications(next);
    save({ notifications: next }, (t) => t(next ? "remindersOn" : "remindersOff"));
  }

  return { language, chooseLanguage, notifications, chooseNotifications, feedback };
}
