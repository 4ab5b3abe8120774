import { createHash } from "node:crypto";

/**
 * Chrome's rule for an extension's ID (Chromium, Edge too): the first 128 bits of the SHA-256 of
 * the public key (DER, as the manifest's `key` holds it in base64), in hex written with the
 * letters a–p. The release prints it for the policies; the tests check it against the browser's.
 */
export function extensionIdOfKey(publicKeyBase64) {
  const hex = createHash("sha256").update(Buffer.from(publicKeyBase64, "base64")).digest("hex").slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join("");
}
