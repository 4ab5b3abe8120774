import { type InvitationRedeemed, type Me, parseInvitation } from "@rete-urp/shared";
import { serviceUrlProblem, type TransportPolicy } from "@rete-urp/shared/schema-free";
import { type Connection, redeemInvitation } from "../../lib/api";
import type { Translator } from "../../lib/i18n";
import { ServiceError } from "../../lib/service-error";
import { normaliseServiceUrl } from "../../lib/service-url";
import { clearCachedSnapshot, type ExtensionPreferences, readPreferences, writePreferences } from "../../lib/storage";
import { checkConnection, describeError } from "./connection-check";

/**
 * "Collega e salva", the options page's one action for the connection, in two ways:
 * - an **invitation** (the link `<service>/invito/<code>`, or the code alone when the address is
 *   known): the service turns the single-use code into my token and says who I am, and the
 *   address and token are saved;
 * - a **token** (under "Ho già un token personale"): the fields are checked, the service is asked
 *   who the token belongs to, and only an accepted token is saved.
 * Anything else saves nothing, so the connection that worked before stays in use. Kept apart from
 * the React hook (use-connection-form.ts) so the rules can be tested without a page.
 *
 * Never in clear: an address, typed or in an invitation link, that is `http://` to another
 * machine is refused before anything is sent (shared/src/https-only.ts), unless IT's policy
 * allows it for a lab (`policy`, `allowInsecureHttp` in storage.managed).
 */

/** Words said in the page's current language: a message outlives a change of language. */
export type Words = (t: Translator) => string;

export type ConnectionField = keyof Connection;
/** The invitation, or the address and token under the disclosure. */
export type FormField = "invitation" | ConnectionField;
export type FieldErrors = Partial<Record<FormField, Words>>;

/** What is wrong with one field as typed, before asking the service anything. */
export function fieldError(field: ConnectionField, value: string, policy: TransportPolicy = {}): Words | undefined {
  if (!value.trim()) return field === "serviceUrl" ? (t) => t("errorServiceUrlMissing") : (t) => t("errorTokenMissing");
  if (field === "serviceUrl") {
    const problem = serviceUrlProblem(value, policy);
    // http:// to another machine: the token would travel in clear.
    if (problem === "cleartext") return (t) => t("errorInsecureUrl");
    if (problem) return (t) => t("errorBadUrl");
  }
  return undefined;
}

export function fieldErrors(typed: Connection, policy: TransportPolicy = {}): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of ["serviceUrl", "token"] as const) {
    const error = fieldError(field, typed[field], policy);
    if (error) errors[field] = error;
  }
  return errors;
}

/**
 * A field's error once the user edits it: none as soon as the value is right. An error the
 * service gave (a refused token) was about the old value, so any valid edit clears it too.
 * A field with no error gets none while being typed into: errors come from pressing the button.
 */
export function errorAfterEdit(errors: FieldErrors, field: FormField, value: string, policy: TransportPolicy = {}): FieldErrors {
  if (!errors[field]) return errors;
  if (field === "invitation") return { ...errors, invitation: parseInvitation(value) ? undefined : invitationFormatError(value) };
  return { ...errors, [field]: fieldError(field, value, policy) };
}

function invitationFormatError(value: string): Words {
  return value.trim() ? (t) => t("errorNotAnInvitation") : (t) => t("errorInvitationMissing");
}

/** Where an invitation is redeemed: the service's address (normalised) and the code. */
export interface InvitationTarget {
  serviceUrl: string;
  code: string;
}

/**
 * What was pasted in "Invito", read before anything is asked of the service: the link gives the
 * address; a bare code takes the address IT preset (`preset`) or, failing that, the one in the
 * address field, when it is valid. A link to `http://` on another machine is refused (the code,
 * then the token, would travel in clear), and so is a bare code with such an address typed.
 * With a preset, a link to another service is refused: the token would be for a service this
 * browser does not use.
 */
export function invitationTarget(
  pasted: string,
  known: { preset?: string | undefined; typed: string },
  policy: TransportPolicy = {},
): InvitationTarget | { error: Words } {
  const parsed = parseInvitation(pasted);
  if (!parsed) return { error: invitationFormatError(pasted) };
  if (parsed.serviceUrl) {
    const serviceUrl = normaliseServiceUrl(parsed.serviceUrl);
    if (serviceUrlProblem(serviceUrl, policy) === "cleartext") return { error: (t) => t("errorInvitationInsecure") };
    const { preset } = known;
    if (preset && serviceUrl !== preset) return { error: (t) => t("errorInvitationOtherService", serviceUrl, preset) };
    return { serviceUrl, code: parsed.code };
  }
  if (known.preset) return { serviceUrl: known.preset, code: parsed.code };
  if (known.typed.trim()) {
    const problem = serviceUrlProblem(known.typed, policy);
    if (!problem) return { serviceUrl: normaliseServiceUrl(known.typed), code: parsed.code };
    if (problem === "cleartext") return { error: (t) => t("errorInsecureUrl") };
  }
  return { error: (t) => t("errorInvitationCodeOnly") };
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
      field?: FormField;
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
    if (permission.granted() === false && error instanceof ServiceError && error.known === "network") return refused;
    return { saved: false, field: fieldOfError(error), problem: (t) => describeError(error, t), keptPrevious };
  }
  if (permission.granted() === false) return refused;
  await saveConnection(connection);
  return { saved: true, me, connection };
}

/**
 * Redeems the invitation and saves the address with the token it gives: the service answers with
 * the token and who I am, so there is nothing more to check.
 *
 * The host permission was asked for inside the click, as for a token. A refusal already given
 * before the code is sent stops here, and the code stays unused for when access is allowed. Once
 * the service has turned the code into a token, the code is gone: the token is saved whatever
 * the browser answers later, or the invitation would be lost (the extension reaches the service
 * without the permission too, through CORS).
 */
export async function redeemAndSave(target: InvitationTarget, permission: PermissionAnswer): Promise<ConnectOutcome> {
  const previous = await readPreferences();
  const keptPrevious = Boolean(previous.serviceUrl && previous.token);
  const refused: ConnectOutcome = { saved: false, problem: (t) => t("permissionRefused"), keptPrevious };
  if (permission.granted() === false) return refused;
  let redeemed: InvitationRedeemed;
  try {
    redeemed = await redeemInvitation(target.serviceUrl, target.code);
  } catch (error) {
    if (permission.granted() === false && error instanceof ServiceError && error.known === "network") return refused;
    return { saved: false, field: invitationFieldOfError(error), problem: (t) => describeInvitationError(error, t), keptPrevious };
  }
  const connection: Connection = { serviceUrl: target.serviceUrl, token: redeemed.token };
  await saveConnection(connection);
  return { saved: true, me: redeemed.me, connection };
}

/** What a refused invitation means, in words: what happened to it and whom to ask. */
export function describeInvitationError(error: unknown, t: Translator): string {
  if (!(error instanceof ServiceError)) return t("errorBadResponse");
  switch (error.known) {
    case "insecure_url":
      return t("errorInvitationInsecure");
    case "invitation_used":
      return t("errorInvitationUsed");
    case "invitation_expired":
      return t("errorInvitationExpired");
    case "invitation_revoked":
      return t("errorInvitationRevoked");
    case "invitation_unknown":
    case "invalid_request":
      return t("errorInvitationUnknown");
    case "forbidden":
      return t("errorInvitationAccessRemoved");
    case "too_many_attempts":
      return t("errorInvitationTooManyAttempts");
    default:
      return describeError(error, t);
  }
}

/** The invitation field, unless the problem is the person's access or the service's own trouble. */
function invitationFieldOfError(error: unknown): FormField | undefined {
  if (!(error instanceof ServiceError)) return undefined;
  switch (error.known) {
    case "forbidden":
    case "too_many_attempts":
    case "internal":
    case "store_unavailable":
    case "journal_unavailable":
      return undefined;
    default:
      return "invitation";
  }
}

/** Which field a failed check is about: the token for 401, the address when no answer came from the service. */
function fieldOfError(error: unknown): ConnectionField | undefined {
  if (!(error instanceof ServiceError)) return undefined;
  switch (error.known) {
    case "unauthorized":
      return "token";
    case "bad_url":
    case "insecure_url":
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
