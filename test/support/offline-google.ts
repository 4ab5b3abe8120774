import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type SheetsDouble, startSheetsDouble } from "../sheets-double/sheets-double.ts";
import { OAuthTokenEndpoint } from "./oauth-token-endpoint.ts";
import { type ServiceAccountKey, writeServiceAccountKey } from "./service-account-key.ts";
import { createTestCertificates } from "./test-certificates.ts";
import { forwardTo, type InterceptingProxy, startInterceptingProxy } from "./tls-intercepting-proxy.ts";

/**
 * Google, offline, under its real host names: a TLS-intercepting proxy with its own CA in front
 * of the Sheets double (sheets.googleapis.com) and a token endpoint (oauth2.googleapis.com) that
 * checks the service account's signed assertion. sheets-sync reaches it as it reaches Google:
 * through HTTPS_PROXY (which gaxios, under google-auth-library and googleapis, honours), trusting
 * the CA through NODE_EXTRA_CA_CERTS, with a service-account key in GOOGLE_APPLICATION_CREDENTIALS
 * and neither SHEETS_API_ROOT_URL nor GOOGLE_ACCESS_TOKEN.
 */

export const SHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets";
export const GOOGLE_HOSTS = ["oauth2.googleapis.com", "sheets.googleapis.com"] as const;

export interface OfflineGoogle {
  dir: string;
  double: SheetsDouble;
  tokenEndpoint: OAuthTokenEndpoint;
  proxy: InterceptingProxy;
  /** A new service account with its key file; Google knows its public key unless `known` is false. */
  serviceAccount(email: string, options?: { known?: boolean; fileName?: string }): Promise<ServiceAccountKey>;
  /** Shares the sheet with these accounts (and only these) as Editor. */
  shareWith(...emails: string[]): void;
  /** The environment of a sheets-sync process that uses `keyFile`, as an installation behind a proxy would have. */
  env(keyFile: string): Record<string, string>;
  close(): Promise<void>;
}

export async function startOfflineGoogle(): Promise<OfflineGoogle> {
  const dir = await mkdtemp(join(tmpdir(), "rete-urp-google-"));
  const certificates = await createTestCertificates(dir, GOOGLE_HOSTS);
  const double = await startSheetsDouble();
  const tokenEndpoint = new OAuthTokenEndpoint(SHEETS_SCOPE);
  const proxy = await startInterceptingProxy({
    cert: certificates.cert,
    key: certificates.key,
    hosts: { "oauth2.googleapis.com": tokenEndpoint.handle, "sheets.googleapis.com": forwardTo(double.rootUrl) },
  });
  // Shared with nobody until the test says so.
  double.requireCallers((token) => tokenEndpoint.callerOf(token), []);
  return {
    dir,
    double,
    tokenEndpoint,
    proxy,
    async serviceAccount(email, options = {}) {
      const key = await writeServiceAccountKey(dir, email, options.fileName);
      if (options.known !== false) tokenEndpoint.register(email, key.publicKey);
      return key;
    },
    shareWith(...emails) {
      double.requireCallers((token) => tokenEndpoint.callerOf(token), emails);
    },
    env(keyFile) {
      return {
        GOOGLE_APPLICATION_CREDENTIALS: keyFile,
        // gaxios takes HTTPS_PROXY before https_proxy, HTTP_PROXY and http_proxy; NO_PROXY (or
        // no_proxy) naming a Google host would bypass the proxy, so it is emptied: a developer's
        // own proxy settings must not leak into the test.
        HTTPS_PROXY: proxy.url,
        https_proxy: proxy.url,
        NO_PROXY: "",
        no_proxy: "",
        NODE_EXTRA_CA_CERTS: certificates.caFile,
        SHEETS_API_TIMEOUT_SECONDS: "5",
      };
    },
    async close() {
      await proxy.close();
      await double.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
