import { generateKeyPairSync, type KeyObject, randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * A Google service-account key file as Google Cloud hands it out (IAM → Account di servizio →
 * Chiavi → Crea chiave JSON), for a freshly generated RSA key pair: the file goes to
 * GOOGLE_APPLICATION_CREDENTIALS, the public key to the token endpoint that checks the
 * assertions signed with it.
 */

export interface ServiceAccountKey {
  /** The JSON key file's path. */
  file: string;
  email: string;
  publicKey: KeyObject;
}

/** Writes `<dir>/<fileName>` (default: the account's name before the @, plus .json). */
export async function writeServiceAccountKey(dir: string, email: string, fileName?: string): Promise<ServiceAccountKey> {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const projectId = email.split("@")[1]!.split(".")[0]!;
  const key = {
    type: "service_account",
    project_id: projectId,
    private_key_id: randomBytes(20).toString("hex"),
    private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    client_email: email,
    client_id: String(100_000_000_000_000_000_000n + BigInt(`0x${randomBytes(8).toString("hex")}`)),
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: "https://oauth2.googleapis.com/token",
    auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs",
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(email)}`,
    universe_domain: "googleapis.com",
  };
  const file = join(dir, fileName ?? `${email.split("@")[0]}.json`);
  await writeFile(file, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600 });
  return { file, email, publicKey };
}
