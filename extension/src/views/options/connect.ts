import type { Me } from "@rete-urp/shared";
import { type Connection, normaliseServiceUrl } from "../../lib/api";
import type { Translator } from "../../lib/i18n";
import { ServiceError } from "../../lib/service-error";
import { clearCachedSnapshot, type ExtensionPreferences, readPreferences, writePreferences } from "../../lib/storage";
import { checkConnection, describeError } from "./connection-check";

/**
 * "Collega e salva", the options page's one action for the connection: the fields are checked,
 * the service is asked who the token belongs to, and only an accepted token is saved. Anything
 * else saves nothing, so the connection that worked before stays in use. Kept apart from the
 * React hook (use-connection-form.ts) so the rules can be tested without a page.
 */

/** Words said in the page's current language: a message outlives a change of language. */
export type Words = (t: Translator) => string;

export type ConnectionField = keyof Connection;
export type FieldErrors = Partial<Record<ConnectionField, Words>>;

/** What is wrong with one field as typed, before asking the service anything. */
export function fieldError(field: ConnectionField, value: string): Words | undefined {
  if (!value.trim()) return field === "serviceUrl" ? (t) => t("errorServiceUrlMissing") : (t) => t("errorTokenMissing");
  if (field === "serviceUrl") {
    try {
      normaliseServiceUrl(value);
    } catch {
      return (t) => t("errorBadUrl");
    }
  }
  return undefined;
}

export function fieldErrors(typed: Connection): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of ["serviceUrl", "token"] as const) {
    const error = fieldError(field, typed[field]);
    if (error) errors[field] = error;
  }
  return errors;
}

/**
 * A field's error once the user edits it: none as soon as the value is right. An error the
 * service gave (a refused token) was about the old value, so any valid edit clears it too.
 * A field with no error gets none while being typed into: errors come from pressing the button.
 */
export function errorAfterEdit(errors: FieldErrors, field: ConnectionField, value: string): FieldErrors {
  if (!errors[field]) return errors;
  return { ...errors, [field]: fieldError(field, value) };
}

/** The browser's answer to the host permission request, readable at any time: undefined while the prompt is open. */
export interface PermissionAnswer {
  granted(): boolean | undefined;
}

export function trackPermission(request: Promise<boolean>): PermissionAnswer {
  let answer: boolean | undefined;
  request.then(
    (granted) => {
      answer = granted;
    },
    () => {
      answer = false;
    },
  );
  return { granted: () => answer };
}

export type ConnectOutcome =
  | { saved: true; me: Me; connection: Connection }
  | {
      saved: false;
      /** The field the problem is about, where the page shows it; none for the person's access, the service's health… */
      field?: ConnectionField;
      problem: Words;
      /** A connection saved before, still in use. */
      keptPrevious: boolean;
    };

/**
 * Checks the typed connection against the service and saves it only if the service accepts it.
 *
 * The host permission was asked for inside the click (`permission`). A refusal already given
 * is respected: nothing is saved, and the message says how to allow it. A prompt still open
 * does not hold the save back: Chrome leaves it open until it is answered, and the check has
 * just reached the service without the permission, as the popup and the worker will (the
 * service answers CORS for the extension). When the check could not reach the service and the
 * browser refused, the refusal is the likely cause, and is what the message names.
 */
export async function connectAndSave(typed: Connection, permission: PermissionAnswer): Promise<ConnectOutcome> {
  const connection: Connection = { serviceUrl: normaliseServiceUrl(typed.serviceUrl), token: typed.token.trim() };
  const previous = await readPreferences();
  const keptPrevious = Boolean(previous.serviceUrl && previous.token);
  const refused: ConnectOutcome = { saved: false, problem: (t) => t("permissionRefused"), keptPrevious };
  let me: Me;
  try {
    me = await checkConnection(connection);
  } catch (error) {
    if (permission.granted() === false && error instanceof ServiceError && error.code === "network") return refused;
    return { saved: false, field: fieldOfError(error), problem: (t) => describeError(error, t), keptPrevious };
  }
  if (permission.granted() === false) return refused;
  await saveConnection(connection);
  return { saved: true, me, connection };
}

/** Which field a failed check is about: the token for 401, the address when no answer came from the service. */
function fieldOfError(error: unknown): ConnectionField | undefined {
  if (!(error instanceof ServiceError)) return undefined;
  switch (error.code) {
    case "unauthorized":
      return "token";
    case "bad_url":
    case "network":
    case "wrong_host":
    case "bad_response":
      return "serviceUrl";
    default:
      // forbidden (the person's access), too_many_attempts, the service's own trouble: no field to fix.
      return undefined;
  }
}

/**
 * The line beside the button when nothing was saved: the problem first when no field shows it
 * (a field's problem is said at the field), then that nothing was saved and what stays in use.
 */
export function notSavedLine(keptPrevious: boolean, problem?: Words): Words {
  const tail: Words = (t) => (keptPrevious ? t("notSavedKeptPrevious") : t("notSaved"));
  return problem ? (t) => `${problem(t)} ${tail(t)}` : tail;
}

// Preferences are read, changed and written one change at a time: the language picked while the
// connection is being checked must not be overwritten by the connection's save, nor the other way.
let writes: Promise<unknown> = Promise.resolve();

function updatePreferences(
  change: (current: ExtensionPreferences) => Promise<ExtensionPreferences> | ExtensionPreferences,
): Promise<ExtensionPreferences> {
  const next = writes.then(async () => {
    const updated = await change(await readPreferences());
    await writePreferences(updated);
    return updated;
  });
  writes = next.catch(() => undefined);
  return next;
}

function saveConnection(connection: Connection): Promise<ExtensionPreferences> {
  return updatePreferences(async (current) => {
    // Another service or another person: the cached data is not theirs to see.
    if (current.serviceUrl !== connection.serviceUrl || current.token !== connection.token) await clearCachedSnapshot();
    return { ...current, ...connection };
  });
}

/** Language and reminders: saved as they change, the connection left as it is. */
export function savePreferences(change: Partial<Pick<ExtensionPreferences, "language" | "notifications">>): Promise<ExtensionPreferences> {
  return updatePreferences((current) => ({ ...current, ...change }));
}
