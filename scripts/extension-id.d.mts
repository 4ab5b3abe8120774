/** Chrome's extension ID of a public key (the manifest's `key`, base64 DER): see extension-id.mjs. */
export function extensionIdOfKey(publicKeyBase64: string): string;
