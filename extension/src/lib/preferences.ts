/** The languages of the popup and the options page: Italian first, whatever the browser's language. */
export const LANGUAGES = ["it", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

/** The preferences before the options page has saved any: no service, Italian, reminders on. */
export const DEFAULT_PREFERENCES = { serviceUrl: "", token: "", language: "it" as Language, notifications: true };
