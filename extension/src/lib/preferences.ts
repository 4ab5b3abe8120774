/** The languages of the popup and the options page: Italian first. */
export const LANGUAGES = ["it", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * What the options page offers: the browser's language (the default: an English browser gets
 * English without looking for it), or one of the languages, which then wins whatever the browser.
 */
export const LANGUAGE_CHOICES = ["browser", ...LANGUAGES] as const;
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number];

/** The preferences before the options page has saved any: no service, the browser's language, reminders on. */
export const DEFAULT_PREFERENCES = { serviceUrl: "", token: "", language: "browser" as LanguageChoice, notifications: true };
