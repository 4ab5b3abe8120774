import { createPrivateKey } from "node:crypto";
import { readFile } from "node:fs/promises";
import { sheets, type sheets_v4 } from "@googleapis/sheets";
import { GoogleAuth, OAuth2Client } from "google-auth-library";
import { StoreError } from "../store.ts";

/**
 * The Sheets v4 client and its credential. Three ways in:
 * - GOOGLE_ACCESS_TOKEN: a ready bearer token (gcloud auth application-default print-access-token,
 *   after a login with the spreadsheets scope: plain `gcloud auth print-access-token` lacks it;
 *   the tests' way to reach the local double), used as is, never refreshed;
 * - GOOGLE_APPLICATION_CREDENTIALS naming a service-account key (the usual case: the coordinator
 *   shares the sheet with the account's email);
 * - the same variable naming an "authorized_user" file (an OAuth refresh token), for domains
 *   that forbid sharing with service accounts; its quota_project_id names the project the calls
 *   are billed to (without one, Google bills gcloud's own project and answers SERVICE_DISABLED).
 * GoogleAuth reads both kinds of file. gaxios' own retries are off for every call: its defaults
 * wait too little and never retry a POST; google-retry.ts and the journal writer do it instead.
 */

export const SHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets";

export interface SheetsClientOptions {
  apiRootUrl?: string;
  accessToken?: string;
  credentialsFile?: string;
  timeoutMs: number;
}

export interface SheetsClient {
  api: sheets_v4.Sheets;
  /** The service account's email, for "share the sheet with …"; undefined for other credentials. */
  principal?: string;
}

interface CredentialsFile {
  type?: string;
  client_email?: string;
  private_key?: string;
  client_id?: string;
  client_secret?: string;
  refresh_token?: string;
}

async function readCredentials(path: string): Promise<CredentialsFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new StoreError(
      "google_credentials",
      `Non trovo il file della credenziale Google ${path} (GOOGLE_APPLICATION_CREDENTIALS): controlla il percorso`,
      false,
      { cause: error },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StoreError(
      "google_credentials",
      `Il file ${path} (GOOGLE_APPLICATION_CREDENTIALS) non è un JSON valido: scarica di nuovo la chiave JSON da Google Cloud`,
      false,
      { cause: error },
    );
  }
  const credentials = (parsed ?? {}) as CredentialsFile;
  if (credentials.type !== "service_account" && credentials.type !== "authorized_user") {
    throw new StoreError(
      "google_credentials",
      `Il file ${path} non è una chiave di account di servizio né un token utente (type "${String(credentials.type)}"): usa la chiave JSON dell'account di servizio`,
      false,
    );
  }
  // Checked here, because the client library finds out only at the first call, with an English
  // error that looks like a network failure and would be retried for ever.
  const missing = (fields: (keyof CredentialsFile)[]) =>
    fields.filter((field) => typeof credentials[field] !== "string" || credentials[field] === "");
  const incomplete =
    credentials.type === "service_account"
      ? missing(["client_email", "private_key"])
      : missing(["client_id", "client_secret", "refresh_token"]);
  if (incomplete.length > 0) {
    const again =
      credentials.type === "service_account"
        ? "scarica di nuovo la chiave JSON da Google Cloud"
        : "crealo di nuovo (gcloud auth application-default login)";
    throw new StoreError(
      "google_credentials",
      `Il file ${path} (GOOGLE_APPLICATION_CREDENTIALS) è incompleto (manca ${incomplete.join(", ")}): ${again}`,
      false,
    );
  }
  if (credentials.type === "service_account") {
    try {
      createPrivateKey(credentials.private_key!);
    } catch (error) {
      throw new StoreError(
        "google_credentials",
        `La chiave privata nel file ${path} (GOOGLE_APPLICATION_CREDENTIALS) non è leggibile: il file è stato modificato o troncato? Scarica di nuovo la chiave JSON di ${credentials.client_email} da Google Cloud`,
        false,
        { cause: error },
      );
    }
  }
  return credentials;
}

export async function createSheetsClient(options: SheetsClientOptions): Promise<SheetsClient> {
  let auth: GoogleAuth | OAuth2Client;
  let principal: string | undefined;
  if (options.accessToken) {
    const client = new OAuth2Client({ transporterOptions: { timeout: options.timeoutMs } });
    client.setCredentials({ access_token: options.accessToken });
    auth = client;
  } else if (options.credentialsFile) {
    const credentials = await readCredentials(options.credentialsFile);
    principal = credentials.type === "service_account" ? credentials.client_email : undefined;
    auth = new GoogleAuth({
      keyFile: options.credentialsFile,
      scopes: [SHEETS_SCOPE],
      // The token exchange gets the same timeout as the API calls.
      clientOptions: { transporterOptions: { timeout: options.timeoutMs } },
    });
  } else {
    throw new StoreError(
      "google_credentials",
      "Manca la credenziale Google: imposta GOOGLE_APPLICATION_CREDENTIALS (la chiave JSON dell'account di servizio) oppure GOOGLE_ACCESS_TOKEN",
      false,
    );
  }
  const api = sheets({
    version: "v4",
    // One copy of google-auth-library: sheets-sync pins the version googleapis-common pins
    // (package.json), so its classes are the ones the client expects; bump both together.
    auth,
    // googleapis-common rewrites every request URL onto rootUrl (APIRequestContext._options).
    ...(options.apiRootUrl ? { rootUrl: options.apiRootUrl } : {}),
    retry: false,
    timeout: options.timeoutMs,
  });
  return { api, ...(principal ? { principal } : {}) };
}
